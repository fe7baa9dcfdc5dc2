package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Spearman's ρ against its definition computed the slow way: ranks by counting, then Pearson. */
class RankCorrelationTest {
    /** Rank of each value by counting: the values below it, plus the mean position among its ties. */
    private static double[] bruteForceRanks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int below = 0;
            int equal = 0;
            for (double w : v) {
                below += w < v[i] ? 1 : 0;
                equal += w == v[i] ? 1 : 0;
            }
            r[i] = below + (equal + 1) / 2.0;
        }
        return r;
    }

    private static double pearson(double[] a, double[] b) {
        double ma =
                IntStream.range(0, a.length).mapToDouble(i -> a[i]).average().orElseThrow();
        double mb =
                IntStream.range(0, b.length).mapToDouble(i -> b[i]).average().orElseThrow();
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa) / Math.sqrt(bb);
    }

    /**
     * Pairs of samples from a fixed seed: 2 to 300 values, drawn from a few distinct values (many
     * ties, zeros and −0.0 among them, as dead relu units give a Fisher diagonal) or continuously,
     * y correlated with x, anti-correlated or unrelated.
     */
    static Stream<double[][]> samples() {
        Random random = new Random(20261204);
        return IntStream.range(0, 60).mapToObj(i -> {
            int n = 2 + random.nextInt(i < 10 ? 6 : 300);
            int levels = random.nextBoolean() ? 1 + random.nextInt(5) : 0;
            double[] x = new double[n];
            double[] y = new double[n];
            double relation = random.nextInt(3) - 1.0;
            for (int k = 0; k < n; k++) {
                x[k] = levels > 0 ? random.nextInt(levels) * 0.5 : random.nextGaussian();
                if (x[k] == 0 && random.nextBoolean()) {
                    x[k] = -0.0;
                }
                double noise = levels > 0 ? random.nextInt(levels) : random.nextGaussian();
                y[k] = relation * x[k] + noise;
            }
            return new double[][] {x, y};
        });
    }

    @ParameterizedTest
    @MethodSource("samples")
    void equalsPearsonsCorrelationOfTheRanksCountedWithTies(double[][] sample) {
        double[] x = sample[0];
        double[] y = sample[1];
        double[] rx = bruteForceRanks(x);
        double[] ry = bruteForceRanks(y);
        boolean constant = pearsonUndefined(rx) || pearsonUndefined(ry);
        double rho = RankCorrelation.spearman(x, y);
        if (constant) {
            assertTrue(Double.isNaN(rho), "a constant sample has no rank correlation, got " + rho);
        } else {
            assertEquals(pearson(rx, ry), rho, 1e-12);
        }
        assertEquals(rho, RankCorrelation.spearman(y, x), 0.0, "symmetric");
    }

    private static boolean pearsonUndefined(double[] ranks) {
        return IntStream.range(0, ranks.length).allMatch(i -> ranks[i] == ranks[0]);
    }

    @Test
    void aSampleAgainstItselfIsExactlyOneAndAgainstItsReverseMinusOne() {
        Random random = new Random(7);
        for (int n = 2; n < 400; n += 37) {
            double[] x = random.doubles(n).map(v -> Math.floor(v * 5)).toArray();
            x[0] = 0;
            x[1] = 4; // not constant
            double[] negated = java.util.Arrays.stream(x).map(v -> -v).toArray();
            assertEquals(1.0, RankCorrelation.spearman(x, x.clone()), 0.0, "n = " + n);
            assertEquals(-1.0, RankCorrelation.spearman(x, negated), 1e-15, "n = " + n);
        }
    }

    @Test
    void aNaNOrTooFewValuesHaveNoCorrelationAndUnequalLengthsAreRefused() {
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1, Double.NaN, 3}, new double[] {1, 2, 3})));
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1}, new double[] {1})));
        assertEquals(
                1.0,
                RankCorrelation.spearman(
                        new double[] {0, 1, Double.POSITIVE_INFINITY}, new double[] {-1, 1e300, Double.MAX_VALUE}),
                0.0,
                "infinities rank like any other value");
        assertThrows(
                IllegalArgumentException.class,
                () -> RankCorrelation.spearman(new double[] {1, 2}, new double[] {1, 2, 3}));
    }
}
