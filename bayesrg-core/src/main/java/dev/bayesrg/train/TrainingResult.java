package dev.bayesrg.train;

/**
 * The outcome of training one member: its trained parameters θ, the training loss (mean squared
 * error) at epochs 0, k, 2k, … (NaN after a divergence), the loss of the final parameters, and
 * whether training diverged.
 */
public record TrainingResult(double[] theta, double[] lossCurve, double finalLoss, boolean diverged) {
    /** The length of every loss curve of a configuration (what a run's loss_curves.npy rows hold). */
    public static int lossCurvePoints(dev.bayesrg.config.TrainConfig config) {
        return LossCurve.points(config);
    }
}
