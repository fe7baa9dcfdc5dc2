package dev.bayesrg.nnft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** KL between the Gaussian parts of two field theories, against closed forms and a second algorithm. */
class GaussianKlTest {
    @Test
    void independentPointsGiveTheSumOfOneDimensionalDivergences() {
        double[] m0 = {0.5, -1.0};
        double[] m1 = {1.5, 2.0};
        double[] v0 = {2.0, 0.5};
        double[] v1 = {4.0, 3.0};
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            double dm = m1[i] - m0[i];
            expected += 0.5 * (v0[i] / v1[i] + dm * dm / v1[i] - 1 + Math.log(v1[i] / v0[i]));
        }
        FreeAction from = new FreeAction(m0, new double[][] {{v0[0], 0}, {0, v0[1]}});
        FreeAction to = new FreeAction(m1, new double[][] {{v1[0], 0}, {0, v1[1]}});
        assertEquals(expected, GaussianKl.divergence(from, to), 1e-14);
    }

    @Test
    void aGeneralPairAgreesWithTheInverseAndDeterminantFormula() {
        Random random = new Random(11);
        double[][] k0 = spd(random, 5);
        double[][] k1 = spd(random, 5);
        double[] m0 = new double[5];
        double[] m1 = new double[5];
        for (int i = 0; i < 5; i++) {
            m0[i] = random.nextGaussian();
            m1[i] = random.nextGaussian();
        }
        DMatrixRMaj inv1 = new DMatrixRMaj(k1);
        CommonOps_DDRM.invert(inv1);
        DMatrixRMaj product = new DMatrixRMaj(5, 5);
        CommonOps_DDRM.mult(inv1, new DMatrixRMaj(k0), product);
        double quad = 0;
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                quad += (m1[a] - m0[a]) * inv1.get(a, b) * (m1[b] - m0[b]);
            }
        }
        double expected = 0.5
                * (CommonOps_DDRM.trace(product)
                        + quad
                        - 5
                        + Math.log(CommonOps_DDRM.det(new DMatrixRMaj(k1)) / CommonOps_DDRM.det(new DMatrixRMaj(k0))));
        assertEquals(expected, GaussianKl.divergence(new FreeAction(m0, k0), new FreeAction(m1, k1)), 1e-11);
    }

    /**
     * Fewer members than mesh points: the sampled kernel is singular and the action regularises it
     * with a tiny jitter (condition number near 1e12). The divergence of a theory from itself is still
     * 0: from an explicit inverse it came out 1.2e-4 here, and 0.875 in a run of 5 members on 4 points.
     */
    @Test
    void aJitteredSingularKernelHasNoDivergenceFromItself() {
        Random random = new Random(5);
        int points = 8;
        int members = 4;
        double[][] samples = new double[members][points];
        for (double[] row : samples) {
            for (int i = 0; i < points; i++) {
                row[i] = 100 * random.nextGaussian();
            }
        }
        double[] mean = new double[points];
        double[][] k = new double[points][points];
        for (double[] row : samples) {
            for (int i = 0; i < points; i++) {
                mean[i] += row[i] / members;
            }
        }
        for (double[] row : samples) {
            for (int i = 0; i < points; i++) {
                for (int j = 0; j < points; j++) {
                    k[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / (members - 1);
                }
            }
        }
        FreeAction theory = new FreeAction(mean, k);
        assertTrue(theory.jitter() > 0, "the sampled kernel of 4 members on 8 points is singular");
        assertEquals(0.0, GaussianKl.divergence(theory, theory), 1e-12);
        assertTrue(GaussianKl.divergence(theory, new FreeAction(mean, k)) == 0.0);
    }

    private static double[][] spd(Random random, int n) {
        double[][] a = new double[n][n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int l = 0; l < n; l++) {
                    k[i][j] += a[i][l] * a[j][l];
                }
            }
            k[i][i] += 0.5;
        }
        return k;
    }
}
