package dev.bayesrg.activation;

/**
 * σ(z) = erf z; its expectations are E[erf u] = 0 and Williams' (1997) arcsine kernel
 * E[erf u erf v] = (2/π) asin(2kuv / √((1 + 2kuu)(1 + 2kvv))).
 */
final class Erf implements Activation {
    private static final double TWO_OVER_SQRTPI = 2.0 / Math.sqrt(Math.PI);

    Erf() {}

    @Override
    public String id() {
        return "erf";
    }

    @Override
    public double value(double z) {
        return org.hipparchus.special.Erf.erf(z);
    }

    @Override
    public double derivative(double z) {
        return TWO_OVER_SQRTPI * Math.exp(-z * z);
    }

    @Override
    public void apply(double[] z, double[] into) {
        for (int i = 0; i < z.length; i++) {
            into[i] = org.hipparchus.special.Erf.erf(z[i]);
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
        return 0.0;
    }

    @Override
    public double gaussianProduct(double kuu, double kuv, double kvv) {
        double arg = 2.0 * kuv / Math.sqrt((1.0 + 2.0 * kuu) * (1.0 + 2.0 * kvv));
        return 2.0 / Math.PI * Math.asin(Math.max(-1.0, Math.min(1.0, arg)));
    }

    @Override
    public boolean hasClosedForm() {
        return true;
    }

    @Override
    public String toString() {
        return id();
    }
}
