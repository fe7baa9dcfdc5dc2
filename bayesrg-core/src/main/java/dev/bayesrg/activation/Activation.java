package dev.bayesrg.activation;

import java.util.List;

/**
 * A pointwise nonlinearity σ with everything the engine asks of one: its value and derivative (the
 * networks' forward pass and backpropagation) and its two Gaussian expectations (the NNGP recursion),
 * {@link #gaussianMean} E[σ(u)] for u ~ N(0, k) and {@link #gaussianProduct} E[σ(u)σ(v)] for
 * (u, v) ~ N(0, [[kuu, kuv], [kuv, kvv]]). The networks and the NNGP code use the same object.
 *
 * <p>The named activations, the ones a configuration and {@code bayesrg nngp --activation} accept,
 * are the constants below, listed by {@link #all()} under their {@link #id()}s. Identity, relu, erf
 * and cos have closed-form expectations; tanh and gelu use 2-D Gaussian quadrature (Gauss–Legendre,
 * 40 points per piece, split where the argument crosses 0).
 * {@link CustomActivation} is any other function, with expectations by quadrature.
 *
 * <p>Adding an activation is one final class implementing this interface (the compiler then asks for
 * its value, derivative and expectations), its entry in {@code permits}, a constant and its place in
 * {@link #all()}; a test checks that every permitted class but {@link CustomActivation} is listed.
 * The array methods {@link #apply} and {@link #multiplyByDerivative} run their loop inside the class,
 * so a network's hot loops make one call per layer rather than one per neuron. Immutable and
 * thread-safe; the named activations are singletons.
 */
public sealed interface Activation permits Identity, Relu, Tanh, Erf, Cos, Gelu, CustomActivation {
    /** σ(z) = z. */
    Activation IDENTITY = new Identity();

    /** σ(z) = max(z, 0). */
    Activation RELU = new Relu();

    /** σ(z) = tanh z. */
    Activation TANH = new Tanh();

    /** σ(z) = erf z. */
    Activation ERF = new Erf();

    /** σ(z) = cos z. */
    Activation COS = new Cos();

    /** The exact GELU, σ(z) = z Φ(z) with Φ the standard normal distribution function. */
    Activation GELU = new Gelu();

    /**
     * The named activations in the order configurations list them: identity, relu, tanh, erf, cos,
     * gelu.
     */
    static List<Activation> all() {
        return List.of(IDENTITY, RELU, TANH, ERF, COS, GELU);
    }

    /** The {@link #id()}s of {@link #all()}, in the same order. */
    static List<String> ids() {
        return all().stream().map(Activation::id).toList();
    }

    /**
     * The named activation with this id (exact, lower case, as in YAML).
     *
     * @throws IllegalArgumentException naming the allowed ids if there is none
     */
    static Activation named(String id) {
        for (Activation a : all()) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + id + "', allowed " + String.join(", ", ids()));
    }

    /** Whether this is one of {@link #all()} (false for a {@link CustomActivation}). */
    static boolean isNamed(Activation activation) {
        return all().contains(activation);
    }

    /** The name in configurations and on the command line, e.g. {@code relu}; lower case. */
    String id();

    /** σ(z). */
    double value(double z);

    /** dσ/dz; for relu the derivative at 0 is taken as 0 (as in PyTorch). */
    double derivative(double z);

    /**
     * into[i] = σ(z[i]) for every i &lt; z.length, with exactly the bits of {@link #value}; {@code into}
     * may be {@code z} (in place) and must be at least as long.
     */
    void apply(double[] z, double[] into);

    /**
     * into[i] *= σ'(z[i]) for every i &lt; z.length, with exactly the bits of {@link #derivative}; the
     * chain rule step of backpropagation.
     */
    void multiplyByDerivative(double[] z, double[] into);

    /** E[σ(u)] for u ~ N(0, k). */
    double gaussianMean(double k);

    /** E[σ(u)σ(v)] for (u, v) ~ N(0, [[kuu, kuv], [kuv, kvv]]). */
    double gaussianProduct(double kuu, double kuv, double kvv);

    /** Whether {@link #gaussianMean} and {@link #gaussianProduct} are closed forms (false: quadrature). */
    boolean hasClosedForm();
}
