package dev.bayesrg.nngp;

import org.apache.commons.rng.UniformRandomProvider;
import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.hipparchus.special.BesselJ;

/**
 * The generalized cos-net of arXiv:2405.17538, Sec. 4.1.1 (eqs. 77–90): φ(x) = Σ_i a_i cos(b_i·x + c_i)/sqrt(b_i² + m²),
 * b_i ~ U(B_Λ) ⊂ R^d, c_i ~ U[−π, π]. At infinite width it is a free scalar field of mass m with
 * momentum cutoff Λ; its Bayesian RG flow is mass and cutoff renormalization.
 */
public final class CosNet {
    private CosNet() {}

    /** Frozen hidden parameters of N neurons: frequencies b_i (N×d) and phases c_i. */
    public record Neurons(double[][] frequencies, double[] phases) {
        public int count() {
            return phases.length;
        }
    }

    /** Draws N neurons: b uniform in the d-ball of radius Λ, c uniform in [−π, π] (as a network's cos-net layer). */
    public static Neurons sample(int n, int d, double cutoff, UniformRandomProvider rng) {
        double[] theta = new double[n * (d + 1)];
        dev.bayesrg.net.CosNetLayer.sample(n, d, cutoff, rng, theta, 0, n * d);
        double[] c = java.util.Arrays.copyOfRange(theta, n * d, n * (d + 1));
        double[][] b = new double[n][];
        for (int i = 0; i < n; i++) {
            b[i] = java.util.Arrays.copyOfRange(theta, i * d, (i + 1) * d);
        }
        return new Neurons(b, c);
    }

    /** σ_i(x) = cos(b_i·x + c_i)/sqrt(b_i² + m²). */
    public static double feature(Neurons neurons, int i, double[] x, double mass) {
        double[] b = neurons.frequencies()[i];
        double dot = 0;
        double b2 = 0;
        for (int k = 0; k < b.length; k++) {
            dot += b[k] * x[k];
            b2 += b[k] * b[k];
        }
        return Math.cos(dot + neurons.phases()[i]) / Math.sqrt(b2 + mass * mass);
    }

    /**
     * Ψ(Δ) = (1/(2 vol B_Λ)) ∫_{B_Λ} cos(b·Δ)/(b² + m²) d^db at separation r = |Δ| (arXiv:2405.17538, eq. 85), by
     * radial quadratures for d = 1, 2, 3.
     */
    public static double propagator(double r, int d, double cutoff, double mass) {
        try {
            return radialQuadrature(r, d, cutoff, mass);
        } catch (org.hipparchus.exception.MathIllegalStateException e) {
            // too many oscillations (Λr large) or too sharp a peak at b = 0 (m small) to integrate
            boolean oscillating = cutoff * r > 1000;
            throw new dev.bayesrg.config.ConfigException(
                    oscillating ? "cutoff" : "mass",
                    "the exact propagator's quadrature does not converge at r = " + r + " (d = " + d + ", cutoff "
                            + cutoff + ", mass " + mass + "); allowed "
                            + (oscillating ? "a cutoff with cutoff x r up to about 1000" : "a larger mass"));
        }
    }

    private static double radialQuadrature(double r, int d, double cutoff, double mass) {
        double m2 = mass * mass;
        IterativeLegendreGaussIntegrator integrator = new IterativeLegendreGaussIntegrator(24, 1e-13, 1e-13);
        return switch (d) {
            case 1 ->
                (1.0 / (2 * 2 * cutoff))
                        * 2
                        * integrator.integrate(100_000, b -> Math.cos(b * r) / (b * b + m2), 0, cutoff);
            case 2 ->
                (1.0 / (2 * Math.PI * cutoff * cutoff))
                        * 2
                        * Math.PI
                        * integrator.integrate(100_000, b -> BesselJ.value(0, b * r) * b / (b * b + m2), 0, cutoff);
            case 3 ->
                (1.0 / (2 * (4.0 / 3) * Math.PI * cutoff * cutoff * cutoff))
                        * 4
                        * Math.PI
                        * integrator.integrate(100_000, b -> sinc(b * r) * b * b / (b * b + m2), 0, cutoff);
            default ->
                throw new IllegalArgumentException("the radial quadrature is implemented for d = 1, 2, 3, got " + d);
        };
    }

    private static double sinc(double x) {
        return Math.abs(x) < 1e-8 ? 1 - x * x / 6 : Math.sin(x) / x;
    }

    /**
     * σ_eff²(ε) = Σ_{j∉S_ε} (Σ_jj + μ_j²) + |S_ε| σ² (eq. 87): the weight of Ψ in the renormalized
     * kernel G̃_ε(p) = σ_eff²(ε) A/(p² + m²).
     */
    public static double effectiveVariance(
            double[] mu, double[] sigmaDiagonal, double[] fisher, double cutoff, double sloppyVariance) {
        double s = 0;
        for (int j = 0; j < mu.length; j++) {
            s += fisher[j] < cutoff ? sloppyVariance : sigmaDiagonal[j] + mu[j] * mu[j];
        }
        return s;
    }

    /** Λ(ε) = Λ (σ_a²/σ_eff²(ε))^{1/d} (eq. 90): the cutoff after the field is rescaled. */
    public static double renormalizedCutoff(double cutoff, double sigmaA2, double sigmaEff2, int d) {
        return cutoff * Math.pow(sigmaA2 / sigmaEff2, 1.0 / d);
    }

    /**
     * The momentum scale an information cutoff ε removes: F_jj ≈ 1/(2σ²(b_j² + m²)) for a widely spread
     * input law, so F_jj &lt; ε ⇔ |b_j|² > 1/(2σ²ε) − m² (docs/method.md, "cosnet"). 0 when the right side
     * is ≤ 0: then even b = 0 has F &lt; ε and every mode is sloppy.
     */
    public static double informationMomentum(double epsilon, double noiseVariance, double mass) {
        double p2 = 1.0 / (2 * noiseVariance * epsilon) - mass * mass;
        return p2 > 0 ? Math.sqrt(p2) : 0;
    }

    /** vol(B_Λ) of the d-ball, π^{d/2} Λ^d / Γ(d/2 + 1). */
    public static double ballVolume(int d, double cutoff) {
        double unit = switch (d) {
            case 1 -> 2;
            case 2 -> Math.PI;
            case 3 -> 4 * Math.PI / 3;
            default -> Math.pow(Math.PI, d / 2.0) / org.hipparchus.special.Gamma.gamma(d / 2.0 + 1);
        };
        return unit * Math.pow(cutoff, d);
    }

    /** A = (2π)^d/(2 vol(B_Λ)) of eq. 81: G̃(p) = σ_a² A/(p² + m²) inside the ball. */
    public static double spectralWeight(int d, double cutoff) {
        return Math.pow(2 * Math.PI, d) / (2 * ballVolume(d, cutoff));
    }
}
