package dev.bayesrg.nnft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class EstimatorsTest {

    /**
     * Many small samples (n = 8) of an exponential variable, whose cumulants are κ_r = (r−1)!: the
     * k-statistics average to the true cumulants, the plug-in estimates to their known biased
     * expectations, E[m2] = (n−1)/n κ2, E[m3] = (n−1)(n−2)/n² κ3 and, with the central moment μ4 = 9,
     * E[m4 − 3m2²] = (n−1)/n³ [(n² − 6n + 6) μ4 − 3(n² − 4n + 6) κ2²] = 1.148 (against κ4 = 6).
     */
    @Test
    void kStatisticsAreUnbiasedWherePlugInEstimatesAreNot() {
        Random rnd = new Random(17);
        int n = 8;
        int samples = 20_000;
        double[] unbiased = new double[5];
        double[] unbiasedSquares = new double[5];
        double[] plugIn = new double[5];
        double[] plugInSquares = new double[5];
        for (int t = 0; t < samples; t++) {
            MomentAccumulator acc = new MomentAccumulator(1, 4);
            for (int k = 0; k < n; k++) {
                acc.add(new double[] {-Math.log(rnd.nextDouble())});
            }
            Correlators c = new Correlators(acc);
            for (int r = 2; r <= 4; r++) {
                int[] idx = new int[r];
                double k = c.unbiasedConnected(idx);
                double m = c.connected(idx);
                unbiased[r] += k;
                unbiasedSquares[r] += k * k;
                plugIn[r] += m;
                plugInSquares[r] += m * m;
            }
        }
        double[] truth = {0, 1, 1, 2, 6};
        double[] plugInTruth = {
            0,
            1,
            (n - 1.0) / n,
            (n - 1.0) * (n - 2.0) / (n * n) * 2,
            (n - 1.0) / (n * n * n) * ((n * n - 6 * n + 6) * 9.0 - 3 * (n * n - 4 * n + 6))
        };
        // tolerance 5 SE, the SE from the same sets' spread: ≈ 0.007, 0.04, 0.3 for the k-statistics at
        // 20k sets, while a plug-in in their place is off by 0.125, 0.69, 4.9 (17, 18, 17 SE)
        for (int r = 2; r <= 4; r++) {
            double mean = unbiased[r] / samples;
            double se = Math.sqrt((unbiasedSquares[r] / samples - mean * mean) / (samples - 1));
            assertEquals(truth[r], mean, 5 * se, "E[k" + r + "] = κ" + r + ", ± " + se);
            double plugInMean = plugIn[r] / samples;
            double plugInSe = Math.sqrt((plugInSquares[r] / samples - plugInMean * plugInMean) / (samples - 1));
            assertEquals(
                    plugInTruth[r], plugInMean, 5 * plugInSe, "E of the plug-in κ" + r + " at n = 8, ± " + plugInSe);
        }
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

    /**
     * The bootstrap resamples the sample itself, so its target is exact given the sample: the plug-in
     * variance m2 of n draws from the sample's own distribution has variance
     * (n−1)/n³ [(n−1) m4 − (n−3) m2²] (≈ (m4 − m2²)/n) with m4, m2 the sample's central moments.
     */
    @Test
    void bootstrapErrorsMatchTheAnalyticStandardErrorOfAVariance() {
        Random rnd = new Random(4);
        int n = 2000;
        int resamples = 1000;
        double[][] fields = new double[n][1];
        MomentAccumulator acc = new MomentAccumulator(1, 4);
        for (double[] f : fields) {
            f[0] = rnd.nextGaussian() * 2;
            acc.add(f);
        }
        Correlators c = new Correlators(acc);
        double m2 = c.centralMoment(0, 0);
        double m4 = c.centralMoment(0, 0, 0, 0);
        double exact = Math.sqrt((n - 1.0) / ((double) n * n * n) * ((n - 1.0) * m4 - (n - 3.0) * m2 * m2));
        double[] se = Bootstrap.standardErrors(fields, 2, resamples, RandomSource.XO_SHI_RO_256_PP.create(9L));
        assertEquals(1, se.length);
        // an SE from B resamples of a near-Gaussian statistic has a relative SE of 1/√(2B) = 2.2% at
        // B = 1000: 5 of them is 11%, so resampling n/2 members (+41%) or a factor 2 is far outside
        assertEquals(exact, se[0], 5 / Math.sqrt(2.0 * resamples) * exact);
    }
}
