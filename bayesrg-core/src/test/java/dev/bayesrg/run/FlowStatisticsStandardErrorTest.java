package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.nngp.Corroboration;
import dev.bayesrg.nngp.RenormalizedGp;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The standard errors of the probe's mean and variance along the flow. */
class FlowStatisticsStandardErrorTest {
    /** s/√n by hand: values 1, 2, 3, 6 have mean 3, s² = (4 + 1 + 0 + 9)/3 = 14/3. */
    @Test
    void meanStandardErrorIsTheSampleStandardDeviationOverRootN() {
        assertEquals(Math.sqrt(14.0 / 3 / 4), FlowStatistics.meanStandardError(new double[] {1, 2, 3, 6}), 1e-15);
        assertTrue(Double.isNaN(FlowStatistics.meanStandardError(new double[] {1})));
    }

    /**
     * Var(s²) = μ4/n − (n − 3)σ⁴/(n(n − 1)) against the exact variance of s² over every one of the
     * 3⁵ equally likely samples of n = 5 draws from the values {0, 1, 5} (a skewed, non-Gaussian law).
     */
    @Test
    void samplingVarianceOfTheUnbiasedVarianceMatchesExactEnumeration() {
        double[] support = {0, 1, 5};
        int n = 5;
        double mu = 2.0;
        double sigma2 = 0;
        double mu4 = 0;
        for (double v : support) {
            sigma2 += (v - mu) * (v - mu) / 3;
            mu4 += Math.pow(v - mu, 4) / 3;
        }
        int total = (int) Math.pow(3, n);
        double sum = 0;
        double sumSquares = 0;
        for (int code = 0; code < total; code++) {
            double[] x = new double[n];
            for (int i = 0, c = code; i < n; i++, c /= 3) {
                x[i] = support[c % 3];
            }
            double s2 = FlowStatistics.centralMoment(x, FlowStatistics.mean(x), 2) * n / (n - 1.0);
            sum += s2;
            sumSquares += s2 * s2;
        }
        double expected = sumSquares / total - (sum / total) * (sum / total);
        assertEquals(sigma2, sum / total, 1e-12, "s² is unbiased");
        assertEquals(expected, FlowStatistics.unbiasedVarianceSamplingVariance(mu4, sigma2, n), 1e-12);
    }

    /** The plug-in estimate by hand, and the same number as the corroboration table's measured variance error. */
    @Test
    void varianceStandardErrorIsThePlugInEstimateTheCorroborationTableUses() {
        double[] x = {1, 2, 3, 6};
        // mean 3; m4 = (16 + 1 + 0 + 81)/4 = 24.5; s² = 14/3
        double s2 = 14.0 / 3;
        double v = 24.5 / 4 - 1.0 * s2 * s2 / (4 * 3);
        assertEquals(Math.sqrt(v), FlowStatistics.varianceStandardError(x), 1e-14);

        Random rnd = new Random(5);
        double[][] samples = new double[37][1];
        double[] probe = new double[37];
        for (int b = 0; b < probe.length; b++) {
            probe[b] = Math.exp(rnd.nextGaussian());
            samples[b][0] = probe[b];
        }
        Corroboration.Row row = Corroboration.row(
                0,
                Double.NaN,
                Corroboration.Prediction.exact(
                        new RenormalizedGp.GaussianProcess(new double[] {1}, new double[][] {{1}}, 0), 0),
                samples,
                0);
        assertEquals(row.measuredVarianceError(), FlowStatistics.varianceStandardError(probe), 1e-12);
        assertEquals(row.measuredMeanError(), FlowStatistics.meanStandardError(probe), 1e-12);
    }
}
