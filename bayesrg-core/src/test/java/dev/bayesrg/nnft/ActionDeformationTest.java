package dev.bayesrg.nnft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.data.GaussianInputs;
import java.util.Arrays;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The round trip of the action: deform a Gaussian ensemble by (λ/4!) Σ w φ⁴, recover λ. */
class ActionDeformationTest {
    /** A correlated kernel on three mesh points, unit variances. */
    private static final double[][] KERNEL = {{1.0, 0.5, 0.25}, {0.5, 1.0, 0.5}, {0.25, 0.5, 1.0}};

    /** n draws of N(0, K) from a fixed seed (mean 0 + L z, K = L Lᵀ, z standard normal). */
    static double[][] gaussian(double[][] kernel, int n, long seed) {
        return new GaussianInputs(new double[kernel.length], kernel)
                .sample(RandomSource.XO_SHI_RO_256_PP.create(seed), n);
    }

    @Test
    void theRoundTripRecoversLambdaWithinThreeStandardErrorsForTwoValues() {
        // Mesh weight w = 0.5, K_aa = 1, so the local vertex is g = λ w on each point. The tree-level
        // rule misses the one-loop bubbles: Λ4_aaaa = g − (3/2) g² K_aa² + O(g³), i.e. λ̂ is low by a
        // relative (3/2) g (one site: κ4 = −g σ⁸ + O(g²), and −κ4/(σ⁸ g) = 0.986 at g = 0.01 by
        // quadrature). λ = 0.02, 0.06: g = 0.01, 0.03, relative bias 0.015, 0.045. The jackknife error
        // is, for small g, a relative ~20/√n for one site; with n = 40000 and three correlated points it
        // comes out at ~0.07 of λ, so the bias is at most ~0.6 SE and a mistake of a factor w (2), or of
        // the sign, is ≥ 7 SE off.
        // (Measured: λ̂ = 0.0217 ± 0.0017 and 0.0627 ± 0.0044, pulls 1.0 and 0.6.)
        int n = 40_000;
        double w = 0.5;
        ActionDeformation round = ActionDeformation.of(gaussian(KERNEL, n, 20_240_517L), w);
        for (double lambda : new double[] {0.02, 0.06}) {
            ActionDeformation.Result r = round.deform(lambda);
            assertTrue(
                    Math.abs(r.pull()) < 3,
                    () -> "λ " + lambda + ": recovered " + r.recovered() + " ± " + r.standardError());
            assertTrue(r.standardError() < 0.15 * lambda, () -> "a test that can fail: SE " + r.standardError());
            assertTrue(
                    r.effectiveSampleSize() > 0.99 * n && r.effectiveSampleSize() < n,
                    () -> "ESS " + r.effectiveSampleSize());
        }
    }

    @Test
    void theJackknifeErrorIsTheSpreadOfTheEstimateRecomputedWithoutEachGroup() {
        // brute force: a fresh deformation of the members minus group g, about the same origin and with
        // the same prior weights, for every g; then SE² = (G − 1)/G Σ (λ̂_(g) − mean)²
        int n = 603; // not a multiple of G: groups of 100 and 101
        int groups = 6;
        double[][] fields = gaussian(KERNEL, n, 77L);
        double[] prior = new double[n];
        for (int a = 0; a < n; a++) {
            prior[a] = 0.5 + (a % 7) / 4.0;
        }
        double[] meshWeights = {0.5, 0.7, 0.3};
        double lambda = 0.4;
        ActionDeformation all = new ActionDeformation(fields, prior, meshWeights, null, groups);
        ActionDeformation.Result r = all.deform(lambda);
        double[] leaveOut = new double[groups];
        for (int g = 0; g < groups; g++) {
            int from = g * n / groups;
            int to = (g + 1) * n / groups;
            double[][] rest = new double[n - (to - from)][];
            double[] restPrior = new double[rest.length];
            int k = 0;
            for (int a = 0; a < n; a++) {
                if (a < from || a >= to) {
                    rest[k] = fields[a];
                    restPrior[k++] = prior[a];
                }
            }
            leaveOut[g] = new ActionDeformation(rest, restPrior, meshWeights, all.origin(), 2)
                    .deform(lambda)
                    .recovered();
        }
        double mean = Arrays.stream(leaveOut).average().orElseThrow();
        double ss = Arrays.stream(leaveOut).map(v -> (v - mean) * (v - mean)).sum();
        double se = Math.sqrt((groups - 1.0) / groups * ss);
        assertEquals(se, r.standardError(), 1e-9 * se);
        assertTrue(se > 0);
        // and the full estimate is a fresh one on all members
        assertEquals(
                new ActionDeformation(fields, prior, meshWeights, all.origin(), 2)
                        .deform(lambda)
                        .recovered(),
                r.recovered(),
                1e-12 * Math.abs(r.recovered()));
    }

