package dev.bayesrg.activation;

/** σ(z) = z; its expectations are E[u] = 0 and E[uv] = kuv. */
final class Identity implements Activation {
    Identity() {}

    @Override
    public String id() {
        return "identity";
    }

    @Override
    public double value(double z) {
        return z;
    }

    @Override
    public double derivative(double z) {
        return 1.0;
    }

    @Override
    public void apply(double[] z, double[] into) {
        if (into != z) {
            System.arraycopy(z, 0, into, 0, z.length);
        }
    }

    @Override
    public void multiplyByDerivative(double[] z, double[] into) {
        for (int i = 0; i < z.length; i++) {
            into[i] *= 1.0;
        }
    }

    @Override
    public double gaussianMean(double k) {
        return 0.0;
    }

    @Override
    public double gaussianProduct(double kuu, double kuv, double kvv) {
        return kuv;
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
