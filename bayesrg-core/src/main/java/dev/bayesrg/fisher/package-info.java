/**
 * The Fisher information metric of the regression model p(y|x,θ) = N(y; f_θ(x), σ²), which ranks
 * parameters from stiff (large F_ii) to sloppy (small). {@link dev.bayesrg.fisher.FisherMetric} is
 * the interface the RG flow reads; {@link dev.bayesrg.fisher.FisherDiagonal} is the exact diagonal
 * F_ii = (1/σ²) mean over the Fisher inputs of (∂f/∂θ_i)², for the read-out alone or for every
 * trainable parameter; {@link dev.bayesrg.fisher.FisherMatrix} is the whole metric, dense, with its
 * eigenbasis, for models small enough to hold it.
 */
package dev.bayesrg.fisher;
