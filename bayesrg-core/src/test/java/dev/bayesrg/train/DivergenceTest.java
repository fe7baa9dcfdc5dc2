package dev.bayesrg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.data.Dataset;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.Readout;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Divergence (SPEC A.6): a loss that is non-finite or above {@code divergenceLoss} marks the member
 * diverged and ends the loss curve (later entries NaN). Checked against a plain re-implementation of
 * full-batch GD on the read-out that predicts the loss of every epoch.
 */
class DivergenceTest {
    private static final int N = 20;
    private static final int WIDTH = 5;

    private final SplittableRandom rng = new SplittableRandom(31);
    private final Architecture arch = new Architecture(
            2,
            new NetworkConfig(
                    List.of(new LayerConfig(WIDTH, Activation.RELU, false)),
                    Activation.IDENTITY,
                    false,
                    new InitConfig(InitConfig.Scheme.NORMAL, 0.0, 1.0, 1.0, 1.0),
                    NetworkConfig.Trainable.LAST));
    private final Readout readout = new Readout(arch);
    private final double[] phi = ReadoutTrainerTest.gaussian(rng, N * WIDTH);
    private final FeatureMatrix features = new FeatureMatrix(N, WIDTH, phi);
    private final double[] y = ReadoutTrainerTest.gaussian(rng, N);
    private final double[] theta0 = ReadoutTrainerTest.gaussian(rng, arch.parameterCount());
    /** The largest stable learning rate, n / σ_max(Φ)². */
    private final double critical = N
            / Math.pow(
                    org.ejml.dense.row.SingularOps_DDRM.singularValues(ReadoutTrainerTest.design(features, false))[0],
                    2);

