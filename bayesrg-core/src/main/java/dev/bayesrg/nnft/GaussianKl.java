package dev.bayesrg.nnft;

import org.ejml.data.DMatrixRMaj;

/**
 * KL divergence between the Gaussian parts of two field theories on one mesh,
 * KL(N(μ₀,K₀) ‖ N(μ₁,K₁)) = ½ [tr(K₁⁻¹K₀) + (μ₁−μ₀)ᵀK₁⁻¹(μ₁−μ₀) − M + ln det K₁ − ln det K₀],
 * e.g. to see which training time a BRG cutoff "undoes".
 */
public final class GaussianKl {
    private GaussianKl() {}

    /**
     * KL(from ‖ to) of the two Gaussian parts, each kernel as its action uses it (with its jitter).
     * Worked with the Cholesky factors K = L Lᵀ, never an explicit inverse:
     * tr(K₁⁻¹K₀) = ‖L₁⁻¹L₀‖²_F, (μ₁−μ₀)ᵀK₁⁻¹(μ₁−μ₀) = ‖L₁⁻¹(μ₁−μ₀)‖², ln det K = 2 Σ ln L_ii. A nearly
     * singular kernel (fewer members than mesh points, regularised by a tiny jitter) has a condition
     * number near 1e12, at which an explicit inverse loses the trace to rounding (KL of a theory from
     * itself came out near 1 instead of 0); with the factors, L⁻¹L is the identity exactly and the
     * terms keep the precision of the factorisation.
     */
    public static double divergence(FreeAction from, FreeAction to) {
        double[][] k0 = from.kernelWithJitter();
        double[][] k1 = to.kernelWithJitter();
        int m = k0.length;
        DMatrixRMaj l0 = lowerFactor(k0);
        DMatrixRMaj l1 = lowerFactor(k1);
        if (l0 == null || l1 == null) {
            return Double.NaN; // not positive definite as used: the action itself would have refused it
        }
        // X = L₁⁻¹ L₀ by forward substitution, column by column (L₀ is lower triangular)
        double trace = 0;
        double[] column = new double[m];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < m; i++) {
                column[i] = l0.get(i, j);
            }
            forward(l1, column);
            for (double x : column) {
                trace += x * x;
            }
        }
        double[] d = new double[m];
        for (int a = 0; a < m; a++) {
            d[a] = to.mean(a) - from.mean(a);
        }
        forward(l1, d);
        double quad = 0;
        for (double x : d) {
            quad += x * x;
        }
        double logDetRatio = 0; // ln det K₁ − ln det K₀
        for (int i = 0; i < m; i++) {
            logDetRatio += 2 * (Math.log(l1.get(i, i)) - Math.log(l0.get(i, i)));
        }
        return 0.5 * (trace + quad - m + logDetRatio);
    }

    /** The lower Cholesky factor L of K = L Lᵀ, or null if K is not positive definite. */
    private static DMatrixRMaj lowerFactor(double[][] k) {
        var chol = org.ejml.dense.row.factory.DecompositionFactory_DDRM.chol(k.length, true);
        if (!chol.decompose(new DMatrixRMaj(k))) {
            return null;
        }
        return chol.getT(null);
    }

    /** Solves L x = b in place (L lower triangular). */
    private static void forward(DMatrixRMaj l, double[] b) {
        for (int i = 0; i < b.length; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l.get(i, k) * b[k];
            }
            b[i] = s / l.get(i, i);
        }
    }
}
