package dev.bayesrg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.data.Dataset;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.NetworkBatch;
import dev.bayesrg.net.OutputLoss;
import dev.bayesrg.net.Readout;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every {@code train.loss}'s training gradient against central finite differences of its mean loss:
 * the batched backpropagation, one GD epoch of the reference loop and of the read-out trainers in the
 * weight and the dual space, and one SGD step.
 */
class LossGradientTest {
    private static TrainConfig config(TrainConfig.Optimizer optimizer, TrainConfig.Loss loss, double lr) {
        return new TrainConfig(optimizer, lr, 1, 1, 1e300, null, false, TrainConfig.Solver.ITERATE, loss, 0.6);
    }

    /** Targets for the loss: labels 0/1 for cross-entropy, else real numbers. */
    private static Dataset data(SplittableRandom rng, int n, TrainConfig.Loss loss) {
        Dataset d = NetworkTrainerTest.data(rng, n);
        if (loss != TrainConfig.Loss.CROSS_ENTROPY) {
            return d;
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextBoolean() ? 1.0 : 0.0;
        }
        return new Dataset(d.inputs(), y);
    }

    private static double meanLoss(Network net, double[] theta, Dataset data, OutputLoss loss) {
        double s = 0;
        for (int i = 0; i < data.size(); i++) {
            s += loss.value(net.output(theta, data.inputs()[i]), data.targets()[i]);
        }
        return s / data.size();
    }

    private static double[] fdGradient(Network net, double[] theta, Dataset data, OutputLoss loss) {
        return NetworkTrainerTest.centralDifferences(t -> meanLoss(net, t, data, loss), theta, 0);
    }

    private static void assertClose(double[] expected, double[] actual, double relative, String what) {
        double scale = ReadoutTrainerTest.maxAbs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * (Math.abs(expected[i]) + scale), what + ", parameter " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(TrainConfig.Loss.class)
    void batchedBackpropagationIsTheGradientOfTheMeanLoss(TrainConfig.Loss name) {
        SplittableRandom rng = new SplittableRandom(17 + name.id().hashCode());
        Network net = new Network(new Architecture(2, NetworkTrainerTest.config(Activation.IDENTITY)));
        Dataset data = data(rng, 9, name);
        double[] theta = ReadoutTrainerTest.gaussian(rng, net.architecture().parameterCount());
        OutputLoss loss = OutputLoss.of(config(TrainConfig.Optimizer.GD, name, 1));
        NetworkBatch batch = new NetworkBatch(net.architecture(), data.size());
        batch.load(theta);
        double sum = batch.lossGradient(data.inputs(), data.targets(), 0, 1.0 / data.size(), loss);
        double[] gradient = new double[theta.length];
        batch.storeGradient(gradient);

        assertEquals(meanLoss(net, theta, data, loss), sum / data.size(), 1e-12 * Math.abs(sum));
        assertClose(fdGradient(net, theta, data, loss), gradient, 1e-6, name.id());
    }

    @ParameterizedTest
    @EnumSource(TrainConfig.Loss.class)
    void oneEpochOfEveryIterativeTrainerStepsAlongTheGradient(TrainConfig.Loss name) {
        SplittableRandom rng = new SplittableRandom(5 + name.id().hashCode());
        double lr = 1e-3;
        Dataset data = data(rng, 7, name);
        TrainConfig gd = config(TrainConfig.Optimizer.GD, name, lr);
        OutputLoss loss = OutputLoss.of(gd);
        // all layers: the reference loop and the batched form
        Network net = new Network(new Architecture(2, NetworkTrainerTest.config(Activation.TANH)));
        double[] theta = ReadoutTrainerTest.gaussian(rng, net.architecture().parameterCount());
        double[] expected = fdGradient(net, theta, data, loss);
        for (TrainConfig.Solver solver :
                new TrainConfig.Solver[] {TrainConfig.Solver.ITERATE, TrainConfig.Solver.ITERATE_PRIMAL}) {
            TrainConfig c = new TrainConfig(TrainConfig.Optimizer.GD, lr, 1, 1, 1e300, null, false, solver, name, 0.6);
            double[] trained = new NetworkTrainer(net, data, c).train(theta).theta();
            assertClose(expected, step(theta, trained, lr), 1e-6, name.id() + " " + solver);
        }

        // the read-out alone, on frozen features, in the weight space and in the dual space
        int width = 6;
        Architecture readoutNet = new Architecture(
                2,
                new dev.bayesrg.config.NetworkConfig(
                        java.util.List.of(new dev.bayesrg.config.LayerConfig(width, Activation.RELU, false)),
                        Activation.TANH,
                        true,
                        new dev.bayesrg.config.InitConfig(dev.bayesrg.config.InitConfig.Scheme.NORMAL, 0, 1, 1, 1),
                        dev.bayesrg.config.NetworkConfig.Trainable.LAST));
        Readout readout = new Readout(readoutNet);
        FeatureMatrix features =
                new FeatureMatrix(data.size(), width, ReadoutTrainerTest.gaussian(rng, data.size() * width));
        double[] start = ReadoutTrainerTest.gaussian(rng, readoutNet.parameterCount());
        double[] readoutGradient = NetworkTrainerTest.centralDifferences(
                t -> readoutLoss(readout, t, features, data.targets(), loss), start, readout.offset());
        double[] primal = new ReadoutTrainer(features, data.targets(), readout, gd)
                .train(start)
                .theta();
        double[] dual = new DualReadoutTrainer(features, data.targets(), readout, gd)
                .train(start)
                .theta();
        assertClose(readoutGradient, step(start, primal, lr), 1e-6, name.id() + " read-out, weight space");
        assertClose(readoutGradient, step(start, dual, lr), 1e-6, name.id() + " read-out, dual space");

        // SGD's first step is the gradient of the first point's loss alone
        Dataset first = new Dataset(new double[][] {data.inputs()[0]}, new double[] {data.targets()[0]});
        TrainConfig sgd = config(TrainConfig.Optimizer.SGD, name, lr);
        double[] sgdTrained = new NetworkTrainer(net, first, sgd).train(theta).theta();
        assertClose(fdGradient(net, theta, first, loss), step(theta, sgdTrained, lr), 1e-6, name.id() + " SGD");
    }

    private static double readoutLoss(
            Readout readout, double[] theta, FeatureMatrix features, double[] targets, OutputLoss loss) {
        double s = 0;
        for (int i = 0; i < targets.length; i++) {
            s += loss.value(readout.output(theta, features, i), targets[i]);
        }
        return s / targets.length;
    }

    /** (θ_0 − θ_1)/η: the gradient one GD step followed. */
    private static double[] step(double[] before, double[] after, double lr) {
        double[] g = new double[before.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (before[i] - after[i]) / lr;
        }
        return g;
    }
}
