package dev.bayesrg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;
import dev.bayesrg.net.SoftmaxCrossEntropy;
import dev.bayesrg.net.SoftmaxReadouts;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The K-logit read-out trainer against a brute-force reference written here with plain loops over a
 * K × N weight matrix W and K biases b: GD steps W −= η (1/n) Σ_i (p_i − e_{y_i}) φ_iᵀ with every
 * gradient at the old θ, SGD the same point by point in order.
 */
class SoftmaxReadoutTrainerTest {
    private static final int K = 4;
    private static final int WIDTH = 6;
    private static final int N = 13;

    private record Problem(Readout readout, double[] theta, FeatureMatrix features, double[] labels) {}

    private static Problem problem(boolean bias, long seed) {
        Architecture architecture = SoftmaxReadouts.architecture(WIDTH, Activation.TANH, bias, K);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] theta = ReadoutTrainerTest.gaussian(rng, architecture.parameterCount());
        double[] labels = new double[N];
        for (int i = 0; i < N; i++) {
            labels[i] = rng.nextInt(K);
        }
        FeatureMatrix features = new FeatureMatrix(N, WIDTH, ReadoutTrainerTest.gaussian(rng, N * WIDTH));
        return new Problem(new Readout(architecture), theta, features, labels);
    }

    /** The read-out's weights W[c][j] and biases b[c] (zero without bias) out of θ. */
    private static double[][] unpack(Problem p, double[] theta) {
        int off = p.readout().offset();
        double[][] wb = new double[K + 1][];
        for (int c = 0; c < K; c++) {
            wb[c] = new double[WIDTH];
            for (int j = 0; j < WIDTH; j++) {
                wb[c][j] = theta[off + c * WIDTH + j];
            }
        }
        wb[K] = new double[K];
        if (p.readout().hasBias()) {
            for (int c = 0; c < K; c++) {
                wb[K][c] = theta[off + K * WIDTH + c];
            }
        }
        return wb;
    }

    /** softmax(W φ_i + b) by plain loops, and the point's loss −log p_y into {@code loss[0]}. */
    private static double[] softmax(double[][] wb, FeatureMatrix f, int i, int y, double[] loss) {
        double[] z = new double[K];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < K; c++) {
            z[c] = wb[K][c];
            for (int j = 0; j < WIDTH; j++) {
                z[c] += wb[c][j] * f.get(i, j);
            }
            max = Math.max(max, z[c]);
        }
        double s = 0;
        for (int c = 0; c < K; c++) {
            s += Math.exp(z[c] - max);
        }
        double[] p = new double[K];
        for (int c = 0; c < K; c++) {
            p[c] = Math.exp(z[c] - max) / s;
        }
        loss[0] = -(z[y] - max - Math.log(s));
        return p;
    }

    /** The reference's epochs; returns the loss curve (every epoch), leaving W and b trained in wb. */
    private static double[] reference(Problem p, double[][] wb, boolean sgd, double lr, int epochs) {
        double[] curve = new double[epochs];
        double[] loss = new double[1];
        for (int epoch = 0; epoch < epochs; epoch++) {
            double[][] gw = new double[K][WIDTH];
            double[] gb = new double[K];
            double sum = 0;
            for (int i = 0; i < N; i++) {
                int y = (int) p.labels()[i];
                double[] prob = softmax(wb, p.features(), i, y, loss);
                sum += loss[0];
                for (int c = 0; c < K; c++) {
                    double r = prob[c] - (c == y ? 1.0 : 0.0);
                    for (int j = 0; j < WIDTH; j++) {
                        if (sgd) {
                            wb[c][j] -= lr * r * p.features().get(i, j);
                        } else {
                            gw[c][j] += r * p.features().get(i, j) / N;
                        }
                    }
                    if (p.readout().hasBias()) {
                        if (sgd) {
                            wb[K][c] -= lr * r;
                        } else {
                            gb[c] += r / N;
                        }
                    }
                }
            }
            curve[epoch] = sum / N;
            if (!sgd) {
                for (int c = 0; c < K; c++) {
                    for (int j = 0; j < WIDTH; j++) {
                        wb[c][j] -= lr * gw[c][j];
                    }
                    wb[K][c] -= lr * gb[c];
                }
            }
        }
        return curve;
    }

    @ParameterizedTest(name = "{0}, outputBias={1}")
    @CsvSource({"gd, false", "gd, true", "sgd, false", "sgd, true"})
    void trainingEqualsTheBruteForceReference(String optimizer, boolean bias) {
        boolean sgd = optimizer.equals("sgd");
        Problem p = problem(bias, sgd ? 31 : 32);
        double lr = sgd ? 0.05 : 0.3;
        int epochs = 7;
        TrainConfig config = sgd ? ReadoutTrainerTest.sgd(lr, epochs) : ReadoutTrainerTest.gd(lr, epochs);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(K);
        TrainingResult result = new SoftmaxReadoutTrainer(p.features(), p.labels(), p.readout(), config, loss)
                .train(p.theta(), TrainingCheckpoints.NONE);

        double[][] wb = unpack(p, p.theta());
        double[] curve = reference(p, wb, sgd, lr, epochs);
        double[][] trained = unpack(p, result.theta());
        for (int c = 0; c < K; c++) {
            for (int j = 0; j < WIDTH; j++) {
                assertEquals(wb[c][j], trained[c][j], 1e-12, "W_" + c + j);
            }
            assertEquals(wb[K][c], trained[K][c], 1e-12, "b_" + c);
        }
        for (int e = 0; e < epochs; e++) {
            assertEquals(curve[e], result.lossCurve()[e], 1e-12, "loss of epoch " + e);
        }
        // the hidden layer is not the read-out's: untouched
        for (int k = 0; k < p.readout().offset(); k++) {
            assertEquals(p.theta()[k], result.theta()[k], 0.0);
        }
        double[] one = new double[1];
        double finalLoss = 0;
        for (int i = 0; i < N; i++) {
            softmax(wb, p.features(), i, (int) p.labels()[i], one);
            finalLoss += one[0] / N;
        }
        assertEquals(finalLoss, result.finalLoss(), 1e-12);
        assertFalse(result.diverged());
    }

    @ParameterizedTest(name = "outputBias={0}")
    @ValueSource(booleans = {false, true})
    void meanLossIsTheLossesMeanOverTheReadoutsLogits(boolean bias) {
        Problem p = problem(bias, 33);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(K);
        double[] outputs = new double[N * K];
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < K; c++) {
                outputs[i * K + c] = p.readout().logit(p.theta(), p.features(), i, c);
            }
        }
        assertEquals(
                loss.mean(outputs, p.labels()),
                SoftmaxReadoutTrainer.meanLoss(p.theta(), p.features(), p.readout(), p.labels(), loss),
                1e-14);
        double[] one = new double[1];
        double brute = 0;
        double[][] wb = unpack(p, p.theta());
        for (int i = 0; i < N; i++) {
            softmax(wb, p.features(), i, (int) p.labels()[i], one);
            brute += one[0] / N;
        }
        assertEquals(brute, loss.mean(outputs, p.labels()), 1e-13);
    }

    /** Features that are a noisy one-hot code of the label: GD at a stable rate lowers the loss every epoch. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gd", "sgd"})
    void theLossFallsOnSeparableData(String optimizer) {
        Problem p = problem(true, 34);
        double[] phi = p.features().values().clone();
        SplittableRandom rng = new SplittableRandom(35);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < WIDTH; j++) {
                phi[i * WIDTH + j] = (j == (int) p.labels()[i] ? 2.0 : 0.0) + 0.1 * (rng.nextDouble() - 0.5);
            }
        }
        FeatureMatrix features = new FeatureMatrix(N, WIDTH, phi);
        double[] theta = new double[p.theta().length];
        int epochs = 60;
        TrainConfig config =
                optimizer.equals("gd") ? ReadoutTrainerTest.gd(0.5, epochs) : ReadoutTrainerTest.sgd(0.05, epochs);
        TrainingResult result = new SoftmaxReadoutTrainer(
                        features, p.labels(), p.readout(), config, new SoftmaxCrossEntropy(K))
                .train(theta, TrainingCheckpoints.NONE);
        double[] curve = result.lossCurve();
        if (optimizer.equals("gd")) {
            assertEquals(Math.log(K), curve[0], 1e-14, "zero logits: every class 1/K");
        } else { // SGD's epoch loss is the mean over its steps, the first of which is at zero logits
            assertTrue(curve[0] < Math.log(K), "epoch 0 " + curve[0]);
        }
        for (int e = 1; e < epochs; e++) {
            assertTrue(curve[e] < curve[e - 1], optimizer + ": epoch " + e + " " + curve[e] + " ≥ " + curve[e - 1]);
        }
        assertTrue(result.finalLoss() < 0.1 * Math.log(K), "final loss " + result.finalLoss());
        // every training point is then classified right
        for (int i = 0; i < N; i++) {
            int best = 0;
            for (int c = 1; c < K; c++) {
                if (p.readout().logit(result.theta(), features, i, c)
                        > p.readout().logit(result.theta(), features, i, best)) {
                    best = c;
                }
            }
            assertEquals((int) p.labels()[i], best, "point " + i);
        }
    }
}