    @Test
    void theEffectiveSampleSizeIsKishsClosedForm() {
        int n = 1000;
        double[][] fields = gaussian(KERNEL, n, 5L);
        // unit weights, λ = 0: exactly n
        assertEquals(n, ActionDeformation.of(fields, 1.0).deform(0.0).effectiveSampleSize(), 0.0);
        // prior weights half 1, half 2: (1.5 n)² / (2.5 n) = 0.9 n
        double[] prior = new double[n];
        for (int a = 0; a < n; a++) {
            prior[a] = a % 2 == 0 ? 1.0 : 2.0;
        }
        ActionDeformation weighted = new ActionDeformation(fields, prior, new double[] {1, 1, 1}, null, 10);
        assertEquals(0.9 * n, weighted.baseEffectiveSampleSize(), 1e-9);
        assertEquals(0.9 * n, weighted.deform(0.0).effectiveSampleSize(), 1e-9);
        // one site, half the members at φ = 0 and half at φ = t with λ w t⁴/4! = ln 2: weights 1 and ½,
        // ESS = (0.75 n)² / (0.625 n) = 0.9 n
        double t = 1.3;
        double w = 0.8;
        double lambda = 24 * Math.log(2) / (w * Math.pow(t, 4));
        double[][] two = new double[n][];
        for (int a = 0; a < n; a++) {
            two[a] = new double[] {a % 2 == 0 ? 0.0 : t};
        }
        ActionDeformation steps = new ActionDeformation(two, null, new double[] {w}, new double[] {0.0}, 10);
        double[] weights = steps.weights(lambda);
        assertEquals(1.0, weights[0], 0.0);
        assertEquals(0.5, weights[1], 1e-15);
        assertEquals(0.9 * n, steps.deform(lambda).effectiveSampleSize(), 1e-9);
    }

    @Test
    void lambdaZeroGivesExactlyTheBaseCouplings() {
        double[][] fields = gaussian(KERNEL, 500, 3L);
        for (int a = 0; a < fields.length; a++) {
            fields[a][1] += 0.3 * fields[a][0] * fields[a][0]; // non-Gaussian: a base coupling of its own
        }
        double[] prior = new double[fields.length];
        Arrays.setAll(prior, a -> 1.0 + (a % 3));
        ActionDeformation base = new ActionDeformation(fields, prior, new double[] {0.2, 0.2, 0.2}, null, 5);
        ActionDeformation.Result r = base.deform(0.0);
        assertArrayEquals(base.baseQuarticDiagonal(), r.quarticDiagonal(), 0.0);
        assertTrue(Math.abs(base.baseQuarticDiagonal()[1]) > 0.1, "the base has a coupling of its own");
        assertEquals(0.0, r.recovered(), 0.0);
        assertEquals(0.0, r.standardError(), 0.0);
    }

    @Test
    void theDiagonalContractionIsTheDiagonalOfTheWholeQuarticTensor() {
        double[][] fields = gaussian(KERNEL, 300, 11L);
        MomentAccumulator acc = new MomentAccumulator(3, 4);
        for (double[] f : fields) {
            double[] g = {f[0] + 0.4 * f[1] * f[1], f[1] * (1 + 0.3 * f[2]), f[2] - 0.2 * f[0] * f[0] * f[0]};
            acc.add(g, 1.0 + Math.abs(f[0]));
        }
        Correlators c = new Correlators(acc);
        double[] whole = Couplings.quartic(
                Couplings.connectedTensor(c, 4), FreeAction.of(c).inverseKernel());
        double[] diagonal = ActionDeformation.quarticDiagonal(c);
        for (int a = 0; a < 3; a++) {
            double expected = whole[((a * 3 + a) * 3 + a) * 3 + a];
            assertEquals(expected, diagonal[a], 1e-11 * Math.abs(expected), "point " + a);
        }
    }

    @Test
    void aWeightedMemberIsThatManyCopiesAndAUnitWeightChangesNoBit() {
        double[][] fields = gaussian(KERNEL, 50, 13L);
        MomentAccumulator weighted = new MomentAccumulator(3, 4);
        MomentAccumulator copies = new MomentAccumulator(3, 4);
        MomentAccumulator plain = new MomentAccumulator(3, 4);
        MomentAccumulator unit = new MomentAccumulator(3, 4);
        for (int a = 0; a < fields.length; a++) {
            int times = 1 + a % 3;
            weighted.add(fields[a], times);
            for (int k = 0; k < times; k++) {
                copies.add(fields[a]);
            }
            plain.add(fields[a]);
            unit.add(fields[a], 1.0);
        }
        Correlators w = new Correlators(weighted);
        Correlators c = new Correlators(copies);
        assertEquals(c.connected(0, 1, 1, 2), w.connected(0, 1, 1, 2), 1e-12);
        assertEquals(c.connected(2, 2), w.connected(2, 2), 1e-12);
        assertEquals((double) copies.count(), weighted.totalWeight(), 0.0);
        assertEquals(new Correlators(plain).connected(0, 0, 1, 2), new Correlators(unit).connected(0, 0, 1, 2), 0.0);
        assertThrows(IllegalArgumentException.class, () -> unit.add(fields[0], -1.0));
        assertThrows(IllegalArgumentException.class, () -> unit.add(fields[0], Double.NaN));
    }
}
