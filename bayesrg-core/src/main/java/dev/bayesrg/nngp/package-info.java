/**
 * The analytic corner (arXiv:2405.17538, Secs. 2.1, 4.1 and 4.1.1): closed-form, quadrature and Monte Carlo results for
 * the Gaussian-process side of the BRG flow. {@link dev.bayesrg.nngp.NngpKernel} is the infinite-width
 * NNGP kernel recursion of a fully connected network of any depth (K¹ = σ_b² + σ_w² x·x'/d, then
 * K^l = σ_b² + σ_w² E[σ(u)σ(v)] over the previous layer's Gaussian), together with Φ(x) = E[σ(u)] and
 * Ψ(x,y) = E[σ(u)σ(v)] of the last hidden layer (eqs. 66–67); the Gaussian expectations come from
 * each {@link dev.bayesrg.activation.Activation}, the same objects the networks use: closed forms for
 * identity, relu (arc-cosine), erf and cos, and 2-D Gaussian quadrature (Hipparchus Gauss–Legendre,
 * split where the argument crosses 0) for anything else. For finite hidden widths {@link dev.bayesrg.nngp.FeatureMonteCarlo} estimates Φ, Ψ_d
 * and Ψ_o by sampling the hidden layers. {@link dev.bayesrg.nngp.GradientDescentPosterior} is the exact
 * Gaussian law of a GD-trained read-out (docs/method.md, "nngp --compare"), {@link dev.bayesrg.nngp.RenormalizedGp} the
 * renormalized GP along the flow (eqs. 74–76), {@link dev.bayesrg.nngp.GpFlowPrediction} its
 * prediction at every flow entry from a run's hyperparameters and
 * {@link dev.bayesrg.nngp.Corroboration} its comparison with a measured ensemble.
 * {@link dev.bayesrg.nngp.CoinPosterior} is the Beta posterior of the coin example (eqs. 17–23),
 * {@link dev.bayesrg.nngp.CosNet} the generalized cos-net (§6), {@link dev.bayesrg.nngp.CosNetField}
 * its propagator exact and sampled and its information momenta, and
 * {@link dev.bayesrg.nngp.CosNetFlow} the BRG flow of one with a GD-trained read-out. The package
 * uses {@code activation}, {@code config} and, for forward passes, {@code net}: plain arrays in and out, never
 * the training engine or run directories.
 */
package dev.bayesrg.nngp;
