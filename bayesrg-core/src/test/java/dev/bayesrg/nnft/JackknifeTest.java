package dev.bayesrg.nnft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Grouped jackknife standard errors of statistics of the sampled correlators. */
class JackknifeTest {
    private static double[][] fields(int members, int points, long seed) {
        Random rnd = new Random(seed);
        double[][] f = new double[members][points];
        for (double[] row : f) {
            double z = rnd.nextGaussian();
            for (int i = 0; i < points; i++) {
                // correlated and skewed, so that κ4 is not zero
                row[i] = Math.exp(0.5 * z) + 0.3 * rnd.nextGaussian() + i;
            }
        }
        return f;
    }

    /** The delete-one jackknife of the mean is exactly s/√n. */
    @Test
    void deleteOneJackknifeOfTheMeanIsTheClassicalStandardError() {
        double[][] f = fields(23, 2, 1);
        double[] x = Arrays.stream(f).mapToDouble(r -> r[1]).toArray();
        double mean = Arrays.stream(x).average().orElseThrow();
        double s2 = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1);
        double se = Jackknife.standardError(f, 4, x.length, c -> c.mean(1));
        assertEquals(Math.sqrt(s2 / x.length), se, 1e-12);
    }

    /**
     * Against a second algorithm: the leave-one-group-out statistic recomputed from the raw fields
     * of the members left in (a fresh accumulator per group), 7 groups over 40 members (unequal sizes).
     */
    @Test
    void groupedJackknifeMatchesRecomputingEveryLeaveOutFromTheFields() {
        double[][] f = fields(40, 3, 2);
        ToDoubleFunction<Correlators> kappa4 = c -> c.connected(0, 1, 2, 2);
        int g = 7;
        double[] theta = new double[g];
        for (int k = 0; k < g; k++) {
            int from = k * 40 / g;
            int to = (k + 1) * 40 / g;
            MomentAccumulator acc = new MomentAccumulator(3, 4);
            for (int b = 0; b < 40; b++) {
                if (b < from || b >= to) {
                    acc.add(f[b]);
                }
            }
            theta[k] = kappa4.applyAsDouble(new Correlators(acc));
        }
        double mean = Arrays.stream(theta).average().orElseThrow();
        double ss = Arrays.stream(theta).map(t -> (t - mean) * (t - mean)).sum();
        double expected = Math.sqrt((g - 1.0) / g * ss);
        assertTrue(expected > 0);
        assertEquals(expected, Jackknife.standardError(f, 4, g, kappa4), 1e-12 * expected);
    }

    @Test
    void moreGroupsThanMembersIsTheDeleteOneJackknife() {
        double[][] f = fields(5, 1, 3);
        assertEquals(
                Jackknife.standardError(f, 2, 5, c -> c.connected(0, 0)),
                Jackknife.standardError(f, 2, 99, c -> c.connected(0, 0)),
                0.0);
    }

    @Test
    void tooFewMembersOrGroups() {
        assertTrue(Double.isNaN(Jackknife.standardError(fields(2, 1, 4), 2, 4, c -> c.mean(0))));
        assertThrows(IllegalArgumentException.class, () -> Jackknife.standardError(fields(9, 1, 4), 2, 1, c -> 0));
    }
}
