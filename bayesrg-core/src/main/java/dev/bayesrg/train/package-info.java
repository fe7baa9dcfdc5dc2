/**
 * Training, the IR→UV leg of the paper's diagram: it moves each member's parameters from a prior
 * draw towards the posterior. Full-batch gradient descent on the mean squared error and per-sample
 * SGD on (f − y)² in fixed order, either on the read-out alone (on precomputed frozen features) or
 * on every layer (by backpropagation). Read-out GD has exact shortcuts that follow the same
 * trajectory: the dual iteration on the Gram matrix, the same iteration in the basis where that
 * matrix is tridiagonal, and the closed form from its eigendecomposition. Training records a loss curve and flags divergence (docs/method.md, "Diverged members"),
 * and hands the parameters θ_t at epochs 0, k, 2k, …, T to {@link dev.bayesrg.train.TrainingCheckpoints}
 * (the same θ_t from every solver, to rounding).
 */
package dev.bayesrg.train;
