package dev.bayesrg.config;

/**
 * The diagonal regression Fisher metric F_ii = (1/σ²) mean over the Fisher inputs of (∂f/∂θ_i)²,
 * with σ² = {@code noiseVariance} (1 in the paper's code).
 */
public record FisherConfig(double noiseVariance) {}
