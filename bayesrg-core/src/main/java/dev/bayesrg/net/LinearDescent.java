package dev.bayesrg.net;

/**
 * Gradient descent on a linear read-out as a function of the Gram spectrum: a mode of eigenvalue λ
 * of G = Φ Φᵀ, stepped T times with rate c, accumulates the geometric series g_T(λ). Shared by the
 * closed-form trainer and the closed-form posterior of the analytic corner (docs/method.md, "nngp --compare").
 */
public final class LinearDescent {
    private LinearDescent() {}

    /** g_T(λ) = Σ_{s&lt;T} c (1 − cλ)^s = (1 − (1 − cλ)^T)/λ, evaluated without cancellation (→ cT as λ → 0). */
    public static double growth(double lambda, double c, int epochs) {
        double x = -c * lambda;
        if (x == 0.0) {
            return c * epochs;
        }
        if (x > -1.0) {
            return -Math.expm1(epochs * Math.log1p(x)) / lambda;
        }
        // 1 − cλ ≤ 0: an oscillating (and, past −1, growing) mode; plain powers are exact enough here.
        return (1.0 - Math.pow(1.0 + x, epochs)) / lambda;
    }
}
