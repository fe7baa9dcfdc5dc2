package dev.bayesrg.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Each training loss against independent truths: its derivative against central finite differences
 * of its value, and its Fisher information against a quadrature of E[(∂_f log p(y|f))²] over the
 * density p ∝ exp(−ℓ/(2σ²)) it stands for (the Bernoulli sum for cross-entropy).
 */
class OutputLossTest {
    private static final List<OutputLoss> LOSSES =
            List.of(OutputLoss.MSE, OutputLoss.huber(0.7), OutputLoss.L1, OutputLoss.CROSS_ENTROPY);

    @Test
    void derivativeMatchesFiniteDifferences() {
        double[][] points = {{0.3, 1.1}, {-2.4, 0.2}, {1.9, 1.0}, {0.05, 0.0}, {-0.4, 1.0}, {7.5, -1.2}, {-30, 1.0}};
        for (OutputLoss loss : LOSSES) {
            for (double[] p : points) {
                double f = p[0];
                double y = loss.classification() ? (p[1] > 0.5 ? 1.0 : 0.0) : p[1];
                double h = 1e-6;
                double fd = (loss.value(f + h, y) - loss.value(f - h, y)) / (2 * h);
                assertEquals(fd, loss.derivative(f, y), 1e-7 * (1 + Math.abs(fd)), loss + " at f=" + f + ", y=" + y);
            }
        }
    }

    @Test
    void valuesAreTheNamedLosses() {
        assertEquals(0.64, OutputLoss.MSE.value(1.3, 0.5), 1e-15);
        assertEquals(0.8, OutputLoss.L1.value(1.3, 0.5), 1e-15);
        // inside the core the Huber loss is the squared error, beyond it 2δ|r| − δ² (continuous at |r| = δ)
        OutputLoss huber = OutputLoss.huber(0.7);
        assertEquals(0.25, huber.value(1.0, 0.5), 1e-15);
        assertEquals(2 * 0.7 * 2.0 - 0.49, huber.value(-1.5, 0.5), 1e-15);
        assertEquals(0.49, huber.value(1.2, 0.5), 1e-15);
        // log(1 + e^f) − y f: log 2 at f = 0, and no overflow for large |f|
        assertEquals(Math.log(2), OutputLoss.CROSS_ENTROPY.value(0.0, 1.0), 1e-15);
        assertEquals(800.0, OutputLoss.CROSS_ENTROPY.value(800.0, 0.0), 1e-12);
        assertEquals(0.0, OutputLoss.CROSS_ENTROPY.value(800.0, 1.0), 1e-12);
        assertEquals(Math.log1p(Math.exp(-2.0)), OutputLoss.CROSS_ENTROPY.value(2.0, 1.0), 1e-15);
        assertTrue(OutputLoss.CROSS_ENTROPY.classification());
        assertFalse(OutputLoss.huber(1).classification());
    }

    @Test
    void regressionFisherInformationIsTheQuadratureOfTheSquaredScore() {
        for (double sigma2 : new double[] {1.0, 0.3, 4.0}) {
            for (OutputLoss loss :
                    List.of(OutputLoss.MSE, OutputLoss.huber(0.7), OutputLoss.huber(3.0), OutputLoss.L1)) {
                // the density of r = y − f is ∝ exp(−ℓ(0, r)/(2σ²)); the score is ∂_f log p = −∂_f ℓ(f, y)/(2σ²)
                DoubleUnaryOperator weight = r -> Math.exp(-loss.value(0.0, r) / (2 * sigma2));
                DoubleUnaryOperator score2 = r -> {
                    double s = loss.derivative(0.0, r) / (2 * sigma2);
                    return s * s * weight.applyAsDouble(r);
                };
                double range = 80 * Math.max(sigma2, Math.sqrt(sigma2)) + 20;
                double expected = integrate(score2, range) / integrate(weight, range);
                assertEquals(
                        expected, loss.fisherInformation(0.37, sigma2), 1e-7 * expected, loss + " at sigma2 " + sigma2);
            }
        }
    }

    @Test
    void huberTendsToTheSquaredErrorAndItsCoreProbabilityToOne() {
        assertEquals(1.0, OutputLoss.coreProbability(40.0, 1.0), 1e-12);
        assertEquals(1 / 0.5, OutputLoss.huber(40).fisherInformation(0, 0.5), 1e-9);
        assertTrue(OutputLoss.coreProbability(0.01, 1.0) < 0.01);
    }

    @Test
    void crossEntropyFisherInformationIsTheBernoulliSumOfTheSquaredScore() {
        for (double f : new double[] {-3.2, -0.1, 0.0, 0.8, 5.0}) {
            double p = 1 / (1 + Math.exp(-f));
            // E_y[(∂_f log p(y|f))²] with log p(y|f) = −ℓ(f, y), y ~ Bernoulli(p)
            double d1 = OutputLoss.CROSS_ENTROPY.derivative(f, 1.0);
            double d0 = OutputLoss.CROSS_ENTROPY.derivative(f, 0.0);
            double expected = p * d1 * d1 + (1 - p) * d0 * d0;
            assertEquals(expected, OutputLoss.CROSS_ENTROPY.fisherInformation(f, 7.0), 1e-15);
            assertEquals(p * (1 - p), expected, 1e-15);
        }
    }

    /**
     * The midpoint rule on [−range, range], with many panels and no node at r = 0, where the absolute
     * error's score jumps (second order on each smooth piece).
     */
    private static double integrate(DoubleUnaryOperator g, double range) {
        int panels = 2_000_000;
        double h = 2 * range / panels;
        double s = 0;
        for (int i = 0; i < panels; i++) {
            s += g.applyAsDouble(-range + (i + 0.5) * h);
        }
        return s * h;
    }
}
