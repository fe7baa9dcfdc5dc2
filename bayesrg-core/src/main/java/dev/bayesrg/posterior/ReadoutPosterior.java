package dev.bayesrg.posterior;

import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import java.util.function.DoubleSupplier;

/**
 * The conjugate Gaussian posterior of a linear read-out f(x) = a·φ(x) (+ b) given n training
 * points with features Φ (n × N, frozen), targets y, the prior θ = (a, b) ~ N(m, D) with
 * m = (m_a, …, m_a, 0) and D = diag(s_a², …, s_a², s_b²), and the likelihood y ~ N(Φ̃θ, σ²I), Φ̃ the
 * features with a column of ones for the bias. With the n × n dual K = Φ̃DΦ̃ᵀ + σ²I:
 *
 * <pre>
 *   mean        μ = m + DΦ̃ᵀK⁻¹(y − Φ̃m)
 *   covariance  Σ = D − DΦ̃ᵀK⁻¹Φ̃D  = (Φ̃ᵀΦ̃/σ² + D⁻¹)⁻¹            (Woodbury)
 *   a draw      θ = μ + δ,  δ = D^½z − DΦ̃ᵀK⁻¹(Φ̃D^½z + σε),  z ~ N(0, I_P), ε ~ N(0, I_n)   (Matheron)
 * </pre>
 *
 * <p>δ has covariance exactly Σ: u = D^½z and w = Φ̃u + σε are jointly Gaussian with Cov(w) = K and
 * Cov(u, w) = DΦ̃ᵀ, and u − Cov(u, w)K⁻¹w is the residual of u's regression on w. K is factored once
 * (Cholesky, n³/3); a draw costs two passes over Φ and two triangular solves. The P × P matrices are
 * formed only on request ({@link #covariance}, for tests and small read-outs).
 */
public final class ReadoutPosterior {
    private final FeatureMatrix features;
    private final boolean bias;
    private final int n;
    private final int width;
    private final double weightMean;
    private final double weightVariance;
    private final double biasVariance;
    private final double noiseStd;
    /** The lower Cholesky factor of K, row-major n × n. */
    private final double[] cholesky;
    /** K⁻¹(y − Φ̃m). */
    private final double[] alpha;

    /**
     * The posterior of the read-out on {@code features} (n × N) and {@code targets} (n).
     *
     * @param bias           whether θ ends with a bias b (prior N(0, biasVariance))
     * @param weightMean     m_a, the prior mean of every weight
     * @param weightVariance s_a² ≥ 0, the prior variance of every weight
     * @param biasVariance   s_b² ≥ 0 (unused without a bias)
     * @param noiseVariance  σ² &gt; 0, the likelihood's noise variance
     * @throws IllegalArgumentException if K is not positive definite (non-finite features or variances)
     */
    public ReadoutPosterior(
            FeatureMatrix features,
            boolean bias,
            double[] targets,
            double weightMean,
            double weightVariance,
            double biasVariance,
            double noiseVariance) {
        if (!(noiseVariance > 0) || !(weightVariance >= 0) || (bias && !(biasVariance >= 0))) {
            throw new IllegalArgumentException("variances: noise " + noiseVariance + " (> 0), weights " + weightVariance
                    + ", bias " + biasVariance + " (>= 0)");
        }
        if (targets.length != features.rows()) {
            throw new IllegalArgumentException(targets.length + " targets for " + features.rows() + " feature rows");
        }
        this.features = features;
        this.bias = bias;
        this.n = features.rows();
        this.width = features.width();
        this.weightMean = weightMean;
        this.weightVariance = weightVariance;
        this.biasVariance = bias ? biasVariance : 0.0;
        this.noiseStd = Math.sqrt(noiseVariance);
        double[] k = new double[n * n];
        Kernels.gram(features.values(), n, width, k);
        for (int i = 0; i < n * n; i++) {
            k[i] = weightVariance * k[i] + this.biasVariance;
        }
        for (int i = 0; i < n; i++) {
            k[i * n + i] += noiseVariance;
        }
        this.cholesky = choleskyInPlace(k, n);
        double[] residual = new double[n];
        double[] values = features.values();
        for (int i = 0; i < n; i++) {
            double rowSum = 0;
            for (int j = 0; j < width; j++) {
                rowSum += values[i * width + j];
            }
            residual[i] = targets[i] - weightMean * rowSum;
        }
        this.alpha = solve(residual);
    }

    /** P = N (+1 with a bias): the read-out's parameter count. */
    public int dimension() {
        return width + (bias ? 1 : 0);
    }

    /** μ, the posterior mean (length P; the MAP and the Laplace approximation's centre). */
    public double[] mean() {
        double[] mu = priorScaledTranspose(alpha);
        for (int j = 0; j < width; j++) {
            mu[j] += weightMean;
        }
        return mu;
    }

