package dev.bayesrg.activation;

/** σ(z) = tanh z; its expectations by Gaussian quadrature (there is no closed form). */
final class Tanh implements Activation {
    Tanh() {}

    @Override
    public String id() {
        return "tanh";
    }

    @Override
    public double value(double z) {
        return Math.tanh(z);
    }

    @Override
    public double derivative(double z) {
        double t = Math.tanh(z);
        return 1.0 - t * t;
    }

    @Override
    public void apply(double[] z, double[] into) {
        for (int i = 0; i < z.length; i++) {
            into[i] = Math.tanh(z[i]);
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
        return GaussianQuadrature.standard().expect(k, Math::tanh);
    }

    @Override
    public double gaussianProduct(double kuu, double kuv, double kvv) {
        return GaussianQuadrature.standard().expectProduct(kuu, kuv, kvv, Math::tanh);
    }

    @Override
    public boolean hasClosedForm() {
        return false;
    }

    @Override
    public String toString() {
        return id();
    }
}
