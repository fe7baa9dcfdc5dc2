/**
 * The activations, each one object with everything the engine asks of a nonlinearity σ: its value
 * and derivative for the networks' forward pass and backpropagation, and its Gaussian expectations
 * E[σ(u)] and E[σ(u)σ(v)] for the NNGP recursion (closed forms for identity, relu, erf and cos;
 * Gauss–Legendre quadrature split where the argument crosses 0 for tanh, gelu and any
 * {@link dev.bayesrg.activation.CustomActivation}). {@link dev.bayesrg.activation.Activation} lists the
 * named ones, which configurations and the command line accept by their ids; the networks
 * ({@code net}), training, the Fisher metric and the NNGP code ({@code nngp}) all use these same
 * objects. This package depends on nothing else in bayesrg.
 */
package dev.bayesrg.activation;
