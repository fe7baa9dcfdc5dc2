package dev.bayesrg.nngp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GradientDescentPosteriorTest {
    /**
     * The second algorithm: GD iterated step by step is affine in the initialisation, a_T = M a_0 + b,
     * so iterating from a_0 = m_0 gives μ_T, and iterating the homogeneous steps (y = 0) from each unit
     * vector gives the columns of M, whence Σ_T = M diag(v_0) Mᵀ. Both n &lt; N (invertible Gram matrix)
     * and n &gt; N (singular) are covered, with a non-zero prior mean and unequal prior variances.
     */
    @ParameterizedTest(name = "n = {0}, N = {1}")
    @CsvSource({"7, 12", "15, 6"})
    void closedFormMeanAndCovarianceMatchIteratedGradientDescent(int n, int width) {
        Random rnd = new Random(17L * n + width);
        double[][] phi = new double[n][width];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                phi[i][j] = Math.max(0, rnd.nextGaussian() + 0.3);
            }
            y[i] = rnd.nextGaussian();
        }
        double[] priorMean = new double[width];
        double[] priorVariance = new double[width];
        for (int j = 0; j < width; j++) {
            priorMean[j] = 0.2 * rnd.nextGaussian();
            priorVariance[j] = 0.5 + rnd.nextDouble();
        }
        double learningRate = 0.05;
        int epochs = 60;
        GradientDescentPosterior.Gaussian closed =
                GradientDescentPosterior.of(phi, y, learningRate, epochs, priorMean, priorVariance);

        double[] mean = iterate(phi, y, priorMean, learningRate, epochs);
        double[][] m = new double[width][width]; // m[.][c] = column c of M
        double[] zero = new double[n];
        for (int c = 0; c < width; c++) {
            double[] unit = new double[width];
            unit[c] = 1;
            double[] column = iterate(phi, zero, unit, learningRate, epochs);
            for (int r = 0; r < width; r++) {
                m[r][c] = column[r];
            }
        }
        for (int i = 0; i < width; i++) {
            assertEquals(mean[i], closed.mean()[i], 1e-9 * Math.max(1, Math.abs(mean[i])), "mu_T[" + i + "]");
            for (int j = 0; j < width; j++) {
                double s = 0;
                for (int k = 0; k < width; k++) {
                    s += m[i][k] * priorVariance[k] * m[j][k];
                }
                assertEquals(
                        s, closed.covariance()[i][j], 1e-9 * Math.max(1, Math.abs(s)), "Sigma_T[" + i + "][" + j + "]");
            }
        }
    }

    /**
     * Rows (2, 0, 0) and (0, 1, 1) give Φ Φᵀ = diag(4, 2), so η must stay below n/λ_max = 2/4; iterated
     * GD from a_0 = (1, 0, 0) with y = 0 multiplies a by (1 − 2η·4/2) = 1 − 4η each epoch: it decays
     * (as 0.8^T) at 0.9 of the bound and grows (as 1.2^T) at 1.1 of it.
     */
    @Test
    void stableLearningRateBoundIsWhereIteratedDescentStopsConverging() {
        double[][] phi = {{2, 0, 0}, {0, 1, 1}};
        double bound = GradientDescentPosterior.stableLearningRateBound(phi);
        assertEquals(0.5, bound, 1e-15);
        double[] start = {1, 0, 0};
        double[] zero = new double[2];
        assertTrue(Math.abs(iterate(phi, zero, start, 0.9 * bound, 200)[0]) < 1e-15);
        assertTrue(Math.abs(iterate(phi, zero, start, 1.1 * bound, 200)[0]) > 1e15);
        assertEquals(
                Double.POSITIVE_INFINITY, GradientDescentPosterior.stableLearningRateBound(new double[][] {{0, 0}}));
    }

    /** Full-batch GD on (1/n) Σ (a·φ_i − y_i)², epoch by epoch. */
    private static double[] iterate(double[][] phi, double[] y, double[] start, double learningRate, int epochs) {
        int n = phi.length;
        int width = start.length;
        double[] a = start.clone();
        for (int t = 0; t < epochs; t++) {
            double[] grad = new double[width];
            for (int i = 0; i < n; i++) {
                double r = -y[i];
                for (int j = 0; j < width; j++) {
                    r += a[j] * phi[i][j];
                }
                for (int j = 0; j < width; j++) {
                    grad[j] += 2.0 / n * r * phi[i][j];
                }
            }
            for (int j = 0; j < width; j++) {
                a[j] -= learningRate * grad[j];
            }
        }
        return a;
    }
}
