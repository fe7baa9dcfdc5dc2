package dev.bayesrg.nnft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorrelatorsTest {

    @ParameterizedTest(name = "M={0} r={1}")
    @CsvSource({"1, 1", "1, 6", "3, 4", "5, 3", "7, 2", "4, 6"})
    void multisetRanksFollowTheEnumerationAndIgnoreOrder(int m, int r) {
        Multisets sets = new Multisets(m, r);
        int[] s = new int[r];
        int k = 0;
        do {
            assertEquals(k, sets.rank(s.clone()));
            int[] reversed = new int[r];
            for (int p = 0; p < r; p++) {
                reversed[p] = s[r - 1 - p];
            }
            assertEquals(k, sets.rank(reversed));
            k++;
        } while (sets.next(s));
        assertEquals(sets.count(), k);
        // C(M + r - 1, r)
        long c = 1;
        for (int i = 1; i <= r; i++) {
            c = c * (m + i - 1) / i;
        }
        assertEquals(c, k);
    }

    private static double[][] skewedSamples(int n, int m, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][m];
        for (double[] row : x) {
            double common = rnd.nextGaussian();
            for (int i = 0; i < m; i++) {
                double e = -Math.log(rnd.nextDouble()); // exponential: skewed, heavy cumulants
                row[i] = 2.0 + 0.7 * common + e * (1 + 0.3 * i);
            }
        }
        return x;
    }

    /** Raw sample moment E[Π x] over the given mesh points, brute force. */
    private static double rawMoment(double[][] x, int[] points) {
        double s = 0;
        for (double[] row : x) {
            double p = 1;
            for (int i : points) {
                p *= row[i];
            }
            s += p;
        }
        return s / x.length;
    }

    /** Every set partition of the positions 0..r-1. */
    private static List<List<List<Integer>>> allPartitions(int r) {
        List<List<List<Integer>>> out = new ArrayList<>();
        if (r == 0) {
            out.add(new ArrayList<>());
            return out;
        }
        for (List<List<Integer>> smaller : allPartitions(r - 1)) {
            for (int b = 0; b <= smaller.size(); b++) {
                List<List<Integer>> copy = new ArrayList<>();
                for (List<Integer> block : smaller) {
                    copy.add(new ArrayList<>(block));
                }
                if (b == smaller.size()) {
                    copy.add(new ArrayList<>(List.of(r - 1)));
                } else {
                    copy.get(b).add(r - 1);
                }
                out.add(copy);
            }
        }
        return out;
    }

    /** The moment–cumulant formula over all set partitions, on raw (uncentred) plug-in moments. */
    private static double bruteForceCumulant(double[][] x, int[] points) {
        double total = 0;
        for (List<List<Integer>> partition : allPartitions(points.length)) {
            double product = 1;
            for (List<Integer> block : partition) {
                int[] sub = block.stream().mapToInt(p -> points[p]).toArray();
                product *= rawMoment(x, sub);
            }
            int blocks = partition.size();
            double f = 1;
            for (int k = 2; k < blocks; k++) {
                f *= k;
            }
            total += ((blocks - 1) % 2 == 0 ? 1 : -1) * f * product;
        }
        return total;
    }

    @ParameterizedTest(name = "order {0}")
    @CsvSource({"2", "3", "4", "5", "6"})
    void connectedCorrelatorsEqualTheBruteForceSetPartitionSums(int order) {
        int m = 3;
        double[][] x = skewedSamples(400, m, order);
        MomentAccumulator acc = new MomentAccumulator(m, order);
        for (double[] row : x) {
            acc.add(row);
        }
        Correlators c = new Correlators(acc);
        Multisets sets = new Multisets(m, order);
        int[] s = new int[order];
        do {
            double expected = bruteForceCumulant(x, s);
            double actual = c.connected(s);
            assertEquals(
                    expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), "G_c at " + java.util.Arrays.toString(s));
        } while (sets.next(s));
    }

    @Test
    void aShiftChangesNoConnectedCorrelator() {
        double[][] x = skewedSamples(300, 3, 9);
        MomentAccumulator plain = new MomentAccumulator(3, 4);
        MomentAccumulator shifted = new MomentAccumulator(new double[] {2.1, 1.9, 2.5}, 4);
        for (double[] row : x) {
            plain.add(row);
            shifted.add(row);
        }
        Correlators a = new Correlators(plain);
        Correlators b = new Correlators(shifted);
        assertEquals(a.mean(1), b.mean(1), 1e-12);
        assertEquals(a.connected(0, 1), b.connected(0, 1), 1e-11);
        assertEquals(a.connected(0, 1, 2, 2), b.connected(0, 1, 2, 2), 1e-9);
    }

    @Test
    void aGaussianFieldHasItsCovarianceAsKernelAndNoHigherCumulants() {
        double[][] cov = {{2.0, 0.8, 0.3}, {0.8, 1.5, -0.4}, {0.3, -0.4, 1.0}};
        double[][] l = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                double s = cov[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
            }
        }
        Random rnd = new Random(42);
        int n = 200_000;
        MomentAccumulator acc = new MomentAccumulator(3, 6);
        double[] z = new double[3];
        double[] x = new double[3];
        for (int a = 0; a < n; a++) {
            for (int k = 0; k < 3; k++) {
                z[k] = rnd.nextGaussian();
            }
            for (int i = 0; i < 3; i++) {
                x[i] = 1.0 - i;
                for (int k = 0; k <= i; k++) {
                    x[i] += l[i][k] * z[k];
                }
            }
            acc.add(x);
        }
        Correlators c = new Correlators(acc);
        for (int i = 0; i < 3; i++) {
            for (int j = i; j < 3; j++) {
                // standard error of a sample covariance: sqrt((Σii Σjj + Σij²)/n)
                double se = Math.sqrt((cov[i][i] * cov[j][j] + cov[i][j] * cov[i][j]) / n);
                assertEquals(cov[i][j], c.connected(i, j), 5 * se, "kernel " + i + j);
            }
        }
        // κ3(iii) has standard error sqrt(6 σ⁶ / n), κ4(iiii) sqrt(24 σ⁸ / n), κ6(i^6) sqrt(720 σ^12 / n)
        for (int i = 0; i < 3; i++) {
            double s2 = cov[i][i];
            assertEquals(0, c.connected(i, i, i), 5 * Math.sqrt(6 * Math.pow(s2, 3) / n));
            assertEquals(0, c.connected(i, i, i, i), 5 * Math.sqrt(24 * Math.pow(s2, 4) / n));
            assertEquals(0, c.connected(i, i, i, i, i, i), 6 * Math.sqrt(720 * Math.pow(s2, 6) / n));
            // κ4/(3σ⁴): the SE of κ4(iiii) over its Wick scale 3σ⁴, √(24/n)/3 = 0.0037
            assertEquals(0, c.normalisedConnected4(i, i, i, i), 5 * Math.sqrt(24.0 / n) / 3);
        }
        // κ4(0011) of a Gaussian has n·Var = Σ over the 24 pairings of the two index lists of Π Σ:
        // 4 Σ00² Σ11² + 16 Σ00 Σ11 Σ01² + 4 Σ01⁴; over the Wick scale Σ00 Σ11 + 2 Σ01² = 4.28, SE 0.0043
        double wick = cov[0][0] * cov[1][1] + 2 * cov[0][1] * cov[0][1];
        double var0011 = 4 * cov[0][0] * cov[0][0] * cov[1][1] * cov[1][1]
                + 16 * cov[0][0] * cov[1][1] * cov[0][1] * cov[0][1]
                + 4 * Math.pow(cov[0][1], 4);
        assertEquals(0, c.normalisedConnected4(0, 0, 1, 1), 5 * Math.sqrt(var0011 / n) / wick);
    }

    @Test
    void anExponentialVariableHasCumulantsFactorialOfNMinusOne() {
        Random rnd = new Random(7);
        MomentAccumulator acc = new MomentAccumulator(1, 4);
        int n = 1_000_000;
        for (int a = 0; a < n; a++) {
            acc.add(new double[] {-Math.log(rnd.nextDouble())});
        }
        Correlators c = new Correlators(acc);
        // 5 SE, with the exact per-draw variances of the estimators for Exp(1) (central moments
        // μ_k = 1, 2, 9, 44, 265, 1854, 14833 for k = 2..8): mean κ2 = 1; m2 μ4 − μ2² = 8;
        // m3 μ6 − μ3² − 6μ2μ4 + 9μ2³ = 216; m4 − 3m2² Var(y⁴ − 6μ2y² − 4μ3y) = 11520. At 10⁶ draws the
        // SEs are 0.001, 0.0028, 0.015, 0.107: a κ4 off by one (e.g. m4 − 2m2²) is 9 SE out
        assertEquals(1.0, c.connected(0), 5 * Math.sqrt(1.0 / n));
        assertEquals(1.0, c.connected(0, 0), 5 * Math.sqrt(8.0 / n));
        assertEquals(2.0, c.connected(0, 0, 0), 5 * Math.sqrt(216.0 / n));
        assertEquals(6.0, c.connected(0, 0, 0, 0), 5 * Math.sqrt(11520.0 / n));
    }

    @Test
    void shardsMergedEqualOnePass() {
        double[][] x = skewedSamples(900, 4, 3);
        MomentAccumulator one = new MomentAccumulator(4, 4);
        MomentAccumulator[] shards = {
            new MomentAccumulator(4, 4), new MomentAccumulator(4, 4), new MomentAccumulator(4, 4)
        };
        for (int a = 0; a < x.length; a++) {
            one.add(x[a]);
            shards[a % 3].add(x[a]);
        }
        shards[0].merge(shards[1]);
        shards[0].merge(shards[2]);
        assertEquals(one.count(), shards[0].count());
        Correlators a = new Correlators(one);
        Correlators b = new Correlators(shards[0]);
        Multisets sets = new Multisets(4, 4);
        int[] s = new int[4];
        do {
            assertEquals(a.connected(s), b.connected(s), 1e-10 * Math.max(1, Math.abs(a.connected(s))));
        } while (sets.next(s));
    }

    @Test
    void partitionsWithoutSingletonsAreCountedRight() {
        // number of set partitions of r elements with no singleton block: 0, 1, 1, 4, 11, 41 for r = 1..6
        int[] expected = {0, 1, 1, 4, 11, 41};
        for (int r = 1; r <= 6; r++) {
            assertEquals(
                    expected[r - 1], Correlators.partitionsWithoutSingletons(r).size(), "r=" + r);
        }
        assertTrue(Correlators.partitionsWithoutSingletons(4).stream().allMatch(p -> p.length <= 2));
    }
}
