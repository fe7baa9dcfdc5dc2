/**
 * Fully connected networks as plain data: an {@link dev.bayesrg.net.Architecture} (layer shapes,
 * activations, biases, where each parameter lives in the flat parameter vector θ), the
 * {@link dev.bayesrg.net.ParameterPrior} every parameter is initialised from (and coarse grained
 * back to), and {@link dev.bayesrg.net.Network}, which evaluates f_θ(x), the last-hidden features
 * φ(x) and the gradient ∂f/∂θ by backpropagation, in double precision.
 */
package dev.bayesrg.net;
