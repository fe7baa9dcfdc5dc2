package dev.bayesrg.train;

import dev.bayesrg.config.TrainConfig;
import java.util.Arrays;

/**
 * Records the epoch loss every {@code lossEvery} epochs and decides divergence: a loss that is not
 * finite or exceeds {@code divergenceLoss}.
 */
final class LossCurve {
    private final int every;
    private final double limit;
    private final double[] values;

    LossCurve(TrainConfig config) {
        this.every = config.lossEvery();
        this.limit = config.divergenceLoss();
        this.values = new double[points(config)];
        Arrays.fill(values, Double.NaN);
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
        return diverged(loss);
    }

    boolean diverged(double loss) {
        return !Double.isFinite(loss) || loss > limit;
    }

    double[] values() {
        return values;
    }
}
