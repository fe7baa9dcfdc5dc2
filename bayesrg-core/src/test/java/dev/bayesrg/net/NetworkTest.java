package dev.bayesrg.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link Network} against an independent forward pass written here from the documented
 * parameter layout, and its backpropagated gradient against central finite differences.
 */
class NetworkTest {
    private static final InitConfig INIT = new InitConfig(InitConfig.Scheme.NORMAL, 0.0, 1.0, 1.0, 1.0);
    private static final int INPUT_DIM = 3;
    /** Pre-activations must stay this far from relu's kink for finite differences to be valid. */
    private static final double KINK_MARGIN = 1e-3;

    static NetworkConfig config(Activation hidden, Activation output, boolean bias) {
        return new NetworkConfig(
                List.of(new LayerConfig(4, hidden, bias), new LayerConfig(3, hidden, bias)),
                output,
                bias,
                INIT,
                NetworkConfig.Trainable.ALL);
    }

    /** Every activation as the hidden activation (output identity), and as the output activation (hidden tanh). */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Activation a : Activation.all()) {
            for (boolean bias : new boolean[] {false, true}) {
                out.add(Arguments.of(
                        "hidden " + a.id() + (bias ? " +bias" : ""), config(a, Activation.IDENTITY, bias)));
                out.add(Arguments.of("output " + a.id() + (bias ? " +bias" : ""), config(Activation.TANH, a, bias)));
            }
        }
        // mixed biases: hidden layers with and without, output bias only
        out.add(Arguments.of(
                "mixed biases",
                new NetworkConfig(
                        List.of(new LayerConfig(4, Activation.GELU, true), new LayerConfig(3, Activation.ERF, false)),
                        Activation.COS,
                        true,
                        INIT,
                        NetworkConfig.Trainable.ALL)));
        out.add(Arguments.of(
                "bias in middle layer only",
                new NetworkConfig(
                        List.of(new LayerConfig(4, Activation.TANH, false), new LayerConfig(3, Activation.RELU, true)),
                        Activation.IDENTITY,
                        false,
                        INIT,
                        NetworkConfig.Trainable.ALL)));
        return out.stream();
    }

    // ----- an independent forward pass, from the layout documented on Layer/Architecture -----

    /** Returns the pre-activations of every layer (the last array holds the output pre-activation). */
    static double[][] preActivations(Architecture arch, double[] theta, double[] x) {
        List<Layer> layers = arch.layers();
        double[][] z = new double[layers.size()][];
        double[] in = x;
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            z[l] = new double[layer.outputs()];
            double[] out = new double[layer.outputs()];
            for (int i = 0; i < layer.outputs(); i++) {
                double s = 0;
                for (int j = 0; j < layer.inputs(); j++) {
                    s += theta[layer.offset() + i * layer.inputs() + j] * in[j];
                }
                if (layer.bias()) {
                    s += theta[layer.offset() + layer.inputs() * layer.outputs() + i];
                }
                z[l][i] = s;
                out[i] = layer.activation().value(s);
            }
            in = out;
        }
        return z;
    }

    static double referenceOutput(Architecture arch, double[] theta, double[] x) {
        double[][] z = preActivations(arch, theta, x);
        return arch.outputActivation().value(z[z.length - 1][0]);
    }

    static boolean awayFromKinks(Architecture arch, double[] theta, double[][] xs) {
        for (double[] x : xs) {
            for (double[] layer : preActivations(arch, theta, x)) {
                for (double v : layer) {
                    if (Math.abs(v) < KINK_MARGIN) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    static double[] gaussian(SplittableRandom rng, int n, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller, independent of the library's samplers
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            v[i] = std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
        return v;
    }

    // ----- tests -----

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesCentralFiniteDifferences(String name, NetworkConfig config) {
        Architecture arch = new Architecture(INPUT_DIM, config);
        Network net = new Network(arch);
        int p = arch.parameterCount();
        SplittableRandom rng = new SplittableRandom(name.hashCode());
        double[] theta;
        double[][] xs;
        int attempts = 0;
        do {
            theta = gaussian(rng, p, 0.7);
            xs = new double[][] {
                gaussian(rng, INPUT_DIM, 1.0), gaussian(rng, INPUT_DIM, 1.0), gaussian(rng, INPUT_DIM, 1.0)
            };
            assertTrue(++attempts < 1000, "could not find parameters away from relu kinks");
        } while (!awayFromKinks(arch, theta, xs));

        double h = 1e-6;
        double[] grad = new double[p];
        for (double[] x : xs) {
            double f = net.gradient(theta, x, grad);
            assertEquals(
                    referenceOutput(arch, theta, x),
                    f,
                    1e-12 * Math.max(1, Math.abs(f)),
                    "gradient() must return f(x)");
            double scale = 0;
            double[] fd = new double[p];
            for (int i = 0; i < p; i++) {
                double[] plus = theta.clone();
                double[] minus = theta.clone();
                plus[i] += h;
                minus[i] -= h;
                fd[i] = (referenceOutput(arch, plus, x) - referenceOutput(arch, minus, x)) / (2 * h);
                scale = Math.max(scale, Math.abs(fd[i]));
            }
            for (int i = 0; i < p; i++) {
                double tol = 1e-6 * Math.max(Math.abs(fd[i]), Math.abs(grad[i])) + 1e-8 * Math.max(scale, 1e-3);
                assertEquals(fd[i], grad[i], tol, name + ": dθ_" + i + " at x=" + java.util.Arrays.toString(x));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputMatchesIndependentForwardPass(String name, NetworkConfig config) {
        Architecture arch = new Architecture(INPUT_DIM, config);
        Network net = new Network(arch);
        SplittableRandom rng = new SplittableRandom(7 + name.hashCode());
        for (int trial = 0; trial < 5; trial++) {
            double[] theta = gaussian(rng, arch.parameterCount(), 1.0);
            double[] x = gaussian(rng, INPUT_DIM, 2.0);
            double expected = referenceOutput(arch, theta, x);
            assertEquals(expected, net.output(theta, x), 1e-12 * Math.max(1, Math.abs(expected)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputEqualsReadoutOfFeatureMatrix(String name, NetworkConfig config) {
        Architecture arch = new Architecture(INPUT_DIM, config);
        Network net = new Network(arch);
        Readout readout = new Readout(arch);
        SplittableRandom rng = new SplittableRandom(11 + name.hashCode());
        double[] theta = gaussian(rng, arch.parameterCount(), 1.0);
        double[][] xs = new double[6][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = gaussian(rng, INPUT_DIM, 1.5);
        }
        FeatureMatrix features = net.features(theta, xs);
        assertEquals(xs.length, features.rows());
        assertEquals(arch.featureWidth(), features.width());
        double[] outputs = readout.outputs(theta, features);
        for (int i = 0; i < xs.length; i++) {
            double f = net.output(theta, xs[i]);
            assertEquals(f, readout.output(theta, features, i), 1e-12 * Math.max(1, Math.abs(f)));
            assertEquals(f, outputs[i], 1e-12 * Math.max(1, Math.abs(f)));
            // the feature row is the last hidden layer's activation
            double[][] z = preActivations(arch, theta, xs[i]);
            double[] last = z[z.length - 2];
            Activation act = arch.layers().get(arch.layers().size() - 2).activation();
            for (int j = 0; j < last.length; j++) {
                assertEquals(act.value(last[j]), features.get(i, j), 1e-12);
            }
        }
    }

    @Test
    void featuresOfNetworkWithoutHiddenLayersAreTheInputs() {
        NetworkConfig config =
                new NetworkConfig(List.of(), Activation.IDENTITY, true, INIT, NetworkConfig.Trainable.ALL);
        Architecture arch = new Architecture(3, config);
        assertEquals(4, arch.parameterCount());
        assertEquals(0, arch.readoutOffset());
        Network net = new Network(arch);
        double[] theta = {0.5, -1.0, 2.0, 0.25};
        double[] x = {1.0, 2.0, 3.0};
        double[] phi = new double[3];
        net.features(theta, x, phi, 0);
        assertArrayEquals(x, phi);
        assertEquals(0.5 - 2.0 + 6.0 + 0.25, net.output(theta, x), 1e-15);
    }

    @Test
    void parameterLayoutPutsReadoutLastWithBiasAfterWeights() {
        NetworkConfig config = new NetworkConfig(
                List.of(new LayerConfig(5, Activation.RELU, true), new LayerConfig(7, Activation.TANH, false)),
                Activation.IDENTITY,
                true,
                INIT,
                NetworkConfig.Trainable.LAST);
        Architecture arch = new Architecture(2, config);
        // 2*5 + 5 + 5*7 + 7 + 1
        assertEquals(58, arch.parameterCount());
        assertEquals(50, arch.readoutOffset());
        assertEquals(8, arch.readoutSize());
        assertEquals(7, arch.featureWidth());
        Readout r = new Readout(arch);
        assertEquals(50, r.offset());
        assertTrue(r.hasBias());
    }
}