    /** The MSE at epochs 0..epochs-1 of plain full-batch GD (no divergence check). */
    private double[] simulatedLosses(double lr, int epochs) {
        double[] a = java.util.Arrays.copyOfRange(theta0, readout.offset(), readout.offset() + WIDTH);
        double[] losses = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            double[] grad = new double[WIDTH];
            double loss = 0;
            for (int i = 0; i < N; i++) {
                double f = 0;
                for (int j = 0; j < WIDTH; j++) {
                    f += a[j] * phi[i * WIDTH + j];
                }
                double r = f - y[i];
                loss += r * r / N;
                for (int j = 0; j < WIDTH; j++) {
                    grad[j] += 2.0 / N * r * phi[i * WIDTH + j];
                }
            }
            losses[e] = loss;
            for (int j = 0; j < WIDTH; j++) {
                a[j] -= lr * grad[j];
            }
        }
        return losses;
    }

    /** The first epoch whose loss is non-finite or above {@code limit}, or -1. */
    static int firstAbove(double[] losses, double limit) {
        for (int e = 0; e < losses.length; e++) {
            if (!Double.isFinite(losses[e]) || losses[e] > limit) {
                return e;
            }
        }
        return -1;
    }

    private void assertCurveEndsAt(double[] curve, double[] simulated, int divergedAt, int every) {
        for (int k = 0; k < curve.length; k++) {
            int epoch = k * every;
            if (epoch <= divergedAt) {
                assertTrue(Double.isFinite(curve[k]), "entry " + k + " before the divergence");
                assertEquals(simulated[epoch], curve[k], 1e-9 * simulated[epoch], "entry " + k);
            } else {
                assertTrue(Double.isNaN(curve[k]), "entry " + k + " after the divergence must be NaN, got " + curve[k]);
            }
        }
    }

    @ParameterizedTest(name = "divergenceLoss={0}")
    @ValueSource(doubles = {1e3, 1e6, 1e12})
    void hugeLearningRateDivergesAtFirstEpochWhoseLossExceedsThreshold(double limit) {
        double lr = 20 * critical;
        int epochs = 100;
        double[] simulated = simulatedLosses(lr, epochs);
        int expected = firstAbove(simulated, limit);
        assertTrue(expected > 0 && expected < epochs - 1, "test setup: divergence inside the run, got " + expected);

        TrainingResult result = new ReadoutTrainer(
                        features, y, readout, new TrainConfig(TrainConfig.Optimizer.GD, lr, epochs, 1, limit))
                .train(theta0);

        assertTrue(result.diverged());
        assertCurveEndsAt(result.lossCurve(), simulated, expected, 1);
    }

    @Test
    void divergenceBetweenRecordedEpochsLeavesLaterEntriesNaN() {
        double lr = 20 * critical;
        int epochs = 100;
        int every = 4;
        double limit = 1e6;
        double[] simulated = simulatedLosses(lr, epochs);
        int expected = firstAbove(simulated, limit);
        TrainingResult result = new ReadoutTrainer(
                        features, y, readout, new TrainConfig(TrainConfig.Optimizer.GD, lr, epochs, every, limit))
                .train(theta0);
        assertTrue(result.diverged());
        assertEquals(25, result.lossCurve().length);
        assertCurveEndsAt(result.lossCurve(), simulated, expected, every);
    }

    @Test
    void thresholdBelowInitialLossMarksDivergedAtEpochZeroEvenWithStableRate() {
        double lr = 0.5 * critical;
        double[] simulated = simulatedLosses(lr, 1);
        TrainingResult result = new ReadoutTrainer(
                        features, y, readout, new TrainConfig(TrainConfig.Optimizer.GD, lr, 10, 1, 0.5 * simulated[0]))
                .train(theta0);
        assertTrue(result.diverged());
        assertEquals(simulated[0], result.lossCurve()[0], 1e-12 * simulated[0]);
        for (int k = 1; k < 10; k++) {
            assertTrue(Double.isNaN(result.lossCurve()[k]));
        }
    }

    @Test
    void stableRateBelowThresholdDoesNotDivergeAndRecordsEveryEpoch() {
        double lr = 0.5 * critical;
        int epochs = 30;
        double[] simulated = simulatedLosses(lr, epochs);
        TrainingResult result = new ReadoutTrainer(
                        features,
                        y,
                        readout,
                        new TrainConfig(TrainConfig.Optimizer.GD, lr, epochs, 1, 2 * simulated[0]))
                .train(theta0);
        assertFalse(result.diverged());
        assertCurveEndsAt(result.lossCurve(), simulated, Integer.MAX_VALUE, 1);
    }

    @Test
    void nonFiniteLossDivergesEvenWithTheLargestThreshold() {
        TrainingResult result = new ReadoutTrainer(
                        features, y, readout, new TrainConfig(TrainConfig.Optimizer.GD, 1e150, 50, 1, Double.MAX_VALUE))
                .train(theta0);
        assertTrue(result.diverged());
        double[] curve = result.lossCurve();
        int firstNaN = 0;
        while (firstNaN < curve.length && !Double.isNaN(curve[firstNaN])) {
            firstNaN++;
        }
        assertTrue(firstNaN < curve.length, "curve must end in NaN");
        for (int k = firstNaN; k < curve.length; k++) {
            assertTrue(Double.isNaN(curve[k]));
        }
    }

    @Test
    void sgdWithHugeLearningRateDivergesWithTrailingNaN() {
        double limit = 1e6;
        TrainingResult result = new ReadoutTrainer(
                        features, y, readout, new TrainConfig(TrainConfig.Optimizer.SGD, 50 * critical, 100, 1, limit))
                .train(theta0);
        assertTrue(result.diverged());
        double[] curve = result.lossCurve();
        int last = -1;
        for (int k = 0; k < curve.length; k++) {
            if (!Double.isNaN(curve[k])) {
                assertEquals(k, last + 1, "finite entries must be a prefix");
                last = k;
            }
        }
        assertTrue(last < curve.length - 1);
        assertTrue(curve[last] > limit || !Double.isFinite(curve[last]), "the last recorded loss is the diverging one");
        for (int k = 0; k < last; k++) {
            assertTrue(curve[k] <= limit);
        }
    }

    @Test
    void networkTrainerWithHugeLearningRateDivergesWithTrailingNaN() {
        Architecture all = new Architecture(
                2,
                new NetworkConfig(
                        List.of(new LayerConfig(3, Activation.TANH, true)),
                        Activation.IDENTITY,
                        true,
                        new InitConfig(InitConfig.Scheme.NORMAL, 0.0, 1.0, 1.0, 1.0),
                        NetworkConfig.Trainable.ALL));
        double[][] x = new double[N][];
        for (int i = 0; i < N; i++) {
            x[i] = ReadoutTrainerTest.gaussian(rng, 2);
        }
        double[] theta = ReadoutTrainerTest.gaussian(rng, all.parameterCount());
        TrainingResult result = new NetworkTrainer(
                        new Network(all), new Dataset(x, y), new TrainConfig(TrainConfig.Optimizer.GD, 1e3, 60, 1, 1e6))
                .train(theta);
        assertTrue(result.diverged());
        double[] curve = result.lossCurve();
        assertTrue(Double.isNaN(curve[curve.length - 1]));
        boolean seenNaN = false;
        for (double v : curve) {
            if (Double.isNaN(v)) {
                seenNaN = true;
            } else {
                assertFalse(seenNaN, "a finite entry after a NaN");
            }
        }
    }
}
