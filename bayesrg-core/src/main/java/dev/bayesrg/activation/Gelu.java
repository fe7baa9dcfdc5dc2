package dev.bayesrg.activation;

import org.hipparchus.special.Erf;

/**
 * The exact GELU, σ(z) = z Φ(z) with Φ the standard normal distribution function; its expectations by
 * Gaussian quadrature (there is no closed form for the product).
 *
 * <p>The quadrature integrates σ written as {@code 0.5 z (1 + erf(z / √2))}, while {@link #value}
 * multiplies by a rounded 1/√2: the two differ in the last bit for about one z in eight. Each keeps
 * the arithmetic it had before the activations were one type, so that networks and NNGP kernels give
 * the same bits as before.
 */
final class Gelu implements Activation {
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    Gelu() {}

    @Override
    public String id() {
        return "gelu";
    }

    @Override
    public double value(double z) {
        return 0.5 * z * (1.0 + Erf.erf(z * INV_SQRT2));
    }

    @Override
    public double derivative(double z) {
        return 0.5 * (1.0 + Erf.erf(z * INV_SQRT2)) + z * INV_SQRT2PI * Math.exp(-0.5 * z * z);
    }

    @Override
    public void apply(double[] z, double[] into) {
        for (int i = 0; i < z.length; i++) {
            into[i] = value(z[i]);
        }
    }

    @Override
    public void multiplyByDerivative(double[] z, double[] into) {
        for (int i = 0; i < z.length; i++) {
            into[i] *= derivative(z[i]);
        }
    }

    @Override
    public double gaussianMean(double k) {
        return GaussianQuadrature.standard().expect(k, Gelu::integrand);
    }

    @Override
    public double gaussianProduct(double kuu, double kuv, double kvv) {
        return GaussianQuadrature.standard().expectProduct(kuu, kuv, kvv, Gelu::integrand);
    }

    @Override
    public boolean hasClosedForm() {
        return false;
    }

    @Override
    public String toString() {
        return id();
    }

    /** σ as the quadrature integrates it (see the class comment). */
    private static double integrand(double z) {
        return 0.5 * z * (1.0 + Erf.erf(z / Math.sqrt(2.0)));
    }
}
