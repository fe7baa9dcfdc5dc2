package dev.bayesrg.nnft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** Couplings as measurements: packed layout, jackknife errors, the Gaussian noise floor. */
class FieldTheoryTensorsTest {

    /**
     * Python's documented pure-Python equivalent of {@code itertools.combinations_with_replacement}
     * (docs.python.org/3/library/itertools.html), transcribed: the order the packed files claim.
     */
    private static List<int[]> combinationsWithReplacement(int n, int r) {
        List<int[]> out = new ArrayList<>();
        int[] indices = new int[r];
        out.add(indices.clone());
        while (true) {
            int i = r - 1;
            while (i >= 0 && indices[i] == n - 1) {
                i--;
            }
            if (i < 0) {
                return out;
            }
            int v = indices[i] + 1;
            for (int k = i; k < r; k++) {
                indices[k] = v;
            }
            out.add(indices.clone());
        }
    }

    @Test
    void packedOrderIsThatOfCombinationsWithReplacement() {
        for (int m = 1; m <= 5; m++) {
            for (int r = 1; r <= 6; r++) {
                List<int[]> python = combinationsWithReplacement(m, r);
                Multisets sets = new Multisets(m, r);
                assertEquals(python.size(), sets.count());
                for (int k = 0; k < python.size(); k++) {
                    assertEquals(k, sets.rank(python.get(k).clone()), Arrays.toString(python.get(k)));
                }
                // pack then unpack is the identity on a symmetric tensor, and the norm counts orderings
                double[] packed = new double[sets.count()];
                for (int k = 0; k < packed.length; k++) {
                    packed[k] = k + 0.5;
                }
                double[] full = SymmetricTensors.unpack(packed, m, r);
                assertArrayEquals(packed, SymmetricTensors.pack(full, m, r));
                assertEquals(SymmetricTensors.norm(full), SymmetricTensors.norm(packed, m, r), 1e-12);
            }
        }
    }

    private static double[][] gaussian(int n, double[] mean, double[][] lower, UniformRandomProvider rng) {
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        int m = mean.length;
        double[][] out = new double[n][m];
        for (int a = 0; a < n; a++) {
            double[] z = new double[m];
            for (int i = 0; i < m; i++) {
                z[i] = normal.sample();
            }
            for (int i = 0; i < m; i++) {
                out[a][i] = mean[i];
                for (int j = 0; j <= i; j++) {
                    out[a][i] += lower[i][j] * z[j];
                }
            }
        }
        return out;
    }

    @Test
    void jackknifeErrorsAreTheDeleteGroupSpreadRecomputedByBruteForce() {
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(11L);
        int n = 70; // 32 groups of 2 or 3 members
        double[][] fields = gaussian(n, new double[] {0.3, -1.0}, new double[][] {{1.0, 0}, {0.4, 0.8}}, rng);
        for (double[] f : fields) {
            f[1] += 0.3 * f[0] * f[0]; // some non-Gaussianity, so the couplings are not pure noise
        }
        FieldTheoryTensors t = FieldTheoryTensors.of(fields, 6, 0, NoiseFloor.ALPHA, null);
        assertEquals(32, t.groups());
        // brute force: each group left out by a fresh single pass over the remaining members
        int g = 32;
        double[][] replicates = new double[g][];
        int covered = 0;
        for (int k = 0; k < g; k++) {
            int from = (int) Math.floor(k * (double) n / g);
            int to = (int) Math.floor((k + 1) * (double) n / g);
            covered += to - from;
            MomentAccumulator acc = new MomentAccumulator(2, 6);
            for (int a = 0; a < n; a++) {
                if (a < from || a >= to) {
                    acc.add(fields[a]);
                }
            }
            replicates[k] = CouplingEstimate.of(acc, 6).toVector();
        }
        assertEquals(n, covered);
        double[] se = t.standardErrors().toVector();
        for (int i = 0; i < se.length; i++) {
            double mean = 0;
            for (double[] r : replicates) {
                mean += r[i] / g;
            }
            double ss = 0;
            for (double[] r : replicates) {
                ss += (r[i] - mean) * (r[i] - mean);
            }
            double expected = Math.sqrt((g - 1.0) / g * ss);
            assertEquals(expected, se[i], 1e-8 * (expected + 1e-12), "component " + i);
        }
        assertTrue(t.standardErrors().scalar(CouplingEstimate.Scalar.QUARTIC_NORM) > 0);
    }

