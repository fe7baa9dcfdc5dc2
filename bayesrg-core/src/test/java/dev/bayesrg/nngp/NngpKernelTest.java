package dev.bayesrg.nngp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.activation.CustomActivation;
import java.util.SplittableRandom;
import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The NNGP kernel recursion (SPEC §5.1) against independent truths: Monte-Carlo averages over
 * Gaussian pairs and over wide random networks, independence at orthogonal inputs, the linear
 * network's closed form, and the quadrature kernel against the closed-form one.
 */
class NngpKernelTest {

    /** Mean and standard error of σ(u)σ(v) over 10⁵ draws of (u, v) ~ N(0, [[a, c], [c, b]]). */
    private static double[] monteCarloProduct(Activation act, double a, double c, double b, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double l11 = Math.sqrt(a);
        double l21 = c / l11;
        double l22 = Math.sqrt(b - l21 * l21);
        int n = 100_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double z1 = rng.nextGaussian();
            double z2 = rng.nextGaussian();
            double u = l11 * z1;
            double v = l21 * z1 + l22 * z2;
            double p = act == Activation.RELU ? Math.max(u, 0) * Math.max(v, 0) : Erf.erf(u) * Erf.erf(v);
            sum += p;
            sumSq += p * p;
        }
        double mean = sum / n;
        double var = (sumSq / n - mean * mean) * n / (n - 1.0);
        return new double[] {mean, Math.sqrt(var / n)};
    }

    @ParameterizedTest(name = "{0} K=[[{1},{2}],[{2},{3}]]")
    @CsvSource({
        "relu,1.3,0.4,0.8",
        "relu,1.0,-0.7,2.0",
        "relu,0.5,0.5,0.5",
        "erf,1.3,0.4,0.8",
        "erf,1.0,-0.7,2.0",
        "erf,3.0,2.9,3.0"
    })
    void closedFormExpectationMatchesMonteCarloOfPairsWithinFiveStandardErrors(
            Activation act, double a, double c, double b) {
        // SE = sd(σ(u)σ(v))/√n from the same draws, 0.9–2.3 × 10⁻³ at n = 10⁵: a closed form off by 10%
        // is still 8.6 (relu, c = −0.7) to 50 (erf, c = 2.9) SE away
        double exact = act.gaussianProduct(a, c, b);
        double[] mc = monteCarloProduct(act, a, c, b, 42L + Double.hashCode(a + 3 * c + 7 * b));
        assertTrue(
                Math.abs(exact - mc[0]) < 5 * mc[1],
                () -> act + ": closed form " + exact + " vs Monte Carlo " + mc[0] + " ± " + mc[1]);
    }

    @Test
    void reluAtEqualPointsGivesHalfThePreviousLayersVariance() {
        Activation relu = Activation.RELU;
        for (double k : new double[] {1e-6, 0.3, 1.0, 7.5}) {
            assertEquals(k / 2, relu.gaussianProduct(k, k, k), 1e-15 * k);
        }
        // He initialisation (σ_w² = 2, σ_b² = 0) keeps the diagonal fixed through every relu layer.
        NngpKernel he = NngpKernel.uniform(6, Activation.RELU, 2.0, 0.0);
        double[][] x = {{0.7, -1.2, 0.4}};
        double k1 = 2.0 * (0.49 + 1.44 + 0.16) / 3;
        for (int l = 1; l <= 6; l++) {
            assertEquals(k1, he.layer(l, x)[0][0], 1e-13, "layer " + l);
        }
        NngpKernel k = NngpKernel.uniform(2, Activation.RELU, 1.5, 0.1);
        assertEquals(0.1 + 1.5 * (0.1 + 1.5 * 2.09 / 3) / 2, k.matrix(x)[0][0], 1e-13);
    }

    @Test
    void orthogonalInputsWithoutBiasesAreIndependentSoTheKernelFactorises() {
        double[][] xs = {{2.0, 0.0}, {0.0, 3.0}};
        double w2 = 1.7;
        double kxx = w2 * 4 / 2;
        double kyy = w2 * 9 / 2;
        // independent u, v: E[σ(u)σ(v)] = E[σ(u)] E[σ(v)]
        double reluIndependent = Math.sqrt(kxx / (2 * Math.PI)) * Math.sqrt(kyy / (2 * Math.PI));
        assertEquals(0.0, NngpKernel.uniform(1, Activation.RELU, w2, 0).matrix(xs)[0][1], 0.0);
        assertEquals(
                w2 * reluIndependent,
                NngpKernel.uniform(2, Activation.RELU, w2, 0).matrix(xs)[0][1],
                1e-14);
        assertEquals(0.0, NngpKernel.uniform(2, Activation.ERF, w2, 0).matrix(xs)[0][1], 1e-15);
        assertEquals(0.0, NngpKernel.uniform(2, Activation.IDENTITY, w2, 0).matrix(xs)[0][1], 0.0);
        assertEquals(0.0, NngpKernel.uniform(2, Activation.TANH, w2, 0).matrix(xs)[0][1], 1e-15);
        assertEquals(
                w2 * Math.exp(-kxx / 2) * Math.exp(-kyy / 2),
                NngpKernel.uniform(2, Activation.COS, w2, 0).matrix(xs)[0][1],
                1e-14);
    }

    @Test
    void deepLinearNetworkKernelIsThePolynomialInTheVariances() {
        double w = 1.3;
        double b = 0.2;
        double[][] xs = {{1.0, 2.0}, {-0.5, 0.25}};
        double dot = 1.0 * -0.5 + 2.0 * 0.25;
        double expected = b * (1 + w + w * w) + w * w * w * dot / 2;
        assertEquals(expected, NngpKernel.uniform(3, Activation.IDENTITY, w, b).matrix(xs)[0][1], 1e-14);
    }

    /** The expectations of each activation against quadrature are in {@code activation.ActivationTest}. */
    @Test
    void quadratureKernelReproducesTheClosedFormErfKernelThroughFourLayers() {
        double[][] xs = {{1.0, 0.5}, {-0.2, 1.4}, {0.9, -0.9}};
        double[][] closed = NngpKernel.uniform(4, Activation.ERF, 1.6, 0.05).matrix(xs);
        double[][] quad = NngpKernel.uniform(
                        4,
                        CustomActivation.byQuadrature(Activation.ERF, CustomActivation.DEFAULT_QUADRATURE_POINTS),
                        1.6,
                        0.05)
                .matrix(xs);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(closed[i][j], quad[i][j], 1e-10);
            }
        }
    }

    @Test
    void depthTwoRecursionMatchesAWideRandomNetworkWithinSamplingError() {
        double w2 = 1.8;
        double b2 = 0.3;
        double[][] xs = {{1.0, 1.0}, {1.0, -0.5}, {-0.3, 2.0}};
        int n = xs.length;
        int d = 2;
        int width = 2048;
        int outputs = 16;
        int draws = 300;
        SplittableRandom rng = new SplittableRandom(2024);
        double[][] sum = new double[n][n];
        double[][] sumSq = new double[n][n];
        double[] phiSum = new double[n];
        double[] phiSumSq = new double[n];
        double[][] features = new double[n][width];
        double sw1 = Math.sqrt(w2 / d);
        double sw2 = Math.sqrt(w2 / width);
        double sb = Math.sqrt(b2);
        for (int draw = 0; draw < draws; draw++) {
            double[] phiDraw = new double[n];
            for (int j = 0; j < width; j++) {
                double w0 = sw1 * rng.nextGaussian();
                double w1 = sw1 * rng.nextGaussian();
                double b = sb * rng.nextGaussian();
                for (int p = 0; p < n; p++) {
                    features[p][j] = Math.max(0.0, b + w0 * xs[p][0] + w1 * xs[p][1]);
                    phiDraw[p] += features[p][j] / width;
                }
            }
            double[][] drawMean = new double[n][n];
            double[] f = new double[n];
            for (int o = 0; o < outputs; o++) {
                double b = sb * rng.nextGaussian();
                java.util.Arrays.fill(f, b);
                for (int j = 0; j < width; j++) {
                    double w = sw2 * rng.nextGaussian();
                    for (int p = 0; p < n; p++) {
                        f[p] += w * features[p][j];
                    }
                }
                for (int p = 0; p < n; p++) {
                    for (int q = 0; q < n; q++) {
                        drawMean[p][q] += f[p] * f[q] / outputs;
                    }
                }
            }
            for (int p = 0; p < n; p++) {
                phiSum[p] += phiDraw[p];
                phiSumSq[p] += phiDraw[p] * phiDraw[p];
                for (int q = 0; q < n; q++) {
                    sum[p][q] += drawMean[p][q];
                    sumSq[p][q] += drawMean[p][q] * drawMean[p][q];
                }
            }
        }
        NngpKernel kernel = NngpKernel.uniform(2, Activation.RELU, w2, b2);
        double[][] k = kernel.matrix(xs);
        double[] phi = kernel.phi(xs);
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                double mean = sum[p][q] / draws;
                double se = Math.sqrt((sumSq[p][q] / draws - mean * mean) / (draws - 1));
                int pp = p;
                int qq = q;
                assertTrue(
                        Math.abs(mean - k[p][q]) < 4 * se,
                        () -> "K[" + pp + "][" + qq + "] = " + k[pp][qq] + " vs network " + mean + " ± " + se);
            }
            double mean = phiSum[p] / draws;
            double se = Math.sqrt((phiSumSq[p] / draws - mean * mean) / (draws - 1));
            int pp = p;
            assertTrue(
                    Math.abs(mean - phi[p]) < 4 * se,
                    () -> "Φ[" + pp + "] = " + phi[pp] + " vs network " + mean + " ± " + se);
        }
    }

    @Test
    void outputKernelIsBiasPlusWeightVarianceTimesPsiAndPhiIsTheReluMean() {
        double[][] xs = {{0.3, -1.0}, {1.2, 0.8}};
        NngpKernel kernel = NngpKernel.uniform(3, Activation.RELU, 1.4, 0.2);
        double[][] k = kernel.matrix(xs);
        double[][] psi = kernel.psi(xs);
        double[][] hidden = kernel.layer(2, xs);
        double[] phi = kernel.phi(xs);
        for (int i = 0; i < 2; i++) {
            assertEquals(Math.sqrt(hidden[i][i] / (2 * Math.PI)), phi[i], 1e-15);
            assertEquals(hidden[i][i] / 2, psi[i][i], 1e-14);
            for (int j = 0; j < 2; j++) {
                assertEquals(0.2 + 1.4 * psi[i][j], k[i][j], 1e-14);
            }
        }
    }

    @Test
    void invalidShapesAndVariancesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> NngpKernel.uniform(0, Activation.RELU, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> NngpKernel.uniform(2, Activation.RELU, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> NngpKernel.uniform(2, Activation.RELU, 1, Double.NaN));
        assertThrows(
                IllegalArgumentException.class,
                () -> NngpKernel.uniform(1, Activation.RELU, 1, 0).phi(new double[][] {{1}}));
        assertThrows(
                IllegalArgumentException.class,
                () -> NngpKernel.uniform(2, Activation.RELU, 1, 0).matrix(new double[][] {{1, 2}, {3}}));
    }
}
