package dev.bayesrg.nnft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CouplingsTest {

    @Test
    void scalarQuarticAndQuadraticCorrectionMatchTheClosedForms() {
        // S = a x²/2 + λ x⁴/4! with a = 1/G + κ4/(2G³), λ = −κ4/G⁴ (SPEC §3.3)
        double g = 2.0;
        double kappa4 = 0.3;
        double[][] inv = {{1 / g}};
        assertEquals(-kappa4 / Math.pow(g, 4), Couplings.quartic(new double[] {kappa4}, inv)[0], 1e-15);
        assertEquals(
                kappa4 / (2 * Math.pow(g, 3)), Couplings.quadraticCorrection(new double[] {kappa4}, inv)[0][0], 1e-15);
        assertEquals(-0.7 / Math.pow(g, 3), Couplings.cubic(new double[] {0.7}, inv)[0], 1e-15);
    }

    @Test
    void scalarSexticTreeSatisfiesKappa6Identity() {
        // κ6 = −λ6 G⁶ + 10 λ4² G⁷ with λ4 = −κ4/G⁴
        double g = 1.7;
        double kappa4 = 0.4;
        double kappa6 = -0.9;
        double lambda6 =
                Couplings.sexticTree(new double[] {kappa6}, new double[] {kappa4}, new double[][] {{1 / g}})[0];
        double lambda4 = -kappa4 / Math.pow(g, 4);
        assertEquals(kappa6, -lambda6 * Math.pow(g, 6) + 10 * lambda4 * lambda4 * Math.pow(g, 7), 1e-12);
    }

    /** Cumulants of p(φ) ∝ exp(−½ φᵀAφ − (g/4!) Σ Λ_abcd φ_aφ_bφ_cφ_d) on a 3-point mesh, by quadrature. */
    private static double[][] quadratureCumulants(double[][] a, double[] quartic, double g, double[] kappa4Out) {
        int m = 3;
        int n = 81;
        double half = 7.0;
        double h = 2 * half / (n - 1);
        double z = 0;
        double[][] second = new double[m][m];
        double[] fourth = new double[m * m * m * m];
        double[] phi = new double[m];
        for (int i = 0; i < n; i++) {
            phi[0] = -half + i * h;
            for (int j = 0; j < n; j++) {
                phi[1] = -half + j * h;
                for (int k = 0; k < n; k++) {
                    phi[2] = -half + k * h;
                    double s = 0;
                    for (int p = 0; p < m; p++) {
                        for (int q = 0; q < m; q++) {
                            s += 0.5 * phi[p] * a[p][q] * phi[q];
                        }
                    }
                    double q4 = 0;
                    for (int idx = 0; idx < quartic.length; idx++) {
                        q4 += quartic[idx] * phi[idx / 27] * phi[(idx / 9) % 3] * phi[(idx / 3) % 3] * phi[idx % 3];
                    }
                    double w = Math.exp(-s - g / 24.0 * q4);
                    z += w;
                    for (int p = 0; p < m; p++) {
                        for (int q = 0; q < m; q++) {
                            second[p][q] += w * phi[p] * phi[q];
                        }
                    }
                    for (int idx = 0; idx < fourth.length; idx++) {
                        fourth[idx] += w * phi[idx / 27] * phi[(idx / 9) % 3] * phi[(idx / 3) % 3] * phi[idx % 3];
                    }
                }
            }
        }
        for (int p = 0; p < m; p++) {
            for (int q = 0; q < m; q++) {
                second[p][q] /= z;
            }
        }
        for (int idx = 0; idx < fourth.length; idx++) {
            int p = idx / 27;
            int q = (idx / 9) % 3;
            int r = (idx / 3) % 3;
            int s = idx % 3;
            // zero mean: κ4 = E[φφφφ] − three Wick pairings
            kappa4Out[idx] = fourth[idx] / z
                    - second[p][q] * second[r][s]
                    - second[p][r] * second[q][s]
                    - second[p][s] * second[q][r];
        }
        return second;
    }

    private static double[][] invert3(double[][] k) {
        FreeAction f = new FreeAction(new double[3], k);
        assertEquals(0.0, f.jitter());
        return f.inverseKernel();
    }

    @Test
    void inverseFeynmanRulesRecoverTheCouplingsOfAnExplicitDensity() {
        double[][] a = {{1.2, 0.3, 0.0}, {0.3, 1.0, -0.2}, {0.0, -0.2, 0.8}};
        // a positive quartic: Λ = Σ_k v_k⊗v_k⊗v_k⊗v_k
        double[][] v = {{1.0, 0.5, -0.3}, {0.2, -0.8, 0.6}};
        double[] lambda = new double[81];
        for (double[] vk : v) {
            for (int idx = 0; idx < 81; idx++) {
                lambda[idx] += vk[idx / 27] * vk[(idx / 9) % 3] * vk[(idx / 3) % 3] * vk[idx % 3];
            }
        }
        double[] errors = new double[2];
        double[] quadraticErrors = new double[2];
        double[] freeErrors = new double[2];
        double[] gs = {0.08, 0.04};
        for (int t = 0; t < 2; t++) {
            double g = gs[t];
            double[] kappa4 = new double[81];
            double[][] k = quadratureCumulants(a, lambda, g, kappa4);
            double[][] kInv = invert3(k);
            double[] recovered = Couplings.quartic(kappa4, kInv);
            double err = 0;
            double norm = 0;
            for (int idx = 0; idx < 81; idx++) {
                err = Math.max(err, Math.abs(recovered[idx] - g * lambda[idx]));
                norm = Math.max(norm, Math.abs(g * lambda[idx]));
            }
            errors[t] = err / norm;
            double[][] correction = Couplings.quadraticCorrection(kappa4, kInv);
            double qErr = 0;
            double fErr = 0;
            for (int p = 0; p < 3; p++) {
                for (int q = 0; q < 3; q++) {
                    qErr = Math.max(qErr, Math.abs(kInv[p][q] + correction[p][q] - a[p][q]));
                    fErr = Math.max(fErr, Math.abs(kInv[p][q] - a[p][q]));
                }
            }
            quadraticErrors[t] = qErr;
            freeErrors[t] = fErr;
        }
        // leading order: Λ4 = gΛ + O(g²), so the relative error is O(g) and halves with g
        assertTrue(errors[0] < 0.15, "relative error of Λ4 at g = 0.08: " + errors[0]);
        assertEquals(0.5, errors[1] / errors[0], 0.12, "error ratio when g halves");
        // K⁻¹ alone misses A at O(g); with the derived ½κ4K⁻¹K⁻¹K⁻¹ correction only O(g²) remains
        assertEquals(0.5, freeErrors[1] / freeErrors[0], 0.1, "K⁻¹ − A is O(g)");
        assertEquals(0.25, quadraticErrors[1] / quadraticErrors[0], 0.1, "K⁻¹ + δK⁻¹ − A is O(g²)");
        assertTrue(quadraticErrors[0] < 0.2 * freeErrors[0]);
    }

    @Test
    void couplingsOfSampledGaussianEnsembleVanishAndFreeActionIsTheGaussianOne() {
        java.util.Random rnd = new java.util.Random(3);
        MomentAccumulator acc = new MomentAccumulator(2, 4);
        for (int s = 0; s < 100_000; s++) {
            double z0 = rnd.nextGaussian();
            double z1 = rnd.nextGaussian();
            acc.add(new double[] {1 + z0, -1 + 0.5 * z0 + z1});
        }
        Correlators c = new Correlators(acc);
        FreeAction free = FreeAction.of(c);
        // K = [[1, .5], [.5, 1.25]]  ⇒ K⁻¹ = [[1.25, −.5], [−.5, 1]]
        double[][] inv = free.inverseKernel();
        assertEquals(1.25, inv[0][0], 0.03);
        assertEquals(-0.5, inv[0][1], 0.02);
        assertEquals(1.0, inv[1][1], 0.02);
        assertEquals(0.5 * (1.25 * 1 - 2 * 0.5 * 1 * 0 + 0), free.value(new double[] {2, -1}), 0.05);
        double[] lambda4 = Couplings.quartic(Couplings.connectedTensor(c, 4), inv);
        for (double l : lambda4) {
            assertEquals(0, l, 0.1);
        }
    }

    @Test
    void aSingularKernelIsRegularisedAndTheJitterReported() {
        double[][] k = {{1, 1}, {1, 1}}; // two coincident mesh points
        FreeAction f = new FreeAction(new double[2], k);
        assertTrue(f.jitter() > 0 && f.jitter() < 1e-3, "jitter " + f.jitter());
    }

    @Test
    void sexticTreeFromTransformedPiecesEqualsTheDirectOne() {
        java.util.Random rnd = new java.util.Random(9);
        int m = 3;
        double[][] k = {{1.3, 0.2, -0.1}, {0.2, 0.9, 0.3}, {-0.1, 0.3, 1.1}};
        double[][] inv = new FreeAction(new double[m], k).inverseKernel();
        double[] kappa4 = SymmetricTensors.unpack(rnd.doubles(15, -1, 1).toArray(), m, 4);
        double[] kappa6 = SymmetricTensors.unpack(rnd.doubles(28, -1, 1).toArray(), m, 6);
        double[] direct = Couplings.sexticTree(kappa6, kappa4, inv);
        double[] viaTransformed = Couplings.sexticTreeFromTransformed(
                Couplings.transformAllIndices(kappa6, inv, 6), Couplings.quartic(kappa4, inv), k);
        for (int i = 0; i < direct.length; i++) {
            assertEquals(direct[i], viaTransformed[i], 1e-10 * (1 + Math.abs(direct[i])));
        }
    }
}
