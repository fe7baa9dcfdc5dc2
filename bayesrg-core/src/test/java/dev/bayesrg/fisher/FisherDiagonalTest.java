package dev.bayesrg.fisher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
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
 * The diagonal regression Fisher metric F_ii = (1/σ²) mean_n (∂f(x_n)/∂θ_i)² (SPEC §4), checked
 * against the closed form for a linear read-out and against finite-difference gradients.
 */
class FisherDiagonalTest {
    private static final InitConfig INIT = new InitConfig(InitConfig.Scheme.NORMAL, 0.0, 1.0, 1.0, 1.0);

    static double[] gaussian(SplittableRandom rng, int n, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            v[i] = std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
        return v;
    }

    static Architecture net(Activation output, boolean outputBias, int width) {
        return new Architecture(
                2,
                new NetworkConfig(
                        List.of(new LayerConfig(width, Activation.RELU, false)),
                        output,
                        outputBias,
                        INIT,
                        NetworkConfig.Trainable.LAST));
    }

    @ParameterizedTest(name = "outputBias={0}")
    @ValueSource(booleans = {false, true})
    void readoutFisherOfLinearReadoutIsMeanSquaredFeatureOverNoiseVariance(boolean bias) {
        int width = 7;
        int n = 9;
        double sigma2 = 0.37;
        SplittableRandom rng = new SplittableRandom(41);
        Architecture arch = net(Activation.IDENTITY, bias, width);
        Readout readout = new Readout(arch);
        double[] phi = gaussian(rng, n * width, 1.3);
        phi[3] = 0.0; // a dead unit at one point
        for (int i = 0; i < n; i++) {
            phi[i * width + 5] = 0.0; // a unit dead everywhere: F = 0 exactly
        }
        FeatureMatrix features = new FeatureMatrix(n, width, phi);
        double[] theta = gaussian(rng, arch.parameterCount(), 1.0);

        FisherDiagonal f = FisherDiagonal.readout(readout, theta, features, sigma2);

        assertEquals(width + (bias ? 1 : 0), f.dimension());
        for (int j = 0; j < width; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += phi[i * width + j] * phi[i * width + j];
            }
            assertEquals(s / n / sigma2, f.diagonal(j), 1e-14 * s / n / sigma2 + 1e-300, "F_" + j);
        }
        assertEquals(0.0, f.diagonal(5), 0.0);
        if (bias) {
            assertEquals(1.0 / sigma2, f.diagonal(width), 1e-14, "bias entry");
        }
    }

    @Test
    void readoutFisherOfLinearReadoutDoesNotDependOnTheReadoutWeights() {
        int width = 5;
        int n = 4;
        SplittableRandom rng = new SplittableRandom(42);
        Architecture arch = net(Activation.IDENTITY, true, width);
        Readout readout = new Readout(arch);
        FeatureMatrix features = new FeatureMatrix(n, width, gaussian(rng, n * width, 1.0));
        double[] a = FisherDiagonal.readout(readout, gaussian(rng, arch.parameterCount(), 1.0), features, 1.0)
                .values();
        double[] b = FisherDiagonal.readout(readout, gaussian(rng, arch.parameterCount(), 5.0), features, 1.0)
                .values();
        assertArrayEquals(a, b, 0.0);
    }

    @Test
    void readoutFisherWithTanhOutputWeighsFeaturesBySquaredDerivative() {
        int width = 4;
        int n = 6;
        double sigma2 = 2.0;
        SplittableRandom rng = new SplittableRandom(43);
        Architecture arch = net(Activation.TANH, true, width);
        Readout readout = new Readout(arch);
        double[] phi = gaussian(rng, n * width, 1.0);
        FeatureMatrix features = new FeatureMatrix(n, width, phi);
        double[] theta = gaussian(rng, arch.parameterCount(), 0.5);
        int off = readout.offset();

        FisherDiagonal f = FisherDiagonal.readout(readout, theta, features, sigma2);

        double[] expected = new double[width + 1];
        for (int i = 0; i < n; i++) {
            double z = theta[off + width];
            for (int j = 0; j < width; j++) {
                z += theta[off + j] * phi[i * width + j];
            }
            double d = 1 - Math.tanh(z) * Math.tanh(z);
            for (int j = 0; j < width; j++) {
                expected[j] += d * d * phi[i * width + j] * phi[i * width + j] / n / sigma2;
            }
            expected[width] += d * d / n / sigma2;
        }
        assertArrayEquals(expected, f.values(), 1e-14);
    }

    @ParameterizedTest(name = "output={0}")
    @ValueSource(strings = {"identity", "tanh", "gelu"})
    void allParametersFisherIsMeanSquaredFiniteDifferenceGradientOverNoiseVariance(String outputName) {
        Activation output = Activation.named(outputName);
        Architecture arch = new Architecture(
                2,
                new NetworkConfig(
                        List.of(new LayerConfig(3, Activation.TANH, true), new LayerConfig(2, Activation.ERF, false)),
                        output,
                        true,
                        INIT,
                        NetworkConfig.Trainable.ALL));
        Network network = new Network(arch);
        SplittableRandom rng = new SplittableRandom(44);
        double[] theta = gaussian(rng, arch.parameterCount(), 0.8);
        double[][] xs = new double[5][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = gaussian(rng, 2, 1.0);
        }
        double sigma2 = 0.25;

        FisherDiagonal f = FisherDiagonal.allParameters(network, theta, xs, sigma2);

        assertEquals(arch.parameterCount(), f.dimension());
        double h = 1e-6;
        double[] expected = new double[theta.length];
        for (double[] x : xs) {
            for (int k = 0; k < theta.length; k++) {
                double[] p = theta.clone();
                double[] m = theta.clone();
                p[k] += h;
                m[k] -= h;
                double g = (network.output(p, x) - network.output(m, x)) / (2 * h);
                expected[k] += g * g / xs.length / sigma2;
            }
        }
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, v);
        }
        for (int k = 0; k < theta.length; k++) {
            assertEquals(expected[k], f.diagonal(k), 2e-6 * expected[k] + 1e-9 * scale, "F_" + k);
        }
    }

    /** Two routes to the read-out block: on frozen features, and the tail of the all-parameter diagonal. */
    @Test
    void readoutFisherEqualsReadoutBlockOfAllParametersFisher() {
        Architecture arch = new Architecture(
                2,
                new NetworkConfig(
                        List.of(new LayerConfig(4, Activation.GELU, true), new LayerConfig(6, Activation.RELU, false)),
                        Activation.COS,
                        true,
                        INIT,
                        NetworkConfig.Trainable.ALL));
        Network network = new Network(arch);
        Readout readout = new Readout(arch);
        SplittableRandom rng = new SplittableRandom(45);
        double[] theta = gaussian(rng, arch.parameterCount(), 0.8);
        double[][] xs = new double[7][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = gaussian(rng, 2, 1.0);
        }
        double[] all = FisherDiagonal.allParameters(network, theta, xs, 1.5).values();
        double[] last = FisherDiagonal.readout(readout, theta, network.features(theta, xs), 1.5)
                .values();
        assertEquals(arch.readoutSize(), last.length);
        for (int j = 0; j < last.length; j++) {
            assertEquals(all[arch.readoutOffset() + j], last[j], 1e-12 * Math.max(1, last[j]));
        }
    }
}
