package dev.bayesrg.fisher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.OutputLoss;
import dev.bayesrg.net.Readout;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The Fisher metric of each {@code train.loss} against its definition (arXiv:2405.17538, eq. 50)
 * computed independently: F = (1/n_F) Σ_x E_{y~p(·|x,θ)}[∇_θ log p(y|x,θ) ∇_θ log p(y|x,θ)ᵀ] with the
 * score by central finite differences of log p and, for cross-entropy, the expectation over the
 * label y ∈ {0, 1} summed exactly (the classification Fisher).
 */
class LossFisherTest {
    private static final InitConfig INIT = new InitConfig(InitConfig.Scheme.NORMAL, 0.0, 1.0, 1.0, 1.0);

    /** log p(y | x, θ) of the Bernoulli likelihood of the logit f_θ(x): −(log(1 + e^f) − y f). */
    private static double logLikelihood(double logit, double y) {
        return -OutputLoss.CROSS_ENTROPY.value(logit, y);
    }

    /** F by finite-difference scores over the parameters θ[from, P), summed over both labels. */
    private static double[][] crossEntropyFisherByDifferences(
            List<ToDoubleFunction<double[]>> outputs, double[] theta, int from) {
        int p = theta.length - from;
        double[][] f = new double[p][p];
        double h = 1e-6;
        for (ToDoubleFunction<double[]> output : outputs) {
            double prob = OutputLoss.logistic(output.applyAsDouble(theta));
            for (double y : new double[] {0.0, 1.0}) {
                double[] score = new double[p];
                for (int i = 0; i < p; i++) {
                    double[] plus = theta.clone();
                    double[] minus = theta.clone();
                    plus[from + i] += h;
                    minus[from + i] -= h;
                    score[i] = (logLikelihood(output.applyAsDouble(plus), y)
                                    - logLikelihood(output.applyAsDouble(minus), y))
                            / (2 * h);
                }
                double weight = (y == 1.0 ? prob : 1 - prob) / outputs.size();
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        f[i][j] += weight * score[i] * score[j];
                    }
                }
            }
        }
        return f;
    }

    private static double[][] dense(FisherJacobian j) {
        double[][] f = new double[j.parameters()][j.parameters()];
        for (int r = 0; r < j.inputs(); r++) {
            for (int a = 0; a < j.parameters(); a++) {
                for (int b = 0; b < j.parameters(); b++) {
                    f[a][b] += j.values()[r * j.parameters() + a] * j.values()[r * j.parameters() + b];
                }
            }
        }
        return f;
    }

    private static void assertMatrixClose(double[][] expected, double[][] actual, double[] diagonal, String what) {
        double scale = 0;
        for (double[] row : expected) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int a = 0; a < expected.length; a++) {
            for (int b = 0; b < expected.length; b++) {
                assertEquals(expected[a][b], actual[a][b], 1e-6 * scale, what + " F[" + a + "][" + b + "]");
            }
            assertEquals(expected[a][a], diagonal[a], 1e-6 * scale, what + " diagonal " + a);
        }
    }

    @Test
    void crossEntropyFisherOfEveryLayerMatchesFiniteDifferenceScores() {
        SplittableRandom rng = new SplittableRandom(3);
        Architecture arch = new Architecture(
                2,
                new NetworkConfig(
                        List.of(new LayerConfig(4, Activation.TANH, true), new LayerConfig(3, Activation.RELU, false)),
                        Activation.IDENTITY,
                        true,
                        INIT,
                        NetworkConfig.Trainable.ALL));
        Network net = new Network(arch);
        double[] theta = FisherDiagonalTest.gaussian(rng, arch.parameterCount(), 0.8);
        double[][] inputs = new double[6][];
        List<ToDoubleFunction<double[]>> outputs = new java.util.ArrayList<>();
        for (int n = 0; n < inputs.length; n++) {
            double[] x = FisherDiagonalTest.gaussian(rng, 2, 1.0);
            inputs[n] = x;
            outputs.add(t -> net.output(t, x));
        }
        double[][] expected = crossEntropyFisherByDifferences(outputs, theta, 0);

        double noiseVariance = 2.5; // no part of the Bernoulli likelihood
        FisherJacobian j = FisherJacobian.network(
                net, theta, inputs, 0, arch.parameterCount(), OutputLoss.CROSS_ENTROPY, noiseVariance);
        double[] diagonal = FisherDiagonal.allParameters(net, theta, inputs, OutputLoss.CROSS_ENTROPY, noiseVariance)
                .values();
        assertMatrixClose(expected, dense(j), diagonal, "all layers");
    }

    @Test
    void crossEntropyFisherOfTheReadoutDependsOnTheTrainedLogits() {
        SplittableRandom rng = new SplittableRandom(8);
        for (Activation output : new Activation[] {Activation.IDENTITY, Activation.TANH}) {
            int width = 5;
            int n = 7;
            Architecture arch = new Architecture(
                    2,
                    new NetworkConfig(
                            List.of(new LayerConfig(width, Activation.RELU, false)),
                            output,
                            true,
                            INIT,
                            NetworkConfig.Trainable.LAST));
            Readout readout = new Readout(arch);
            FeatureMatrix features = new FeatureMatrix(n, width, FisherDiagonalTest.gaussian(rng, n * width, 1.0));
            double[] theta = FisherDiagonalTest.gaussian(rng, arch.parameterCount(), 1.0);
            List<ToDoubleFunction<double[]>> outputs = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int row = i;
                outputs.add(t -> readout.output(t, features, row));
            }
            double[][] expected = crossEntropyFisherByDifferences(outputs, theta, readout.offset());
            FisherJacobian j = FisherJacobian.readout(readout, theta, features, OutputLoss.CROSS_ENTROPY, 1.0);
            double[] diagonal = FisherDiagonal.readout(readout, theta, features, OutputLoss.CROSS_ENTROPY, 1.0)
                    .values();
            assertMatrixClose(expected, dense(j), diagonal, "read-out " + output.id());
        }
    }

    @Test
    void regressionLossesScaleTheRegressionFisherByTheirInformation() {
        SplittableRandom rng = new SplittableRandom(12);
        int width = 4;
        int n = 5;
        double sigma2 = 0.6;
        Architecture arch = FisherDiagonalTest.net(Activation.TANH, true, width);
        Readout readout = new Readout(arch);
        FeatureMatrix features = new FeatureMatrix(n, width, FisherDiagonalTest.gaussian(rng, n * width, 1.0));
        double[] theta = FisherDiagonalTest.gaussian(rng, arch.parameterCount(), 1.0);
        double[] mse = FisherDiagonal.readout(readout, theta, features, sigma2).values();
        // the squared error's overload is the one of before, bit for bit
        double[] named = FisherDiagonal.readout(readout, theta, features, OutputLoss.MSE, sigma2)
                .values();
        for (int i = 0; i < mse.length; i++) {
            assertEquals(mse[i], named[i], 0.0);
        }
        for (OutputLoss loss : List.of(OutputLoss.huber(0.8), OutputLoss.L1)) {
            double factor = loss.fisherInformation(0.0, sigma2) * sigma2;
            double[] f = FisherDiagonal.readout(readout, theta, features, loss, sigma2)
                    .values();
            double[][] jj = dense(FisherJacobian.readout(readout, theta, features, loss, sigma2));
            for (int i = 0; i < mse.length; i++) {
                assertEquals(factor * mse[i], f[i], 1e-14 * mse[i], loss + " " + i);
                assertEquals(factor * mse[i], jj[i][i], 1e-12 * mse[i], loss + " Jacobian " + i);
            }
        }
    }
}
