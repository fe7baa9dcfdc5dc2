package dev.bayesrg.train;

/** Trains one member, starting from its initial parameters (which it does not modify). */
public interface Trainer {
    TrainingResult train(double[] initialTheta);
}
