package dev.bayesrg.train;

/** Trains one member, starting from its initial parameters (which it does not modify). */
public interface Trainer {
    default TrainingResult train(double[] initialTheta) {
        return train(initialTheta, TrainingCheckpoints.NONE);
    }

    /** Trains, handing θ_t to {@code checkpoints} along the way. */
    TrainingResult train(double[] initialTheta, TrainingCheckpoints checkpoints);
}
