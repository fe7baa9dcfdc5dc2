package dev.bayesrg.train;

import dev.bayesrg.config.TrainConfig;
import java.util.function.ToDoubleFunction;

/**
 * A member trained elsewhere: "training" hands over the parameters it was trained to. With
 * {@code train.epochs} 1 the initial parameters are epoch 0 (their loss the curve's one point, their
 * outputs the first checkpoint) and the trained ones epoch 1; with 0 epochs there is only the trained
 * end. Divergence is judged on the trained parameters' loss, by the same rule as for members trained
 * here: non-finite, above {@code train.divergenceFactor} times the initial loss (with 1 epoch, where
 * the initial parameters are known), or above {@code train.divergenceLoss} if set.
 */
public final class ImportedTrainer implements Trainer {
    private final double[] trained;
    private final ToDoubleFunction<double[]> trainingLoss;
    private final TrainConfig config;

    /**
     * @param trained      the trained parameters (not modified)
     * @param trainingLoss θ ↦ the training MSE at θ
     */
    public ImportedTrainer(double[] trained, ToDoubleFunction<double[]> trainingLoss, TrainConfig config) {
        if (config.epochs() > 1) {
            throw new IllegalArgumentException(
                    "an imported member is one step from its initial to its trained parameters, got " + config.epochs()
                            + " epochs");
        }
        this.trained = trained;
        this.trainingLoss = trainingLoss;
        this.config = config;
    }

    @Override
    public TrainingResult train(double[] initialTheta, TrainingCheckpoints checkpoints) {
        LossCurve curve = new LossCurve(config);
        if (config.epochs() > 0) {
            curve.record(0, trainingLoss.applyAsDouble(initialTheta));
            checkpoints.atEpoch(0, initialTheta);
        }
        double finalLoss = trainingLoss.applyAsDouble(trained);
        boolean diverged = curve.diverged(finalLoss);
        if (!diverged) {
            checkpoints.atEnd(config.epochs(), trained);
        }
        return new TrainingResult(trained.clone(), curve.values(), finalLoss, diverged);
    }
}
