package dev.bayesrg.train;

import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.OutputLoss;
import dev.bayesrg.net.Readout;

/**
 * Trains only the read-out f = σ_out(a·φ + b) on frozen features φ(x_i), computed once.
 * GD: L = (1/n) Σ ℓ(f_i, y_i), θ ← θ − η ∇L with every residual taken at the old θ.
 * SGD: for i = 1..n in order, θ ← θ − η ∇ℓ(f_i, y_i). The loss ℓ is {@code train.loss}
 * ({@link OutputLoss}; (f − y)² by default).
 */
public final class ReadoutTrainer implements Trainer {
    private final FeatureMatrix features;
    private final double[] targets;
    private final Readout readout;
    private final TrainConfig config;
    private final OutputLoss loss;

    public ReadoutTrainer(FeatureMatrix features, double[] targets, Readout readout, TrainConfig config) {
        this.features = features;
        this.targets = targets;
        this.readout = readout;
        this.config = config;
        this.loss = OutputLoss.of(config);
    }

    /** The number of points in every loss curve of this configuration. */
    public static int lossCurvePoints(TrainConfig config) {
        return LossCurve.points(config);
    }

    @Override
    public TrainingResult train(double[] initialTheta, TrainingCheckpoints checkpoints) {
        double[] theta = initialTheta.clone();
        LossCurve curve = LossCurve.readout(config, features, readout);
        boolean diverged = config.optimizer() == TrainConfig.Optimizer.GD
                ? gradientDescent(theta, curve, checkpoints)
                : stochasticGradientDescent(theta, curve, checkpoints);
        return curve.result(theta, diverged, checkpoints, config.epochs(), this::loss);
    }

    /** The mean training loss of the read-out at θ. */
    public double loss(double[] theta) {
        return DualSolution.meanLoss(theta, features, readout, targets, loss);
    }

    private boolean gradientDescent(double[] theta, LossCurve curve, TrainingCheckpoints checkpoints) {
        int n = targets.length;
        int width = readout.width();
        int offset = readout.offset();
        double[] coefficient = new double[n];
        double[] phi = features.values();
        double step = -config.learningRate() / n;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            checkpoints.atEpoch(epoch, theta);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double z = readout.preActivation(theta, features, i);
                double f = readout.activation().value(z);
                sum += loss.value(f, targets[i]);
                coefficient[i] =
                        loss.derivative(f, targets[i]) * readout.activation().derivative(z);
            }
            if (curve.record(epoch, sum / n)) {
                return true;
            }
            for (int i = 0; i < n; i++) {
                double c = step * coefficient[i];
                Kernels.axpy(c, phi, features.rowOffset(i), theta, offset, width);
                if (readout.hasBias()) {
                    theta[offset + width] += c;
                }
            }
        }
        return false;
    }

    private boolean stochasticGradientDescent(double[] theta, LossCurve curve, TrainingCheckpoints checkpoints) {
        int n = targets.length;
        int width = readout.width();
        int offset = readout.offset();
        double[] phi = features.values();
        double step = -config.learningRate();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            checkpoints.atEpoch(epoch, theta);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double z = readout.preActivation(theta, features, i);
                double f = readout.activation().value(z);
                sum += loss.value(f, targets[i]);
                double c = step
                        * loss.derivative(f, targets[i])
                        * readout.activation().derivative(z);
                Kernels.axpy(c, phi, features.rowOffset(i), theta, offset, width);
                if (readout.hasBias()) {
                    theta[offset + width] += c;
                }
            }
            if (curve.record(epoch, sum / n)) {
                return true;
            }
        }
        return false;
    }
}
