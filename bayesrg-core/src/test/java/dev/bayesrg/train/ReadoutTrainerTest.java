package dev.bayesrg.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read-out trainer on frozen features, checked against least squares computed with EJML and
 * against updates computed by hand.
 */
class ReadoutTrainerTest {
    private static final InitConfig INIT = new InitConfig(InitConfig.Scheme.NORMAL, 0.0, 1.0, 1.0, 1.0);

    /** A network 2 → width (tanh) → 1 whose read-out is trained; features are supplied directly. */
    static Architecture architecture(int width, Activation output, boolean outputBias) {
        return new Architecture(
                2,
                new NetworkConfig(
                        List.of(new LayerConfig(width, Activation.TANH, true)),
                        output,
                        outputBias,
                        INIT,
                        NetworkConfig.Trainable.LAST));
    }

    static double[] gaussian(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            v[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
        return v;
    }

    static TrainConfig gd(double lr, int epochs) {
        return new TrainConfig(TrainConfig.Optimizer.GD, lr, epochs, 1, 1e300);
    }

    static TrainConfig sgd(double lr, int epochs) {
        return new TrainConfig(TrainConfig.Optimizer.SGD, lr, epochs, 1, 1e300);
    }

    /** The design matrix X = [Φ, 1] (the column of ones only with a bias). */
    static DMatrixRMaj design(FeatureMatrix f, boolean bias) {
        int cols = f.width() + (bias ? 1 : 0);
        DMatrixRMaj x = new DMatrixRMaj(f.rows(), cols);
        for (int i = 0; i < f.rows(); i++) {
            for (int j = 0; j < f.width(); j++) {
                x.set(i, j, f.get(i, j));
            }
            if (bias) {
                x.set(i, f.width(), 1.0);
            }
        }
        return x;
    }

    /**
     * A learning rate for full-batch GD on (1/n)‖Xw − y‖² (Hessian (2/n)XᵀX, stable iff η &lt; n/σ_max²)
     * and how many epochs bring every mode of the error below 1e-14 of its start. The rate
     * n/(σ_max² + σ_min²) contracts the extreme modes equally, by (κ − 1)/(κ + 1), κ = σ_max²/σ_min²
     * over the non-zero singular values.
     */
    static double[] rateAndEpochs(DMatrixRMaj x) {
        double[] s = SingularOps_DDRM.singularValues(x);
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double v : s) {
            max = Math.max(max, v);
            if (v > 1e-10) {
                min = Math.min(min, v);
            }
        }
        int n = x.numRows;
        double lr = n / (max * max + min * min);
        double kappa = (max * max) / (min * min);
        double contraction = (kappa - 1) / (kappa + 1);
        int epochs = (int) Math.ceil(Math.log(1e-14) / Math.log(contraction)) + 10;
        return new double[] {lr, epochs};
    }

