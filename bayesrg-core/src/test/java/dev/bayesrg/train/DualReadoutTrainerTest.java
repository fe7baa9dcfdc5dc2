package dev.bayesrg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DualReadoutTrainerTest {

    private static Readout readout(int width, Activation output, boolean bias) {
        NetworkConfig net = new NetworkConfig(
                List.of(new LayerConfig(width, Activation.RELU, false)),
                output,
                bias,
                new InitConfig(InitConfig.Scheme.NORMAL, 0, 1, 1, 1),
                NetworkConfig.Trainable.LAST);
        return new Readout(new Architecture(1, net));
    }

    private static double relativeDistance(double[] a, double[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) && Double.isNaN(b[i])) {
                continue;
            }
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }

    @ParameterizedTest(name = "{0} output={1} bias={2} n={3} width={4} lr={5}")
    @CsvSource({
        "GD, identity, false, 40, 120, 1e-3",
        "GD, tanh, true, 40, 120, 1e-3",
        "SGD, identity, false, 40, 120, 1e-4",
        "SGD, identity, true, 30, 90, 3e-4",
        "SGD, erf, false, 30, 90, 3e-4",
        "GD, identity, true, 60, 30, 1e-3"
    }) // more points than features: still the same dynamics
    void dualIterationFollowsThePrimalTrajectory(
            TrainConfig.Optimizer optimizer, Activation output, boolean bias, int n, int width, double lr) {
        Random rnd = new Random(n + width + (bias ? 1 : 0) + output.id().length() * 7L);
        double[] values = new double[n * width];
        for (int k = 0; k < values.length; k++) {
            values[k] = Math.max(0, rnd.nextGaussian());
        }
        FeatureMatrix f = new FeatureMatrix(n, width, values);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.tanh(rnd.nextGaussian());
        }
        Readout r = readout(width, output, bias);
        double[] theta = new double[r.offset() + width + (bias ? 1 : 0)];
        for (int k = r.offset(); k < theta.length; k++) {
            theta[k] = rnd.nextGaussian() * 0.05;
        }
        TrainConfig cfg = new TrainConfig(optimizer, lr, 300, 3, 1e6);
        TrainingResult primal = new ReadoutTrainer(f, y, r, cfg).train(theta);
        TrainingResult dual = new DualReadoutTrainer(f, y, r, cfg).train(theta);
        assertEquals(primal.diverged(), dual.diverged());
        assertTrue(
                relativeDistance(dual.theta(), primal.theta()) < 1e-10,
                "weights differ by " + relativeDistance(dual.theta(), primal.theta()));
        assertTrue(
                relativeDistance(dual.lossCurve(), primal.lossCurve()) < 1e-10,
                "loss curves differ by " + relativeDistance(dual.lossCurve(), primal.lossCurve()));
        assertEquals(primal.finalLoss(), dual.finalLoss(), 1e-10 * primal.finalLoss());
        // the run must actually have trained: the loss fell
        assertTrue(primal.finalLoss() < 0.9 * primal.lossCurve()[0]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"GD", "SGD"})
    void dualIterationDivergesAtTheSameEpochAsThePrimal(TrainConfig.Optimizer optimizer) {
        Random rnd = new Random(3);
        int n = 20;
        int width = 80;
        double[] values = new double[n * width];
        for (int k = 0; k < values.length; k++) {
            values[k] = Math.max(0, rnd.nextGaussian()) * 3;
        }
        FeatureMatrix f = new FeatureMatrix(n, width, values);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextGaussian();
        }
        Readout r = readout(width, Activation.IDENTITY, false);
        double[] theta = new double[r.offset() + width];
        TrainConfig cfg = new TrainConfig(optimizer, 0.02, 500, 1, 1e6);
        TrainingResult primal = new ReadoutTrainer(f, y, r, cfg).train(theta);
        TrainingResult dual = new DualReadoutTrainer(f, y, r, cfg).train(theta);
        assertTrue(primal.diverged());
        assertTrue(dual.diverged());
        for (int e = 0; e < primal.lossCurve().length; e++) {
            assertEquals(Double.isNaN(primal.lossCurve()[e]), Double.isNaN(dual.lossCurve()[e]), "epoch " + e);
        }
    }
}
