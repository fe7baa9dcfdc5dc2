package dev.bayesrg.train;

import static dev.bayesrg.train.ClosedFormReadoutTrainerTest.features;
import static dev.bayesrg.train.ClosedFormReadoutTrainerTest.readout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.data.Dataset;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.Readout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Divergence judged on the trajectory (SPEC A.6, docs/method.md "Diverged members"): a member whose
 * loss starts high but falls is kept; one whose loss grows beyond {@code divergenceFactor} × its first
 * epoch's loss is flagged at that epoch by every solver; {@code divergenceBound} flags at epoch 0 exactly the
 * learning rates at or above m/λ_max. The expected epochs come from plain re-implementations of GD
 * and SGD on the design matrix, the bound from its singular values (an SVD, not the eigensolver the
 * code uses).
 */
class TrajectoryDivergenceTest {
    private static final double FACTOR = 10;

    /** The rule of the {@code paper} preset: no absolute limit, a tenfold growth, no bound. */
    private static TrainConfig config(TrainConfig.Optimizer optimizer, double lr, int epochs, Double factor) {
        return new TrainConfig(optimizer, lr, epochs, 1, null, factor, false, TrainConfig.Solver.AUTO);
    }

    record Problem(FeatureMatrix features, Readout readout, double[] y, double[] theta0, DMatrixRMaj design) {
        int n() {
            return y.length;
        }

        /** The read-out slice of θ₀ (weights, then the bias). */
        double[] weights() {
            return java.util.Arrays.copyOfRange(theta0, readout.offset(), theta0.length);
        }

        double residual(double[] w, int i) {
            double f = 0;
            for (int j = 0; j < design.numCols; j++) {
                f += design.get(i, j) * w[j];
            }
            return f - y[i];
        }

        /** σ_max(Φ̃)², by SVD. */
        double largestEigenvalue() {
            double s = 0;
            for (double v : SingularOps_DDRM.singularValues(design.copy())) {
                s = Math.max(s, v);
            }
            return s * s;
        }

        double largestRowNorm() {
            double max = 0;
            for (int i = 0; i < n(); i++) {
                double s = 0;
                for (int j = 0; j < design.numCols; j++) {
                    s += design.get(i, j) * design.get(i, j);
                }
                max = Math.max(max, s);
            }
            return max;
        }

        /** The epoch losses of plain full-batch GD, no divergence test. */
        double[] gradientDescent(double lr, int epochs) {
            double[] w = weights();
            double[] losses = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                double[] grad = new double[w.length];
                double loss = 0;
                for (int i = 0; i < n(); i++) {
                    double r = residual(w, i);
                    loss += r * r / n();
                    for (int j = 0; j < w.length; j++) {
                        grad[j] += 2.0 / n() * r * design.get(i, j);
                    }
                }
                losses[e] = loss;
                for (int j = 0; j < w.length; j++) {
                    w[j] -= lr * grad[j];
                }
            }
            return losses;
        }

