package dev.bayesrg.nnft;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * KL divergence between the Gaussian parts of two field theories on one mesh,
 * KL(N(μ₀,K₀) ‖ N(μ₁,K₁)) = ½ [tr(K₁⁻¹K₀) + (μ₁−μ₀)ᵀK₁⁻¹(μ₁−μ₀) − M + ln det K₁ − ln det K₀],
 * e.g. to see which training time a BRG cutoff "undoes".
 */
public final class GaussianKl {
    private GaussianKl() {}

    public static double divergence(FreeAction from, FreeAction to) {
        double[][] k0 = from.kernelWithJitter();
        double[][] k1Inv = to.inverseKernel();
        int m = k0.length;
        double trace = 0;
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                trace += k1Inv[a][b] * k0[b][a];
            }
        }
        double[] d = new double[m];
        for (int a = 0; a < m; a++) {
            d[a] = to.mean(a) - from.mean(a);
        }
        double quad = 0;
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                quad += d[a] * k1Inv[a][b] * d[b];
            }
        }
        double logDet1 = logDet(to.kernelWithJitter());
        double logDet0 = logDet(k0);
        return 0.5 * (trace + quad - m + logDet1 - logDet0);
    }

    private static double logDet(double[][] k) {
        DMatrixRMaj l = new DMatrixRMaj(k);
        var chol = org.ejml.dense.row.factory.DecompositionFactory_DDRM.chol(k.length, true);
        if (!chol.decompose(l)) {
            return Math.log(CommonOps_DDRM.det(new DMatrixRMaj(k)));
        }
        double s = 0;
        DMatrixRMaj t = chol.getT(null);
        for (int i = 0; i < k.length; i++) {
            s += 2 * Math.log(t.get(i, i));
        }
        return s;
    }
}
