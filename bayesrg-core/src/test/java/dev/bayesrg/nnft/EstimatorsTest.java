package dev.bayesrg.nnft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class EstimatorsTest {

    /**
     * Many small samples (n = 8) of an exponential variable, whose cumulants are κ_r = (r−1)!: the
     * k-statistics average to the true cumulants, the plug-in estimates fall short by their known bias
     * (e.g. E[m2] = (n−1)/n κ2).
     */
    @Test
    void kStatisticsAreUnbiasedWherePlugInEstimatesAreNot() {
        Random rnd = new Random(17);
        int n = 8;
        int samples = 200_000;
        double[] unbiased = new double[5];
        double[] plugIn = new double[5];
        for (int t = 0; t < samples; t++) {
            MomentAccumulator acc = new MomentAccumulator(1, 4);
            for (int k = 0; k < n; k++) {
                acc.add(new double[] {-Math.log(rnd.nextDouble())});
            }
            Correlators c = new Correlators(acc);
            for (int r = 2; r <= 4; r++) {
                int[] idx = new int[r];
                unbiased[r] += c.unbiasedConnected(idx);
                plugIn[r] += c.connected(idx);
            }
        }
        double[] truth = {0, 1, 1, 2, 6};
        // standard errors of the means over 200k samples: ~0.002, ~0.01, ~0.06 (heavy tails at order 4)
        assertEquals(truth[2], unbiased[2] / samples, 0.01);
        assertEquals(truth[3], unbiased[3] / samples, 0.05);
        assertEquals(truth[4], unbiased[4] / samples, 0.3);
        assertEquals((n - 1.0) / n * truth[2], plugIn[2] / samples, 0.01, "E[m2] = (n−1)/n κ2");
        assertTrue(plugIn[3] / samples < truth[3] - 0.3, "the plug-in third cumulant is biased low at n = 8");
        assertTrue(plugIn[4] / samples < truth[4] - 2, "the plug-in fourth cumulant is biased low at n = 8");
    }

    @Test
    void multivariateKStatisticReducesToTheUnivariateOne() {
        Random rnd = new Random(2);
        MomentAccumulator one = new MomentAccumulator(1, 4);
        MomentAccumulator two = new MomentAccumulator(2, 4);
        for (int k = 0; k < 50; k++) {
            double x = rnd.nextGaussian() + rnd.nextDouble();
            one.add(new double[] {x});
            two.add(new double[] {x, x});
        }
        Correlators a = new Correlators(one);
        Correlators b = new Correlators(two);
        assertEquals(a.unbiasedConnected(0, 0, 0, 0), b.unbiasedConnected(0, 1, 0, 1), 1e-12);
        assertEquals(a.unbiasedConnected(0, 0, 0), b.unbiasedConnected(1, 0, 1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> b.unbiasedConnected(0, 0, 0, 0, 0));
    }

    @Test
    void bootstrapErrorsMatchTheAnalyticStandardErrorOfAVariance() {
        Random rnd = new Random(4);
        int n = 2000;
        double[][] fields = new double[n][1];
        for (double[] f : fields) {
            f[0] = rnd.nextGaussian() * 2; // σ² = 4: SE of the sample variance ≈ σ² sqrt(2/n)
        }
        double[] se = Bootstrap.standardErrors(fields, 2, 400, RandomSource.XO_SHI_RO_256_PP.create(9L));
        assertEquals(1, se.length);
        assertEquals(4 * Math.sqrt(2.0 / n), se[0], 0.15 * 4 * Math.sqrt(2.0 / n));
    }
}
