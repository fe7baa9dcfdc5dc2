package dev.bayesrg.fisher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;
import dev.bayesrg.net.SoftmaxCrossEntropy;
import dev.bayesrg.net.SoftmaxReadouts;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The softmax classifier's Fisher metric over its K-logit read-out against a brute-force P × P matrix
 * built by enumerating the labels, F = (1/n) Σ_n Σ_y p_y ∇log p(y|x_n) ∇log p(y|x_n)ᵀ with ∇ by
 * central finite differences of the log-likelihood in θ, and against the Hessian of the mean
 * cross-entropy (finite differences of its gradient), which for a linear read-out is the Fisher
 * whatever the labels.
 */
class SoftmaxFisherTest {
    private static final int K = 3;
    private static final int WIDTH = 4;
    private static final int N = 5;

    private record Setup(Readout readout, double[] theta, FeatureMatrix features, SoftmaxCrossEntropy loss) {
        int size() {
            return readout.size();
        }

        int at(int k) {
            return readout.offset() + k;
        }
    }

    private static Setup setup(boolean bias, long seed) {
        Architecture architecture = SoftmaxReadouts.architecture(WIDTH, Activation.RELU, bias, K);
        Readout readout = new Readout(architecture);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] theta = FisherDiagonalTest.gaussian(rng, architecture.parameterCount(), 0.7);
        FeatureMatrix features = new FeatureMatrix(N, WIDTH, FisherDiagonalTest.gaussian(rng, N * WIDTH, 1.0));
        return new Setup(readout, theta, features, new SoftmaxCrossEntropy(K));
    }

    /** log p(y | x_n; θ) = f_y − log Σ_c e^{f_c}, from the read-out's logits, summed naively. */
    private static double logLikelihood(Setup s, double[] theta, int n, int y) {
        double z = 0;
        for (int c = 0; c < K; c++) {
            z += Math.exp(s.readout().logit(theta, s.features(), n, c));
        }
        return s.readout().logit(theta, s.features(), n, y) - Math.log(z);
    }

    private static double[] probabilities(Setup s, double[] theta, int n) {
        double[] p = new double[K];
        for (int y = 0; y < K; y++) {
            p[y] = Math.exp(logLikelihood(s, theta, n, y));
        }
        return p;
    }

    /** ∇_θ log p(y | x_n) over the read-out's parameters, by central differences. */
    private static double[] score(Setup s, int n, int y) {
        double h = 1e-6;
        double[] g = new double[s.size()];
        for (int k = 0; k < g.length; k++) {
            double[] plus = s.theta().clone();
            double[] minus = s.theta().clone();
            plus[s.at(k)] += h;
            minus[s.at(k)] -= h;
            g[k] = (logLikelihood(s, plus, n, y) - logLikelihood(s, minus, n, y)) / (2 * h);
        }
        return g;
    }

    /** (1/n) Σ_n Σ_y p_y s s ᵀ, the labels enumerated. */
    private static double[][] bruteForceFisher(Setup s) {
        int p = s.size();
        double[][] f = new double[p][p];
        for (int n = 0; n < N; n++) {
            double[] prob = probabilities(s, s.theta(), n);
            for (int y = 0; y < K; y++) {
                double[] g = score(s, n, y);
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        f[a][b] += prob[y] * g[a] * g[b] / N;
                    }
                }
            }
        }
        return f;
    }

    private static double largest(double[][] m) {
        double max = 0;
        for (double[] row : m) {
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    @ParameterizedTest(name = "outputBias={0}")
    @ValueSource(booleans = {false, true})
    void diagonalIsTheDiagonalOfTheEnumeratedFisher(boolean bias) {
        Setup s = setup(bias, bias ? 7 : 8);
        double[][] f = bruteForceFisher(s);
        FisherDiagonal d = FisherDiagonal.softmaxReadout(s.readout(), s.theta(), s.features(), s.loss());
        assertEquals(K * (WIDTH + (bias ? 1 : 0)), d.dimension());
        double scale = largest(f);
        for (int k = 0; k < s.size(); k++) {
            assertEquals(f[k][k], d.diagonal(k), 1e-6 * scale, "F_" + k + k);
        }
    }

    @ParameterizedTest(name = "outputBias={0}")
    @ValueSource(booleans = {false, true})
    void jacobianGramIsTheEnumeratedFisher(boolean bias) {
        Setup s = setup(bias, bias ? 9 : 10);
        double[][] f = bruteForceFisher(s);
        double[][] gram = gram(FisherJacobian.softmaxReadout(s.readout(), s.theta(), s.features(), s.loss()), s);
        double scale = largest(f);
        for (int a = 0; a < s.size(); a++) {
            for (int b = 0; b < s.size(); b++) {
                assertEquals(f[a][b], gram[a][b], 1e-6 * scale, "F_" + a + "," + b);
            }
        }
    }

    /**
     * ∂²L/∂θ∂θ of L = (1/n) Σ_n ℓ(f(x_n), y_n) by central differences of its gradient
     * (1/n) Σ_n Σ_c (p_c − δ_{c y_n}) ∂f_c/∂θ, for two sets of labels: both equal Jᵀ J.
     */
    @ParameterizedTest(name = "outputBias={0}")
    @ValueSource(booleans = {false, true})
    void jacobianGramIsTheHessianOfTheMeanCrossEntropyWhateverTheLabels(boolean bias) {
        Setup s = setup(bias, bias ? 11 : 12);
        double[][] gram = gram(FisherJacobian.softmaxReadout(s.readout(), s.theta(), s.features(), s.loss()), s);
        double scale = largest(gram);
        for (int[] labels : new int[][] {{0, 1, 2, 0, 1}, {2, 2, 2, 2, 2}}) {
            double h = 1e-5;
            for (int k = 0; k < s.size(); k++) {
                double[] plus = s.theta().clone();
                double[] minus = s.theta().clone();
                plus[s.at(k)] += h;
                minus[s.at(k)] -= h;
                double[] gp = gradient(s, plus, labels);
                double[] gm = gradient(s, minus, labels);
                for (int a = 0; a < s.size(); a++) {
                    assertEquals(gram[a][k], (gp[a] - gm[a]) / (2 * h), 1e-7 * scale, "H_" + a + "," + k);
                }
            }
        }
    }

    /** Σ_c √p_c row_(n,c) = Σ_c p_c (e_c − p) ⊗ (φ, 1) / √n = 0: each input's K rows span K − 1 directions. */
    @ParameterizedTest(name = "outputBias={0}")
    @ValueSource(booleans = {false, true})
    void eachInputsRowsWeightedByRootProbabilitiesSumToZero(boolean bias) {
        Setup s = setup(bias, bias ? 13 : 14);
        FisherJacobian j = FisherJacobian.softmaxReadout(s.readout(), s.theta(), s.features(), s.loss());
        assertEquals(N * K, j.inputs());
        assertEquals(s.size(), j.parameters());
        for (int n = 0; n < N; n++) {
            double[] p = probabilities(s, s.theta(), n);
            for (int k = 0; k < s.size(); k++) {
                double sum = 0;
                double size = 0;
                for (int c = 0; c < K; c++) {
                    double v = j.values()[(n * K + c) * s.size() + k];
                    sum += Math.sqrt(p[c]) * v;
                    size += Math.abs(v);
                }
                assertEquals(0.0, sum, 1e-14 * Math.max(1, size), "input " + n + ", parameter " + k);
            }
        }
    }

    private static double[][] gram(FisherJacobian j, Setup s) {
        int p = s.size();
        double[][] g = new double[p][p];
        for (int r = 0; r < j.inputs(); r++) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    g[a][b] += j.values()[r * p + a] * j.values()[r * p + b];
                }
            }
        }
        return g;
    }

    /** The mean cross-entropy's gradient in the read-out's parameters, ∂f_c/∂θ by differences of the logits. */
    private static double[] gradient(Setup s, double[] theta, int[] labels) {
        double[] g = new double[s.size()];
        double h = 1e-3; // the logits are linear in θ: central differences are exact up to rounding
        for (int n = 0; n < N; n++) {
            double[] p = probabilities(s, theta, n);
            for (int k = 0; k < g.length; k++) {
                double[] plus = theta.clone();
                double[] minus = theta.clone();
                plus[s.at(k)] += h;
                minus[s.at(k)] -= h;
                for (int c = 0; c < K; c++) {
                    double df = (s.readout().logit(plus, s.features(), n, c)
                                    - s.readout().logit(minus, s.features(), n, c))
                            / (2 * h);
                    g[k] += (p[c] - (c == labels[n] ? 1.0 : 0.0)) * df / N;
                }
            }
        }
        return g;
    }
}
