package dev.bayesrg.fisher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.Readout;
import dev.bayesrg.net.SoftmaxCrossEntropy;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The classification Fisher of a K-logit network over every parameter against its definition,
 * F = (1/n_F) Σ_x Σ_y p(y|x) ∇log p(y|x) ∇log p(y|x)ᵀ, with the score by central differences of
 * log softmax and the label summed exactly; and its read-out block against the read-out's own metric
 * on the network's features (a second code path).
 */
class SoftmaxNetworkFisherTest {
    private static final InitConfig INIT = new InitConfig(InitConfig.Scheme.NORMAL, 0.0, 1.0, 1.0, 1.0);
    private static final int K = 3;

    private static Architecture architecture() {
        return new Architecture(
                2,
                new NetworkConfig(
                        List.of(new LayerConfig(3, Activation.TANH, true), new LayerConfig(4, Activation.TANH, true)),
                        Activation.IDENTITY,
                        true,
                        INIT,
                        NetworkConfig.Trainable.ALL),
                K);
    }

    private static double[] gaussian(SplittableRandom rng, int n, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = 1 - rng.nextDouble();
            v[i] = std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.nextDouble());
        }
        return v;
    }

    private static double logProbability(Network net, double[] theta, double[] x, int y) {
        double[] f = new double[K];
        net.outputs(theta, x, f, 0);
        double max = Math.max(f[0], Math.max(f[1], f[2]));
        double z = 0;
        for (double v : f) {
            z += Math.exp(v - max);
        }
        return f[y] - max - Math.log(z);
    }

    private static double[][] fisherByDifferences(Network net, double[] theta, double[][] xs) {
        int p = theta.length;
        double[][] f = new double[p][p];
        double h = 1e-6;
        for (double[] x : xs) {
            for (int y = 0; y < K; y++) {
                double prob = Math.exp(logProbability(net, theta, x, y));
                double[] score = new double[p];
                for (int i = 0; i < p; i++) {
                    double[] plus = theta.clone();
                    double[] minus = theta.clone();
                    plus[i] += h;
                    minus[i] -= h;
                    score[i] = (logProbability(net, plus, x, y) - logProbability(net, minus, x, y)) / (2 * h);
                }
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        f[i][j] += prob * score[i] * score[j] / xs.length;
                    }
                }
            }
        }
        return f;
    }

    @Test
    void jacobianGramAndDiagonalAreTheFisherOfTheCategoricalLikelihood() {
        Architecture arch = architecture();
        Network net = new Network(arch);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(K);
        SplittableRandom rng = new SplittableRandom(21);
        double[] theta = gaussian(rng, arch.parameterCount(), 0.9);
        double[][] xs = {gaussian(rng, 2, 1.0), gaussian(rng, 2, 1.0), gaussian(rng, 2, 1.0), gaussian(rng, 2, 1.0)};
        int p = theta.length;
        double[][] expected = fisherByDifferences(net, theta, xs);
        FisherJacobian j = FisherJacobian.softmaxNetwork(net, theta, xs, 0, p, loss);
        assertEquals(xs.length * K, j.inputs(), "K rows per input");
        double[] diagonal = FisherDiagonal.softmaxNetwork(net, theta, xs, loss).values();
        double largest = 0;
        for (int i = 0; i < p; i++) {
            largest = Math.max(largest, expected[i][i]);
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double jtj = 0;
                for (int r = 0; r < j.inputs(); r++) {
                    jtj += j.values()[r * p + a] * j.values()[r * p + b];
                }
                assertEquals(expected[a][b], jtj, 1e-7 * largest, "(JᵀJ)_" + a + "," + b);
            }
            assertEquals(expected[a][a], diagonal[a], 1e-7 * largest, "F_" + a + "," + a);
        }
    }

    @Test
    void readoutBlockEqualsTheReadoutMetricOnTheFeatures() {
        Architecture arch = architecture();
        Network net = new Network(arch);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(K);
        SplittableRandom rng = new SplittableRandom(8);
        double[] theta = gaussian(rng, arch.parameterCount(), 1.1);
        double[][] xs = new double[6][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = gaussian(rng, 2, 1.0);
        }
        double[] all = FisherDiagonal.softmaxNetwork(net, theta, xs, loss).values();
        FeatureMatrix features = net.features(theta, xs);
        Readout readout = new Readout(arch);
        double[] block =
                FisherDiagonal.softmaxReadout(readout, theta, features, loss).values();
        int offset = arch.readoutOffset();
        assertEquals(arch.parameterCount() - offset, block.length);
        for (int i = 0; i < block.length; i++) {
            assertEquals(block[i], all[offset + i], 1e-13 * Math.max(1e-3, block[i]), "read-out parameter " + i);
        }
        FisherJacobian jAll = FisherJacobian.softmaxNetwork(net, theta, xs, offset, arch.parameterCount(), loss);
        FisherJacobian jReadout = FisherJacobian.softmaxReadout(readout, theta, features, loss);
        for (int k = 0; k < jReadout.values().length; k++) {
            assertEquals(jReadout.values()[k], jAll.values()[k], 1e-13, "score entry " + k);
        }
    }
}
