package dev.bayesrg.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** θ_t at epochs 0, k, 2k, …, T: the same from every solver, and equal to training for t epochs. */
class TrainingCheckpointsTest {
    private static final int N = 30;
    private static final int WIDTH = 50;

    private static Readout readout(boolean bias) {
        NetworkConfig net = new NetworkConfig(
                List.of(new LayerConfig(WIDTH, Activation.RELU, false)),
                Activation.IDENTITY,
                bias,
                new InitConfig(InitConfig.Scheme.NORMAL, 0, 1, 1, 1),
                NetworkConfig.Trainable.LAST);
        return new Readout(new Architecture(1, net));
    }

    private static FeatureMatrix features(Random rnd) {
        double[] v = new double[N * WIDTH];
        for (int k = 0; k < v.length; k++) {
            v[k] = Math.max(0, rnd.nextGaussian() + 0.3);
        }
        return new FeatureMatrix(N, WIDTH, v);
    }

    /** Every checkpoint's θ, by index; null where none was handed over. */
    private static double[][] checkpoints(Trainer trainer, double[] theta0, int epochs, int every) {
        double[][] out = new double[TrainingCheckpoints.count(epochs, every)][];
        trainer.train(theta0, new TrainingCheckpoints(every, (index, theta) -> out[index] = theta.clone()));
        return out;
    }

    @Test
    void checkpointEpochsAreZeroKTwoKUpToTheLastEpoch() {
        assertEquals(5, TrainingCheckpoints.count(100, 25));
        assertEquals(6, TrainingCheckpoints.count(101, 25));
        assertEquals(100, TrainingCheckpoints.epoch(4, 100, 25));
        assertEquals(101, TrainingCheckpoints.epoch(5, 101, 25));
        assertEquals(1, TrainingCheckpoints.count(0, 3));
        assertEquals(0, TrainingCheckpoints.count(100, 0));
    }

