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
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.NetworkBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batched backpropagation ({@link NetworkBatch}, the default all-layer trainer) against the
 * reference loop ({@code train.solver: iterate-primal}, one input's gradient at a time through
 * {@link Network#gradient}): the same gradient, the same trajectory to 1e-10 relative, the same
 * divergence epoch, and the same bits whichever kernels run.
 */
class BatchedNetworkTrainerTest {
    private static final InitConfig INIT = new InitConfig(InitConfig.Scheme.NORMAL, 0.0, 1.0, 1.0, 1.0);

    /** The paper's shape (identity, ReLU, a wide ReLU layer, linear read-out) and others around it. */
    static List<Arguments> networks() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of(
                "paper shape",
                network(
                        false,
                        Activation.IDENTITY,
                        new LayerConfig(10, Activation.IDENTITY, false),
                        new LayerConfig(10, Activation.RELU, false),
                        new LayerConfig(37, Activation.RELU, false))));
        cases.add(Arguments.of(
                "paper shape with biases",
                network(
                        true,
                        Activation.IDENTITY,
                        new LayerConfig(3, Activation.IDENTITY, true),
                        new LayerConfig(5, Activation.RELU, true),
                        new LayerConfig(21, Activation.RELU, true))));
        cases.add(Arguments.of(
                "tanh and gelu, tanh read-out",
                network(
                        true,
                        Activation.TANH,
                        new LayerConfig(6, Activation.TANH, true),
                        new LayerConfig(19, Activation.GELU, false))));
        cases.add(Arguments.of(
                "relu under a cos read-out",
                network(false, Activation.COS, new LayerConfig(13, Activation.RELU, true))));
        cases.add(Arguments.of("no hidden layer", network(true, Activation.IDENTITY)));
        return cases;
    }

    private static Architecture network(boolean outputBias, Activation output, LayerConfig... hidden) {
        return new Architecture(
                2, new NetworkConfig(List.of(hidden), output, outputBias, INIT, NetworkConfig.Trainable.ALL));
    }

    private static Dataset data(SplittableRandom rng, int n) {
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = ReadoutTrainerTest.gaussian(rng, 2);
        }
        return new Dataset(x, ReadoutTrainerTest.gaussian(rng, n));
    }

    private static double[] scaled(double[] theta, double factor) {
        double[] t = theta.clone();
        for (int k = 0; k < t.length; k++) {
            t[k] *= factor;
        }
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void batchGradientIsTheSumOfTheOneInputGradients(String name, Architecture arch) {
        SplittableRandom rng = new SplittableRandom(31);
        Network net = new Network(arch);
        Dataset data = data(rng, 9);
        double[] theta = ReadoutTrainerTest.gaussian(rng, arch.parameterCount());
        double scale = 0.3;
        double[] expected = new double[theta.length];
        double[] one = new double[theta.length];
        double squares = 0;
        for (int i = 0; i < data.size(); i++) {
            double f = net.output(theta, data.inputs()[i]);
            double r = f - data.targets()[i];
            squares += r * r;
            net.gradient(theta, data.inputs()[i], one);
            for (int k = 0; k < one.length; k++) {
                expected[k] += 2 * scale * r * one[k];
            }
        }
        NetworkBatch batch = new NetworkBatch(arch, data.size());
        batch.load(theta);
        double batchSquares = batch.squaredErrorGradient(data.inputs(), data.targets(), 0, scale);
        double[] gradient = new double[theta.length];
        batch.storeGradient(gradient);
        double[] stored = new double[theta.length];
        batch.store(stored);
        assertArrayEquals(theta, stored, 0.0, "load then store gives θ back");
        assertEquals(squares, batchSquares, 1e-12 * squares);
        double norm = ReadoutTrainerTest.maxAbs(expected);
        for (int k = 0; k < theta.length; k++) {
            assertEquals(expected[k], gradient[k], 1e-12 * norm, "∂/∂θ_" + k);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void batchedGradientDescentFollowsTheReferenceLoopsTrajectory(String name, Architecture arch) {
        assertSameTrajectory(arch, TrainConfig.Optimizer.GD, 1e-3, 1e300, 40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void batchedPerSampleSgdFollowsTheReferenceLoopsTrajectory(String name, Architecture arch) {
        assertSameTrajectory(arch, TrainConfig.Optimizer.SGD, 1e-3, 1e300, 15);
    }

    /** The networks whose output is unbounded, so that a large learning rate makes them diverge. */
    static List<Arguments> unboundedNetworks() {
        return networks().stream()
                .filter(c -> ((Architecture) c.get()[1]).outputActivation() == Activation.IDENTITY)
                .filter(c -> !c.get()[0].toString().contains("tanh"))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unboundedNetworks")
    void batchedTrainingDivergesAtTheReferenceLoopsEpoch(String name, Architecture arch) {
        for (TrainConfig.Optimizer optimizer : TrainConfig.Optimizer.values()) {
            TrainingResult[] both = assertSameTrajectory(arch, optimizer, 2.0, 1e6, 200);
            assertTrue(both[0].diverged(), name + " " + optimizer + ": the learning rate is chosen to diverge");
        }
    }

    /** Both trainers from the same θ₀; returns {reference, batched}. */
    private static TrainingResult[] assertSameTrajectory(
            Architecture arch, TrainConfig.Optimizer optimizer, double eta, double limit, int epochs) {
        SplittableRandom rng = new SplittableRandom(47);
        Network net = new Network(arch);
        Dataset data = data(rng, 23);
        double[] theta0 = scaled(ReadoutTrainerTest.gaussian(rng, arch.parameterCount()), 0.5);
        TrainingResult reference = new NetworkTrainer(
                        net, data, new TrainConfig(optimizer, eta, epochs, 1, limit, TrainConfig.Solver.ITERATE_PRIMAL))
                .train(theta0);
        NetworkTrainer trainer = new NetworkTrainer(net, data, new TrainConfig(optimizer, eta, epochs, 1, limit));
        assertTrue(trainer.batched());
        TrainingResult batched = trainer.train(theta0);
        assertEquals(reference.diverged(), batched.diverged(), "diverged");
        double[] a = reference.lossCurve();
        double[] b = batched.lossCurve();
        for (int e = 0; e < a.length; e++) {
            assertEquals(Double.isNaN(a[e]), Double.isNaN(b[e]), "epoch " + e + " recorded by both or neither");
            if (Double.isFinite(a[e])) {
                assertEquals(a[e], b[e], 1e-10 * Math.abs(a[e]), "loss at epoch " + e);
            }
        }
        if (!reference.diverged()) {
            double norm = ReadoutTrainerTest.maxAbs(reference.theta());
            for (int k = 0; k < theta0.length; k++) {
                assertEquals(reference.theta()[k], batched.theta()[k], 1e-10 * norm, "θ_" + k);
            }
            assertEquals(reference.finalLoss(), batched.finalLoss(), 1e-10 * reference.finalLoss());
        }
        return new TrainingResult[] {reference, batched};
    }

    @Test
    void batchedTrainingGivesTheSameBitsWithPlainAndVectorKernels() {
        Architecture arch = network(
                false,
                Activation.IDENTITY,
                new LayerConfig(10, Activation.IDENTITY, false),
                new LayerConfig(10, Activation.RELU, false),
                new LayerConfig(203, Activation.RELU, true));
        SplittableRandom rng = new SplittableRandom(5);
        Dataset data = data(rng, 41);
        double[] theta0 = scaled(ReadoutTrainerTest.gaussian(rng, arch.parameterCount()), 0.3);
        Kernels.Mode before = Kernels.mode();
        try {
            List<double[]> results = new ArrayList<>();
            for (Kernels.Mode mode : List.of(Kernels.Mode.PLAIN, Kernels.Mode.VECTOR)) {
                Kernels.use(mode);
                for (TrainConfig.Optimizer optimizer : TrainConfig.Optimizer.values()) {
                    results.add(
                            new NetworkTrainer(new Network(arch), data, new TrainConfig(optimizer, 1e-4, 7, 1, 1e300))
                                    .train(theta0)
                                    .theta());
                }
            }
            for (int q = 0; q < 2; q++) {
                double[] plain = results.get(q);
                double[] vector = results.get(q + 2);
                for (int k = 0; k < plain.length; k++) {
                    assertEquals(Double.doubleToRawLongBits(plain[k]), Double.doubleToRawLongBits(vector[k]), "θ_" + k);
                }
            }
        } finally {
            Kernels.use(before);
        }
    }
}
