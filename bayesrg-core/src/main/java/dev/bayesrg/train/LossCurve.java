package dev.bayesrg.train;

import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;
import java.util.Arrays;

/**
 * Records the epoch loss every {@code lossEvery} epochs and decides divergence on the trajectory
 * (docs/method.md, "Diverged members"): a loss that is not finite, or above {@code divergenceFactor}
 * times the initial loss (the curve's first point, the loss of epoch 0), or above the absolute
 * {@code divergenceLoss}; and, with
 * {@code divergenceBound}, epoch 0 itself when the learning rate is not below the stable bound
 * ({@link StabilityBound}). Every trainer asks the same questions of the same losses, so every solver
 * stops at the same epoch.
 */
final class LossCurve {
    private final int every;
    private final Double limit;
    private final Double factor;
    private final double[] values;
    private boolean unstable;
    private double initial = Double.NaN;

    LossCurve(TrainConfig config) {
        this.every = config.lossEvery();
        this.limit = config.divergenceLoss();
        this.factor = config.divergenceFactor();
        this.values = new double[points(config)];
        Arrays.fill(values, Double.NaN);
    }

    /**
     * The curve of a read-out trainer: with {@code divergenceBound}, training on these features is
     * judged diverged at epoch 0 when the learning rate is not below the stable bound.
     */
    static LossCurve readout(TrainConfig config, FeatureMatrix features, Readout readout) {
        LossCurve curve = new LossCurve(config);
        curve.unstable = config.divergenceBound() && StabilityBound.violated(features, readout, config);
        return curve;
    }

    /** How many points a curve of this configuration has: epochs 0, k, 2k, … below the epoch count. */
    static int points(TrainConfig config) {
        return (config.epochs() + config.lossEvery() - 1) / config.lossEvery();
    }

    /** Records the loss of {@code epoch}; returns true if it signals divergence. */
    boolean record(int epoch, double loss) {
        if (epoch % every == 0) {
            values[epoch / every] = loss;
        }
        if (epoch == 0) {
            // the growth test's reference: L(θ₀) for GD; for per-sample SGD the mean over epoch 0's
            // steps, as its curve records (a spike within epoch 0 that the epoch recovers from is not growth)
            initial = loss;
        }
        return (epoch == 0 && unstable) || diverged(loss);
    }

    /** Whether a loss on this trajectory signals divergence (also asked of the final loss). */
    boolean diverged(double loss) {
        return !Double.isFinite(loss)
                || (limit != null && loss > limit)
                || (factor != null && initial > 0 && loss > factor * initial);
    }

    double[] values() {
        return values;
    }

    /**
     * The outcome of training that stopped at θ after {@code epochs} (θ_T, or θ_e at a divergence in
     * epoch e): θ_T goes to the last checkpoint, and the final loss, measured by {@code loss}, is also
     * asked whether it diverged.
     */
    TrainingResult result(
            double[] theta,
            boolean diverged,
            TrainingCheckpoints checkpoints,
            int epochs,
            java.util.function.ToDoubleFunction<double[]> loss) {
        if (!diverged) {
            checkpoints.atEnd(epochs, theta);
        }
        double finalLoss = loss.applyAsDouble(theta);
        return new TrainingResult(theta, values, finalLoss, diverged || diverged(finalLoss));
    }
}
