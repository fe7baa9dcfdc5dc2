package dev.bayesrg.nnft;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * The Edgeworth log-density of a field configuration on the mesh (arXiv:2405.17538, eqs. 39–40): the
 * Gaussian part N(μ, K) corrected by the higher cumulants,
 * <pre>
 *   p(φ) ≈ p_G(φ) [1 + (1/3!) κ3·H3 + (1/4!) κ4·H4 + (10/6!) κ3κ3·H6],   H_{a..} Hermite tensors of p_G
 * </pre>
 * truncated by order: 2 is the Gaussian alone, 3 adds the skewness term (O(N^{-1/2}) for a sum of N
 * terms), 4 adds the kurtosis and the κ3² term (the whole O(1/N) correction). The contractions run
 * in whitened coordinates z = L⁻¹(φ − μ), K = LLᵀ, where the metric is the identity and
 * κ3·H3 = s − 3 v·z with s = κ̃_abc z_a z_b z_c, v_a = κ̃_abb, and so on (see {@link #correction}).
 * The series is not a density everywhere: where the bracket is ≤ 0 the log-density is NaN.
 */
public final class Edgeworth {
    /** The highest order implemented (κ5 and the κ3κ4, κ3³ terms would come next). */
    public static final int MAX_ORDER = 4;

    private final int order;
    private final int m;
    private final double[] mean;
    private final double[][] lowerInverse;
    private final double logNormalisation;
    /** Whitened cumulant tensors κ̃ = κ·(L⁻¹)⊗r, flat row-major. */
    private final double[] kappa3;

    private final double[] kappa4;
    /** v_a = κ̃3_abb, q = κ̃4_aabb, Q2_ab = κ̃4_abcc, B_ab = κ̃3_acd κ̃3_bcd, C_ab = v_c κ̃3_cab, ‖κ̃3‖². */
    private final double[] v;

    private final double[] q2;
    private final double[] b;
    private final double[] c;
    private final double q;
    private final double kappa3Norm2;
    private final double vNorm2;

    /**
     * @param kappa3 G_c^(3) as a flat M³ tensor (may be null for order 2)
     * @param kappa4 G_c^(4) as a flat M⁴ tensor (may be null for order ≤ 3)
     */
    public Edgeworth(double[] mean, double[][] kernel, double[] kappa3, double[] kappa4, int order) {
        if (order < 2 || order > MAX_ORDER) {
            throw new IllegalArgumentException("Edgeworth order must be in [2, " + MAX_ORDER + "], got " + order);
        }
        this.order = order;
        this.m = mean.length;
        this.mean = mean.clone();
        DMatrixRMaj k = new DMatrixRMaj(kernel);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(m, true);
        if (!chol.decompose(k)) {
            throw new IllegalArgumentException("the kernel is not positive definite");
        }
        DMatrixRMaj lower = chol.getT(null);
        double logDet = 0;
        for (int i = 0; i < m; i++) {
            logDet += 2 * Math.log(lower.get(i, i));
        }
        this.logNormalisation = -0.5 * (m * Math.log(2 * Math.PI) + logDet);
        DMatrixRMaj inv = new DMatrixRMaj(m, m);
        CommonOps_DDRM.invert(lower, inv);
        lowerInverse = new double[m][m];
        // transformAllIndices contracts T_{e..} M_{ea}; the whitening needs (L⁻¹)_{ae}, i.e. M = (L⁻¹)ᵀ
        double[][] transposed = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int e = 0; e < m; e++) {
                lowerInverse[a][e] = inv.get(a, e);
                transposed[e][a] = inv.get(a, e);
            }
        }
        this.kappa3 = order >= 3 ? Couplings.transformAllIndices(kappa3, transposed, 3) : null;
        this.kappa4 = order >= 4 ? Couplings.transformAllIndices(kappa4, transposed, 4) : null;
        v = new double[m];
        q2 = new double[m * m];
        b = new double[m * m];
        c = new double[m * m];
        double qq = 0;
        double norm3 = 0;
        double normV = 0;
        if (order >= 3) {
            for (int a = 0; a < m; a++) {
                for (int e = 0; e < m; e++) {
                    v[a] += this.kappa3[(a * m + e) * m + e];
                }
                normV += v[a] * v[a];
            }
        }
        if (order >= 4) {
            for (int x = 0; x < m * m * m; x++) {
                norm3 += this.kappa3[x] * this.kappa3[x];
            }
            for (int a = 0; a < m; a++) {
                for (int bb = 0; bb < m; bb++) {
                    double sq = 0;
                    double sb = 0;
                    double sc = 0;
                    for (int e = 0; e < m; e++) {
                        sq += this.kappa4[((a * m + bb) * m + e) * m + e];
                        sc += v[e] * this.kappa3[(e * m + a) * m + bb];
                        for (int f = 0; f < m; f++) {
                            sb += this.kappa3[(a * m + e) * m + f] * this.kappa3[(bb * m + e) * m + f];
                        }
                    }
                    q2[a * m + bb] = sq;
                    b[a * m + bb] = sb;
                    c[a * m + bb] = sc;
                }
                qq += q2[a * m + a];
            }
        }
        this.q = qq;
        this.kappa3Norm2 = norm3;
        this.vNorm2 = normV;
    }

    /** From sampled correlators (accumulated to order ≥ {@code order}); K carries the free action's jitter. */
    public static Edgeworth of(Correlators corr, int order) {
        FreeAction free = FreeAction.of(corr);
        double[] mean = new double[corr.points()];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = free.mean(i);
        }
        return new Edgeworth(
                mean,
                free.kernelWithJitter(),
                order >= 3 ? Couplings.connectedTensor(corr, 3) : null,
                order >= 4 ? Couplings.connectedTensor(corr, 4) : null,
                order);
    }

    public int order() {
        return order;
    }

    /** log p(φ) to the order asked; NaN where the series bracket is not positive. */
    public double logDensity(double[] phi) {
        double[] z = whiten(phi);
        double zz = 0;
        for (double x : z) {
            zz += x * x;
        }
        double gaussian = logNormalisation - 0.5 * zz;
        if (order == 2) {
            return gaussian;
        }
        double bracket = 1 + correction(z);
        return bracket > 0 ? gaussian + Math.log(bracket) : Double.NaN;
    }

    /** z = L⁻¹(φ − μ). */
    double[] whiten(double[] phi) {
        double[] z = new double[m];
        for (int a = 0; a < m; a++) {
            double s = 0;
            for (int e = 0; e <= a; e++) {
                s += lowerInverse[a][e] * (phi[e] - mean[e]);
            }
            z[a] = s;
        }
        return z;
    }

    /**
     * (1/3!) κ3·H3 + [(1/4!) κ4·H4 + (1/72) κ3κ3·H6] in whitened coordinates, with
     * κ3·H3 = s − 3 v·z, κ4·H4 = κ4·z⁴ − 6 zᵀQ2 z + 3q, and
     * κ3κ3·H6 = s² − 6 (v·z) s − 9 |w|² + 18 zᵀCz + 9 (v·z)² + 18 zᵀBz − 9 |v|² − 6 ‖κ3‖²,
     * w_a = κ̃3_abc z_b z_c: the 15, 45 and 15 index pairings of H6 grouped by which pairs fall
     * within one κ3 and which across (1-D: κ3² He6(z)).
     */
    double correction(double[] z) {
        double[] w = new double[m];
        double s = 0;
        double vz = 0;
        for (int a = 0; a < m; a++) {
            double wa = 0;
            for (int e = 0; e < m; e++) {
                int base = (a * m + e) * m;
                double inner = 0;
                for (int f = 0; f < m; f++) {
                    inner += kappa3[base + f] * z[f];
                }
                wa += inner * z[e];
            }
            w[a] = wa;
            s += wa * z[a];
            vz += v[a] * z[a];
        }
        double total = (s - 3 * vz) / 6;
        if (order < 4) {
            return total;
        }
        double z4 = 0;
        for (int a = 0; a < m; a++) {
            for (int e = 0; e < m; e++) {
                double zae = z[a] * z[e];
                int base = (a * m + e) * m * m;
                for (int f = 0; f < m; f++) {
                    double zaef = zae * z[f];
                    for (int g = 0; g < m; g++) {
                        z4 += kappa4[base + f * m + g] * zaef * z[g];
                    }
                }
            }
        }
        double ww = 0;
        for (double x : w) {
            ww += x * x;
        }
        double h4 = z4 - 6 * quadratic(q2, z) + 3 * q;
        double h6 = s * s
                - 6 * vz * s
                - 9 * ww
                + 18 * quadratic(c, z)
                + 9 * vz * vz
                + 18 * quadratic(b, z)
                - 9 * vNorm2
                - 6 * kappa3Norm2;
        return total + h4 / 24 + h6 / 72;
    }

    private double quadratic(double[] matrix, double[] z) {
        double s = 0;
        for (int a = 0; a < m; a++) {
            for (int e = 0; e < m; e++) {
                s += z[a] * matrix[a * m + e] * z[e];
            }
        }
        return s;
    }
}
