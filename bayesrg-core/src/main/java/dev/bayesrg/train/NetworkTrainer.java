package dev.bayesrg.train;

import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.data.Dataset;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.Network;

/**
 * Trains every parameter of the network by backpropagation, with the same loss conventions as
 * {@link ReadoutTrainer}: GD on (1/n) Σ (f_i − y_i)², or per-sample SGD on (f_i − y_i)² in order.
 */
public final class NetworkTrainer implements Trainer {
    private final Network network;
    private final Dataset data;
    private final TrainConfig config;

    public NetworkTrainer(Network network, Dataset data, TrainConfig config) {
        this.network = network;
        this.data = data;
        this.config = config;
    }

    @Override
    public TrainingResult train(double[] initialTheta, TrainingCheckpoints checkpoints) {
        double[] theta = initialTheta.clone();
        LossCurve curve = new LossCurve(config);
        boolean diverged = config.optimizer() == TrainConfig.Optimizer.GD
                ? gradientDescent(theta, curve, checkpoints)
                : stochasticGradientDescent(theta, curve, checkpoints);
        if (!diverged) {
            checkpoints.atEnd(config.epochs(), theta);
        }
        double finalLoss = loss(theta);
        return new TrainingResult(theta, curve.values(), finalLoss, diverged || curve.diverged(finalLoss));
    }

    public double loss(double[] theta) {
        double s = 0;
        for (int i = 0; i < data.size(); i++) {
            double r = network.output(theta, data.inputs()[i]) - data.targets()[i];
            s += r * r;
        }
        return s / data.size();
    }

    private boolean gradientDescent(double[] theta, LossCurve curve, TrainingCheckpoints checkpoints) {
        int n = data.size();
        int p = theta.length;
        double[] grad = new double[p];
        double[] sampleGrad = new double[p];
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            checkpoints.atEpoch(epoch, theta);
            java.util.Arrays.fill(grad, 0.0);
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double r = network.gradient(theta, data.inputs()[i], sampleGrad) - data.targets()[i];
                loss += r * r;
                Kernels.axpy(2.0 * r / n, sampleGrad, 0, grad, 0, p);
            }
            if (curve.record(epoch, loss / n)) {
                return true;
            }
            Kernels.axpy(-config.learningRate(), grad, 0, theta, 0, p);
        }
        return false;
    }

    private boolean stochasticGradientDescent(double[] theta, LossCurve curve, TrainingCheckpoints checkpoints) {
        int n = data.size();
        int p = theta.length;
        double[] sampleGrad = new double[p];
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            checkpoints.atEpoch(epoch, theta);
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double r = network.gradient(theta, data.inputs()[i], sampleGrad) - data.targets()[i];
                loss += r * r;
                Kernels.axpy(-config.learningRate() * 2.0 * r, sampleGrad, 0, theta, 0, p);
            }
            if (curve.record(epoch, loss / n)) {
                return true;
            }
        }
        return false;
    }
}
