package dev.bayesrg.nnft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PowerLawFitTest {
    @Test
    void anExactPowerLawIsRecoveredWithZeroScatter() {
        double[] x = {2, 4, 8, 16};
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            y[i] = 44 / (x[i] * x[i]);
        }
        PowerLawFit fit = PowerLawFit.fit(x, y);
        assertEquals(-2.0, fit.exponent(), 1e-12);
        assertEquals(44.0, fit.prefactor(), 1e-9);
        assertEquals(0.0, fit.exponentError(), 1e-7);
    }

    @Test
    void twoPointsWithErrorsGiveTheSlopeErrorOfTheirLogDifference() {
        // slope = Δ ln y / Δ ln x, so its error is sqrt(σ1² + σ2²) / Δ ln x with σ_i = se_i / y_i
        double[] x = {10, 100};
        double[] y = {1.0, 0.1};
        double[] se = {0.05, 0.02};
        PowerLawFit fit = PowerLawFit.fit(x, y, se);
        assertEquals(-1.0, fit.exponent(), 1e-12);
        assertEquals(Math.sqrt(0.05 * 0.05 + 0.2 * 0.2) / Math.log(10), fit.exponentError(), 1e-12);
        assertTrue(Double.isNaN(PowerLawFit.fit(x, y).exponentError()), "no scatter to measure with two points");
    }

    @Test
    void theWeightedFitFollowsThePrecisePoints() {
        double[] x = {1, 2, 4};
        double[] y = {1, 0.5, 0.5}; // the last point off the 1/x line, but with a huge error
        PowerLawFit fit = PowerLawFit.fit(x, y, new double[] {1e-6, 1e-6, 10});
        assertEquals(-1.0, fit.exponent(), 1e-6);
    }
}
