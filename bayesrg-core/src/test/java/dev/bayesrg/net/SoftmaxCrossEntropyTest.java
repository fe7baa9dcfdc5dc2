package dev.bayesrg.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The softmax cross-entropy of K logits against independent truths: its gradient against central
 * finite differences of the point loss, the loss against −log softmax_y computed naively, stability at
 * logits of ±1000, and the refusals of non-labels and of arrays of the wrong length.
 */
class SoftmaxCrossEntropyTest {

    /** −log(e^{f_y} / Σ_c e^{f_c}) straight from the definition (fine for moderate logits). */
    private static double naive(double[] f, int y) {
        double s = 0;
        for (double v : f) {
            s += Math.exp(v);
        }
        return -Math.log(Math.exp(f[y]) / s);
    }

    @Test
    void gradientIsTheCentralFiniteDifferenceOfThePointLossForEveryLabel() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int k : new int[] {3, 4, 7}) {
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(k);
            for (int trial = 0; trial < 5; trial++) {
                int from = trial; // logits at an offset inside a longer array
                double[] outputs = new double[from + k + 2];
                for (int i = 0; i < outputs.length; i++) {
                    outputs[i] = 6 * rng.nextDouble() - 3;
                }
                for (int y = 0; y < k; y++) {
                    double[] g = new double[k + 1];
                    double value = loss.gradient(outputs, from, y, g, 1);
                    assertEquals(loss.pointLoss(outputs, from, y), value, 1e-15, "gradient returns the loss");
                    double h = 1e-5;
                    for (int c = 0; c < k; c++) {
                        double[] plus = outputs.clone();
                        double[] minus = outputs.clone();
                        plus[from + c] += h;
                        minus[from + c] -= h;
                        double fd = (loss.pointLoss(plus, from, y) - loss.pointLoss(minus, from, y)) / (2 * h);
                        assertEquals(fd, g[1 + c], 1e-9, "K " + k + ", label " + y + ", ∂/∂f_" + c);
                    }
                    assertEquals(0.0, g[0], 0.0, "nothing written before the offset");
                }
            }
        }
    }

    @Test
    void lossIsMinusTheLogOfTheNaiveSoftmaxAndProbabilitiesSumToOne() {
        SplittableRandom rng = new SplittableRandom(5);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(5);
        for (int trial = 0; trial < 20; trial++) {
            double[] f = new double[5];
            for (int c = 0; c < 5; c++) {
                f[c] = 20 * rng.nextDouble() - 10;
            }
            double[] p = new double[5];
            loss.probabilities(f, 0, p, 0);
            double sum = 0;
            double norm = 0;
            for (double v : f) {
                norm += Math.exp(v);
            }
            for (int c = 0; c < 5; c++) {
                assertEquals(naive(f, c), loss.pointLoss(f, 0, c), 1e-12 * Math.max(1, naive(f, c)));
                assertEquals(Math.exp(f[c]) / norm, p[c], 1e-14);
                sum += p[c];
            }
            assertEquals(1.0, sum, 1e-14);
        }
        // equal logits: every class has probability 1/K, the loss is log K
        assertEquals(Math.log(5), loss.pointLoss(new double[] {2, 2, 2, 2, 2}, 0, 3.0), 1e-15);
    }

    @Test
    void hugeLogitsGiveFiniteExactLossesAndGradients() {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(3);
        double[] f = {1000, -1000, 999};
        // log Σ e^{f_c} = 1000 + log(1 + e^{-1}) (the e^{-2000} term is below rounding)
        double log = 1000 + Math.log1p(Math.exp(-1));
        assertEquals(log - 1000, loss.pointLoss(f, 0, 0.0), 1e-12);
        assertEquals(log + 1000, loss.pointLoss(f, 0, 1.0), 1e-9);
        assertEquals(log - 999, loss.pointLoss(f, 0, 2.0), 1e-12);
        double[] g = new double[3];
        loss.gradient(f, 0, 1.0, g, 0);
        double p0 = 1 / (1 + Math.exp(-1));
        // p_c = e^{f_c − log Z}: the difference of two numbers near 1000 is good to ulp(1000) ≈ 1e-13
        assertEquals(p0, g[0], 1e-12);
        assertEquals(-1.0, g[1], 1e-15);
        assertEquals(1 - p0, g[2], 1e-12);
        double[] all = {-1000, -1000, -1000};
        assertEquals(Math.log(3), loss.pointLoss(all, 0, 2.0), 1e-12);
        double[] p = new double[3];
        loss.probabilities(new double[] {1000, 1000, -1000}, 0, p, 0);
        assertEquals(0.5, p[0], 1e-12);
        assertEquals(0.5, p[1], 1e-12);
        assertEquals(0.0, p[2], 0.0);
        for (double v : g) {
            assertTrue(Double.isFinite(v));
        }
    }

    @Test
    void labelsMustBeIntegersInRange() {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(4);
        assertEquals(0, loss.label(0.0));
        assertEquals(3, loss.label(3.0));
        for (double bad : new double[] {0.5, -1.0, 4.0, 3.0000001, Double.NaN, Double.POSITIVE_INFINITY, -0.5}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss.label(bad));
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> loss.pointLoss(new double[] {1, 2, 3, 4}, 0, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy(2));
        assertThrows(UnsupportedOperationException.class, () -> loss.value(0.0, 1.0));
    }

    @Test
    void meanAveragesThePointLossesAndRefusesWrongLengths() {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(3);
        double[] outputs = {0.1, 0.2, 0.3, -1, 2, 0.5};
        double[] targets = {2, 0};
        double expected = (naive(new double[] {0.1, 0.2, 0.3}, 2) + naive(new double[] {-1, 2, 0.5}, 0)) / 2;
        assertEquals(expected, loss.mean(outputs, targets), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> loss.mean(new double[5], targets));
        assertThrows(IllegalArgumentException.class, () -> loss.mean(new double[7], targets));
        assertThrows(IllegalArgumentException.class, () -> loss.mean(new double[2], targets));
    }
}
