package dev.bayesrg.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A network of K = 3 outputs (a softmax classifier's logits) against independent truths: its
 * backpropagated gradient of Σ_c w_c f_c against central differences of the outputs, and the batched
 * cross-entropy gradient ({@link NetworkBatch}) against the sum of the one-input gradients.
 */
class ClassifierNetworkTest {
    private static final InitConfig INIT = new InitConfig(InitConfig.Scheme.NORMAL, 0.0, 1.0, 1.0, 1.0);
    private static final int CLASSES = 3;

    private static Architecture architecture(Activation last, boolean bias) {
        return new Architecture(
                2,
                new NetworkConfig(
                        List.of(new LayerConfig(5, Activation.TANH, bias), new LayerConfig(4, last, bias)),
                        Activation.IDENTITY,
                        bias,
                        INIT,
                        NetworkConfig.Trainable.ALL),
                CLASSES);
    }

    private static double[] gaussian(SplittableRandom rng, int n, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = 1 - rng.nextDouble();
            v[i] = std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.nextDouble());
        }
        return v;
    }

    private static double combination(Network net, double[] theta, double[] x, double[] w) {
        double[] f = new double[CLASSES];
        net.outputs(theta, x, f, 0);
        double s = 0;
        for (int c = 0; c < CLASSES; c++) {
            s += w[c] * f[c];
        }
        return s;
    }

    @Test
    void gradientOfAnOutputCombinationMatchesCentralDifferences() {
        Architecture arch = architecture(Activation.TANH, true);
        Network net = new Network(arch);
        SplittableRandom rng = new SplittableRandom(11);
        double[] theta = gaussian(rng, arch.parameterCount(), 0.7);
        double[] x = gaussian(rng, 2, 1.0);
        double[] w = {0.3, -1.2, 0.9};
        double[] grad = new double[theta.length];
        double[] outputs = new double[CLASSES];
        net.gradient(theta, x, w, grad, outputs);
        double[] direct = new double[CLASSES];
        net.outputs(theta, x, direct, 0);
        for (int c = 0; c < CLASSES; c++) {
            assertEquals(direct[c], outputs[c], 0.0, "the outputs of the forward pass");
        }
        double h = 1e-6;
        for (int i = 0; i < theta.length; i++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (combination(net, plus, x, w) - combination(net, minus, x, w)) / (2 * h);
            assertEquals(fd, grad[i], 1e-7 * Math.max(1, Math.abs(fd)), "dθ_" + i);
        }
    }

    @Test
    void batchOutputsAreTheOneInputOutputsPointMajor() {
        Architecture arch = architecture(Activation.RELU, true);
        Network net = new Network(arch);
        SplittableRandom rng = new SplittableRandom(5);
        double[] theta = gaussian(rng, arch.parameterCount(), 0.8);
        double[][] xs = new double[7][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = gaussian(rng, 2, 1.0);
        }
        double[] batch = new double[xs.length * CLASSES];
        net.outputs(theta, xs, batch);
        double[] one = new double[CLASSES];
        for (int i = 0; i < xs.length; i++) {
            net.outputs(theta, xs[i], one, 0);
            for (int c = 0; c < CLASSES; c++) {
                assertEquals(one[c], batch[i * CLASSES + c], 1e-13 * Math.max(1, Math.abs(one[c])), i + "," + c);
            }
        }
    }

    @Test
    void batchedCrossEntropyGradientIsTheSumOfOneInputGradients() {
        for (Activation last : new Activation[] {Activation.RELU, Activation.TANH}) {
            for (boolean bias : new boolean[] {false, true}) {
                Architecture arch = architecture(last, bias);
                Network net = new Network(arch);
                SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(CLASSES);
                SplittableRandom rng = new SplittableRandom(bias ? 3 : 4);
                double[] theta = gaussian(rng, arch.parameterCount(), 0.8);
                int n = 9;
                double[][] xs = new double[n][];
                double[] ys = new double[n];
                for (int i = 0; i < n; i++) {
                    xs[i] = gaussian(rng, 2, 1.0);
                    ys[i] = i % CLASSES;
                }
                double scale = 0.37;
                NetworkBatch batch = new NetworkBatch(arch, n);
                batch.load(theta);
                double value = batch.lossGradient(xs, ys, 0, scale, loss);
                double[] batched = new double[theta.length];
                batch.storeGradient(batched);

                double[] expected = new double[theta.length];
                double expectedValue = 0;
                double[] logits = new double[CLASSES];
                double[] weights = new double[CLASSES];
                double[] one = new double[theta.length];
                for (int i = 0; i < n; i++) {
                    net.outputs(theta, xs[i], logits, 0);
                    // p − e_y, written out here from the softmax's definition
                    double max = Math.max(logits[0], Math.max(logits[1], logits[2]));
                    double z = 0;
                    for (int c = 0; c < CLASSES; c++) {
                        z += Math.exp(logits[c] - max);
                    }
                    for (int c = 0; c < CLASSES; c++) {
                        weights[c] = Math.exp(logits[c] - max) / z - (c == (int) ys[i] ? 1.0 : 0.0);
                    }
                    expectedValue += max + Math.log(z) - logits[(int) ys[i]];
                    net.gradient(theta, xs[i], weights, one, logits);
                    for (int j = 0; j < theta.length; j++) {
                        expected[j] += scale * one[j];
                    }
                }
                String where = last.id() + (bias ? " +bias" : "");
                assertEquals(expectedValue, value, 1e-12 * expectedValue, where + ": the summed loss");
                for (int j = 0; j < theta.length; j++) {
                    assertEquals(
                            expected[j], batched[j], 1e-12 * Math.max(1, Math.abs(expected[j])), where + ": ∂θ_" + j);
                }
            }
        }
    }
}
