package dev.bayesrg.train;

import static dev.bayesrg.train.ClosedFormReadoutTrainerTest.features;
import static dev.bayesrg.train.ClosedFormReadoutTrainerTest.largestGramEigenvalue;
import static dev.bayesrg.train.ClosedFormReadoutTrainerTest.readout;
import static dev.bayesrg.train.ClosedFormReadoutTrainerTest.relativeDistance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The primal solvers (n &gt; N), the tridiagonal iteration and the closed form on the feature
 * covariance, against the reference loop on the weights, {@link ReadoutTrainer}: the same
 * trajectory — every recorded loss, the checkpoints, the final θ — to 1e-10 relative, and the same
 * divergence epoch.
 */
class PrimalReadoutTrainersTest {
    private static final double RELATIVE = 1e-10;

    private record Run(TrainingResult result, double[][] checkpoints) {}

    private static Run train(Trainer trainer, double[] theta0, TrainConfig config, int every) {
        double[][] out = new double[TrainingCheckpoints.count(config.epochs(), every)][];
        TrainingResult result =
                trainer.train(theta0, new TrainingCheckpoints(every, (index, theta) -> out[index] = theta.clone()));
        return new Run(result, out);
    }

    /** The epoch whose loss first signals divergence (the curve records every epoch), or -1. */
    private static int divergenceEpoch(double[] curve, TrainConfig config) {
        for (int t = 0; t < curve.length; t++) {
            if (!Double.isFinite(curve[t])
                    || (config.divergenceLoss() != null && curve[t] > config.divergenceLoss())
                    || (config.divergenceFactor() != null && curve[t] > config.divergenceFactor() * curve[0])) {
                return t;
            }
        }
        return -1;
    }

    @ParameterizedTest(name = "n={0} N={1} bias={2} c·λmax={3} epochs={4}")
    @CsvSource({
        "50, 7, false, 1.0, 300",
        "50, 7, true, 1.9, 300", // near the stability limit
        "300, 40, false, 1.5, 500",
        "300, 40, true, 0.5, 500",
        "20, 1, false, 1.0, 100", // a single feature: no reflector
        "20, 1, true, 1.0, 100", // a feature and the bias: still none
        "40, 3, true, 1.0, 100",
        "50, 7, false, 2.5, 400", // unstable: diverges
        "300, 40, true, 3.0, 400",
        "20, 1, true, 2.2, 400"
    })
    void followsTheWeightLoopEpochByEpochAndDivergesAtTheSameEpoch(
            int n, int width, boolean bias, double stepTimesLambda, int epochs) {
        TrajectoryDivergenceTest.Problem p = TrajectoryDivergenceTest.problem(n, width, bias, 1);
        FeatureMatrix f = p.features();
        double[] y = p.y();
        Readout r = p.readout();
        double[] theta0 = p.theta0();
        // η such that c·λ_max = stepTimesLambda with c = 2η/n (C and G share their non-zero eigenvalues)
        double lr = stepTimesLambda * n / (2 * largestGramEigenvalue(f, bias));
        // the first version's absolute limit, and the growth test of the paper preset
        for (TrainConfig config : List.of(
                new TrainConfig(TrainConfig.Optimizer.GD, lr, epochs, 1, 1e6),
                new TrainConfig(TrainConfig.Optimizer.GD, lr, epochs, 1, null, 10.0, false, TrainConfig.Solver.AUTO))) {
            int every = 37;
            Run reference = train(new ReadoutTrainer(f, y, r, config), theta0, config, every);
            boolean unstable = stepTimesLambda > 2;
            assertEquals(unstable, reference.result().diverged(), "the reference diverges iff c·λmax > 2");
            assertSameTrajectory(
                    reference,
                    train(new PrimalTridiagonalReadoutTrainer(f, y, r, config, null), theta0, config, every),
                    config);
            assertSameTrajectory(
                    reference,
                    train(new PrimalClosedFormReadoutTrainer(f, y, r, config, null), theta0, config, every),
                    config);
        }
    }

    private static void assertSameTrajectory(Run reference, Run primal, TrainConfig config) {
        assertArrayEquals(reference.checkpoints()[0], primal.checkpoints()[0], "checkpoint 0 is θ₀ bit for bit");
        assertEquals(reference.result().diverged(), primal.result().diverged());
        assertEquals(
                divergenceEpoch(reference.result().lossCurve(), config),
                divergenceEpoch(primal.result().lossCurve(), config),
                "divergence epoch");
        double[] expected = reference.result().lossCurve();
        double[] actual = primal.result().lossCurve();
        for (int t = 0; t < expected.length; t++) {
            if (Double.isNaN(expected[t])) {
                assertTrue(Double.isNaN(actual[t]), "no loss after the divergence, epoch " + t);
            } else {
                assertEquals(expected[t], actual[t], RELATIVE * expected[t], "loss at epoch " + t);
            }
        }
        assertTrue(
                relativeDistance(primal.result().theta(), reference.result().theta()) < RELATIVE,
                "final θ differs by "
                        + relativeDistance(
                                primal.result().theta(), reference.result().theta()));
        assertEquals(
                reference.result().finalLoss(),
                primal.result().finalLoss(),
                RELATIVE * reference.result().finalLoss());
        for (int j = 0; j < reference.checkpoints().length; j++) {
            double[] at = reference.checkpoints()[j];
            assertEquals(at == null, primal.checkpoints()[j] == null, "checkpoint " + j + " handed over");
            if (at != null) {
                assertTrue(relativeDistance(primal.checkpoints()[j], at) < RELATIVE, "checkpoint " + j);
            }
        }
    }

    @Test
    void theCovarianceIsTheGramMatrixOfTheFeatureColumnsWithTheBiasAsAConstantFeature() {
        Random rnd = new Random(5);
        int n = 23;
        int width = 6;
        FeatureMatrix f = features(rnd, n, width, 1);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextGaussian();
        }
        FeatureCovariance c = FeatureCovariance.of(f, readout(width, true), y, null);
        for (int j = 0; j <= width; j++) {
            for (int k = 0; k <= width; k++) {
                double sum = 0; // brute force over Φ̃ = [Φ, 1]
                for (int i = 0; i < n; i++) {
                    sum += (j < width ? f.get(i, j) : 1.0) * (k < width ? f.get(i, k) : 1.0);
                }
                assertEquals(sum, c.matrix()[j * (width + 1) + k], 1e-12 * Math.max(1, sum), j + "," + k);
            }
            double moment = 0;
            for (int i = 0; i < n; i++) {
                moment += (j < width ? f.get(i, j) : 1.0) * y[i];
            }
            assertEquals(moment, c.moment()[j], 1e-12 * Math.max(1, Math.abs(moment)));
        }
    }

    @Test
    void refusesStochasticGradientDescent() {
        Random rnd = new Random(1);
        FeatureMatrix f = features(rnd, 12, 3, 0);
        TrainConfig sgd = new TrainConfig(TrainConfig.Optimizer.SGD, 1e-3, 10, 1, 1e6);
        assertThrows(
                IllegalArgumentException.class,
                () -> new PrimalTridiagonalReadoutTrainer(f, new double[12], readout(3, false), sgd, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new PrimalClosedFormReadoutTrainer(f, new double[12], readout(3, false), sgd, null));
        assertFalse(PrimalTridiagonalReadoutTrainer.pays(200, 2048), "the paper's shape stays dual");
        assertTrue(PrimalTridiagonalReadoutTrainer.pays(4000, 512));
    }
}
