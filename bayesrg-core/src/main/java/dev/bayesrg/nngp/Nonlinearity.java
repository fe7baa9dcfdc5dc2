package dev.bayesrg.nngp;

import dev.bayesrg.config.Activation;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.hipparchus.special.Erf;

/**
 * A pointwise nonlinearity σ together with its two Gaussian expectations, the building blocks of the
 * NNGP recursion: {@link #mean} E[σ(u)] for u ~ N(0, k) and {@link #product} E[σ(u)σ(v)] for
 * (u, v) ~ N(0, [[kuu, kuv], [kuv, kvv]]). Identity, relu, erf and cos use closed forms; every other
 * activation (tanh, gelu, or any {@link DoubleUnaryOperator}) uses 2-D Gaussian quadrature (Gauss–Legendre split at the kink, see {@code GaussianQuadrature}).
 * Immutable and thread-safe.
 */
public abstract class Nonlinearity {
    /** Gauss–Legendre points per piece used by {@link #of} for activations without a closed form. */
    public static final int DEFAULT_QUADRATURE_POINTS = 40;

    private final String name;

    private Nonlinearity(String name) {
        this.name = name;
    }

    /** The activation with its closed forms where they exist (identity, relu, erf, cos), else quadrature. */
    public static Nonlinearity of(Activation activation) {
        Objects.requireNonNull(activation, "activation");
        return switch (activation) {
            case IDENTITY -> new Identity();
            case RELU -> new Relu();
            case ERF -> new ErfNet();
            case COS -> new Cos();
            default -> quadrature(activation, DEFAULT_QUADRATURE_POINTS);
        };
    }

    /** The activation's expectations by quadrature even where a closed form exists (for cross-checks). */
    public static Nonlinearity quadrature(Activation activation, int points) {
        return quadrature(activation.id(), function(activation), points);
    }

    /** A user-supplied nonlinearity; its expectations come from quadrature (exponentially accurate if σ is smooth away from 0). */
    public static Nonlinearity quadrature(String name, DoubleUnaryOperator sigma, int points) {
        return new Quadrature(name, sigma, new GaussianQuadrature(points));
    }

    /** σ as a function (the same definitions as the networks use; gelu is the exact z·Φ_N(z)). */
    public static DoubleUnaryOperator function(Activation activation) {
        return switch (activation) {
            case IDENTITY -> z -> z;
            case RELU -> z -> z > 0 ? z : 0.0;
            case TANH -> Math::tanh;
            case ERF -> Erf::erf;
            case COS -> Math::cos;
            case GELU -> z -> 0.5 * z * (1.0 + Erf.erf(z / Math.sqrt(2.0)));
            default -> throw new IllegalArgumentException(String.valueOf(activation));
        };
    }

    public final String name() {
        return name;
    }

    /** σ(z). */
    public abstract double value(double z);

    /** E[σ(u)] for u ~ N(0, k). */
    public abstract double mean(double k);

    /** E[σ(u)σ(v)] for (u, v) ~ N(0, [[kuu, kuv], [kuv, kvv]]). */
    public abstract double product(double kuu, double kuv, double kvv);

    /** Whether {@link #mean} and {@link #product} are closed forms (false: quadrature). */
    public abstract boolean closedForm();

    @Override
    public String toString() {
        return name + (closedForm() ? " (closed form)" : " (quadrature)");
    }

    private static final class Identity extends Nonlinearity {
        Identity() {
            super("identity");
        }

        @Override
        public double value(double z) {
            return z;
        }

        @Override
        public double mean(double k) {
            return 0.0;
        }

        @Override
        public double product(double kuu, double kuv, double kvv) {
            return kuv;
        }

        @Override
        public boolean closedForm() {
            return true;
        }
    }

    /** Arc-cosine kernel of degree 1 (Cho and Saul 2009). */
    private static final class Relu extends Nonlinearity {
        Relu() {
            super("relu");
        }

        @Override
        public double value(double z) {
            return z > 0 ? z : 0.0;
        }

        @Override
        public double mean(double k) {
            return Math.sqrt(Math.max(k, 0.0) / (2.0 * Math.PI));
        }

        @Override
        public double product(double kuu, double kuv, double kvv) {
            double norm = Math.sqrt(Math.max(kuu, 0.0) * Math.max(kvv, 0.0));
            if (norm == 0.0) {
                return 0.0;
            }
            double cos = Math.max(-1.0, Math.min(1.0, kuv / norm));
            double theta = Math.acos(cos);
            return norm / (2.0 * Math.PI) * (Math.sin(theta) + (Math.PI - theta) * cos);
        }

        @Override
        public boolean closedForm() {
            return true;
        }
    }

    /** Williams (1997). */
    private static final class ErfNet extends Nonlinearity {
        ErfNet() {
            super("erf");
        }

        @Override
        public double value(double z) {
            return Erf.erf(z);
        }

        @Override
        public double mean(double k) {
            return 0.0;
        }

        @Override
        public double product(double kuu, double kuv, double kvv) {
            double arg = 2.0 * kuv / Math.sqrt((1.0 + 2.0 * kuu) * (1.0 + 2.0 * kvv));
            return 2.0 / Math.PI * Math.asin(Math.max(-1.0, Math.min(1.0, arg)));
        }

        @Override
        public boolean closedForm() {
            return true;
        }
    }

    /** E[cos u cos v] = ½ e^{−(kuu+kvv)/2} (e^{kuv} + e^{−kuv}); E[cos u] = e^{−k/2}. */
    private static final class Cos extends Nonlinearity {
        Cos() {
            super("cos");
        }

        @Override
        public double value(double z) {
            return Math.cos(z);
        }

        @Override
        public double mean(double k) {
            return Math.exp(-0.5 * k);
        }

        @Override
        public double product(double kuu, double kuv, double kvv) {
            double s = -0.5 * (kuu + kvv);
            return 0.5 * (Math.exp(s + kuv) + Math.exp(s - kuv));
        }

        @Override
        public boolean closedForm() {
            return true;
        }
    }

    private static final class Quadrature extends Nonlinearity {
        private final DoubleUnaryOperator sigma;
        private final GaussianQuadrature rule;

        Quadrature(String name, DoubleUnaryOperator sigma, GaussianQuadrature rule) {
            super(name.toLowerCase(Locale.ROOT));
            this.sigma = Objects.requireNonNull(sigma, "sigma");
            this.rule = rule;
        }

        @Override
        public double value(double z) {
            return sigma.applyAsDouble(z);
        }

        @Override
        public double mean(double k) {
            return rule.expect(k, sigma);
        }

        @Override
        public double product(double kuu, double kuv, double kvv) {
            return rule.expectProduct(kuu, kuv, kvv, sigma);
        }

        @Override
        public boolean closedForm() {
            return false;
        }
    }
}
