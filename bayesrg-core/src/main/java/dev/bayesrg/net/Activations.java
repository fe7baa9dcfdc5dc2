package dev.bayesrg.net;

import dev.bayesrg.config.Activation;
import org.hipparchus.special.Erf;

/** Values and derivatives of the {@link Activation}s. */
public final class Activations {
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    private static final double TWO_OVER_SQRTPI = 2.0 / Math.sqrt(Math.PI);

    private Activations() {}

    public static double value(Activation a, double z) {
        return switch (a) {
            case IDENTITY -> z;
            case RELU -> z > 0 ? z : 0.0;
            case TANH -> Math.tanh(z);
            case ERF -> Erf.erf(z);
            case COS -> Math.cos(z);
            case GELU ->
                // exact GELU: z Φ(z), Φ the standard normal CDF
                0.5 * z * (1.0 + Erf.erf(z * INV_SQRT2));
            default -> throw new IllegalArgumentException(String.valueOf(a));
        };
    }

    /** dσ/dz; for relu the derivative at 0 is taken as 0 (as in PyTorch). */
    public static double derivative(Activation a, double z) {
        switch (a) {
            case IDENTITY -> {
                return 1.0;
            }
            case RELU -> {
                return z > 0 ? 1.0 : 0.0;
            }
            case TANH -> {
                double t = Math.tanh(z);
                return 1.0 - t * t;
            }
            case ERF -> {
                return TWO_OVER_SQRTPI * Math.exp(-z * z);
            }
            case COS -> {
                return -Math.sin(z);
            }
            case GELU -> {
                return 0.5 * (1.0 + Erf.erf(z * INV_SQRT2)) + z * INV_SQRT2PI * Math.exp(-0.5 * z * z);
            }
            default -> throw new IllegalArgumentException(String.valueOf(a));
        }
    }

    /** Applies σ in place to every entry. */
    public static void apply(Activation a, double[] z) {
        switch (a) {
            case IDENTITY -> {
                return;
            }
            case RELU -> {
                for (int i = 0; i < z.length; i++) {
                    z[i] = z[i] > 0 ? z[i] : 0.0;
                }
                return;
            }
            default -> {
                for (int i = 0; i < z.length; i++) {
                    z[i] = value(a, z[i]);
                }
            }
        }
    }
}
