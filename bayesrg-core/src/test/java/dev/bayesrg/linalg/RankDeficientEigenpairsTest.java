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

/**
 * Positive semi-definite matrices whose spectrum is mostly a cluster of exact zeros, such as the Gram
 * matrix of a softmax Fisher's Jacobian (K rows per input, K − 1 of them independent, over few
 * parameters): the implicit QL iteration converges (it used to run out of iterations inside the
 * cluster, whose diagonal entries are as small as their couplings) and its eigenvalues are EJML's.
 */
class RankDeficientEigenpairsTest {

    /**
     * J Jᵀ of the rows √p_c (e_c − p) ⊗ (φ_n, 1) of n inputs, K classes and width N: nK × nK, of rank
     * min(n (K − 1), (K − 1)(N + 1)) (each input's rows span K − 1 directions, and the N + 1 parameter
     * directions that move every class's logit alike are null).
     */
    private static double[] softmaxJacobianGram(Random rnd, int n, int k, int width) {
        int p = k * (width + 1);
        double[][] rows = new double[n * k][p];
        for (int input = 0; input < n; input++) {
            double[] phi = new double[width + 1];
            for (int j = 0; j < width; j++) {
                phi[j] = Math.max(0, rnd.nextGaussian());
            }
            phi[width] = 1;
            double[] prob = new double[k];
            double z = 0;
            for (int c = 0; c < k; c++) {
                prob[c] = Math.exp(2 * rnd.nextGaussian());
                z += prob[c];
            }
            for (int c = 0; c < k; c++) {
                prob[c] /= z;
            }
            for (int c = 0; c < k; c++) {
                for (int out = 0; out < k; out++) {
                    double d = Math.sqrt(prob[c]) * ((out == c ? 1 : 0) - prob[out]) / Math.sqrt(n);
                    for (int j = 0; j <= width; j++) {
                        rows[input * k + c][out * (width + 1) + j] = d * phi[j];
                    }
                }
            }
        }
        int m = n * k;
        double[] g = new double[m * m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                double s = 0;
                for (int q = 0; q < p; q++) {
                    s += rows[a][q] * rows[b][q];
                }
                g[a * m + b] = s;
            }
        }
        return g;
    }

    /** Q diag(λ_1..λ_r, 0, …, 0) Qᵀ with Q a random orthogonal matrix (Gram–Schmidt). */
    private static double[] lowRank(Random rnd, int m, int rank) {
        double[][] q = new double[rank][m];
        for (int k = 0; k < rank; k++) {
            for (int i = 0; i < m; i++) {
                q[k][i] = rnd.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < k; j++) {
                    double dot = 0;
                    for (int i = 0; i < m; i++) {
                        dot += q[j][i] * q[k][i];
                    }
                    for (int i = 0; i < m; i++) {
                        q[k][i] -= dot * q[j][i];
                    }
                }
            }
            double norm = Math.sqrt(Arrays.stream(q[k]).map(x -> x * x).sum());
            for (int i = 0; i < m; i++) {
                q[k][i] /= norm;
            }
        }
        double[] a = new double[m * m];
        for (int k = 0; k < rank; k++) {
            double lambda = Math.pow(10, -3 * rnd.nextDouble());
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    a[i * m + j] += lambda * q[k][i] * q[k][j];
                }
            }
        }
        for (int i = 0; i < m; i++) { // exactly symmetric
            for (int j = 0; j < i; j++) {
                a[j * m + i] = a[i * m + j];
            }
        }
        return a;
    }

    private static void assertEigenvaluesAreEjmls(double[] a, int m, int rank) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, false, true);
        assertTrue(eig.decompose(new DMatrixRMaj(m, m, true, a.clone())));
        double[] reference = new double[m];
        for (int k = 0; k < m; k++) {
            reference[k] = eig.getEigenvalue(k).getReal();
        }
        Arrays.sort(reference);
        double largest = reference[m - 1];
        SymmetricEigenpairs pairs = new SymmetricEigenpairs(a.clone(), m);
        double[] values = pairs.eigenvalues();
        int zeros = 0;
        for (int k = 0; k < m; k++) {
            assertEquals(reference[m - 1 - k], values[k], 1e-10 * largest, "eigenvalue " + k);
            zeros += Math.abs(values[k]) < 1e-12 * largest ? 1 : 0;
        }
        assertEquals(m - rank, zeros, "the cluster at zero");
        // its vectors too: A u = λ u for the first rank of them
        double[][] u = pairs.eigenvectors(rank);
        for (int k = 0; k < rank; k++) {
            for (int i = 0; i < m; i++) {
                double au = 0;
                for (int j = 0; j < m; j++) {
                    au += a[i * m + j] * u[k][j];
                }
                assertEquals(values[k] * u[k][i], au, 1e-10 * largest, "A u = λ u, vector " + k);
            }
        }
    }

    @ParameterizedTest(name = "n={0} K={1} N={2}")
    @CsvSource({"40, 3, 4", "30, 5, 2", "64, 3, 9", "12, 10, 1", "40, 3, 100", "60, 4, 80", "100, 3, 200", "70, 3, 512"
    })
    void theGramOfASoftmaxJacobianConverges(int n, int k, int width) {
        double[] g = softmaxJacobianGram(new Random(n * 7L + k), n, k, width);
        assertEigenvaluesAreEjmls(g, n * k, Math.min(n * (k - 1), (k - 1) * (width + 1)));
    }

    @ParameterizedTest(name = "m={0} rank={1}")
    @CsvSource({"60, 1", "90, 5", "120, 12", "50, 0"})
    void aFewEigenvaluesAndAClusterOfExactZerosConverge(int m, int rank) {
        double[] a = lowRank(new Random(m + 31L * rank), m, rank);
        if (rank == 0) {
            a[0] = 1; // one nonzero entry: rank 1
            rank = 1;
        }
        assertEigenvaluesAreEjmls(a, m, rank);
    }
}