    static double[] readoutSlice(double[] theta, Readout r) {
        return java.util.Arrays.copyOfRange(theta, r.offset(), r.offset() + r.width() + (r.hasBias() ? 1 : 0));
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @ParameterizedTest(name = "outputBias={0}")
    @ValueSource(booleans = {false, true})
    void gradientDescentReachesLeastSquaresWeightsWhenPointsOutnumberFeatures(boolean bias) {
        int n = 40;
        int width = 10;
        SplittableRandom rng = new SplittableRandom(1);
        Architecture arch = architecture(width, Activation.IDENTITY, bias);
        Readout readout = new Readout(arch);
        FeatureMatrix features = new FeatureMatrix(n, width, gaussian(rng, n * width));
        double[] y = gaussian(rng, n);
        double[] theta0 = gaussian(rng, arch.parameterCount());

        DMatrixRMaj x = design(features, bias);
        LinearSolverDense<DMatrixRMaj> ls = LinearSolverFactory_DDRM.leastSquares(n, x.numCols);
        assertTrue(ls.setA(x.copy()));
        DMatrixRMaj w = new DMatrixRMaj(x.numCols, 1);
        ls.solve(new DMatrixRMaj(n, 1, true, y), w);

        double[] re = rateAndEpochs(x);
        TrainingResult result = new ReadoutTrainer(features, y, readout, gd(re[0], (int) re[1])).train(theta0);

        assertFalse(result.diverged());
        double[] trained = readoutSlice(result.theta(), readout);
        double scale = Math.max(1, maxAbs(w.data));
        for (int j = 0; j < trained.length; j++) {
            assertEquals(w.get(j), trained[j], 1e-9 * scale, "weight " + j);
        }
        // the frozen hidden layer is untouched
        assertArrayEquals(
                java.util.Arrays.copyOf(theta0, readout.offset()),
                java.util.Arrays.copyOf(result.theta(), readout.offset()));
        // the final loss is the least-squares residual
        DMatrixRMaj r = new DMatrixRMaj(n, 1);
        CommonOps_DDRM.mult(x, w, r);
        double rss = 0;
        for (int i = 0; i < n; i++) {
            rss += (r.get(i) - y[i]) * (r.get(i) - y[i]);
        }
        assertEquals(rss / n, result.finalLoss(), 1e-9 * rss / n);
        // GD with η < 1/λ_max on a quadratic never increases the loss
        double[] curve = result.lossCurve();
        for (int k = 1; k < curve.length; k++) {
            assertTrue(curve[k] <= curve[k - 1] * (1 + 1e-12), "loss rose at epoch " + k);
        }
    }

    @ParameterizedTest(name = "outputBias={0}")
    @ValueSource(booleans = {false, true})
    void gradientDescentFromZeroReachesMinimumNormInterpolant(boolean bias) {
        int n = 8;
        int width = 30;
        SplittableRandom rng = new SplittableRandom(2);
        Architecture arch = architecture(width, Activation.IDENTITY, bias);
        Readout readout = new Readout(arch);
        FeatureMatrix features = new FeatureMatrix(n, width, gaussian(rng, n * width));
        double[] y = gaussian(rng, n);
        double[] theta0 = gaussian(rng, arch.parameterCount());
        java.util.Arrays.fill(theta0, readout.offset(), arch.parameterCount(), 0.0);

        DMatrixRMaj x = design(features, bias);
        DMatrixRMaj pinv = new DMatrixRMaj(x.numCols, n);
        CommonOps_DDRM.pinv(x, pinv);
        DMatrixRMaj w = new DMatrixRMaj(x.numCols, 1);
        CommonOps_DDRM.mult(pinv, new DMatrixRMaj(n, 1, true, y), w);

        double[] re = rateAndEpochs(x);
        TrainingResult result = new ReadoutTrainer(features, y, readout, gd(re[0], (int) re[1])).train(theta0);

        double[] trained = readoutSlice(result.theta(), readout);
        double scale = Math.max(1, maxAbs(w.data));
        for (int j = 0; j < trained.length; j++) {
            assertEquals(w.get(j), trained[j], 1e-9 * scale, "weight " + j);
        }
        double[] predictions = readout.outputs(result.theta(), features);
        for (int i = 0; i < n; i++) {
            assertEquals(y[i], predictions[i], 1e-9, "interpolation at training point " + i);
        }
        assertEquals(0.0, result.finalLoss(), 1e-18);
    }

    /**
     * From a non-zero start a₀, GD (t → ∞) converges to a₀ + X⁺(y − X a₀): the projection of a₀ onto
     * the interpolating affine set (SPEC 5.4, t → ∞).
     */
    @Test
    void gradientDescentFromNonZeroStartInterpolatesAndKeepsNullSpaceComponent() {
        int n = 6;
        int width = 25;
        SplittableRandom rng = new SplittableRandom(3);
        Architecture arch = architecture(width, Activation.IDENTITY, false);
        Readout readout = new Readout(arch);
        FeatureMatrix features = new FeatureMatrix(n, width, gaussian(rng, n * width));
        double[] y = gaussian(rng, n);
        double[] theta0 = gaussian(rng, arch.parameterCount());

        DMatrixRMaj x = design(features, false);
        DMatrixRMaj a0 = new DMatrixRMaj(width, 1, true, readoutSlice(theta0, readout));
        DMatrixRMaj residual = new DMatrixRMaj(n, 1, true, y);
        CommonOps_DDRM.multAdd(-1.0, x, a0, residual); // y − X a0
        DMatrixRMaj pinv = new DMatrixRMaj(width, n);
        CommonOps_DDRM.pinv(x, pinv);
        DMatrixRMaj expected = a0.copy();
        CommonOps_DDRM.multAdd(pinv, residual, expected);

        double[] re = rateAndEpochs(x);
        TrainingResult result = new ReadoutTrainer(features, y, readout, gd(re[0], (int) re[1])).train(theta0);

        double[] trained = readoutSlice(result.theta(), readout);
        for (int j = 0; j < width; j++) {
            assertEquals(expected.get(j), trained[j], 1e-9 * Math.max(1, maxAbs(expected.data)), "weight " + j);
        }
        double[] predictions = readout.outputs(result.theta(), features);
        for (int i = 0; i < n; i++) {
            assertEquals(y[i], predictions[i], 1e-9);
        }
    }

    @Test
    void trainingDoesNotModifyTheInitialParameters() {
        SplittableRandom rng = new SplittableRandom(4);
        Architecture arch = architecture(5, Activation.IDENTITY, true);
        FeatureMatrix features = new FeatureMatrix(3, 5, gaussian(rng, 15));
        double[] theta0 = gaussian(rng, arch.parameterCount());
        double[] copy = theta0.clone();
        new ReadoutTrainer(features, gaussian(rng, 3), new Readout(arch), gd(1e-2, 5)).train(theta0);
        new ReadoutTrainer(features, gaussian(rng, 3), new Readout(arch), sgd(1e-2, 5)).train(theta0);
        assertArrayEquals(copy, theta0);
    }

    @ParameterizedTest(name = "outputBias={0}")
    @ValueSource(booleans = {false, true})
    void sgdStepOnOneSampleIsAMinusEtaTwoResidualPhi(boolean bias) {
        int width = 6;
        SplittableRandom rng = new SplittableRandom(5);
        Architecture arch = architecture(width, Activation.IDENTITY, bias);
        Readout readout = new Readout(arch);
        double[] phi = gaussian(rng, width);
        double y = 0.37;
        double[] theta0 = gaussian(rng, arch.parameterCount());
        double eta = 0.01;

        TrainingResult result = new ReadoutTrainer(
                        new FeatureMatrix(1, width, phi), new double[] {y}, readout, sgd(eta, 1))
                .train(theta0);

        int off = readout.offset();
        double f = bias ? theta0[off + width] : 0.0;
        for (int j = 0; j < width; j++) {
            f += theta0[off + j] * phi[j];
        }
        for (int j = 0; j < width; j++) {
            assertEquals(theta0[off + j] - eta * 2 * (f - y) * phi[j], result.theta()[off + j], 1e-14, "a_" + j);
        }
        if (bias) {
            assertEquals(theta0[off + width] - eta * 2 * (f - y), result.theta()[off + width], 1e-14, "bias");
        }
        // the logged loss is the loss before the step
        assertEquals((f - y) * (f - y), result.lossCurve()[0], 1e-13);
    }

    @Test
    void sgdStepWithTanhOutputIncludesTheActivationDerivative() {
        int width = 4;
        SplittableRandom rng = new SplittableRandom(6);
        Architecture arch = architecture(width, Activation.TANH, true);
        Readout readout = new Readout(arch);
        double[] phi = gaussian(rng, width);
        double y = -0.2;
        double[] theta0 = gaussian(rng, arch.parameterCount());
        double eta = 0.05;
        TrainingResult result = new ReadoutTrainer(
                        new FeatureMatrix(1, width, phi), new double[] {y}, readout, sgd(eta, 1))
                .train(theta0);
        int off = readout.offset();
        double z = theta0[off + width];
        for (int j = 0; j < width; j++) {
            z += theta0[off + j] * phi[j];
        }
        double f = Math.tanh(z);
        double c = 2 * (f - y) * (1 - f * f);
        for (int j = 0; j < width; j++) {
            assertEquals(theta0[off + j] - eta * c * phi[j], result.theta()[off + j], 1e-14);
        }
        assertEquals(theta0[off + width] - eta * c, result.theta()[off + width], 1e-14);
    }

    /** SGD visits the samples in order, each step using the parameters left by the previous one. */
    @Test
    void sgdEpochAppliesSequentialStepsInDatasetOrder() {
        int width = 3;
        int n = 3;
        SplittableRandom rng = new SplittableRandom(7);
        Architecture arch = architecture(width, Activation.IDENTITY, false);
        Readout readout = new Readout(arch);
        double[] phi = gaussian(rng, n * width);
        double[] y = gaussian(rng, n);
        double[] theta0 = gaussian(rng, arch.parameterCount());
        double eta = 0.03;
        int epochs = 2;
        TrainingResult result =
                new ReadoutTrainer(new FeatureMatrix(n, width, phi), y, readout, sgd(eta, epochs)).train(theta0);

        int off = readout.offset();
        double[] a = java.util.Arrays.copyOfRange(theta0, off, off + width);
        double[] losses = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double f = 0;
                for (int j = 0; j < width; j++) {
                    f += a[j] * phi[i * width + j];
                }
                sum += (f - y[i]) * (f - y[i]);
                for (int j = 0; j < width; j++) {
                    a[j] -= eta * 2 * (f - y[i]) * phi[i * width + j];
                }
            }
            losses[e] = sum / n;
        }
        for (int j = 0; j < width; j++) {
            assertEquals(a[j], result.theta()[off + j], 1e-13);
        }
        assertArrayEquals(losses, result.lossCurve(), 1e-13);
    }

    @Test
    void gdEpochIsThetaMinusEtaTimesMeanSquaredErrorGradient() {
        int width = 4;
        int n = 5;
        SplittableRandom rng = new SplittableRandom(8);
        Architecture arch = architecture(width, Activation.IDENTITY, true);
        Readout readout = new Readout(arch);
        double[] phi = gaussian(rng, n * width);
        double[] y = gaussian(rng, n);
        double[] theta0 = gaussian(rng, arch.parameterCount());
        double eta = 0.02;
        TrainingResult result =
                new ReadoutTrainer(new FeatureMatrix(n, width, phi), y, readout, gd(eta, 1)).train(theta0);
        int off = readout.offset();
        double[] grad = new double[width + 1];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double f = theta0[off + width];
            for (int j = 0; j < width; j++) {
                f += theta0[off + j] * phi[i * width + j];
            }
            double r = f - y[i];
            loss += r * r / n;
            for (int j = 0; j < width; j++) {
                grad[j] += 2.0 / n * r * phi[i * width + j];
            }
            grad[width] += 2.0 / n * r;
        }
        for (int j = 0; j <= width; j++) {
            assertEquals(theta0[off + j] - eta * grad[j], result.theta()[off + j], 1e-14);
        }
        assertEquals(loss, result.lossCurve()[0], 1e-13);
    }

    @Test
    void lossCurveRecordsEveryKthEpochAndHasCeilEpochsOverKPoints() {
        int width = 3;
        int n = 4;
        SplittableRandom rng = new SplittableRandom(9);
        Architecture arch = architecture(width, Activation.IDENTITY, false);
        Readout readout = new Readout(arch);
        double[] phi = gaussian(rng, n * width);
        double[] y = gaussian(rng, n);
        double[] theta0 = gaussian(rng, arch.parameterCount());
        FeatureMatrix features = new FeatureMatrix(n, width, phi);
        TrainConfig every1 = new TrainConfig(TrainConfig.Optimizer.GD, 0.01, 10, 1, 1e300);
        TrainConfig every3 = new TrainConfig(TrainConfig.Optimizer.GD, 0.01, 10, 3, 1e300);
        double[] full =
                new ReadoutTrainer(features, y, readout, every1).train(theta0).lossCurve();
        double[] sparse =
                new ReadoutTrainer(features, y, readout, every3).train(theta0).lossCurve();
        assertEquals(10, full.length);
        assertEquals(4, sparse.length); // epochs 0, 3, 6, 9
        assertEquals(4, ReadoutTrainer.lossCurvePoints(every3));
        for (int k = 0; k < sparse.length; k++) {
            assertEquals(full[3 * k], sparse[k], 0.0);
        }
    }
}