    @Test
    void jackknifeErrorOfTheVarianceIsTheGaussianOne() {
        // Var(sample variance) = 2σ⁴/n + O(1/n²) for a Gaussian; average SE² over ensembles
        int n = 2000;
        double sigma2 = 2.5;
        int ensembles = 60;
        double meanSe2 = 0;
        double meanSe2Kappa4 = 0;
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(5L);
        for (int e = 0; e < ensembles; e++) {
            double[][] fields = gaussian(n, new double[] {1.0}, new double[][] {{Math.sqrt(sigma2)}}, rng);
            FieldTheoryTensors t = FieldTheoryTensors.of(fields, 4, 0, NoiseFloor.ALPHA, null);
            double se = t.standardErrors().kernel()[0];
            meanSe2 += se * se / ensembles;
            double se4 = t.standardErrors().connected(4)[0];
            meanSe2Kappa4 += se4 * se4 / ensembles;
        }
        // each SE² is a 31-degree-of-freedom estimate: relative spread sqrt(2/31), over 60 ensembles ~3%
        assertEquals(2 * sigma2 * sigma2 / n, meanSe2, 0.12 * 2 * sigma2 * sigma2 / n);
        // the fourth cumulant's k-statistic-like variance for a Gaussian: 24σ⁸/n
        assertEquals(24 * Math.pow(sigma2, 4) / n, meanSe2Kappa4, 0.2 * 24 * Math.pow(sigma2, 4) / n);
    }

