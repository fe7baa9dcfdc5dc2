package dev.bayesrg.posterior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.net.FeatureMatrix;
import java.util.Random;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadoutPosteriorTest {
    private static final double NOISE = 0.7;
    private static final double WEIGHT_MEAN = 0.3;
    private static final double WEIGHT_VARIANCE = 0.8;
    private static final double BIAS_VARIANCE = 1.7;

    /** ReLU-like features (many exact zeros) and targets of a small net, seeded. */
    private record Problem(FeatureMatrix features, double[] targets) {
        static Problem of(int n, int width, long seed) {
            Random rnd = new Random(seed);
            double[] phi = new double[n * width];
            for (int i = 0; i < phi.length; i++) {
                phi[i] = Math.max(0, rnd.nextGaussian() + 0.2);
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = 1.5 * rnd.nextGaussian() + 0.5;
            }
            return new Problem(new FeatureMatrix(n, width, phi), y);
        }

        ReadoutPosterior posterior(boolean bias) {
            return new ReadoutPosterior(features, bias, targets, WEIGHT_MEAN, WEIGHT_VARIANCE, BIAS_VARIANCE, NOISE);
        }

        /** Φ̃, the features with a column of ones for the bias. */
        double[][] design(boolean bias) {
            int n = features.rows();
            int w = features.width();
            double[][] x = new double[n][w + (bias ? 1 : 0)];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < w; j++) {
                    x[i][j] = features.get(i, j);
                }
                if (bias) {
                    x[i][w] = 1.0;
                }
            }
            return x;
        }
    }

    /** The prior's D⁻¹ and m of a P-dimensional read-out. */
    private static double[] priorPrecision(int width, boolean bias) {
        double[] d = new double[width + (bias ? 1 : 0)];
        java.util.Arrays.fill(d, 1.0 / WEIGHT_VARIANCE);
        if (bias) {
            d[width] = 1.0 / BIAS_VARIANCE;
        }
        return d;
    }

    private static double[] priorMean(int width, boolean bias) {
        double[] m = new double[width + (bias ? 1 : 0)];
        java.util.Arrays.fill(m, 0, width, WEIGHT_MEAN);
        return m;
    }

    /**
     * The brute force in the primal: the P × P precision A = Φ̃ᵀΦ̃/σ² + D⁻¹ inverted by LU, Σ = A⁻¹,
     * μ = Σ(Φ̃ᵀy/σ² + D⁻¹m). The dual's mean and covariance agree to 1e-10, for n &lt; N, n &gt; N and
     * n = N, with and without a bias.
     */
    @ParameterizedTest(name = "n = {0}, N = {1}, bias {2}")
    @CsvSource({"6, 10, false", "6, 10, true", "14, 5, true", "14, 5, false", "8, 8, true"})
    void meanAndCovarianceMatchTheBruteForcePrimalInverse(int n, int width, boolean bias) {
        Problem problem = Problem.of(n, width, 31L * n + width);
        ReadoutPosterior posterior = problem.posterior(bias);
        double[][] x = problem.design(bias);
        int p = posterior.dimension();
        assertEquals(width + (bias ? 1 : 0), p);
        RealMatrix design = new Array2DRowRealMatrix(x);
        double[] precisionDiagonal = priorPrecision(width, bias);
        RealMatrix precision = design.transpose()
                .multiply(design)
                .scalarMultiply(1 / NOISE)
                .add(MatrixUtils.createRealDiagonalMatrix(precisionDiagonal));
        RealMatrix sigma = MatrixUtils.inverse(precision);
        double[] m = priorMean(width, bias);
        double[] rhs = design.transpose().operate(problem.targets());
        for (int j = 0; j < p; j++) {
            rhs[j] = rhs[j] / NOISE + precisionDiagonal[j] * m[j];
        }
        double[] mu = sigma.operate(rhs);
        double[] mean = posterior.mean();
        double[] cov = posterior.covariance();
        for (int j = 0; j < p; j++) {
            assertEquals(mu[j], mean[j], 1e-10, "mean " + j);
            for (int k = 0; k < p; k++) {
                assertEquals(sigma.getEntry(j, k), cov[j * p + k], 1e-10, "covariance " + j + "," + k);
            }
        }
    }

    /**
     * 20,000 draws by Matheron's rule: each coordinate's sample mean lies within 5 standard errors
     * √(Σ_jj/M) of μ, and each sample covariance within 5 standard errors √((Σ_jjΣ_kk + Σ_jk²)/M) of Σ.
     */
    @Test
    void drawsHaveTheClosedFormMomentsWithinFiveStandardErrors() {
        Problem problem = Problem.of(5, 4, 7);
        ReadoutPosterior posterior = problem.posterior(true);
        int p = posterior.dimension();
        double[] mu = posterior.mean();
        double[] sigma = posterior.covariance();
        int draws = 20_000;
        Random rnd = new Random(2024);
        double[] sum = new double[p];
        double[][] all = new double[draws][];
        for (int d = 0; d < draws; d++) {
            all[d] = posterior.sample(rnd::nextGaussian);
            for (int j = 0; j < p; j++) {
                sum[j] += all[d][j];
            }
        }
        double[] mean = new double[p];
        for (int j = 0; j < p; j++) {
            mean[j] = sum[j] / draws;
            double se = Math.sqrt(sigma[j * p + j] / draws);
            assertTrue(Math.abs(mean[j] - mu[j]) < 5 * se, "mean " + j + ": " + mean[j] + " vs " + mu[j] + " ± " + se);
        }
        for (int j = 0; j < p; j++) {
            for (int k = 0; k <= j; k++) {
                double c = 0;
                for (double[] theta : all) {
                    c += (theta[j] - mean[j]) * (theta[k] - mean[k]);
                }
                c /= draws - 1;
                double truth = sigma[j * p + k];
                double se = Math.sqrt((sigma[j * p + j] * sigma[k * p + k] + truth * truth) / draws);
                assertTrue(
                        Math.abs(c - truth) < 5 * se,
                        "covariance " + j + "," + k + ": " + c + " vs " + truth + " ± " + se);
            }
        }
    }

    /**
     * Laplace = exact on a linear read-out with the prior included: the regularised loss
     * ½|y − Φ̃θ|²/σ² + ½(θ − m)ᵀD⁻¹(θ − m), minimised by a second algorithm (gradient descent run to
     * convergence), has its minimum at the exact mean; its Hessian F_total + D⁻¹, found by finite
     * differences of the gradient and inverted in the primal, is the exact covariance; and a Laplace
     * draw around that minimum is the exact draw of the same normals.
     */
    @Test
    void laplaceAtTheRegularisedMinimumIsTheExactPosterior() {
        Problem problem = Problem.of(9, 6, 3);
        boolean bias = true;
        ReadoutPosterior posterior = problem.posterior(bias);
        double[][] x = problem.design(bias);
        int p = posterior.dimension();
        double[] dInv = priorPrecision(6, bias);
        double[] m = priorMean(6, bias);
        java.util.function.Function<double[], double[]> gradient = theta -> {
            double[] g = new double[p];
            for (int i = 0; i < x.length; i++) {
                double r = -problem.targets()[i];
                for (int j = 0; j < p; j++) {
                    r += x[i][j] * theta[j];
                }
                for (int j = 0; j < p; j++) {
                    g[j] += x[i][j] * r / NOISE;
                }
            }
            for (int j = 0; j < p; j++) {
                g[j] += dInv[j] * (theta[j] - m[j]);
            }
            return g;
        };
        double[] theta = new double[p];
        double[][] hessian = new double[p][];
        double h = 1e-3; // the gradient is affine: central differences are exact up to rounding
        for (int j = 0; j < p; j++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[j] += h;
            minus[j] -= h;
            double[] gp = gradient.apply(plus);
            double[] gm = gradient.apply(minus);
            hessian[j] = new double[p];
            for (int k = 0; k < p; k++) {
                hessian[j][k] = (gp[k] - gm[k]) / (2 * h);
            }
        }
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < j; k++) {
                hessian[j][k] = hessian[k][j] = 0.5 * (hessian[j][k] + hessian[k][j]);
            }
        }
        double largest = java.util.Arrays.stream(
                        new org.hipparchus.linear.EigenDecompositionSymmetric(new Array2DRowRealMatrix(hessian))
                                .getEigenvalues())
                .max()
                .orElseThrow();
        double step = 1.0 / largest;
        for (int it = 0; it < 200_000; it++) {
            double[] g = gradient.apply(theta);
            for (int j = 0; j < p; j++) {
                theta[j] -= step * g[j];
            }
        }
        double[] mean = posterior.mean();
        for (int j = 0; j < p; j++) {
            assertEquals(mean[j], theta[j], 1e-9, "MAP " + j);
        }
        RealMatrix laplaceCovariance = MatrixUtils.inverse(new Array2DRowRealMatrix(hessian));
        double[] cov = posterior.covariance();
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < p; k++) {
                assertEquals(laplaceCovariance.getEntry(j, k), cov[j * p + k], 1e-8, "covariance " + j + "," + k);
            }
        }
        double[] exact = posterior.sample(new Random(5)::nextGaussian);
        double[] laplace = posterior.around(theta, new Random(5)::nextGaussian);
        for (int j = 0; j < p; j++) {
            assertEquals(exact[j], laplace[j], 1e-9, "draw " + j);
        }
    }
}