    /**
     * δ ~ N(0, Σ) by Matheron's rule from {@code normal}'s next P + n standard normals (z first, in
     * θ's order, then ε): the part of a draw that does not depend on the targets.
     */
    public double[] perturbation(DoubleSupplier normal) {
        double[] u = new double[dimension()];
        double weightStd = Math.sqrt(weightVariance);
        for (int j = 0; j < width; j++) {
            u[j] = weightStd * normal.getAsDouble();
        }
        if (bias) {
            u[width] = Math.sqrt(biasVariance) * normal.getAsDouble();
        }
        double[] w = design(u);
        for (int i = 0; i < n; i++) {
            w[i] += noiseStd * normal.getAsDouble();
        }
        double[] correction = priorScaledTranspose(solve(w));
        for (int j = 0; j < u.length; j++) {
            u[j] -= correction[j];
        }
        return u;
    }

    /** An exact draw θ = μ + δ from the posterior ({@link #perturbation} from {@code normal}). */
    public double[] sample(DoubleSupplier normal) {
        return around(mean(), normal);
    }

    /**
     * A draw from N(centre, Σ): the Laplace approximation at {@code centre} (length P), whose
     * covariance (F_total + D⁻¹)⁻¹ is Σ for a linear read-out. At the MAP it is an exact draw.
     */
    public double[] around(double[] centre, DoubleSupplier normal) {
        double[] theta = perturbation(normal);
        for (int j = 0; j < theta.length; j++) {
            theta[j] += centre[j];
        }
        return theta;
    }

    /** Σ, the posterior covariance, row-major P × P: D − BᵀB with B = L⁻¹Φ̃D (O(nP²); small read-outs). */
    public double[] covariance() {
        int p = dimension();
        double[][] identity = new double[p][];
        for (int j = 0; j < p; j++) {
            identity[j] = new double[p];
            identity[j][j] = 1.0;
        }
        return projectedCovariance(identity);
    }

    /**
     * VᵀΣV for the k directions v_1..v_k (each of length P): VᵀDV − (L⁻¹Φ̃DV)ᵀ(L⁻¹Φ̃DV), row-major
     * k × k, in O(k n P + k² n).
     */
    public double[] projectedCovariance(double[][] directions) {
        int k = directions.length;
        double[][] b = new double[k][];
        double[][] scaled = new double[k][];
        for (int a = 0; a < k; a++) {
            scaled[a] = priorScaled(directions[a]);
            b[a] = forward(design(scaled[a]));
        }
        double[] out = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int c = 0; c <= a; c++) {
                double s = 0;
                for (int j = 0; j < scaled[c].length; j++) {
                    s += directions[a][j] * scaled[c][j];
                }
                for (int i = 0; i < n; i++) {
                    s -= b[a][i] * b[c][i];
                }
                out[a * k + c] = s;
                out[c * k + a] = s;
            }
        }
        return out;
    }

    /** Dv for v of length P. */
    private double[] priorScaled(double[] v) {
        double[] out = new double[v.length];
        for (int j = 0; j < width; j++) {
            out[j] = weightVariance * v[j];
        }
        if (bias) {
            out[width] = biasVariance * v[width];
        }
        return out;
    }

    /** Φ̃v (length n) for v of length P. */
    private double[] design(double[] v) {
        double[] out = new double[n];
        double[] values = features.values();
        double b = bias ? v[width] : 0.0;
        for (int i = 0; i < n; i++) {
            out[i] = Kernels.dot(values, i * width, v, 0, width) + b;
        }
        return out;
    }

    /** DΦ̃ᵀβ (length P) for β of length n. */
    private double[] priorScaledTranspose(double[] beta) {
        double[] out = new double[dimension()];
        double[] values = features.values();
        for (int i = 0; i < n; i++) {
            if (beta[i] != 0) {
                Kernels.axpy(beta[i], values, i * width, out, 0, width);
            }
        }
        for (int j = 0; j < width; j++) {
            out[j] *= weightVariance;
        }
        if (bias) {
            double s = 0;
            for (double v : beta) {
                s += v;
            }
            out[width] = biasVariance * s;
        }
        return out;
    }

    /** K⁻¹r by the two triangular solves. */
    private double[] solve(double[] r) {
        double[] y = forward(r);
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int j = i + 1; j < n; j++) {
                s -= cholesky[j * n + i] * y[j];
            }
            y[i] = s / cholesky[i * n + i];
        }
        return y;
    }

    /** L⁻¹r. */
    private double[] forward(double[] r) {
        double[] y = r.clone();
        for (int i = 0; i < n; i++) {
            double s = y[i];
            for (int j = 0; j < i; j++) {
                s -= cholesky[i * n + j] * y[j];
            }
            y[i] = s / cholesky[i * n + i];
        }
        return y;
    }

    /** The lower Cholesky factor of the symmetric positive definite row-major {@code a}, in place. */
    static double[] choleskyInPlace(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= a[j * n + k] * a[j * n + k];
            }
            if (!(d > 0) || !Double.isFinite(d)) {
                throw new IllegalArgumentException(
                        "the dual matrix ΦDΦᵀ + σ²I is not positive definite at row " + j + " (pivot " + d + ")");
            }
            double l = Math.sqrt(d);
            a[j * n + j] = l;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * n + k] * a[j * n + k];
                }
                a[i * n + j] = s / l;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                a[i * n + j] = 0.0;
            }
        }
        return a;
    }
}
