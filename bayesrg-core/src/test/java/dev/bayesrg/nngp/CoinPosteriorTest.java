package dev.bayesrg.nngp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The coin's Beta posterior (SPEC §1, eqs. 22–23) against the spec's numbers and direct integration. */
class CoinPosteriorTest {
    /** Eq. 22 written out: (n+1)!/(n_H! n_T!) θ^{n_H} (1−θ)^{n_T}, independent of Hipparchus. */
    private static DoubleUnaryOperator eq22(int heads, int tails) {
        double c = 1;
        for (int i = 1; i <= heads + tails + 1; i++) {
            c *= i;
        }
        for (int i = 1; i <= heads; i++) {
            c /= i;
        }
        for (int i = 1; i <= tails; i++) {
            c /= i;
        }
        double norm = c;
        return t -> norm * Math.pow(t, heads) * Math.pow(1 - t, tails);
    }

    private static double simpson(DoubleUnaryOperator f, double a, double b, int intervals) {
        double h = (b - a) / intervals;
        double s = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < intervals; i++) {
            s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
        }
        return s * h / 3;
    }

    @Test
    void sevenHeadsThreeTailsGiveTheSpecsMeanAndVariance() {
        CoinPosterior p = new CoinPosterior(7, 3);
        assertEquals(8.0 / 12, p.mean(), 1e-15);
        assertEquals(8.0 * 4 / (144 * 13), p.variance(), 1e-16);
        assertEquals(32.0 / 1872, p.variance(), 1e-16);
        assertEquals(0.7, p.map().getAsDouble(), 1e-15);
    }

    @ParameterizedTest(name = "level {0}")
    @ValueSource(doubles = {0.5, 0.9, 0.95, 0.99})
    void credibleIntervalLeavesEqualTailMassesByNumericalIntegrationOfTheDensity(double level) {
        CoinPosterior p = new CoinPosterior(7, 3);
        double[] ci = p.credibleInterval(level);
        DoubleUnaryOperator density = eq22(7, 3);
        double lower = simpson(density, 0, ci[0], 20_000);
        double upper = simpson(density, ci[1], 1, 20_000);
        double inside = simpson(density, ci[0], ci[1], 20_000);
        assertEquals((1 - level) / 2, lower, 1e-10);
        assertEquals((1 - level) / 2, upper, 1e-10);
        assertEquals(level, inside, 1e-10);
    }

    @Test
    void densityIsEquation22AndIntegratesToOne() {
        CoinPosterior p = new CoinPosterior(7, 3);
        DoubleUnaryOperator eq22 = eq22(7, 3);
        for (double t = 0; t <= 1.0; t += 0.05) {
            assertEquals(eq22.applyAsDouble(t), p.density(t), 1e-12);
        }
        assertEquals(0.0, p.density(-0.1));
        assertEquals(0.0, p.density(1.1));
        assertEquals(1.0, simpson(p::density, 0, 1, 2000), 1e-10);
    }

    @Test
    void noTossesLeaveTheFlatPriorWithNoUniqueMap() {
        CoinPosterior p = new CoinPosterior(0, 0);
        assertEquals(0.5, p.mean(), 0.0);
        assertEquals(1.0 / 12, p.variance(), 1e-17);
        assertTrue(p.map().isEmpty());
        double[] ci = p.credibleInterval(0.9);
        assertEquals(0.05, ci[0], 1e-12);
        assertEquals(0.95, ci[1], 1e-12);
        assertEquals(1.0, p.density(0.3), 1e-15);
    }

    @Test
    void allHeadsPutsTheMapAtOne() {
        CoinPosterior p = new CoinPosterior(5, 0);
        assertEquals(1.0, p.map().getAsDouble(), 0.0);
        assertEquals(6.0 / 7, p.mean(), 1e-15);
        // P(θ ≤ t) = t⁶, so the lower 2.5% quantile is 0.025^{1/6}
        assertEquals(Math.pow(0.025, 1.0 / 6), p.credibleInterval(0.95)[0], 1e-12);
    }

    @Test
    void varianceShrinksLikeOneOverN() {
        CoinPosterior p = new CoinPosterior(700_000, 300_000);
        assertEquals(0.7 * 0.3 / 1_000_000, p.variance(), 1e-11);
        double[] ci = p.credibleInterval(0.95);
        assertTrue(ci[0] < 0.7 && 0.7 < ci[1] && ci[1] - ci[0] < 0.002);
    }

    @Test
    void badCountsAndLevelsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CoinPosterior(-1, 3));
        CoinPosterior p = new CoinPosterior(1, 1);
        for (double level : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> p.credibleInterval(level));
        }
    }
}
