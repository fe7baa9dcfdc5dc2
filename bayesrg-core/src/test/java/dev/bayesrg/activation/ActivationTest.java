package dev.bayesrg.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every activation against independent truths: its derivative against central differences of its
 * value, values and derivatives against tabulated closed forms, the array methods against the scalar
 * ones bit for bit, closed-form expectations against quadrature, every expectation against Monte Carlo
 * averages over Gaussian pairs, and the list of names against the permitted classes.
 */
class ActivationTest {
    private static final double[][] COVARIANCES = {
        {1.3, 0.4, 0.8}, {1.0, -0.7, 2.0}, {0.5, 0.5, 0.5}, {2.5, 2.4, 2.6}, {0.2, 0.0, 3.0}
    };

    /** |z|, a user-supplied function with a kink at 0 and closed-form expectations to check it against. */
    private static final CustomActivation ABS =
            new CustomActivation("Abs", Math::abs, z -> z > 0 ? 1.0 : -1.0, CustomActivation.DEFAULT_QUADRATURE_POINTS);

    static Stream<Activation> everyActivation() {
        return Stream.concat(Activation.all().stream(), Stream.of(ABS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyActivation")
    void derivativeMatchesCentralDifferenceOfValue(Activation activation) {
        double h = 1e-5;
        // grid on [-4, 4] shifted so that no point is within 1e-2 of relu's kink at 0
        for (int k = 0; k <= 80; k++) {
            double z = -4.0 + 0.1 * k + 0.0137;
            double fd = (activation.value(z + h) - activation.value(z - h)) / (2 * h);
            double d = activation.derivative(z);
            assertEquals(fd, d, 1e-6 * Math.max(1.0, Math.abs(fd)) + 1e-9, activation + " at z=" + z);
        }
    }

    /** Reference values from closed forms: erf from tables, gelu(z) = z Φ(z), cos, tanh. */
    @ParameterizedTest
    @CsvSource({
        "identity, -2.5, -2.5",
        "relu, -0.3, 0.0",
        "relu, 1.7, 1.7",
        "tanh, 0.5, 0.46211715726000974",
        "erf, 0.5, 0.5204998778130465",
        "erf, -1.0, -0.8427007929497149",
        "cos, 1.0, 0.5403023058681398",
        "gelu, 1.0, 0.8413447460685429",
        "gelu, -1.0, -0.15865525393145707",
        "gelu, 2.0, 1.9544997361036416",
    })
    void valueMatchesClosedForm(String id, double z, double expected) {
        assertEquals(expected, Activation.named(id).value(z), 1e-14);
    }

    @ParameterizedTest
    @CsvSource({
        "identity, 0.3, 1.0",
        "relu, 0.3, 1.0",
        "relu, -0.3, 0.0",
        "relu, 0.0, 0.0",
        // d/dz tanh(z) = 1 - tanh(z)^2; at 0.5: 1 - 0.46211715726000974^2
        "tanh, 0.5, 0.7864477329659274",
        // d/dz erf(z) = 2/sqrt(pi) exp(-z^2)
        "erf, 1.0, 0.4151074974205947",
        // d/dz cos(z) = -sin(z)
        "cos, 1.0, -0.8414709848078965",
        // d/dz gelu(z) = Phi(z) + z phi(z); at 1: 0.8413447460685429 + 0.24197072451914337
        "gelu, 1.0, 1.0833154705876864",
    })
    void derivativeMatchesClosedForm(String id, double z, double expected) {
        assertEquals(expected, Activation.named(id).derivative(z), 1e-14);
    }

    /** The loops inside the classes are what the networks run: they must give the scalar bits. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyActivation")
    void arrayMethodsGiveTheBitsOfTheScalarOnesInPlaceAndNot(Activation activation) {
        SplittableRandom rng = new SplittableRandom(7);
        double[] z = new double[203];
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextGaussian() * 3;
        }
        z[0] = 0.0;
        z[1] = -0.0;
        z[2] = 1e-300;
        z[3] = -40.0;
        double[] factors = new double[z.length + 5];
        for (int i = 0; i < factors.length; i++) {
            factors[i] = rng.nextGaussian();
        }

        double[] values = new double[z.length + 5];
        Arrays.fill(values, 42.0);
        activation.apply(z, values);
        double[] inPlace = z.clone();
        activation.apply(inPlace, inPlace);
        double[] scaled = factors.clone();
        activation.multiplyByDerivative(z, scaled);
        for (int i = 0; i < z.length; i++) {
            long value = Double.doubleToRawLongBits(activation.value(z[i]));
            assertEquals(value, Double.doubleToRawLongBits(values[i]), activation + " apply at " + z[i]);
            assertEquals(value, Double.doubleToRawLongBits(inPlace[i]), activation + " in place at " + z[i]);
            assertEquals(
                    Double.doubleToRawLongBits(factors[i] * activation.derivative(z[i])),
                    Double.doubleToRawLongBits(scaled[i]),
                    activation + " multiplyByDerivative at " + z[i]);
        }
        for (int i = z.length; i < values.length; i++) {
            assertEquals(42.0, values[i], 0.0, "apply writes only z.length entries");
            assertEquals(factors[i], scaled[i], 0.0, "multiplyByDerivative touches only z.length entries");
        }
    }

    static Stream<Activation> closedForms() {
        return Activation.all().stream().filter(Activation::hasClosedForm);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closedForms")
    void closedFormExpectationsMatchQuadratureTo1e10(Activation exact) {
        Activation quad = CustomActivation.byQuadrature(exact, CustomActivation.DEFAULT_QUADRATURE_POINTS);
        assertFalse(quad.hasClosedForm());
        double tol = 1e-10; // the brief allowed 1e-4 for relu; splitting at the kink does far better
        for (double[] k : COVARIANCES) {
            assertEquals(
                    exact.gaussianProduct(k[0], k[1], k[2]),
                    quad.gaussianProduct(k[0], k[1], k[2]),
                    tol,
                    exact + " product at " + Arrays.toString(k));
            assertEquals(exact.gaussianMean(k[0]), quad.gaussianMean(k[0]), tol, exact + " mean at " + k[0]);
        }
    }

    @Test
    void closedFormsAreIdentityReluErfAndCosTheRestIsQuadrature() {
        // bayesrg nngp --help and the README say so
        assertEquals(
                List.of("identity", "relu", "erf", "cos"),
                closedForms().map(Activation::id).toList());
        assertFalse(ABS.hasClosedForm());
    }

    /**
     * Mean and standard error of g(u, v) over 10⁵ draws of (u, v) ~ N(0, [[a, c], [c, b]]): an
     * estimate that shares nothing with either the closed forms or the quadrature.
     */
    private static double[] monteCarlo(Activation act, double[] k, boolean product, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double l11 = Math.sqrt(k[0]);
        double l21 = k[1] / l11;
        double l22 = Math.sqrt(k[2] - l21 * l21);
        int n = 100_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double z1 = rng.nextGaussian();
            double z2 = rng.nextGaussian();
            double u = l11 * z1;
            double g = product ? act.value(u) * act.value(l21 * z1 + l22 * z2) : act.value(u);
            sum += g;
            sumSq += g * g;
        }
        double mean = sum / n;
        double var = (sumSq / n - mean * mean) * n / (n - 1.0);
        return new double[] {mean, Math.sqrt(var / n)};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyActivation")
    void expectationsMatchMonteCarloOfGaussianPairsWithinFiveStandardErrors(Activation activation) {
        // SE ≈ 10⁻³ at n = 10⁵; a wrong kernel (e.g. a missing factor 2 or a sign) is tens of SE away
        for (int c = 0; c < COVARIANCES.length; c++) {
            double[] k = COVARIANCES[c];
            double[] product = monteCarlo(activation, k, true, 1000L + c);
            double exact = activation.gaussianProduct(k[0], k[1], k[2]);
            assertTrue(
                    Math.abs(exact - product[0]) < 5 * product[1],
                    () -> activation + " product at " + Arrays.toString(k) + ": " + exact + " vs Monte Carlo "
                            + product[0] + " ± " + product[1]);
            double[] mean = monteCarlo(activation, k, false, 2000L + c);
            double exactMean = activation.gaussianMean(k[0]);
            assertTrue(
                    Math.abs(exactMean - mean[0]) < 5 * mean[1],
                    () -> activation + " mean at " + k[0] + ": " + exactMean + " vs Monte Carlo " + mean[0] + " ± "
                            + mean[1]);
        }
    }

    @Test
    void geluMeanByQuadratureMatchesSteinsLemma() {
        // E[u Φ_N(u)] = k E[φ_N(u)] = k / sqrt(2π(1+k)) for u ~ N(0, k)
        for (double k : new double[] {0.1, 1.0, 4.0}) {
            assertEquals(k / Math.sqrt(2 * Math.PI * (1 + k)), Activation.GELU.gaussianMean(k), 1e-10);
        }
    }

    @Test
    void customFunctionWithAKinkIntegratesToItsClosedForms() {
        // u ~ N(0, k): E|u| = sqrt(2k/π); E|u||v| = (2/π) sqrt(kuu kvv) (sqrt(1 − ρ²) + ρ asin ρ)
        for (double[] k : COVARIANCES) {
            double rho = k[1] / Math.sqrt(k[0] * k[2]);
            double product = 2 / Math.PI * Math.sqrt(k[0] * k[2]) * (Math.sqrt(1 - rho * rho) + rho * Math.asin(rho));
            assertEquals(product, ABS.gaussianProduct(k[0], k[1], k[2]), 1e-10, Arrays.toString(k));
            assertEquals(Math.sqrt(2 * k[0] / Math.PI), ABS.gaussianMean(k[0]), 1e-10);
        }
        assertEquals("abs", ABS.id());
        assertFalse(Activation.isNamed(ABS));
        assertThrows(IllegalArgumentException.class, () -> new CustomActivation("x", z -> z, z -> 1.0, 1));
    }

    // ----- names -----

    @Test
    void theNamedActivationsAreTheYamlNamesInOrder() {
        assertEquals(List.of("identity", "relu", "tanh", "erf", "cos", "gelu"), Activation.ids());
        assertEquals(
                List.of(
                        Activation.IDENTITY,
                        Activation.RELU,
                        Activation.TANH,
                        Activation.ERF,
                        Activation.COS,
                        Activation.GELU),
                Activation.all());
        for (Activation a : Activation.all()) {
            assertSame(a, Activation.named(a.id()));
            assertEquals(a.id(), a.toString());
            assertTrue(Activation.isNamed(a));
        }
    }

    @Test
    void anUnknownOrWronglyCasedNameIsRefusedListingTheAllowedOnes() {
        for (String bad : new String[] {"swish", "RELU", "", " relu"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.named(bad));
            assertEquals(
                    "unknown activation '" + bad + "', allowed identity, relu, tanh, erf, cos, gelu", e.getMessage());
        }
    }

    /** A new activation class that is not in {@link Activation#all()} fails here. */
    @Test
    void everyPermittedClassButTheCustomOneIsNamedExactlyOnce() {
        Set<Class<?>> permitted = new HashSet<>(Arrays.asList(Activation.class.getPermittedSubclasses()));
        assertTrue(permitted.remove(CustomActivation.class));
        Set<Class<?>> named = new HashSet<>();
        for (Activation a : Activation.all()) {
            assertTrue(named.add(a.getClass()), "listed twice: " + a);
        }
        assertEquals(permitted, named);
        assertEquals(Activation.all().size(), new HashSet<>(Activation.ids()).size(), "ids are distinct");
    }
}
