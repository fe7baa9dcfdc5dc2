package dev.bayesrg.nnft;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * The free (Gaussian) part of the field theory on the mesh: mean μ = G^(1), propagator
 * K = G_c^(2), and S_free[φ] = ½ (φ − μ)ᵀ K⁻¹ (φ − μ). A sampled K can be singular or indefinite
 * (fewer members than mesh points, coincident points); then a jitter ε·I, ε a growing multiple of
 * mean(diag K), is added until the Cholesky factorisation succeeds, and {@link #jitter()} reports
 * how much — never silently.
 */
public final class FreeAction {
    private final double[] mean;
    private final double[][] kernel;
    private final double[][] inverse;
    private final double jitter;

    public FreeAction(double[] mean, double[][] kernel) {
        int m = mean.length;
        this.mean = mean.clone();
        this.kernel = new double[m][];
        for (int i = 0; i < m; i++) {
            this.kernel[i] = kernel[i].clone();
        }
        double scale = 0;
        for (int i = 0; i < m; i++) {
            scale += kernel[i][i];
        }
        scale = scale > 0 ? scale / m : 1.0;
        double eps = 0;
        DMatrixRMaj inv = null;
        for (int attempt = 0; attempt < 40 && inv == null; attempt++) {
            DMatrixRMaj k = new DMatrixRMaj(this.kernel);
            for (int i = 0; i < m; i++) {
                k.add(i, i, eps);
            }
            CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(m, true);
            if (chol.decompose(k.copy())) {
                inv = new DMatrixRMaj(m, m);
                if (!CommonOps_DDRM.invertSPD(k, inv)) {
                    CommonOps_DDRM.invert(k, inv);
                }
            } else {
                eps = eps == 0 ? 1e-12 * scale : eps * 10;
            }
        }
        if (inv == null) {
            throw new IllegalArgumentException(
                    "the two-point function cannot be regularised into a positive-definite kernel");
        }
        this.jitter = eps;
        this.inverse = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                inverse[i][j] = inv.get(i, j);
            }
        }
    }

    /** From sampled correlators: μ = G^(1), K = G_c^(2). */
    public static FreeAction of(Correlators c) {
        int m = c.points();
        double[] mean = new double[m];
        double[][] k = new double[m][m];
        for (int i = 0; i < m; i++) {
            mean[i] = c.mean(i);
            for (int j = 0; j < m; j++) {
                k[i][j] = c.connected(i, j);
            }
        }
        return new FreeAction(mean, k);
    }

    public double[][] inverseKernel() {
        double[][] copy = new double[inverse.length][];
        for (int i = 0; i < inverse.length; i++) {
            copy[i] = inverse[i].clone();
        }
        return copy;
    }

    public double mean(int i) {
        return mean[i];
    }

    /** K as given, without the jitter. */
    public double[][] kernel() {
        double[][] copy = new double[kernel.length][];
        for (int i = 0; i < kernel.length; i++) {
            copy[i] = kernel[i].clone();
        }
        return copy;
    }

    /** K as used, i.e. with the jitter on its diagonal. */
    public double[][] kernelWithJitter() {
        double[][] copy = new double[kernel.length][];
        for (int i = 0; i < kernel.length; i++) {
            copy[i] = kernel[i].clone();
            copy[i][i] += jitter;
        }
        return copy;
    }

    /** The jitter ε added to the diagonal of K to make it positive definite (0 if none was needed). */
    public double jitter() {
        return jitter;
    }

    /** S_free[φ] = ½ (φ − μ)ᵀ K⁻¹ (φ − μ). */
    public double value(double[] phi) {
        int m = mean.length;
        double s = 0;
        for (int a = 0; a < m; a++) {
            double da = phi[a] - mean[a];
            for (int b = 0; b < m; b++) {
                s += da * inverse[a][b] * (phi[b] - mean[b]);
            }
        }
        return 0.5 * s;
    }
}
