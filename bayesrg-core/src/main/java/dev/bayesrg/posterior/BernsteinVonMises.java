package dev.bayesrg.posterior;

import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.linalg.SymmetricEigenpairs;
import dev.bayesrg.net.FeatureMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Bernstein–von Mises check of arXiv:2405.17538, eq. 71 (footnote): P(θ|𝒟) ≈ N(θ*, (nF)⁻¹), on
 * the read-out of one shared feature map. The Fisher metric F = Φ̃_FᵀΦ̃_F/(n_F σ_F²) over the n_F
 * Fisher inputs has at most n_F non-zero eigenvalues λ_1 ≥ λ_2 ≥ …, with unit eigenvectors v_k found
 * through the n_F × n_F dual. Its <em>stiff subspace</em> is spanned by the v_k whose data precision
 * nλ_k (n training points) is at least the prior precision 1/s_a² (the weights' prior variance): the
 * directions where the likelihood outweighs the prior, the only ones where eq. 71 can hold. There the
 * three k × k covariances are compared: the exact posterior's VᵀΣV ({@link ReadoutPosterior}), the
 * asymptotic diag(1/(nλ_k)), and an ensemble's sample covariance VᵀĈV (1/(M − 1)). Each row holds the
 * three variances of one direction; the summary holds their ratios' medians and ranges and the
 * whitened distances ‖B^{-½}AB^{-½} − I‖_F/√k between each pair (A against the reference B). A sample
 * covariance of M exact draws is that far from its truth by about √((k + 1)/(M − 1)) (the sampling
 * floor), which the table states beside them.
 *
 * @param dimension          k, the stiff subspace's dimension
 * @param priorPrecision     1/s_a², the threshold on nλ_k
 * @param trainingPoints     n
 * @param ensembleMembers    M (0: no ensemble given; its columns are NaN)
 * @param rows               one per stiff direction, stiffest first
 * @param exactOverBvm       the ratios exact/BvM of the directions' variances: median, min, max
 * @param ensembleOverBvm    ensemble/BvM, the same
 * @param ensembleOverExact  ensemble/exact, the same
 * @param exactVsBvm         the whitened distance of the exact covariance from (nF)⁻¹
 * @param ensembleVsBvm      the ensemble's from (nF)⁻¹
 * @param ensembleVsExact    the ensemble's from the exact covariance
 * @param samplingFloor      √((k + 1)/(M − 1))
 */
public record BernsteinVonMises(
        int dimension,
        double priorPrecision,
        int trainingPoints,
        int ensembleMembers,
        List<Row> rows,
        double[] exactOverBvm,
        double[] ensembleOverBvm,
        double[] ensembleOverExact,
        double exactVsBvm,
        double ensembleVsBvm,
        double ensembleVsExact,
        double samplingFloor) {

    /**
     * One stiff direction v_k.
     *
     * @param index            k (1: the stiffest)
     * @param fisherEigenvalue λ_k
     * @param bvmVariance      1/(nλ_k)
     * @param exactVariance    v_kᵀΣv_k
     * @param ensembleVariance v_kᵀĈv_k (NaN without an ensemble)
     */
    public record Row(
            int index, double fisherEigenvalue, double bvmVariance, double exactVariance, double ensembleVariance) {}

    /** Eigenvalues below this fraction of the largest are the metric's numerical null space. */
    static final double NULL_SPACE = 1e-12;

    /**
     * The check for the read-out posterior {@code exact} of n = {@code trainingPoints} points.
     *
     * @param fisherFeatures      the features of the Fisher inputs (n_F × N)
     * @param bias                whether the read-out has a bias (a constant feature)
     * @param fisherNoiseVariance σ_F² of the metric
     * @param weightVariance      s_a², the weights' prior variance (the threshold's 1/s_a²)
     * @param ensemble            the members' read-outs (M × P; M &lt; 2: no ensemble columns)
     */
    public static BernsteinVonMises of(
            ReadoutPosterior exact,
            int trainingPoints,
            FeatureMatrix fisherFeatures,
            boolean bias,
            double fisherNoiseVariance,
            double weightVariance,
            double[][] ensemble) {
        int nf = fisherFeatures.rows();
        int width = fisherFeatures.width();
        double[] h = new double[nf * nf];
        Kernels.gram(fisherFeatures.values(), nf, width, h);
        if (bias) {
            for (int i = 0; i < h.length; i++) {
                h[i] += 1.0;
            }
        }
        SymmetricEigenpairs eigen = new SymmetricEigenpairs(h, nf);
        double[] values = eigen.eigenvalues();
        double priorPrecision = 1.0 / weightVariance;
        double largest = values.length == 0 ? 0.0 : values[0];
        int k = 0;
        while (k < nf
                && values[k] > NULL_SPACE * largest
                && trainingPoints * values[k] / (nf * fisherNoiseVariance) >= priorPrecision) {
            k++;
        }
        double[][] gramVectors = eigen.eigenvectors(k);
        double[][] directions = new double[k][];
        double[] lambda = new double[k];
        int p = width + (bias ? 1 : 0);
        double[] fv = fisherFeatures.values();
        for (int a = 0; a < k; a++) {
            double[] v = new double[p];
            for (int i = 0; i < nf; i++) {
                Kernels.axpy(gramVectors[a][i], fv, i * width, v, 0, width);
                if (bias) {
                    v[width] += gramVectors[a][i];
                }
            }
            double norm = Math.sqrt(values[a]);
            for (int j = 0; j < p; j++) {
                v[j] /= norm;
            }
            directions[a] = v;
            lambda[a] = values[a] / (nf * fisherNoiseVariance);
        }
        double[] exactCov = exact.projectedCovariance(directions);
        double[] bvm = new double[k * k];
        for (int a = 0; a < k; a++) {
            bvm[a * k + a] = 1.0 / (trainingPoints * lambda[a]);
        }
        int members = ensemble == null ? 0 : ensemble.length;
        double[] ensembleCov = members >= 2 ? sampleCovariance(ensemble, directions) : null;
        List<Row> rows = new ArrayList<>(k);
        double[] eb = new double[k];
        double[] nb = new double[k];
        double[] ne = new double[k];
        for (int a = 0; a < k; a++) {
            double e = exactCov[a * k + a];
            double b = bvm[a * k + a];
            double m = ensembleCov == null ? Double.NaN : ensembleCov[a * k + a];
            rows.add(new Row(a + 1, lambda[a], b, e, m));
            eb[a] = e / b;
            nb[a] = m / b;
            ne[a] = m / e;
        }
        return new BernsteinVonMises(
                k,
                priorPrecision,
                trainingPoints,
                members >= 2 ? members : 0,
                List.copyOf(rows),
                range(eb),
                range(nb),
                range(ne),
                whitenedDistance(exactCov, bvm, k),
                ensembleCov == null ? Double.NaN : whitenedDistance(ensembleCov, bvm, k),
                ensembleCov == null ? Double.NaN : whitenedDistance(ensembleCov, exactCov, k),
                members >= 2 ? Math.sqrt((k + 1.0) / (members - 1.0)) : Double.NaN);
    }

    /** VᵀĈV of the rows of {@code members} (their sample covariance, 1/(M − 1)), k × k. */
    static double[] sampleCovariance(double[][] members, double[][] directions) {
        int k = directions.length;
        int m = members.length;
        int p = members[0].length;
        double[] mean = new double[p];
        for (double[] theta : members) {
            for (int j = 0; j < p; j++) {
                mean[j] += theta[j] / m;
            }
        }
        double[][] coordinates = new double[m][k];
        double[] centred = new double[p];
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < p; j++) {
                centred[j] = members[r][j] - mean[j];
            }
            for (int a = 0; a < k; a++) {
                coordinates[r][a] = Kernels.dot(directions[a], 0, centred, 0, p);
            }
        }
        double[] out = new double[k * k];
        for (double[] c : coordinates) {
            for (int a = 0; a < k; a++) {
                for (int b = 0; b <= a; b++) {
                    out[a * k + b] += c[a] * c[b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                out[a * k + b] /= m - 1;
                out[b * k + a] = out[a * k + b];
            }
        }
        return out;
    }

    /** ‖L⁻¹AL⁻ᵀ − I‖_F/√k with B = LLᵀ (NaN if B is not positive definite or k = 0). */
    static double whitenedDistance(double[] a, double[] b, int k) {
        if (k == 0) {
            return Double.NaN;
        }
        double[] l;
        try {
            l = ReadoutPosterior.choleskyInPlace(b.clone(), k);
        } catch (IllegalArgumentException notPositive) {
            return Double.NaN;
        }
        // X = L⁻¹A (column by column), then W = L⁻¹Xᵀ = L⁻¹AL⁻ᵀ (A symmetric)
        double[] x = lowerSolveColumns(l, a, k);
        double[] xt = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                xt[i * k + j] = x[j * k + i];
            }
        }
        double[] w = lowerSolveColumns(l, xt, k);
        double s = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double d = w[i * k + j] - (i == j ? 1.0 : 0.0);
                s += d * d;
            }
        }
        return Math.sqrt(s / k);
    }

    /** L⁻¹M for lower-triangular L and M, both row-major k × k. */
    private static double[] lowerSolveColumns(double[] l, double[] m, int k) {
        double[] out = m.clone();
        for (int i = 0; i < k; i++) {
            for (int r = 0; r < i; r++) {
                double f = l[i * k + r];
                if (f != 0) {
                    for (int j = 0; j < k; j++) {
                        out[i * k + j] -= f * out[r * k + j];
                    }
                }
            }
            double d = l[i * k + i];
            for (int j = 0; j < k; j++) {
                out[i * k + j] /= d;
            }
        }
        return out;
    }

    /** {median, min, max} of the finite values (NaN if none). */
    private static double[] range(double[] values) {
        double[] finite =
                Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        int h = finite.length / 2;
        double median = finite.length % 2 == 1 ? finite[h] : 0.5 * (finite[h - 1] + finite[h]);
        return new double[] {median, finite[0], finite[finite.length - 1]};
    }
}
