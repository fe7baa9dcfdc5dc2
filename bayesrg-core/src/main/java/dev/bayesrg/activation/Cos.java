package dev.bayesrg.activation;

/** σ(z) = cos z; its expectations are E[cos u] = e^{−k/2} and E[cos u cos v] = ½ e^{−(kuu+kvv)/2} (e^{kuv} + e^{−kuv}). */
final class Cos implements Activation {
    Cos() {}

    @Override
    public String id() {
        return "cos";
    }

    @Override
    public double value(double z) {
        return Math.cos(z);
    }

    @Override
    public double derivative(double z) {
        return -Math.sin(z);
    }

    @Override
    public void apply(double[] z, double[] into) {
        for (int i = 0; i < z.length; i++) {
            into[i] = Math.cos(z[i]);
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
        return Math.exp(-0.5 * k);
    }

    @Override
    public double gaussianProduct(double kuu, double kuv, double kvv) {
        double s = -0.5 * (kuu + kvv);
        return 0.5 * (Math.exp(s + kuv) + Math.exp(s - kuv));
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
