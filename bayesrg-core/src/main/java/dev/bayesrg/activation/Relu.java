package dev.bayesrg.activation;

/** σ(z) = max(z, 0), σ'(0) = 0; its expectations are the arc-cosine kernel of degree 1 (Cho and Saul 2009). */
final class Relu implements Activation {
    Relu() {}

    @Override
    public String id() {
        return "relu";
    }

    @Override
    public double value(double z) {
        return z > 0 ? z : 0.0;
    }

    @Override
    public double derivative(double z) {
        return z > 0 ? 1.0 : 0.0;
    }

    @Override
    public void apply(double[] z, double[] into) {
        for (int i = 0; i < z.length; i++) {
            into[i] = z[i] > 0 ? z[i] : 0.0;
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
        return Math.sqrt(Math.max(k, 0.0) / (2.0 * Math.PI));
    }

    @Override
    public double gaussianProduct(double kuu, double kuv, double kvv) {
        double norm = Math.sqrt(Math.max(kuu, 0.0) * Math.max(kvv, 0.0));
        if (norm == 0.0) {
            return 0.0;
        }
        double cos = Math.max(-1.0, Math.min(1.0, kuv / norm));
        double theta = Math.acos(cos);
        return norm / (2.0 * Math.PI) * (Math.sin(theta) + (Math.PI - theta) * cos);
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
