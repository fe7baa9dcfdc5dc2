package dev.bayesrg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact read-out GD solvers (closed form, tridiagonal, dual) against the textbook loop on the weights. */
class ClosedFormReadoutTrainerTest {

    /** A read-out over {@code width} features, with or without bias; input dimension is irrelevant here. */
    static Readout readout(int width, boolean bias) {
        NetworkConfig net = new NetworkConfig(
                List.of(new LayerConfig(width, Activation.RELU, false)),
                Activation.IDENTITY,
                bias,
                new InitConfig(InitConfig.Scheme.NORMAL, 0, 1, 1, 1),
                NetworkConfig.Trainable.LAST);
        return new Readout(new Architecture(1, net));
    }

    static FeatureMatrix features(Random rnd, int n, int width, int deadColumns) {
        double[] v = new double[n * width];
        for (int i = 0; i < n; i++) {
            for (int j = deadColumns; j < width; j++) {
                v[i * width + j] = Math.max(0, rnd.nextGaussian() + 0.3);
            }
        }
        return new FeatureMatrix(n, width, v);
    }

    static double largestGramEigenvalue(FeatureMatrix f, boolean bias) {
        double[] g = new double[f.rows() * f.rows()];
        Kernels.gram(f.values(), f.rows(), f.width(), g);
        if (bias) {
            for (int k = 0; k < g.length; k++) {
                g[k] += 1;
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(f.rows(), false, true);
        eig.decompose(DMatrixRMaj.wrap(f.rows(), f.rows(), g));
        double max = 0;
        for (int k = 0; k < f.rows(); k++) {
            max = Math.max(max, eig.getEigenvalue(k).getReal());
        }
        return max;
    }

    static double relativeDistance(double[] a, double[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }

    @ParameterizedTest(name = "n={0} width={1} dead={2} bias={3} c·λmax={4}")
    @CsvSource({
        "30, 50, 0, false, 1.0",
        "30, 50, 7, true, 1.9", // more features than points, dead units, near the stability limit
        "60, 20, 0, false, 1.5", // more points than features: rank-deficient Gram matrix
        "60, 20, 5, true, 0.3",
        "10, 200, 0, false, 1.99",
        "2, 30, 0, true, 1.0", // no Householder reflector at all
        "1, 30, 0, false, 1.0"
    })
    void closedFormAndTridiagonalIterationEqualIteratedGradientDescent(
            int n, int width, int dead, boolean bias, double stepTimesLambda) {
        Random rnd = new Random(n * 1000L + width);
        FeatureMatrix f = features(rnd, n, width, dead);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextGaussian() * 3;
        }
        Readout r = readout(width, bias);
        double[] theta = new double[r.offset() + width + (bias ? 1 : 0)];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = rnd.nextGaussian();
        }
        // choose η so that c·λ_max = stepTimesLambda with c = 2η/n
        double lr = stepTimesLambda * n / (2 * largestGramEigenvalue(f, bias));
        TrainConfig cfg = new TrainConfig(TrainConfig.Optimizer.GD, lr, 400, 7, 1e6);
        TrainingResult iterated = new ReadoutTrainer(f, y, r, cfg).train(theta);
        assertFalse(iterated.diverged());
        for (Trainer solver : List.of(
                new ClosedFormReadoutTrainer(f, y, r, cfg),
                new TridiagonalReadoutTrainer(f, y, r, cfg),
                new DualReadoutTrainer(f, y, r, cfg))) {
            TrainingResult fast = solver.train(theta);
            String name = solver.getClass().getSimpleName();
            assertFalse(fast.diverged(), name);
            assertTrue(
                    relativeDistance(fast.theta(), iterated.theta()) < 1e-9,
                    name + ": weights differ by " + relativeDistance(fast.theta(), iterated.theta()));
            assertTrue(relativeDistance(r.outputs(fast.theta(), f), r.outputs(iterated.theta(), f)) < 1e-9, name);
            assertTrue(relativeDistance(fast.lossCurve(), iterated.lossCurve()) < 1e-9, name);
            // relative to the initial loss: with n ≤ 2 points training interpolates, and 1e-31 is rounding
            assertEquals(
                    iterated.finalLoss(),
                    fast.finalLoss(),
                    1e-9 * Math.max(Math.abs(iterated.finalLoss()), iterated.lossCurve()[0]),
                    name);
        }
    }

    @ParameterizedTest(name = "c·λmax={0}")
    @CsvSource({"2.05", "3.0", "10.0"})
    void unstableLearningRateDivergesAtTheSameEpochEveryWay(double stepTimesLambda) {
        Random rnd = new Random(7);
        int n = 25;
        int width = 40;
        FeatureMatrix f = features(rnd, n, width, 3);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextGaussian();
        }
        Readout r = readout(width, false);
        double[] theta = new double[r.offset() + width];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = rnd.nextGaussian();
        }
        double lr = stepTimesLambda * n / (2 * largestGramEigenvalue(f, false));
        // the first version's absolute limit, and the growth test of the paper preset
        for (TrainConfig cfg : List.of(
                new TrainConfig(TrainConfig.Optimizer.GD, lr, 2000, 1, 1e6),
                new TrainConfig(TrainConfig.Optimizer.GD, lr, 2000, 1, null, 10.0, false, TrainConfig.Solver.AUTO))) {
            assertSameDivergence(f, y, r, theta, cfg);
        }
    }

    private static void assertSameDivergence(FeatureMatrix f, double[] y, Readout r, double[] theta, TrainConfig cfg) {
        TrainingResult iterated = new ReadoutTrainer(f, y, r, cfg).train(theta);
        assertTrue(iterated.diverged());
        for (Trainer solver :
                List.of(new ClosedFormReadoutTrainer(f, y, r, cfg), new TridiagonalReadoutTrainer(f, y, r, cfg))) {
            TrainingResult fast = solver.train(theta);
            String name = solver.getClass().getSimpleName();
            assertTrue(fast.diverged(), name);
            for (int e = 0; e < iterated.lossCurve().length; e++) {
                assertEquals(
                        Double.isNaN(iterated.lossCurve()[e]),
                        Double.isNaN(fast.lossCurve()[e]),
                        name + ": divergence epoch differs at " + e);
            }
            assertTrue(
                    relativeDistance(fast.theta(), iterated.theta()) < 1e-9,
                    name + ": weights at the divergence differ by " + relativeDistance(fast.theta(), iterated.theta()));
        }
    }

    @ParameterizedTest(name = "λ={0}")
    @CsvSource({"1e-300", "1e-12", "1.0", "100.0"})
    void growthFactorMatchesTheGeometricSum(double lambda) {
        double c = 1e-3;
        int epochs = 500;
        double sum = 0;
        double power = 1;
        for (int s = 0; s < epochs; s++) {
            sum += c * power;
            power *= 1 - c * lambda;
        }
        assertEquals(sum, dev.bayesrg.net.LinearDescent.growth(lambda, c, epochs), 1e-12 * sum);
    }
}
