package dev.bayesrg.nngp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CorroborationTest {
    private static double[][] gaussianSamples(Random rnd, int members, double mean, double sd) {
        double[][] s = new double[members][2];
        for (double[] row : s) {
            double z = rnd.nextGaussian();
            row[0] = mean + sd * z;
            row[1] = mean + sd * (0.6 * z + 0.8 * rnd.nextGaussian());
        }
        return s;
    }

    private static Corroboration.Prediction truth(double mean, double variance) {
        return Corroboration.Prediction.exact(
                new RenormalizedGp.GaussianProcess(
                        new double[] {mean, mean},
                        new double[][] {{variance, 0.6 * variance}, {0.6 * variance, variance}},
                        0),
                0.0);
    }

    /** Sample mean, unbiased variance, sqrt(s²/B) and the Gaussian variance error sqrt(2/(B−1)) s² (approximately). */
    @Test
    void measuredSideIsTheSampleMomentsWithTheirStandardErrors() {
        Random rnd = new Random(11);
        double[][] s = gaussianSamples(rnd, 4000, 1.5, 2.0);
        Corroboration.Row row = Corroboration.row(3, 0.1, truth(1.5, 4.0), s, 0.25);
        double mean = 0;
        for (double[] r : s) {
            mean += r[0];
        }
        mean /= s.length;
        double var = 0;
        for (double[] r : s) {
            var += (r[0] - mean) * (r[0] - mean);
        }
        var /= s.length - 1;
        assertEquals(mean, row.measuredMean(), 1e-12);
        assertEquals(var, row.measuredVariance(), 1e-12);
        assertEquals(Math.sqrt(var / s.length), row.measuredMeanError(), 1e-12);
        double gaussianVarianceError = Math.sqrt(2.0 / (s.length - 1)) * var;
        assertEquals(gaussianVarianceError, row.measuredVarianceError(), 0.1 * gaussianVarianceError);
        assertEquals(0.25, row.measuredSloppyFraction(), 0.0);
    }

    /**
     * The verdict has the right size and power: the true law agrees in (nearly) every one of 200
     * independent ensembles (3σ: 0.3% false alarms per test), a variance off by 30% disagrees in
     * (nearly) all of them at B = 1000.
     */
    @Test
    void verdictAcceptsTheTrueLawAndRejectsAWrongVariance() {
        Random rnd = new Random(12);
        int trueAgree = 0;
        int wrongAgree = 0;
        for (int t = 0; t < 200; t++) {
            double[][] s = gaussianSamples(rnd, 1000, -0.5, 1.0);
            trueAgree += Corroboration.row(1, 1.0, truth(-0.5, 1.0), s, 0).agrees() ? 1 : 0;
            wrongAgree += Corroboration.row(1, 1.0, truth(-0.5, 1.3), s, 0).agrees() ? 1 : 0;
        }
        assertTrue(trueAgree >= 195, "true law agreed in " + trueAgree + " of 200");
        assertTrue(wrongAgree <= 5, "wrong variance agreed in " + wrongAgree + " of 200");
    }

    /** A prediction's own standard error widens the band: a 4-SE miss agrees once the prediction carries as much error. */
    @Test
    void predictionErrorEntersTheCombinedStandardError() {
        Random rnd = new Random(13);
        double[][] s = gaussianSamples(rnd, 500, 0.0, 1.0);
        Corroboration.Row exact = Corroboration.row(1, 1.0, truth(0.0, 1.0), s, 0);
        double shifted = exact.measuredMean() + 4 * exact.measuredMeanError();
        Corroboration.Prediction sharp = truth(shifted, exact.measuredVariance());
        assertFalse(Corroboration.row(1, 1.0, sharp, s, 0).agrees());
        Corroboration.Prediction blurred = new Corroboration.Prediction(
                sharp.gp(), new double[] {exact.measuredMeanError(), 0}, new double[2][2], 0);
        Corroboration.Row row = Corroboration.row(1, 1.0, blurred, s, 0);
        assertEquals(4 / Math.sqrt(2), row.meanZ(), 1e-9);
        assertTrue(row.agrees());
    }

    /**
     * Every weight zeroed: the prediction is exactly 0 and the measured field is rounding residue
     * (~1e-16 of a field of scale 10). Counted against the field's rounding errors it agrees; with no
     * rounding allowance a z-score of rounding noise would call it a disagreement.
     */
    @Test
    void roundingResidueAgreesWithAnExactlyVanishingPrediction() {
        Random rnd = new Random(14);
        double[][] s = new double[300][2];
        for (double[] row : s) {
            row[0] = 1e-16 * (0.5 + rnd.nextDouble());
            row[1] = 1e-16 * rnd.nextGaussian();
        }
        Corroboration.Prediction zero = Corroboration.Prediction.exact(
                new RenormalizedGp.GaussianProcess(new double[2], new double[2][2], 10), 1.0);
        assertTrue(Corroboration.row(5, 1e12, zero, s, 1.0, 10.0).agrees());
        assertFalse(Corroboration.row(5, 1e12, zero, s, 1.0, 0.0).agrees());
    }
}
