package dev.bayesrg.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Eigenvalues and eigenvectors from the tridiagonal form against EJML's full symmetric
 * eigendecomposition: random, rank-deficient, clustered, block-diagonal and zero matrices.
 */
class SymmetricEigenpairsTest {

    /** A Gram matrix of {@code rank} random features scaled by {@code scale} (rank-deficient when rank &lt; n). */
    private static double[] gram(Random rnd, int n, int rank, double scale) {
        double[] a = HouseholderTridiagonalTest.symmetric(rnd, n, rank, 0);
        for (int i = 0; i < a.length; i++) {
            a[i] *= scale * 1e-3 * scale * 1e-3; // its features are of size 1e3
        }
        return a;
    }

    /** V diag(λ) Vᵀ with V a random orthogonal matrix (Gram–Schmidt of Gaussian columns). */
    private static double[] withSpectrum(Random rnd, double[] lambda) {
        int n = lambda.length;
        double[][] v = new double[n][n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                v[k][i] = rnd.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < k; j++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += v[j][i] * v[k][i];
                    }
                    for (int i = 0; i < n; i++) {
                        v[k][i] -= dot * v[j][i];
                    }
                }
            }
            double norm = Math.sqrt(Arrays.stream(v[k]).map(x -> x * x).sum());
            for (int i = 0; i < n; i++) {
                v[k][i] /= norm;
            }
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += v[k][i] * lambda[k] * v[k][j];
                }
                a[i * n + j] = s;
                a[j * n + i] = s;
            }
        }
        return a;
    }

    /** EJML's eigenvalues, descending, and their eigenvectors. */
    private record Reference(double[] values, double[][] vectors) {}

    private static Reference ejml(double[] a, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        assertTrue(eig.decompose(new DMatrixRMaj(n, n, true, a.clone())));
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        Arrays.sort(
                order,
                (x, y) -> Double.compare(
                        eig.getEigenvalue(y).getReal(), eig.getEigenvalue(x).getReal()));
        double[] values = new double[n];
        double[][] vectors = new double[n][];
        for (int k = 0; k < n; k++) {
            values[k] = eig.getEigenvalue(order[k]).getReal();
            vectors[k] = Arrays.copyOf(eig.getEigenVector(order[k]).data, n);
        }
        return new Reference(values, vectors);
    }

    /** Checks eigenvalues, A u = λ u, orthonormality, sign, and every spectral projector at a gap. */
    private static void assertAgreesWithEjml(double[] a, int n) {
        double scale = Math.max(
                Double.MIN_NORMAL, Arrays.stream(a).map(Math::abs).max().orElse(0.0) * Math.max(1, n));
        Reference reference = ejml(a, n);
        SymmetricEigenpairs pairs = new SymmetricEigenpairs(a.clone(), n);
        double[] values = pairs.eigenvalues();
        assertEquals(n, values.length);
        for (int k = 0; k < n; k++) {
            assertEquals(reference.values()[k], values[k], 1e-13 * scale, "eigenvalue " + k);
            if (k > 0) {
                assertTrue(values[k] <= values[k - 1], "descending");
            }
        }
        // half first, then the rest: the vectors found later must still be orthogonal to the first
        pairs.eigenvectors(n / 2);
        double[][] u = pairs.eigenvectors(n);
        for (int k = 0; k < n; k++) {
            int largest = 0;
            for (int i = 0; i < n; i++) {
                double au = 0;
                for (int j = 0; j < n; j++) {
                    au += a[i * n + j] * u[k][j];
                }
                assertEquals(values[k] * u[k][i], au, 1e-12 * scale, "A u = λ u, vector " + k + ", row " + i);
                largest = Math.abs(u[k][i]) > Math.abs(u[k][largest]) ? i : largest;
            }
            double sum = Arrays.stream(u[k]).sum();
            assertTrue(Math.abs(sum) > 1e-8 ? sum > 0 : u[k][largest] > 0, "canonical sign of vector " + k);
            for (int l = 0; l <= k; l++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += u[k][i] * u[l][i];
                }
                assertEquals(k == l ? 1.0 : 0.0, dot, 1e-12, "u_" + k + " · u_" + l);
            }
        }
        for (int count = 1; count < n; count++) {
            if (reference.values()[count - 1] - reference.values()[count] < 1e-6 * scale) {
                continue; // no gap: the span there is not determined
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double expected = 0;
                    double actual = 0;
                    for (int k = 0; k < count; k++) {
                        expected += reference.vectors()[k][i] * reference.vectors()[k][j];
                        actual += u[k][i] * u[k][j];
                    }
                    assertEquals(expected, actual, 1e-10, "projector onto the first " + count);
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0} rank={1} scale={2}")
    @CsvSource({
        "1, 1, 1",
        "2, 1, 1",
        "2, 3, 1",
        "3, 5, 1e-3",
        "17, 40, 1e3",
        "40, 8, 1",
        "64, 64, 1e100",
        "33, 1, 1",
        "120, 60, 1e-60"
    })
    void gramMatricesOfRandomFeaturesAgreeWithTheFullEigendecomposition(int n, int rank, double scale) {
        assertAgreesWithEjml(gram(new Random(n * 31L + rank), n, rank, scale), n);
    }

    @Test
    void componentsAndCombinationsEqualThoseOfTheFormedEigenvectors() {
        int n = 30;
        int count = 17;
        double[] a = gram(new Random(21), n, 40, 1);
        Random random = new Random(22);
        double[] y = random.doubles(n).toArray();
        double[][] coefficients = new double[3][];
        for (int r = 0; r < coefficients.length; r++) {
            coefficients[r] = random.doubles(count).map(c -> c - 0.5).toArray();
        }
        // a fresh instance each: the shortcuts before any eigenvector is formed
        double[] components = new SymmetricEigenpairs(a.clone(), n).components(y, count);
        double[][] combinations = new SymmetricEigenpairs(a.clone(), n).combinations(coefficients, count);
        double[][] u = new SymmetricEigenpairs(a.clone(), n).eigenvectors(count);
        for (int k = 0; k < count; k++) {
            double expected = 0;
            for (int i = 0; i < n; i++) {
                expected += u[k][i] * y[i];
            }
            assertEquals(expected, components[k], 1e-13, "u_" + k + " · y");
        }
        for (int r = 0; r < coefficients.length; r++) {
            for (int i = 0; i < n; i++) {
                double expected = 0;
                for (int k = 0; k < count; k++) {
                    expected += coefficients[r][k] * u[k][i];
                }
                assertEquals(expected, combinations[r][i], 1e-13, "row " + r + ", entry " + i);
            }
        }
    }

    @Test
    void clusteredAndRepeatedEigenvaluesStillGetOrthonormalVectors() {
        double[] lambda = {5, 5, 5, 3, 3 + 1e-10, 3 - 1e-13, 1, 1e-9, 0, 0, 0, 0, 2, 2, 2, 2, -1, -1};
        assertAgreesWithEjml(withSpectrum(new Random(7), lambda), lambda.length);
        double[] equal = new double[30];
        Arrays.fill(equal, 4.0);
        equal[0] = 4.0 + 1e-15;
        assertAgreesWithEjml(withSpectrum(new Random(8), equal), equal.length);
    }

    @Test
    void blockDiagonalAndDiagonalMatricesGiveUnitVectorsPerBlock() {
        int n = 6;
        double[] a = new double[n * n];
        a[0] = 2;
        a[1] = 1;
        a[n] = 1;
        a[n + 1] = 2;
        a[2 * n + 2] = 7;
        a[4 * n + 4] = -3;
        a[5 * n + 5] = 7;
        assertAgreesWithEjml(a, n);
        SymmetricEigenpairs pairs = new SymmetricEigenpairs(a.clone(), n);
        assertEquals(7.0, pairs.eigenvalues()[0], 0.0);
        assertEquals(7.0, pairs.eigenvalues()[1], 0.0);
    }

    @Test
    void zeroAndEmptyMatrices() {
        assertAgreesWithEjml(new double[25], 5);
        assertAgreesWithEjml(new double[1], 1);
        SymmetricEigenpairs empty = new SymmetricEigenpairs(new double[0], 0);
        assertEquals(0, empty.eigenvalues().length);
        assertEquals(0, empty.eigenvectors(0).length);
        double[][] zero = new SymmetricEigenpairs(new double[9], 3).eigenvectors(3);
        for (int k = 0; k < 3; k++) {
            assertEquals(1.0, zero[k][k], 0.0, "the zero matrix's eigenvectors: the unit vectors");
        }
    }

    @Test
    void theReflectorsAppliedToTheColumnsOfAMatrixActAsOnEachColumn() {
        int n = 9;
        int columns = 3;
        double[] a = gram(new Random(3), n, 12, 1);
        HouseholderTridiagonal t = new HouseholderTridiagonal(a, n);
        Random rnd = new Random(4);
        double[] x = new double[n * columns];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[][] one = new double[columns][n];
        for (int c = 0; c < columns; c++) {
            for (int i = 0; i < n; i++) {
                one[c][i] = x[i * columns + c];
            }
            t.applyQ(one[c]);
        }
        t.applyQToColumns(x, columns);
        for (int c = 0; c < columns; c++) {
            for (int i = 0; i < n; i++) {
                assertEquals(one[c][i], x[i * columns + c], 1e-14);
            }
        }
    }
}