    @ParameterizedTest(name = "epochs={0} every={1} bias={2}")
    @CsvSource({"40, 10, false", "37, 8, true", "12, 1, false", "5, 50, true"})
    void closedFormTridiagonalDualAndPrimalHandOverTheSameParametersAsTrainingForThatManyEpochs(
            int epochs, int every, boolean bias) {
        Random rnd = new Random(epochs * 31L + every);
        FeatureMatrix f = features(rnd);
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = rnd.nextGaussian();
        }
        Readout r = readout(bias);
        double[] theta0 = new double[r.offset() + WIDTH + (bias ? 1 : 0)];
        for (int k = 0; k < theta0.length; k++) {
            theta0[k] = rnd.nextGaussian();
        }
        TrainConfig config = new TrainConfig(TrainConfig.Optimizer.GD, 2e-4, epochs, 3, 1e6);
        double[][] closed = checkpoints(new ClosedFormReadoutTrainer(f, y, r, config), theta0, epochs, every);
        double[][] dual = checkpoints(new DualReadoutTrainer(f, y, r, config), theta0, epochs, every);
        double[][] tridiagonal = checkpoints(new TridiagonalReadoutTrainer(f, y, r, config), theta0, epochs, every);
        double[][] primal = checkpoints(new ReadoutTrainer(f, y, r, config), theta0, epochs, every);
        assertArrayEquals(theta0, primal[0], "checkpoint 0 is the initial draw");
        for (int j = 0; j < closed.length; j++) {
            int t = TrainingCheckpoints.epoch(j, epochs, every);
            // the independent truth: plain training for exactly t epochs
            TrainConfig shorter = new TrainConfig(TrainConfig.Optimizer.GD, 2e-4, t, 3, 1e6);
            double[] reference =
                    new ReadoutTrainer(f, y, r, shorter).train(theta0).theta();
            assertTrue(
                    ClosedFormReadoutTrainerTest.relativeDistance(primal[j], reference) == 0.0, "primal at epoch " + t);
            assertTrue(ClosedFormReadoutTrainerTest.relativeDistance(dual[j], reference) < 1e-9, "dual at epoch " + t);
            assertTrue(
                    ClosedFormReadoutTrainerTest.relativeDistance(tridiagonal[j], reference) < 1e-9,
                    "tridiagonal at epoch " + t);
            assertTrue(
                    ClosedFormReadoutTrainerTest.relativeDistance(closed[j], reference) < 1e-9,
                    "closed form at epoch " + t);
        }
        assertArrayEquals(
                new ReadoutTrainer(f, y, r, config).train(theta0).theta(),
                primal[closed.length - 1],
                "the last checkpoint is the trained member");
    }

    @Test
    void stochasticAndAllLayerTrainingHandOverTheirParametersAtTheCheckpoints() {
        Random rnd = new Random(7);
        FeatureMatrix f = features(rnd);
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = rnd.nextGaussian();
        }
        Readout r = readout(false);
        double[] theta0 = new double[r.offset() + WIDTH];
        for (int k = 0; k < theta0.length; k++) {
            theta0[k] = rnd.nextGaussian();
        }
        TrainConfig sgd = new TrainConfig(TrainConfig.Optimizer.SGD, 1e-4, 9, 1, 1e6);
        double[][] dual = checkpoints(new DualReadoutTrainer(f, y, r, sgd), theta0, 9, 4);
        double[][] primal = checkpoints(new ReadoutTrainer(f, y, r, sgd), theta0, 9, 4);
        for (int j = 0; j < primal.length; j++) {
            int t = TrainingCheckpoints.epoch(j, 9, 4);
            double[] reference = new ReadoutTrainer(
                            f, y, r, new TrainConfig(TrainConfig.Optimizer.SGD, 1e-4, t, 1, 1e6))
                    .train(theta0)
                    .theta();
            assertArrayEquals(reference, primal[j], "sgd primal at epoch " + t);
            assertTrue(
                    ClosedFormReadoutTrainerTest.relativeDistance(dual[j], reference) < 1e-9, "sgd dual at epoch " + t);
        }

        NetworkConfig netConfig = new NetworkConfig(
                List.of(new LayerConfig(6, Activation.TANH, true)),
                Activation.IDENTITY,
                true,
                new InitConfig(InitConfig.Scheme.NORMAL, 0, 1, 1, 1),
                NetworkConfig.Trainable.ALL);
        Network network = new Network(new Architecture(2, netConfig));
        double[][] x = new double[12][2];
        double[] target = new double[12];
        for (int i = 0; i < 12; i++) {
            x[i][0] = rnd.nextGaussian();
            x[i][1] = rnd.nextGaussian();
            target[i] = Math.sin(x[i][0]) + x[i][1];
        }
        Dataset data = new Dataset(x, target);
        double[] p0 = new double[network.architecture().parameterCount()];
        for (int k = 0; k < p0.length; k++) {
            p0[k] = 0.5 * rnd.nextGaussian();
        }
        TrainConfig gd = new TrainConfig(TrainConfig.Optimizer.GD, 1e-2, 10, 1, 1e6);
        double[][] all = checkpoints(new NetworkTrainer(network, data, gd), p0, 10, 5);
        List<double[]> references = new ArrayList<>();
        for (int t : new int[] {0, 5, 10}) {
            references.add(new NetworkTrainer(network, data, new TrainConfig(TrainConfig.Optimizer.GD, 1e-2, t, 1, 1e6))
                    .train(p0)
                    .theta());
        }
        for (int j = 0; j < 3; j++) {
            assertArrayEquals(references.get(j), all[j], "all-layer checkpoint " + j);
        }
    }

    @Test
    void aDivergingRunHandsOverNothingAfterTheDivergence() {
        Random rnd = new Random(3);
        FeatureMatrix f = features(rnd);
        double[] y = new double[N];
        Readout r = readout(false);
        double[] theta0 = new double[r.offset() + WIDTH];
        for (int k = 0; k < theta0.length; k++) {
            theta0[k] = rnd.nextGaussian();
        }
        TrainConfig config = new TrainConfig(TrainConfig.Optimizer.GD, 0.5, 40, 1, 1e6);
        double[][] closed = checkpoints(new ClosedFormReadoutTrainer(f, y, r, config), theta0, 40, 10);
        double[][] tridiagonal = checkpoints(new TridiagonalReadoutTrainer(f, y, r, config), theta0, 40, 10);
        double[][] primal = checkpoints(new ReadoutTrainer(f, y, r, config), theta0, 40, 10);
        assertTrue(
                closed[closed.length - 1] == null
                        && primal[primal.length - 1] == null
                        && tridiagonal[tridiagonal.length - 1] == null,
                "the final checkpoint is missing after a divergence");
        for (int j = 0; j < closed.length; j++) {
            assertEquals(primal[j] == null, closed[j] == null, "checkpoint " + j);
            assertEquals(primal[j] == null, tridiagonal[j] == null, "tridiagonal checkpoint " + j);
        }
    }
}
