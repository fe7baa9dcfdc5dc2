package dev.bayesrg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.data.Dataset;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.Network;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** All-layer training checked against updates built from finite-difference gradients of f. */
class NetworkTrainerTest {
    private static final InitConfig INIT = new InitConfig(InitConfig.Scheme.NORMAL, 0.0, 1.0, 1.0, 1.0);

    static NetworkConfig config(Activation output) {
        return new NetworkConfig(
                List.of(new LayerConfig(4, Activation.TANH, true), new LayerConfig(3, Activation.GELU, false)),
                output,
                true,
                INIT,
                NetworkConfig.Trainable.ALL);
    }

    static double[] fdGradient(Network net, double[] theta, double[] x) {
        return centralDifferences(t -> net.output(t, x), theta, 0);
    }

    /** ∂g/∂θ_i for i ≥ {@code from} by central differences of step 1e-6 (0 below {@code from}). */
    static double[] centralDifferences(java.util.function.ToDoubleFunction<double[]> g, double[] theta, int from) {
        double h = 1e-6;
        double[] d = new double[theta.length];
        for (int i = from; i < theta.length; i++) {
            double[] p = theta.clone();
            double[] m = theta.clone();
            p[i] += h;
            m[i] -= h;
            d[i] = (g.applyAsDouble(p) - g.applyAsDouble(m)) / (2 * h);
        }
        return d;
    }

    static void assertStepsClose(double[] expectedStep, double[] actualStep) {
        double scale = ReadoutTrainerTest.maxAbs(expectedStep);
        for (int i = 0; i < expectedStep.length; i++) {
            double tol = 1e-6 * Math.abs(expectedStep[i]) + 1e-8 * scale;
            assertEquals(expectedStep[i], actualStep[i], tol, "parameter " + i);
        }
    }

    static Dataset data(SplittableRandom rng, int n) {
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = ReadoutTrainerTest.gaussian(rng, 2);
        }
        return new Dataset(x, ReadoutTrainerTest.gaussian(rng, n));
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "tanh"})
    void gdEpochEqualsThetaMinusEtaTwoOverNSumResidualTimesFiniteDifferenceGradient(Activation output) {
        SplittableRandom rng = new SplittableRandom(21);
        Architecture arch = new Architecture(2, config(output));
        Network net = new Network(arch);
        int n = 5;
        Dataset data = data(rng, n);
        double[] theta0 = ReadoutTrainerTest.gaussian(rng, arch.parameterCount());
        double eta = 0.05;

        TrainingResult result = new NetworkTrainer(
                        net, data, new TrainConfig(TrainConfig.Optimizer.GD, eta, 1, 1, 1e300))
                .train(theta0);

        double[] expectedStep = new double[theta0.length];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double r = net.output(theta0, data.inputs()[i]) - data.targets()[i];
            loss += r * r / n;
            double[] g = fdGradient(net, theta0, data.inputs()[i]);
            for (int k = 0; k < g.length; k++) {
                expectedStep[k] -= eta * 2.0 / n * r * g[k];
            }
        }
        double[] actualStep = new double[theta0.length];
        for (int k = 0; k < theta0.length; k++) {
            actualStep[k] = result.theta()[k] - theta0[k];
        }
        assertStepsClose(expectedStep, actualStep);
        assertEquals(loss, result.lossCurve()[0], 1e-12 * loss);
        assertFalse(result.diverged());
        // final loss is the MSE at the trained parameters
        double finalLoss = 0;
        for (int i = 0; i < n; i++) {
            double r = net.output(result.theta(), data.inputs()[i]) - data.targets()[i];
            finalLoss += r * r / n;
        }
        assertEquals(finalLoss, result.finalLoss(), 1e-12 * finalLoss);
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "cos"})
    void sgdEpochAppliesPerSampleStepsInOrderWithFiniteDifferenceGradients(Activation output) {
        SplittableRandom rng = new SplittableRandom(22);
        Architecture arch = new Architecture(2, config(output));
        Network net = new Network(arch);
        int n = 3;
        Dataset data = data(rng, n);
        double[] theta0 = ReadoutTrainerTest.gaussian(rng, arch.parameterCount());
        double eta = 0.02;

        TrainingResult result = new NetworkTrainer(
                        net, data, new TrainConfig(TrainConfig.Optimizer.SGD, eta, 1, 1, 1e300))
                .train(theta0);

        double[] theta = theta0.clone();
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double r = net.output(theta, data.inputs()[i]) - data.targets()[i];
            loss += r * r / n;
            double[] g = fdGradient(net, theta, data.inputs()[i]);
            for (int k = 0; k < g.length; k++) {
                theta[k] -= eta * 2.0 * r * g[k];
            }
        }
        double[] expectedStep = new double[theta0.length];
        double[] actualStep = new double[theta0.length];
        for (int k = 0; k < theta0.length; k++) {
            expectedStep[k] = theta[k] - theta0[k];
            actualStep[k] = result.theta()[k] - theta0[k];
        }
        assertStepsClose(expectedStep, actualStep);
        assertEquals(loss, result.lossCurve()[0], 1e-9 * loss);
    }
}
