package dev.bayesrg.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.config.Activation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationsTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void derivativeMatchesCentralDifferenceOfValue(Activation activation) {
        double h = 1e-5;
        // grid on [-4, 4] shifted so that no point is within 1e-2 of relu's kink at 0
        for (int k = 0; k <= 80; k++) {
            double z = -4.0 + 0.1 * k + 0.0137;
            double fd = (Activations.value(activation, z + h) - Activations.value(activation, z - h)) / (2 * h);
            double d = Activations.derivative(activation, z);
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
        Activation a = Activation.valueOf(id.toUpperCase(java.util.Locale.ROOT));
        assertEquals(expected, Activations.value(a, z), 1e-14);
    }

    @ParameterizedTest
    @CsvSource({
        "identity, 0.3, 1.0",
        "relu, 0.3, 1.0",
        "relu, -0.3, 0.0",
        "relu, 0.0, 0.0",
        // d/dz erf(z) = 2/sqrt(pi) exp(-z^2)
        "erf, 1.0, 0.4151074974205947",
        // d/dz cos(z) = -sin(z)
        "cos, 1.0, -0.8414709848078965",
        // d/dz gelu(z) = Phi(z) + z phi(z); at 1: 0.8413447460685429 + 0.24197072451914337
        "gelu, 1.0, 1.0833154705876864",
    })
    void derivativeMatchesClosedForm(String id, double z, double expected) {
        Activation a = Activation.valueOf(id.toUpperCase(java.util.Locale.ROOT));
        assertEquals(expected, Activations.derivative(a, z), 1e-14);
    }
}
