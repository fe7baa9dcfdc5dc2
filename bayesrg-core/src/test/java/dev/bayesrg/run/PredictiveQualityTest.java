package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ensemble's Gaussian predictive and bias–variance split against hand-computed and brute-force truths. */
class PredictiveQualityTest {

    /**
     * Two members, two test points: means (2, 4), variances (1, 1), residuals (0, 2), σ² = 1, so
     * s² = 2 at both points; by hand NLL = ½ ln(4π) + ½, point 1 inside every interval, point 2
     * (|r|/s = √2) inside the 90 and 95 % ones only; bias² = 2, variance 1, and the members' test
     * MSEs 5 and 1 average 3 = bias² + variance.
     */
    @Test
    void aTwoMemberEnsembleGivesTheHandComputedNumbers() {
        PredictiveQuality q = PredictiveQuality.of(new double[][] {{1, 3}, {3, 5}}, new double[] {2, 6}, 1.0);
        assertEquals(0.5 * Math.log(4 * Math.PI) + 0.5, q.nll(), 1e-15);
        assertEquals(0.5, q.coverage50());
        assertEquals(1.0, q.coverage90());
        assertEquals(1.0, q.coverage95());
        assertEquals(2.0, q.biasSquared(), 1e-15);
        assertEquals(1.0, q.variance(), 1e-15);
        assertEquals(3.0, q.memberMse(), 1e-15);
    }

    /** One member: no spread, the predictive is the noise alone around its output. */
    @Test
    void oneMemberPredictsWithTheNoiseAlone() {
        double sigma2 = 0.25;
        PredictiveQuality q = PredictiveQuality.of(new double[][] {{1.0}}, new double[] {1.6}, sigma2);
        assertEquals(0.5 * Math.log(2 * Math.PI * sigma2) + 0.36 / (2 * sigma2), q.nll(), 1e-14);
        assertEquals(0.0, q.variance());
        // |r|/s = 0.6/0.5 = 1.2: inside the 90 and 95 % intervals, outside the 50 % one
        assertEquals(0.0, q.coverage50());
        assertEquals(1.0, q.coverage90());
    }

    @Test
    void noMembersMeasureNothing() {
        PredictiveQuality q = PredictiveQuality.of(new double[0][], new double[] {1, 2}, 1.0);
        assertTrue(Double.isNaN(q.nll()) && Double.isNaN(q.coverage95()) && Double.isNaN(q.biasSquared()));
    }

    /** The interval half-widths are the normal quantiles: the density integrates to q over ±z_q. */
    @Test
    void intervalHalfWidthsHoldTheirProbability() {
        assertEquals(0.50, normalMass(PredictiveQuality.Z50), 1e-12);
        assertEquals(0.90, normalMass(PredictiveQuality.Z90), 1e-12);
        assertEquals(0.95, normalMass(PredictiveQuality.Z95), 1e-12);
    }

    /**
     * A random ensemble against a brute-force computation: two-pass means and variances, the
     * NLL as −ln of the normal density, coverage as the predictive's probability mass between
     * μ − |y − μ| and μ + |y − μ| (integrated numerically) compared with q, and the bias–variance
     * identity against the members' own test MSEs.
     */
    @Test
    void aRandomEnsembleAgreesWithABruteForceComputation() {
        SplittableRandom rng = new SplittableRandom(11);
        int b = 37;
        int n = 53;
        double sigma2 = 0.3;
        double[][] f = new double[b][n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double centre = 3 * rng.nextDouble() - 1;
            double spread = 0.2 + rng.nextDouble();
            y[i] = centre + 1.5 * rng.nextGaussian();
            for (int m = 0; m < b; m++) {
                f[m][i] = centre + spread * rng.nextGaussian();
            }
        }
        PredictiveQuality q = PredictiveQuality.of(f, y, sigma2);

        double nll = 0;
        double bias2 = 0;
        double variance = 0;
        int[] inside = new int[3];
        double[] levels = {0.5, 0.9, 0.95};
        for (int i = 0; i < n; i++) {
            double mu = 0;
            for (int m = 0; m < b; m++) {
                mu += f[m][i];
            }
            mu /= b;
            double v = 0;
            for (int m = 0; m < b; m++) {
                v += (f[m][i] - mu) * (f[m][i] - mu);
            }
            v /= b;
            double s = Math.sqrt(v + sigma2);
            double density = Math.exp(-0.5 * Math.pow((y[i] - mu) / s, 2)) / (s * Math.sqrt(2 * Math.PI));
            nll -= Math.log(density);
            double mass = normalMass(Math.abs(y[i] - mu) / s);
            for (int l = 0; l < 3; l++) {
                inside[l] += mass <= levels[l] ? 1 : 0;
            }
            bias2 += (mu - y[i]) * (mu - y[i]);
            variance += v;
        }
        assertEquals(nll / n, q.nll(), 1e-12 * Math.abs(nll / n));
        assertEquals(inside[0] / (double) n, q.coverage50());
        assertEquals(inside[1] / (double) n, q.coverage90());
        assertEquals(inside[2] / (double) n, q.coverage95());
        assertEquals(bias2 / n, q.biasSquared(), 1e-12 * bias2 / n);
        assertEquals(variance / n, q.variance(), 1e-12 * variance / n);

        double memberMse = 0;
        for (int m = 0; m < b; m++) {
            memberMse += MemberPipeline.meanSquaredError(f[m], y);
        }
        memberMse /= b;
        assertEquals(
                memberMse, q.biasSquared() + q.variance(), 1e-12 * memberMse, "mean member MSE = bias² + variance");
    }