    /**
     * The couplings of p(φ) ∝ exp(−½ φᵀAφ − (g/4!) Σ Λ φφφφ) on a 3-point mesh, sampled: members are
     * drawn from the density restricted to a lattice, whose cumulants (exact sums) are then the
     * truth; the measured Λ4, δK⁻¹, K and G_c^(4) lie within a few of their jackknife errors of it,
     * and Λ4 is gΛ up to the O(g²) of leading order.
     */
    @Test
    void couplingsOfASampledQuarticDensityLieWithinTheirStandardErrors() {
        double[][] a = {{1.2, 0.3, 0.0}, {0.3, 1.0, -0.2}, {0.0, -0.2, 0.8}};
        double[][] v = {{1.0, 0.5, -0.3}, {0.2, -0.8, 0.6}};
        double g = 0.6;
        int side = 41;
        double half = 6.0;
        double h = 2 * half / (side - 1);
        int cells = side * side * side;
        double[] cumulative = new double[cells];
        double[][] points = new double[cells][3];
        double total = 0;
        for (int c = 0; c < cells; c++) {
            int i = c / (side * side);
            int j = (c / side) % side;
            int k = c % side;
            double[] phi = {-half + i * h, -half + j * h, -half + k * h};
            double s = 0;
            for (int p = 0; p < 3; p++) {
                for (int q = 0; q < 3; q++) {
                    s += 0.5 * phi[p] * a[p][q] * phi[q];
                }
            }
            for (double[] vk : v) {
                double d = vk[0] * phi[0] + vk[1] * phi[1] + vk[2] * phi[2];
                s += g / 24.0 * d * d * d * d;
            }
            total += Math.exp(-s);
            cumulative[c] = total;
            points[c] = phi;
        }
        // the lattice distribution's exact moments (mean 0 by symmetry φ → −φ)
        double[] k2 = new double[9];
        double[] m4 = new double[81];
        for (int c = 0; c < cells; c++) {
            double w = (cumulative[c] - (c == 0 ? 0 : cumulative[c - 1])) / total;
            double[] phi = points[c];
            for (int idx = 0; idx < 9; idx++) {
                k2[idx] += w * phi[idx / 3] * phi[idx % 3];
            }
            for (int idx = 0; idx < 81; idx++) {
                m4[idx] += w * phi[idx / 27] * phi[(idx / 9) % 3] * phi[(idx / 3) % 3] * phi[idx % 3];
            }
        }
        double[] kappa4 = new double[81];
        for (int idx = 0; idx < 81; idx++) {
            int p = idx / 27;
            int q = (idx / 9) % 3;
            int r = (idx / 3) % 3;
            int s = idx % 3;
            kappa4[idx] = m4[idx]
                    - k2[p * 3 + q] * k2[r * 3 + s]
                    - k2[p * 3 + r] * k2[q * 3 + s]
                    - k2[p * 3 + s] * k2[q * 3 + r];
        }
        double[][] kernel = {Arrays.copyOfRange(k2, 0, 3), Arrays.copyOfRange(k2, 3, 6), Arrays.copyOfRange(k2, 6, 9)};
        double[][] inv = new FreeAction(new double[3], kernel).inverseKernel();
        double[] trueQuartic = SymmetricTensors.pack(Couplings.quartic(kappa4, inv), 3, 4);
        double[] trueCorrection = CouplingEstimate.flatten(Couplings.quadraticCorrection(kappa4, inv));
        double[] trueKappa4 = SymmetricTensors.pack(kappa4, 3, 4);

        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(2024L);
        int n = 40_000;
        double[][] fields = new double[n][];
        for (int b = 0; b < n; b++) {
            double u = rng.nextDouble() * total;
            int c = Arrays.binarySearch(cumulative, u);
            fields[b] = points[c < 0 ? -c - 1 : c].clone();
        }
        FieldTheoryTensors t = FieldTheoryTensors.of(fields, 4, 19, NoiseFloor.ALPHA, rng);
        CouplingEstimate est = t.estimate();
        CouplingEstimate se = t.standardErrors();
        double chi2 = 0;
        int count = 0;
        double[][][] pairs = {
            {est.quartic(), se.quartic(), trueQuartic},
            {est.quadraticCorrection(), se.quadraticCorrection(), trueCorrection},
            {est.kernel(), se.kernel(), k2},
            {est.connected(4), se.connected(4), trueKappa4}
        };
        for (double[][] p : pairs) {
            for (int i = 0; i < p[0].length; i++) {
                double z = (p[0][i] - p[2][i]) / p[1][i];
                assertTrue(Math.abs(z) < 4.5, "z = " + z + " at " + i);
                chi2 += z * z;
                count++;
            }
        }
        // z² averages 1 if the errors are right (components are correlated: a loose band)
        assertTrue(chi2 / count > 0.25 && chi2 / count < 3, "mean z² " + chi2 / count);
        // leading order: the measured Λ4 is −gΛ's positive quartic up to O(g²), far above its error
        double[] lambda = new double[81];
        for (double[] vk : v) {
            for (int idx = 0; idx < 81; idx++) {
                lambda[idx] += g * vk[idx / 27] * vk[(idx / 9) % 3] * vk[(idx / 3) % 3] * vk[idx % 3];
            }
        }
        double norm = SymmetricTensors.norm(lambda);
        double measured = est.scalar(CouplingEstimate.Scalar.QUARTIC_NORM);
        assertEquals(norm, measured, 0.5 * norm, "‖Λ4‖ against g‖Λ‖");
        assertTrue(measured > 10 * se.scalar(CouplingEstimate.Scalar.QUARTIC_NORM));
        assertTrue(t.test(4).significant(), "a quartic density is above the Gaussian noise floor");
    }

