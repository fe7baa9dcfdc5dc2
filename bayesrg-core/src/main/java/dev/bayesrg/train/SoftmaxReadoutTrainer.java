package dev.bayesrg.train;

import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;
import dev.bayesrg.net.SoftmaxCrossEntropy;

/**
 * Trains the K-logit read-out of a softmax classifier, f_c = a_c·φ + b_c, on frozen features φ(x_i)
 * by the cross-entropy ({@link SoftmaxCrossEntropy}): GD on L = (1/n) Σ_i ℓ(f(x_i), y_i) with every
 * gradient p_i − e_{y_i} taken at the old θ, or SGD point by point in order, as {@link ReadoutTrainer}
 * does for one output. There is no closed form: the softmax is not linear in θ.
 */
public final class SoftmaxReadoutTrainer implements Trainer {
    private final FeatureMatrix features;
    private final double[] targets;
    private final Readout readout;
    private final TrainConfig config;
    private final SoftmaxCrossEntropy loss;

    /** Trains on the features' rows against {@code targets}, labels 0..K−1. */
    public SoftmaxReadoutTrainer(
            FeatureMatrix features, double[] targets, Readout readout, TrainConfig config, SoftmaxCrossEntropy loss) {
        if (readout.outputsPerPoint() != loss.classes()) {
            throw new IllegalArgumentException(
                    "a read-out of " + readout.outputsPerPoint() + " outputs for " + loss.classes() + " classes");
        }
        this.features = features;
        this.targets = targets;
        this.readout = readout;
        this.config = config;
        this.loss = loss;
    }

    @Override
    public TrainingResult train(double[] initialTheta, TrainingCheckpoints checkpoints) {
        double[] theta = initialTheta.clone();
        LossCurve curve = new LossCurve(config);
        boolean diverged = config.optimizer() == TrainConfig.Optimizer.GD
                ? gradientDescent(theta, curve, checkpoints)
                : stochasticGradientDescent(theta, curve, checkpoints);
        return curve.result(theta, diverged, checkpoints, config.epochs(), this::loss);
    }

    /** The mean training cross-entropy of the read-out at θ. */
    public double loss(double[] theta) {
        return meanLoss(theta, features, readout, targets, loss);
    }

    /** (1/n) Σ_i ℓ(f(x_i), y_i) of a K-logit read-out at θ on the features' rows. */
    public static double meanLoss(
            double[] theta, FeatureMatrix features, Readout readout, double[] targets, SoftmaxCrossEntropy loss) {
        int k = loss.classes();
        double[] logits = new double[k];
        double s = 0;
        for (int i = 0; i < targets.length; i++) {
            readout.logits(theta, features, i, logits);
            s += loss.pointLoss(logits, 0, targets[i]);
        }
        return s / targets.length;
    }

    private boolean gradientDescent(double[] theta, LossCurve curve, TrainingCheckpoints checkpoints) {
        int n = targets.length;
        int k = loss.classes();
        double[] logits = new double[k];
        double[] coefficient = new double[n * k];
        double step = -config.learningRate() / n;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            checkpoints.atEpoch(epoch, theta);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                readout.logits(theta, features, i, logits);
                sum += loss.gradient(logits, 0, targets[i], coefficient, i * k);
            }
            if (curve.record(epoch, sum / n)) {
                return true;
            }
            for (int i = 0; i < n; i++) {
                step(theta, i, coefficient, i * k, step);
            }
        }
        return false;
    }

    private boolean stochasticGradientDescent(double[] theta, LossCurve curve, TrainingCheckpoints checkpoints) {
        int n = targets.length;
        int k = loss.classes();
        double[] logits = new double[k];
        double[] gradient = new double[k];
        double step = -config.learningRate();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            checkpoints.atEpoch(epoch, theta);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                readout.logits(theta, features, i, logits);
                sum += loss.gradient(logits, 0, targets[i], gradient, 0);
                step(theta, i, gradient, 0, step);
            }
            if (curve.record(epoch, sum / n)) {
                return true;
            }
        }
        return false;
    }

    /** θ += step · Σ_c g_c ∂f_c(x_i)/∂θ: a_c += step g_c φ(x_i), b_c += step g_c. */
    private void step(double[] theta, int row, double[] gradient, int at, double step) {
        int width = readout.width();
        int offset = readout.offset();
        int k = loss.classes();
        double[] phi = features.values();
        for (int c = 0; c < k; c++) {
            double g = step * gradient[at + c];
            Kernels.axpy(g, phi, features.rowOffset(row), theta, offset + c * width, width);
            if (readout.hasBias()) {
                theta[offset + k * width + c] += g;
            }
        }
    }
}
