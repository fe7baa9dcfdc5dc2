package dev.bayesrg.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A = Q T Qᵀ with Q orthogonal and T tridiagonal, checked by forming Q and against EJML's eigenvalues. */
class HouseholderTridiagonalTest {

    /** A symmetric matrix: a Gram matrix of {@code rank} random features (rank-deficient when rank < n), some rows zero. */
    static double[] symmetric(Random rnd, int n, int rank, int zeroRows) {
        double[][] phi = new double[n][rank];
        for (int i = zeroRows; i < n; i++) {
            for (int k = 0; k < rank; k++) {
                phi[i][k] = Math.max(0, rnd.nextGaussian() + 0.2) * 1e3;
            }
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < rank; k++) {
                    s += phi[i][k] * phi[j][k];
                }
                a[i * n + j] = s;
            }
        }
        return a;
    }

    private static double[][] formQ(HouseholderTridiagonal t, int n) {
        double[][] columns = new double[n][];
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1;
            t.applyQ(e);
            columns[j] = e;
        }
        return columns;
    }

    @ParameterizedTest(name = "n={0} rank={1} zero rows={2}")
    @CsvSource({"1, 1, 0", "2, 3, 0", "3, 5, 1", "17, 40, 0", "40, 8, 3", "64, 64, 0", "33, 1, 32"})
    void reflectorsReproduceTheMatrixWithAnOrthogonalQAndATridiagonalT(int n, int rank, int zeroRows) {
        Random rnd = new Random(n * 31L + rank);
        double[] a = symmetric(rnd, n, rank, zeroRows);
        double scale = Arrays.stream(a).map(Math::abs).max().orElse(1);
        HouseholderTridiagonal t = new HouseholderTridiagonal(a.clone(), n);
        double[][] q = formQ(t, n);
        double[] d = t.diagonal();
        double[] e = t.offDiagonal();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double qtq = 0;
                double qtqt = 0; // (Q T Qᵀ)_ij
                for (int k = 0; k < n; k++) {
                    qtq += q[i][k] * q[j][k]; // columns i, j of Q
                    double tk = d[k] * q[k][j];
                    if (k > 0) {
                        tk += e[k - 1] * q[k - 1][j];
                    }
                    if (k < n - 1) {
                        tk += e[k] * q[k + 1][j];
                    }
                    qtqt += q[k][i] * tk; // Q[i][k] is column k's entry i
                }
                assertEquals(i == j ? 1.0 : 0.0, qtq, 1e-13, "QᵀQ at " + i + "," + j);
                assertEquals(a[i * n + j], qtqt, 1e-13 * scale * n, "Q T Qᵀ at " + i + "," + j);
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[] y = x.clone();
        t.applyTransposeQ(y);
        t.applyQ(y);
        for (int i = 0; i < n; i++) {
            assertEquals(x[i], y[i], 1e-14, "Q Qᵀ x at " + i);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({"5", "50", "120"})
    void tridiagonalMatrixHasTheEigenvaluesOfTheOriginal(int n) {
        Random rnd = new Random(n);
        double[] a = symmetric(rnd, n, n / 2 + 3, 0);
        double[] tri = new double[n * n];
        HouseholderTridiagonal t = new HouseholderTridiagonal(a.clone(), n);
        for (int i = 0; i < n; i++) {
            tri[i * n + i] = t.diagonal()[i];
            if (i < n - 1) {
                tri[i * n + i + 1] = t.offDiagonal()[i];
                tri[(i + 1) * n + i] = t.offDiagonal()[i];
            }
        }
        double[] expected = eigenvalues(a, n);
        double[] actual = eigenvalues(tri, n);
        double largest = expected[n - 1];
        for (int k = 0; k < n; k++) {
            assertTrue(
                    Math.abs(expected[k] - actual[k]) <= 1e-12 * largest,
                    "eigenvalue " + k + ": " + expected[k] + " vs " + actual[k]);
        }
    }

    private static double[] eigenvalues(double[] m, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        assertTrue(eig.decompose(DMatrixRMaj.wrap(n, n, m.clone())));
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = eig.getEigenvalue(k).getReal();
        }
        Arrays.sort(v);
        return v;
    }
}