    /** Members added as flat [entries × points] rows give what adding them as rows gives. */
    @Test
    void flatRowsAccumulateAsRows() {
        SplittableRandom rng = new SplittableRandom(3);
        int entries = 3;
        int n = 5;
        PredictiveQuality.Accumulator rows = new PredictiveQuality.Accumulator(entries, n);
        PredictiveQuality.Accumulator flat = new PredictiveQuality.Accumulator(entries, n);
        for (int m = 0; m < 6; m++) {
            double[][] p = new double[entries][n];
            double[] f = new double[entries * n + 2];
            for (int k = 0; k < entries; k++) {
                for (int i = 0; i < n; i++) {
                    p[k][i] = rng.nextGaussian();
                    f[2 + k * n + i] = p[k][i];
                }
            }
            rows.add(p);
            flat.addFlat(f, 2);
        }
        double[] y = {0.1, 0.2, 0.3, 0.4, 0.5};
        assertEquals(rows.result(y, 1.0), flat.result(y, 1.0));
    }

    /**
     * A well-specified ensemble: the members and the truth are draws from one Gaussian per test
     * input, N(c_i, t_i²), and the targets carry noise of variance σ². The predictive N(μ_i, v_i + σ²)
     * then covers each nominal level up to binomial error (4 standard errors over n points); an
     * over-confident ensemble (members' spread shrunk to a third) falls far short, so the check can
     * fail.
     */
    @Test
    void aWellSpecifiedEnsembleCoversAtTheNominalLevels() {
        SplittableRandom rng = new SplittableRandom(2026);
        int b = 400;
        int n = 4000;
        double sigma2 = 0.5;
        double[][] f = new double[b][n];
        double[][] narrow = new double[b][n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double centre = 4 * rng.nextDouble() - 2;
            double spread = 0.3 + 2 * rng.nextDouble();
            y[i] = centre + spread * rng.nextGaussian() + Math.sqrt(sigma2) * rng.nextGaussian();
            for (int m = 0; m < b; m++) {
                double xi = rng.nextGaussian();
                f[m][i] = centre + spread * xi;
                narrow[m][i] = centre + spread * xi / 3;
            }
        }
        PredictiveQuality q = PredictiveQuality.of(f, y, sigma2);
        double[] levels = {0.5, 0.9, 0.95};
        double[] covered = {q.coverage50(), q.coverage90(), q.coverage95()};
        for (int l = 0; l < 3; l++) {
            double se = Math.sqrt(levels[l] * (1 - levels[l]) / n);
            assertEquals(levels[l], covered[l], 4 * se, "coverage of the " + levels[l] + " interval");
        }
        PredictiveQuality over = PredictiveQuality.of(narrow, y, sigma2);
        assertTrue(over.coverage90() < 0.9 - 10 * Math.sqrt(0.09 / n), "over-confident: " + over.coverage90());
        assertTrue(over.nll() > q.nll(), "over-confidence costs likelihood");
    }

    /** The flow table carries the predictive quality, the training MSE and the bias–variance split. */
    @Test
    void theFlowTableSplitsEachEntrysMeanTestMse() {
        SplittableRandom rng = new SplittableRandom(5);
        int entries = 3;
        int n = 7;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextGaussian();
        }
        List<MemberResult> members = new java.util.ArrayList<>();
        for (int m = 0; m < 5; m++) {
            double[][] p = new double[entries][n];
            double[] mse = new double[entries];
            double[] train = new double[entries];
            for (int k = 0; k < entries; k++) {
                for (int i = 0; i < n; i++) {
                    p[k][i] = y[i] + (k + 1) * rng.nextGaussian();
                }
                mse[k] = MemberPipeline.meanSquaredError(p[k], y);
                train[k] = m + 10 * k;
            }
            boolean diverged = m == 2;
            members.add(new MemberResult(
                    m,
                    diverged,
                    p,
                    mse,
                    new double[entries],
                    new int[entries],
                    new double[1],
                    new int[1],
                    new double[0],
                    train[0],
                    new double[0],
                    MeshOutputs.NONE,
                    new double[entries - 1],
                    null,
                    null,
                    train));
        }
        List<FlowEntry> flow = FlowStatistics.flow(members, List.of(0.1, 1.0), 1, y, 0.7);
        for (int k = 0; k < entries; k++) {
            FlowEntry e = flow.get(k);
            assertEquals(e.testMseMean(), e.predictive().memberMse(), 1e-12 * e.testMseMean());
            // members 0, 1, 3, 4 (2 diverged): training MSEs 10k + {0, 1, 3, 4}
            assertEquals(10 * k + 2.0, e.trainMseMean(), 1e-12);
            assertEquals(10 * k + 2.0, e.trainMseMedian(), 1e-12);
            assertEquals(e.testMseMean() - e.trainMseMean(), e.generalisationGap());
            double[][] kept = {
                members.get(0).predictions()[k],
                members.get(1).predictions()[k],
                members.get(3).predictions()[k],
                members.get(4).predictions()[k]
            };
            assertEquals(PredictiveQuality.of(kept, y, 0.7), e.predictive());
        }
    }

    /** P(|Z| ≤ z) for a standard normal Z, by Simpson's rule on the density (2000 panels). */
    private static double normalMass(double z) {
        int panels = 2000;
        double h = z / panels;
        double s = 0;
        for (int j = 0; j <= panels; j++) {
            double x = j * h;
            double w = j == 0 || j == panels ? 1 : (j % 2 == 1 ? 4 : 2);
            s += w * Math.exp(-0.5 * x * x);
        }
        return 2 * s * h / 3 / Math.sqrt(2 * Math.PI);
    }
}
