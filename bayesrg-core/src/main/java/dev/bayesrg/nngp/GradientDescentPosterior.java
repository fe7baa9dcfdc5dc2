package dev.bayesrg.nngp;

import dev.bayesrg.net.LinearDescent;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The law of a linear read-out after T epochs of full-batch gradient descent on frozen features, from a
 * Gaussian initialisation a_0 ~ N(m_0, diag v_0) (docs/method.md, "nngp --compare"). Each step on the mean squared error
 * (1/n) Σ_i (a·φ(x_i) − y_i)² is a_{t+1} = a_t − c Φᵀ(Φ a_t − y) with c = 2η/n (the "η → 2η/n" of
 * §5.4), so a_T = M a_0 + b is affine in a_0 and the trained ensemble is exactly Gaussian:
 * <pre>
 *   M = I − Φᵀ U diag(g_T(λ)) Uᵀ Φ,   b = Φᵀ U diag(g_T(λ)) Uᵀ y,   g_T(λ) = (1 − (1 − cλ)^T)/λ  (→ cT as λ → 0)
 *   μ_T = M m_0 + b,   Σ_T = M diag(v_0) Mᵀ
 * </pre>
 * with G = Φ Φᵀ = U diag(λ) Uᵀ the n×n Gram matrix. Directions with λ = 0 never move, so the form holds
 * for n &gt; N (singular G) as well; it costs one n×n eigendecomposition and O(N² n).
 */
public final class GradientDescentPosterior {
    /** μ_T and Σ_T of the N read-out parameters. */
    public record Gaussian(double[] mean, double[][] covariance) {}

    private GradientDescentPosterior() {}

    /**
     * The exact ensemble after T epochs of full-batch GD of a linear read-out from a Gaussian prior.
     *
     * @param features     Φ, n rows φ(x_i) ∈ R^N (a constant column stands for a bias)
     * @param targets      y, length n
     * @param learningRate η
     * @param epochs       T
     * @param priorMean    m_0, length N
     * @param priorVariance v_0, length N
     */
    public static Gaussian of(
            double[][] features,
            double[] targets,
            double learningRate,
            int epochs,
            double[] priorMean,
            double[] priorVariance) {
        int n = features.length;
        if (n == 0 || targets.length != n) {
            throw new IllegalArgumentException(
                    "need n >= 1 feature rows and n targets, got " + n + " and " + targets.length);
        }
        int width = features[0].length;
        if (priorMean.length != width || priorVariance.length != width) {
            throw new IllegalArgumentException("prior mean and variance need the feature width " + width);
        }
        double c = 2.0 * learningRate / n;
        EigenDecomposition_F64<DMatrixRMaj> eig = gramEigen(features, true);
        double[] g = new double[n];
        double[][] w = new double[width][n]; // W = Φᵀ U
        for (int k = 0; k < n; k++) {
            g[k] = LinearDescent.growth(eig.getEigenvalue(k).getReal(), c, epochs);
            double[] u = eig.getEigenVector(k).data;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < width; j++) {
                    w[j][k] += features[i][j] * u[i];
                }
            }
        }
        // Uᵀ (y − Φ m_0)
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            double s = targets[i];
            for (int j = 0; j < width; j++) {
                s -= features[i][j] * priorMean[j];
            }
            residual[i] = s;
        }
        double[] projected = new double[n];
        for (int k = 0; k < n; k++) {
            double[] u = eig.getEigenVector(k).data;
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += u[i] * residual[i];
            }
            projected[k] = g[k] * s;
        }
        double[] mean = new double[width];
        for (int j = 0; j < width; j++) {
            double s = priorMean[j];
            for (int k = 0; k < n; k++) {
                s += w[j][k] * projected[k];
            }
            mean[j] = s;
        }
        // Σ_T = D − Z Wᵀ D − D W Zᵀ + Z (Wᵀ D W) Zᵀ with Z = W diag(g), D = diag(v_0)
        double[][] z = new double[width][n];
        for (int j = 0; j < width; j++) {
            for (int k = 0; k < n; k++) {
                z[j][k] = w[j][k] * g[k];
            }
        }
        double[][] wdw = new double[n][n];
        for (int j = 0; j < width; j++) {
            for (int k = 0; k < n; k++) {
                double a = w[j][k] * priorVariance[j];
                for (int l = 0; l < n; l++) {
                    wdw[k][l] += a * w[j][l];
                }
            }
        }
        double[][] y = new double[width][n]; // Z C
        for (int j = 0; j < width; j++) {
            for (int k = 0; k < n; k++) {
                double a = z[j][k];
                for (int l = 0; l < n; l++) {
                    y[j][l] += a * wdw[k][l];
                }
            }
        }
        double[][] covariance = new double[width][width];
        for (int i = 0; i < width; i++) {
            for (int j = i; j < width; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += y[i][k] * z[j][k]
                            - priorVariance[j] * z[i][k] * w[j][k]
                            - priorVariance[i] * w[i][k] * z[j][k];
                }
                if (i == j) {
                    s += priorVariance[i];
                }
                covariance[i][j] = s;
                covariance[j][i] = s;
            }
        }
        return new Gaussian(mean, covariance);
    }

    /**
     * n/λ_max of the Gram matrix: gradient descent converges (|1 − cλ| &lt; 1 in every direction) exactly
     * for 0 &lt; η below this bound; past it the stiffest direction oscillates with a growing amplitude.
     * Infinite when every feature vanishes on the inputs.
     */
    public static double stableLearningRateBound(double[][] features) {
        EigenDecomposition_F64<DMatrixRMaj> eig = gramEigen(features, false);
        double largest = 0;
        for (int k = 0; k < features.length; k++) {
            largest = Math.max(largest, eig.getEigenvalue(k).getReal());
        }
        return largest > 0 ? features.length / largest : Double.POSITIVE_INFINITY;
    }

    /** The eigendecomposition of G = Φ Φᵀ (n×n, symmetric). */
    private static EigenDecomposition_F64<DMatrixRMaj> gramEigen(double[][] features, boolean vectors) {
        int n = features.length;
        int width = features[0].length;
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int k = i; k < n; k++) {
                double s = 0;
                for (int j = 0; j < width; j++) {
                    s += features[i][j] * features[k][j];
                }
                gram.set(i, k, s);
                gram.set(k, i, s);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, vectors, true);
        if (!eig.decompose(gram)) {
            throw new IllegalStateException("eigendecomposition of the Gram matrix failed");
        }
        return eig;
    }
}
