package dev.bayesrg.activation;

import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * An activation given as a function and its derivative, with both Gaussian expectations by 2-D
 * Gaussian quadrature (Gauss–Legendre split where the argument crosses 0: exponentially accurate for
 * any σ that is smooth away from 0). For activations beyond the named ones, in the library: a network
 * or an NNGP kernel takes it like any other, but a configuration does not (its YAML names only the
 * named activations, {@link Activation#all()}). {@link #byQuadrature} gives a named activation's
 * expectations by quadrature even where a closed form exists, for cross-checks. Immutable; thread-safe
 * if the functions are.
 */
public final class CustomActivation implements Activation {
    /** Gauss–Legendre points per piece that tanh and gelu use, 40: the closed forms to about 1e−14. */
    public static final int DEFAULT_QUADRATURE_POINTS = GaussianQuadrature.DEFAULT_POINTS;

    private final String name;
    private final DoubleUnaryOperator value;
    private final DoubleUnaryOperator derivative;
    private final GaussianQuadrature rule;

    /**
     * @param name the id (lower-cased)
     * @param value σ
     * @param derivative σ'
     * @param quadraturePoints Gauss–Legendre points per piece (≥ 2)
     */
    public CustomActivation(
            String name, DoubleUnaryOperator value, DoubleUnaryOperator derivative, int quadraturePoints) {
        this.name = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
        this.value = Objects.requireNonNull(value, "value");
        this.derivative = Objects.requireNonNull(derivative, "derivative");
        this.rule = new GaussianQuadrature(quadraturePoints);
    }

    /** The activation's value and derivative, its expectations by quadrature with this many points per piece. */
    public static CustomActivation byQuadrature(Activation activation, int quadraturePoints) {
        return new CustomActivation(activation.id(), activation::value, activation::derivative, quadraturePoints);
    }

    @Override
    public String id() {
        return name;
    }

    @Override
    public double value(double z) {
        return value.applyAsDouble(z);
    }

    @Override
    public double derivative(double z) {
        return derivative.applyAsDouble(z);
    }

    @Override
    public void apply(double[] z, double[] into) {
        for (int i = 0; i < z.length; i++) {
            into[i] = value.applyAsDouble(z[i]);
        }
    }

    @Override
    public void multiplyByDerivative(double[] z, double[] into) {
        for (int i = 0; i < z.length; i++) {
            into[i] *= derivative.applyAsDouble(z[i]);
        }
    }

    @Override
    public double gaussianMean(double k) {
        return rule.expect(k, value);
    }

    @Override
    public double gaussianProduct(double kuu, double kuv, double kvv) {
        return rule.expectProduct(kuu, kuv, kvv, value);
    }

    @Override
    public boolean hasClosedForm() {
        return false;
    }

    @Override
    public String toString() {
        return name + " (quadrature)";
    }
}
