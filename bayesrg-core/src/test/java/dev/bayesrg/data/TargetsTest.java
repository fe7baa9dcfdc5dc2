package dev.bayesrg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.config.DataConfig.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-in targets at points where they are known by hand. */
class TargetsTest {

    /** SPEC eq. 91: y = (1 − x0)² − 0.5 (x1 − x0²) = 1.5 x0² − 2 x0 + 1 − 0.5 x1. */
    @ParameterizedTest
    @CsvSource({
        "1.0, 1.0, 0.0",
        "2.0, 3.0, 1.5",
        "0.5, -1.0, 0.875",
        "0.0, 0.0, 1.0",
        "-1.0, 2.0, 3.5",
    })
    void quadraticIsOneMinusX0SquaredMinusHalfOfX1MinusX0Squared(double x0, double x1, double expected) {
        assertEquals(expected, Targets.value(Target.QUADRATIC, new double[] {x0, x1}), 1e-15);
        assertEquals(
                1.5 * x0 * x0 - 2 * x0 + 1 - 0.5 * x1, Targets.value(Target.QUADRATIC, new double[] {x0, x1}), 1e-14);
    }

    @ParameterizedTest
    @CsvSource({
        "1.0, 1.0, 1.0, 0.0",
        "0.0, 0.0, 0.0, 2.0",
        // (1-2)² + 100(1-4)² + (1-1)² + 100(0-1)² = 1 + 900 + 0 + 100
        "2.0, 1.0, 0.0, 1001.0",
    })
    void rosenbrockSumsOverNeighbouringPairs(double x0, double x1, double x2, double expected) {
        assertEquals(expected, Targets.value(Target.ROSENBROCK, new double[] {x0, x1, x2}), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"0.25, 0.5, 0.75", "-1.0, 3.0, 2.0"})
    void linearAndSinActOnTheSumOfInputs(double x0, double x1, double sum) {
        assertEquals(sum, Targets.value(Target.LINEAR, new double[] {x0, x1}), 1e-15);
        assertEquals(Math.sin(sum), Targets.value(Target.SIN, new double[] {x0, x1}), 1e-15);
    }
}
