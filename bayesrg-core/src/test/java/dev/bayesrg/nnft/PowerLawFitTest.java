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

    @Test
    void theExponentIntervalUsesStudentsTForScatterAndNormalQuantilesForKnownErrors() {
        // three points off a line: slope SE from the scatter, t(1) quantile 12.706 at 95 %
        double[] x = {1, Math.E, Math.E * Math.E};
        double[] y = {1, Math.exp(-1.1), Math.exp(-1.9)};
        PowerLawFit scatter = PowerLawFit.fit(x, y);
        double[] ci = scatter.exponentInterval(0.95);
        assertEquals(12.7062047361747 * scatter.exponentError(), ci[1] - scatter.exponent(), 1e-9);
        assertEquals(scatter.exponent() - ci[0], ci[1] - scatter.exponent(), 1e-12);

        PowerLawFit known = PowerLawFit.fit(x, y, new double[] {0.1, 0.1, 0.1});
        double[] normal = known.exponentInterval(0.95);
        assertEquals(1.959963984540054 * known.exponentError(), normal[1] - known.exponent(), 1e-9);

        assertTrue(Double.isNaN(
                PowerLawFit.fit(new double[] {1, 2}, new double[] {1, 2}).exponentInterval(0.9)[0]));
    }
}