        /** The epoch losses (mean of each step's loss before it) of plain per-sample SGD, no divergence test. */
        double[] stochasticGradientDescent(double lr, int epochs) {
            double[] w = weights();
            double[] losses = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                double loss = 0;
                for (int i = 0; i < n(); i++) {
                    double r = residual(w, i);
                    loss += r * r / n();
                    for (int j = 0; j < w.length; j++) {
                        w[j] -= lr * 2.0 * r * design.get(i, j);
                    }
                }
                losses[e] = loss;
            }
            return losses;
        }
    }

    /** A random read-out problem: features, targets and θ₀ (read-out weights scaled by {@code weightScale}). */
    static Problem problem(int n, int width, boolean bias, double weightScale) {
        Random rnd = new Random(n * 1000L + width * 10L + (bias ? 1 : 0));
        FeatureMatrix f = features(rnd, n, width, 0);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextGaussian() * 3 + 1;
        }
        Readout r = readout(width, bias);
        double[] theta0 = new double[r.offset() + width + (bias ? 1 : 0)];
        for (int k = 0; k < theta0.length; k++) {
            theta0[k] = rnd.nextGaussian() * (k >= r.offset() ? weightScale : 1);
        }
        return new Problem(f, r, y, theta0, ReadoutTrainerTest.design(f, bias));
    }

    /** Every read-out solver that runs this optimizer. */
    private static Map<String, Trainer> solvers(Problem p, TrainConfig c) {
        Map<String, Trainer> m = new LinkedHashMap<>();
        m.put("iterate-primal", new ReadoutTrainer(p.features(), p.y(), p.readout(), c));
        m.put("dual", new DualReadoutTrainer(p.features(), p.y(), p.readout(), c));
        if (c.optimizer() == TrainConfig.Optimizer.GD) {
            m.put("closed-form", new ClosedFormReadoutTrainer(p.features(), p.y(), p.readout(), c));
            m.put("tridiagonal", new TridiagonalReadoutTrainer(p.features(), p.y(), p.readout(), c));
            m.put("primal closed-form", new PrimalClosedFormReadoutTrainer(p.features(), p.y(), p.readout(), c, null));
            m.put("primal tridiagonal", new PrimalTridiagonalReadoutTrainer(p.features(), p.y(), p.readout(), c, null));
        }
        return m;
    }

    /** The curve equals {@code simulated} up to {@code divergedAt} (all of it for -1), NaN after. */
    private static void assertCurve(String name, double[] curve, double[] simulated, int divergedAt) {
        for (int e = 0; e < curve.length; e++) {
            if (divergedAt < 0 || e <= divergedAt) {
                assertEquals(simulated[e], curve[e], 1e-9 * Math.abs(simulated[e]), name + ": loss at epoch " + e);
            } else {
                assertTrue(Double.isNaN(curve[e]), name + ": no loss after the divergence, epoch " + e);
            }
        }
    }

    @ParameterizedTest(name = "n={0} N={1} bias={2}")
    @CsvSource({"30, 50, false", "30, 50, true", "60, 20, false", "60, 20, true"})
    void aMemberWithAHugeInitialLossThatTrainsNormallyIsKeptByEverySolver(int n, int width, boolean bias) {
        Problem p = problem(n, width, bias, 1000); // read-out weights ~1000: L(θ₀) far above 1e6
        double lr = 1.5 * n / (2 * p.largestEigenvalue()); // c·λ_max = 1.5: stable
        int epochs = 200;
        double[] simulated = p.gradientDescent(lr, epochs);
        assertTrue(simulated[0] > 1e6, "test setup: an initial loss above 1e6, got " + simulated[0]);
        for (var s :
                solvers(p, config(TrainConfig.Optimizer.GD, lr, epochs, FACTOR)).entrySet()) {
            TrainingResult result = s.getValue().train(p.theta0());
            assertFalse(result.diverged(), s.getKey() + " flags a member whose loss only falls");
            assertCurve(s.getKey(), result.lossCurve(), simulated, -1);
            assertTrue(result.finalLoss() < 1e-2 * simulated[0], s.getKey() + ": it trained");
        }
        // the first version's rule, an absolute 1e6 on every loss, dropped it before its first update
        TrainConfig old = new TrainConfig(TrainConfig.Optimizer.GD, lr, epochs, 1, 1e6);
        for (var s : solvers(p, old).entrySet()) {
            TrainingResult result = s.getValue().train(p.theta0());
            assertTrue(result.diverged(), s.getKey());
            assertTrue(Double.isNaN(result.lossCurve()[1]), s.getKey() + ": stopped at epoch 0");
        }
    }

    @Test
    void aMemberWithAHugeInitialLossThatTrainsNormallyByStochasticGradientDescentIsKept() {
        Problem p = problem(30, 50, true, 1000);
        double lr = 0.5 / p.largestRowNorm(); // half the per-step bound
        int epochs = 100;
        double[] simulated = p.stochasticGradientDescent(lr, epochs);
        for (var s : solvers(p, config(TrainConfig.Optimizer.SGD, lr, epochs, FACTOR))
                .entrySet()) {
            TrainingResult result = s.getValue().train(p.theta0());
            assertFalse(result.diverged(), s.getKey());
            assertCurve(s.getKey(), result.lossCurve(), simulated, -1);
        }
    }

    @ParameterizedTest(name = "n={0} N={1} bias={2} c·λmax={3}")
    @CsvSource({
        "30, 50, false, 2.05",
        "30, 50, true, 2.2",
        "60, 20, false, 2.5",
        "60, 20, true, 2.02",
        "40, 3, true, 3.0",
        "20, 1, false, 2.3"
    })
    void aGrowingLossIsFlaggedAtTheEpochItPassesTheFactorInEverySolver(
            int n, int width, boolean bias, double stepTimesLambda) {
        Problem p = problem(n, width, bias, 1);
        double lr = stepTimesLambda * n / (2 * p.largestEigenvalue());
        int epochs = 600;
        double[] simulated = p.gradientDescent(lr, epochs);
        int expected = DivergenceTest.firstAbove(simulated, FACTOR * simulated[0]);
        assertTrue(
                expected > 1 && expected < epochs - 1,
                "test setup: the loss passes 10 L₀ inside the run, at " + expected);
        assertTrue(simulated[expected] < 1e6 * simulated[0], "test setup: long before it overflows");
        for (var s :
                solvers(p, config(TrainConfig.Optimizer.GD, lr, epochs, FACTOR)).entrySet()) {
            TrainingResult result = s.getValue().train(p.theta0());
            assertTrue(result.diverged(), s.getKey());
            assertCurve(s.getKey(), result.lossCurve(), simulated, expected);
            // training stops before that epoch's step: the parameters are θ_e, whose loss is L_e
            assertEquals(simulated[expected], result.finalLoss(), 1e-9 * simulated[expected], s.getKey());
        }
        // without a growth test only the overflow to a non-finite loss ends it, much later
        TrainingResult unbounded = new ReadoutTrainer(
                        p.features(), p.y(), p.readout(), config(TrainConfig.Optimizer.GD, lr, epochs, null))
                .train(p.theta0());
        int last = 0;
        while (last + 1 < epochs && !Double.isNaN(unbounded.lossCurve()[last + 1])) {
            last++;
        }
        assertTrue(last > expected, "the growth test flags before the overflow");
    }

    @ParameterizedTest(name = "η = {0} / max‖φ̃‖²")
    @CsvSource({"1.6", "2.5"})
    void aGrowingStochasticGradientDescentLossIsFlaggedAgainstItsFirstEpochsLoss(double scale) {
        Problem p = problem(30, 50, true, 1);
        double lr = scale / p.largestRowNorm();
        int epochs = 300;
        double[] simulated = p.stochasticGradientDescent(lr, epochs);
        // the reference is the curve's first point, the mean over epoch 0's steps (not L(θ₀))
        int expected = DivergenceTest.firstAbove(simulated, FACTOR * simulated[0]);
        assertTrue(expected > 0 && expected < epochs - 1, "test setup: divergence inside the run, at " + expected);
        for (var s : solvers(p, config(TrainConfig.Optimizer.SGD, lr, epochs, FACTOR))
                .entrySet()) {
            TrainingResult result = s.getValue().train(p.theta0());
            assertTrue(result.diverged(), s.getKey());
            assertCurve(s.getKey(), result.lossCurve(), simulated, expected);
        }
    }

    /** The learning rate the bound allows, against the SVD of the design matrix and its row norms. */
    @ParameterizedTest(name = "n={0} N={1} bias={2}")
    @CsvSource({"30, 50, false", "30, 50, true", "60, 20, false", "60, 20, true", "20, 1, true"})
    void theStableLearningRateIsNOverTheLargestGramEigenvalue(int n, int width, boolean bias) {
        Problem p = problem(n, width, bias, 1);
        double gd = StabilityBound.learningRate(p.features(), p.readout(), TrainConfig.Optimizer.GD);
        assertEquals(n / p.largestEigenvalue(), gd, 1e-12 * gd);
        double sgd = StabilityBound.learningRate(p.features(), p.readout(), TrainConfig.Optimizer.SGD);
        assertEquals(1 / p.largestRowNorm(), sgd, 1e-14 * sgd);
        // the bound is where GD's top mode turns from shrinking to growing: just below, the plain loop's
        // loss never rises; just above, it ends far above its start
        double[] below = p.gradientDescent(gd * (1 - 1e-3), 20000);
        for (int e = 1; e < below.length; e++) {
            assertTrue(below[e] <= below[e - 1] + 1e-12 * below[0], "below the bound the loss rises at epoch " + e);
        }
        double[] above = p.gradientDescent(gd * (1 + 1e-3), 20000);
        assertTrue(above[above.length - 1] > 1e3 * above[0], "above the bound the loss grows");
    }

    @ParameterizedTest(name = "n={0} N={1} bias={2}")
    @CsvSource({"30, 50, false", "60, 20, true"})
    void theBoundFlagsAtEpochZeroExactlyTheRatesNotBelowIt(int n, int width, boolean bias) {
        Problem p = problem(n, width, bias, 1);
        int epochs = 50;
        for (TrainConfig.Optimizer optimizer : TrainConfig.Optimizer.values()) {
            double bound = optimizer == TrainConfig.Optimizer.GD ? n / p.largestEigenvalue() : 1 / p.largestRowNorm();
            for (double ratio : new double[] {1 - 1e-9, 1 + 1e-9}) {
                TrainConfig c =
                        new TrainConfig(optimizer, bound * ratio, epochs, 1, null, null, true, TrainConfig.Solver.AUTO);
                boolean violated = ratio > 1;
                for (var s : solvers(p, c).entrySet()) {
                    String name = optimizer + " " + s.getKey() + " η/bound = " + ratio;
                    TrainingResult result = s.getValue().train(p.theta0());
                    assertEquals(violated, result.diverged(), name);
                    if (violated) {
                        // flagged at epoch 0: GD before its first step, SGD (as every SGD divergence) after
                        // epoch 0's steps, with the curve's one point that epoch's loss
                        double first = optimizer == TrainConfig.Optimizer.GD
                                ? p.gradientDescent(c.learningRate(), 1)[0]
                                : p.stochasticGradientDescent(c.learningRate(), 1)[0];
                        assertEquals(first, result.lossCurve()[0], 1e-9 * first, name);
                        assertTrue(Double.isNaN(result.lossCurve()[1]), name + ": stopped at epoch 0");
                        if (optimizer == TrainConfig.Optimizer.GD) {
                            assertArrayEquals(p.theta0(), result.theta(), 1e-12, name + ": θ₀ kept");
                        }
                    } else {
                        assertTrue(Double.isFinite(result.lossCurve()[epochs - 1]), name);
                    }
                }
            }
        }
    }

    @Test
    void theBoundIsRefusedForAllLayerTraining() {
        Architecture arch =
                (Architecture) BatchedNetworkTrainerTest.networks().get(0).get()[1];
        TrainConfig c =
                new TrainConfig(TrainConfig.Optimizer.GD, 1e-3, 10, 1, null, null, true, TrainConfig.Solver.AUTO);
        Dataset data = new Dataset(new double[][] {{0.0, 1.0}}, new double[] {1.0});
        assertThrows(IllegalArgumentException.class, () -> new NetworkTrainer(new Network(arch), data, c));
    }

    /** All-layer training, batched and the reference loop: the growth test stops both at the same epoch. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bayesrg.train.BatchedNetworkTrainerTest#unboundedNetworks")
    void allLayerTrainingIsFlaggedWhenItsLossPassesTheFactor(String name, Architecture arch) {
        SplittableRandom rng = new SplittableRandom(47);
        Network net = new Network(arch);
        double[][] x = new double[23][];
        double[] y = new double[23];
        for (int i = 0; i < x.length; i++) {
            x[i] = ReadoutTrainerTest.gaussian(rng, 2);
            y[i] = x[i][0] * x[i][1];
        }
        Dataset data = new Dataset(x, y);
        double[] theta0 = ReadoutTrainerTest.gaussian(rng, arch.parameterCount());
        int epochs = 200;
        // per-sample SGD of the ReLU nets jumps from no growth to an overflow within an epoch on any
        // rate ladder, which only the non-finite test sees (BatchedNetworkTrainerTest): SGD is checked on
        // the net without a hidden layer
        List<TrainConfig.Optimizer> optimizers = arch.readoutOffset() == 0
                ? List.of(TrainConfig.Optimizer.GD, TrainConfig.Optimizer.SGD)
                : List.of(TrainConfig.Optimizer.GD);
        for (TrainConfig.Optimizer optimizer : optimizers) {
            // the smallest rate on a ladder whose trajectory, free of any growth test (only an overflow
            // would end it), passes 10 times its first loss while still finite
            double lr = 1e-4;
            double[] curve = null;
            int expected = -1;
            while (expected < 0) {
                lr *= 1.25;
                assertTrue(lr < 1e3, name + " " + optimizer + ": test setup, a rate whose loss grows");
                NetworkTrainer free = new NetworkTrainer(net, data, config(optimizer, lr, epochs, null));
                curve = free.train(theta0).lossCurve();
                int e = DivergenceTest.firstAbove(curve, FACTOR * curve[0]);
                expected = e >= 1 && Double.isFinite(curve[e]) ? e : -1;
            }
            List<TrainingResult> results = new ArrayList<>();
            for (TrainConfig.Solver solver : List.of(TrainConfig.Solver.AUTO, TrainConfig.Solver.ITERATE_PRIMAL)) {
                results.add(new NetworkTrainer(
                                net, data, config(optimizer, lr, epochs, FACTOR).withSolver(solver))
                        .train(theta0));
            }
            for (TrainingResult result : results) {
                String label = name + " " + optimizer;
                assertTrue(result.diverged(), label);
                for (int e = 0; e < epochs; e++) {
                    if (e <= expected) {
                        assertEquals(curve[e], result.lossCurve()[e], 1e-9 * Math.abs(curve[e]), label + " epoch " + e);
                    } else {
                        assertTrue(Double.isNaN(result.lossCurve()[e]), label + " epoch " + e);
                    }
                }
            }
        }
    }

    @Test
    void anImportedMemberIsJudgedAgainstItsInitialLoss() {
        TrainConfig oneEpoch = config(TrainConfig.Optimizer.GD, 1e-3, 1, FACTOR);
        double[] initial = {1.0};
        // L = θ²: from 1e8 down to 4 is kept; from 1 up to 11 (above 10 × 1) diverged
        assertFalse(new ImportedTrainer(new double[] {2.0}, t -> t[0] * t[0], oneEpoch)
                .train(new double[] {1e4})
                .diverged());
        assertTrue(new ImportedTrainer(new double[] {Math.sqrt(11)}, t -> t[0] * t[0], oneEpoch)
                .train(initial)
                .diverged());
        assertFalse(new ImportedTrainer(new double[] {3.0}, t -> t[0] * t[0], oneEpoch)
                .train(initial)
                .diverged());
    }
}
