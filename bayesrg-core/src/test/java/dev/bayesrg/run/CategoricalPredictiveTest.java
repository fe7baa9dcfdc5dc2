package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The categorical predictive of a softmax ensemble (K ≥ 3 logits per test input) against a hand-computed
 * example and a brute-force computation: the NLL of the members' mean probabilities, coverage as the
 * label's membership of the smallest most-probable credible set of mass ≥ q, and the Brier split whose
 * parts sum to the members' mean Brier score.
 */
class CategoricalPredictiveTest {

    /** Logits ln p + shift, whose softmax is p. */
    private static double[] logits(double shift, double... p) {
        return Arrays.stream(p).map(v -> Math.log(v) + shift).toArray();
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * Two members, two points, three classes. Point 0 (label 1): members (.5, .3, .2) and (.7, .12, .18),
     * mean (.6, .21, .19): the label is second, after mass .6, inside the 90 and 95 % sets only. Point 1
     * (label 0): (.02, .18, .8) and (.04, .26, .7), mean (.03, .22, .75): the label comes after mass .97,
     * outside every set. NLL −(ln .21 + ln .03)/2; Brier of the mean (1.0202 + 1.5518)/2 = 1.286; spread
     * (.0182 + .0042)/2 = .0112; the members' Brier scores 1.2064 and 1.388 average 1.2972, their sum.
     */
    @Test
    void aTwoMemberThreeClassEnsembleGivesTheHandComputedNumbers() {
        double[][] outputs = {
            concat(logits(0, .5, .3, .2), logits(-3, .02, .18, .8)),
            concat(logits(5, .7, .12, .18), logits(0, .04, .26, .7))
        };
        PredictiveQuality q = PredictiveQuality.of(outputs, new double[] {1, 0}, 0.7, 3);
        assertEquals(-(Math.log(.21) + Math.log(.03)) / 2, q.nll(), 1e-14);
        assertEquals(0.0, q.coverage50());
        assertEquals(0.5, q.coverage90());
        assertEquals(0.5, q.coverage95());
        assertEquals(1.286, q.biasSquared(), 1e-14);
        assertEquals(0.0112, q.variance(), 1e-14);
        assertEquals(1.2972, q.memberMse(), 1e-14);
    }

    /** The label most probable under the mean: inside every credible set, whatever q. */
    @Test
    void aConfidentRightEnsembleCoversEveryLevel() {
        PredictiveQuality q = PredictiveQuality.of(new double[][] {logits(0, .1, .1, .8)}, new double[] {2}, 1.0, 3);
        assertEquals(1.0, q.coverage50());
        assertEquals(1.0, q.coverage95());
        assertEquals(-Math.log(.8), q.nll(), 1e-15);
        assertEquals(0.0, q.variance());
        assertEquals(.01 + .01 + .04, q.biasSquared(), 1e-15);
    }

    @Test
    void aRandomEnsembleAgreesWithABruteForceComputation() {
        SplittableRandom rng = new SplittableRandom(23);
        int b = 9;
        int n = 31;
        int k = 5;
        double[][] f = new double[b][n * k];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(k);
            for (int m = 0; m < b; m++) {
                for (int c = 0; c < k; c++) {
                    f[m][i * k + c] = 2.5 * rng.nextGaussian() + (c == (int) y[i] ? 0.3 : 0.0);
                }
            }
        }
        PredictiveQuality q = PredictiveQuality.of(f, y, 1.0, k);

        double[][][] p = new double[b][n][k]; // softmax by the definition
        for (int m = 0; m < b; m++) {
            for (int i = 0; i < n; i++) {
                double z = 0;
                for (int c = 0; c < k; c++) {
                    z += Math.exp(f[m][i * k + c]);
                }
                for (int c = 0; c < k; c++) {
                    p[m][i][c] = Math.exp(f[m][i * k + c]) / z;
                }
            }
        }
        double nll = 0;
        double bias2 = 0;
        double variance = 0;
        double[] levels = {0.5, 0.9, 0.95};
        int[] inside = new int[3];
        for (int i = 0; i < n; i++) {
            int label = (int) y[i];
            double[] mean = new double[k];
            for (int m = 0; m < b; m++) {
                for (int c = 0; c < k; c++) {
                    mean[c] += p[m][i][c] / b;
                }
            }
            nll -= Math.log(mean[label]);
            for (int c = 0; c < k; c++) {
                double r = mean[c] - (c == label ? 1 : 0);
                bias2 += r * r;
                for (int m = 0; m < b; m++) {
                    variance += (p[m][i][c] - mean[c]) * (p[m][i][c] - mean[c]) / b;
                }
            }
            // the credible set at level q: add classes from the most probable down until the mass is ≥ q
            for (int l = 0; l < 3; l++) {
                boolean[] taken = new boolean[k];
                double mass = 0;
                while (mass < levels[l]) {
                    int best = -1;
                    for (int c = 0; c < k; c++) {
                        if (!taken[c] && (best < 0 || mean[c] > mean[best])) {
                            best = c;
                        }
                    }
                    taken[best] = true;
                    mass += mean[best];
                }
                inside[l] += taken[label] ? 1 : 0;
            }
        }
        assertTrue(inside[0] < inside[1] && inside[2] < n, "the levels cover differently: " + Arrays.toString(inside));
        assertEquals(nll / n, q.nll(), 1e-12 * nll / n);
        assertEquals(inside[0] / (double) n, q.coverage50());
        assertEquals(inside[1] / (double) n, q.coverage90());
        assertEquals(inside[2] / (double) n, q.coverage95());
        assertEquals(bias2 / n, q.biasSquared(), 1e-12 * bias2 / n);
        assertEquals(variance / n, q.variance(), 1e-12 * variance / n);

        double brier = 0; // each member's own Brier score, averaged
        for (int m = 0; m < b; m++) {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    double r = p[m][i][c] - (c == (int) y[i] ? 1 : 0);
                    brier += r * r / n / b;
                }
            }
        }
        assertEquals(brier, q.biasSquared() + q.variance(), 1e-12 * brier, "mean member Brier = bias² + variance");
    }
}