    @Test
    void theNoiseFloorFiresAtRateAlphaOnGaussianEnsembles() {
        int trials = 200;
        int n = 40;
        double[] mean = {2.0, -1.0, 0.5};
        double[][] lower = {{1.5, 0, 0}, {0.9, 0.4, 0}, {-0.3, 0.2, 0.05}};
        int[] fired = new int[3];
        for (int trial = 0; trial < trials; trial++) {
            double[][] fields = gaussian(n, mean, lower, RandomSource.XO_SHI_RO_256_PP.create(1000L + trial));
            MomentAccumulator acc = new MomentAccumulator(3, 6);
            for (double[] f : fields) {
                acc.add(f);
            }
            CouplingEstimate e = CouplingEstimate.of(acc, 6);
            double[][] k = new double[3][3];
            for (int i = 0; i < 3; i++) {
                System.arraycopy(e.kernel(), 3 * i, k[i], 0, 3);
            }
            double[] observed = CouplingEstimate.whitenedNorms(acc, 6);
            NoiseFloor.Test[] tests = NoiseFloor.test(
                    e.mean(),
                    k,
                    n,
                    6,
                    observed,
                    NoiseFloor.SURROGATES,
                    NoiseFloor.ALPHA,
                    RandomSource.XO_SHI_RO_256_PP.create(-1L - trial));
            for (int q = 0; q < 3; q++) {
                assertEquals(e.scalar(CouplingEstimate.whitened(tests[q].order())), observed[q], 1e-9 * observed[q]);
                if (tests[q].significant()) {
                    fired[q]++;
                }
            }
        }
        double band = 4 * Math.sqrt(0.05 * 0.95 / trials);
        for (int q = 0; q < 3; q++) {
            double rate = fired[q] / (double) trials;
            assertEquals(0.05, rate, band, "order " + NoiseFloor.orders(6)[q] + " fired " + fired[q] + " times");
        }
    }

    @Test
    void groupsAccumulatedAsBlocksGiveTheSameTensorsErrorsAndTests() {
        // nnft --widths hands the blocks of BlockedMoments (320 members in blocks of 10, accumulated on
        // two threads) to ofGroups; of() groups 320 members into 32 groups of 10 itself: the same
        // groups, so every number and every test is bit-identical
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(5L);
        double[][] fields = gaussian(320, new double[] {0.1, 0.2}, new double[][] {{1.0, 0}, {0.5, 0.7}}, rng);
        for (double[] f : fields) {
            f[0] += 0.2 * f[1] * f[1];
        }
        FieldTheoryTensors direct = FieldTheoryTensors.of(
                fields, 6, NoiseFloor.SURROGATES, NoiseFloor.ALPHA, RandomSource.XO_SHI_RO_256_PP.create(9L));
        MomentAccumulator[] blocks =
                BlockedMoments.of(fields, 6, 10, 2).blocks().toArray(MomentAccumulator[]::new);
        FieldTheoryTensors grouped = FieldTheoryTensors.ofGroups(
                blocks, 6, NoiseFloor.SURROGATES, NoiseFloor.ALPHA, RandomSource.XO_SHI_RO_256_PP.create(9L));
        assertEquals(32, grouped.groups());
        assertArrayEquals(direct.estimate().toVector(), grouped.estimate().toVector());
        assertArrayEquals(
                direct.standardErrors().toVector(), grouped.standardErrors().toVector());
        assertEquals(Arrays.asList(direct.floor()), Arrays.asList(grouped.floor()));
    }

    @Test
    void aStronglyNonGaussianEnsembleIsFlaggedAtEveryOrder() {
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(7L);
        ZigguratSampler.Exponential exp = ZigguratSampler.Exponential.of(rng);
        double[][] fields = new double[300][3];
        for (double[] f : fields) {
            double common = exp.sample();
            for (int i = 0; i < 3; i++) {
                f[i] = common + 0.5 * exp.sample();
            }
        }
        FieldTheoryTensors t = FieldTheoryTensors.of(fields, 6, NoiseFloor.SURROGATES, NoiseFloor.ALPHA, rng);
        for (int r : NoiseFloor.orders(6)) {
            NoiseFloor.Test test = t.test(r);
            assertTrue(test.significant() && test.z() > 3, "order " + r + ": " + test);
            assertEquals(1.0 / 20, test.p(), 1e-15);
        }
    }

    @Test
    void wickNormalisationVanishesForAGaussianTensorAndPairingsCount() {
        assertEquals(3, CouplingEstimate.pairings(4).length);
        assertEquals(15, CouplingEstimate.pairings(6).length);
        // a scalar field: Wick4 = 3K², Wick6 = 15K³
        assertEquals(3 * 4.0, CouplingEstimate.wick(new double[][] {{2.0}}, 4)[0], 1e-15);
        assertEquals(15 * 8.0, CouplingEstimate.wick(new double[][] {{2.0}}, 6)[0], 1e-15);
    }
}
