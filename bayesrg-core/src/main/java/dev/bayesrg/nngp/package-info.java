/**
 * The analytic corner (SPEC Part B §1, §5): closed-form and quadrature results that need no trained
 * ensemble. {@link dev.bayesrg.nngp.NngpKernel} is the infinite-width NNGP kernel recursion of a
 * fully connected network of any depth (K¹ = σ_b² + σ_w² x·x'/d, then
 * K^l = σ_b² + σ_w² E[σ(u)σ(v)] over the previous layer's Gaussian), together with Φ(x) = E[σ(u)] and
 * Ψ(x,y) = E[σ(u)σ(v)] of the last hidden layer (eqs. 66–67); the Gaussian expectations of each
 * {@link dev.bayesrg.nngp.Nonlinearity} are closed forms for identity, relu (arc-cosine), erf and cos,
 * and 2-D Gaussian quadrature (Hipparchus Gauss–Legendre, split where the argument crosses 0) for anything else. {@link dev.bayesrg.nngp.CoinPosterior} is the
 * Beta posterior of the coin example (eqs. 17–23). The package uses only {@code config} (SPEC A.7):
 * plain arrays in and out, never the training engine.
 */
package dev.bayesrg.nngp;
