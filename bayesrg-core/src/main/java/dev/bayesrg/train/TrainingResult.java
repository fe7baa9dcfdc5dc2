package dev.bayesrg.train;

/**
 * The outcome of training one member: its trained parameters θ, the training loss (mean squared
 * error) at epochs 0, k, 2k, … (NaN after a divergence), the loss of the final parameters, and
 * whether training diverged.
 */
public record TrainingResult(double[] theta, double[] lossCurve, double finalLoss, boolean diverged) {}
