package dev.bayesrg.train;

import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.data.Dataset;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.NetworkBatch;
import dev.bayesrg.net.OutputLoss;
import dev.bayesrg.net.SoftmaxCrossEntropy;

/**
 * Trains every parameter of the network by backpropagation, with the same loss conventions as
 * {@link ReadoutTrainer}: GD on (1/n) Σ ℓ(f_i, y_i), or per-sample SGD on ℓ(f_i, y_i) in order, with
 * ℓ the {@code train.loss} ({@link OutputLoss}; (f − y)² by default).
 * By default each epoch (GD) or step (SGD) runs over the whole batch at once ({@link NetworkBatch});
 * {@code train.solver: iterate-primal} runs the reference loop instead, one input's gradient at a
 * time through {@link Network#gradient}, which the batched form matches to rounding.
 */
public final class NetworkTrainer implements Trainer {
    private final Network network;
    private final Dataset data;
    private final TrainConfig config;
    private final OutputLoss loss;
    /** The loss when it is a classifier's softmax cross-entropy, else null. */
    private final SoftmaxCrossEntropy softmax;

    public NetworkTrainer(Network network, Dataset data, TrainConfig config) {
        this(network, data, config, OutputLoss.of(config));
    }

    /**
     * Trains by {@code loss} (e.g. the {@link SoftmaxCrossEntropy} of a K-output classifier, whose
     * network has K outputs) rather than the one {@code config} names for a single output.
     */
    public NetworkTrainer(Network network, Dataset data, TrainConfig config, OutputLoss loss) {
        if (config.divergenceBound()) {
            throw new IllegalArgumentException("train.divergenceBound applies to read-out training only");
        }
        this.network = network;
        this.data = data;
        this.config = config;
        this.loss = loss;
        this.softmax = loss instanceof SoftmaxCrossEntropy s ? s : null;
        if (network.architecture().outputsPerPoint() != loss.outputsPerPoint()) {
            throw new IllegalArgumentException(
                    "a network of " + network.architecture().outputsPerPoint() + " outputs trained by a loss of "
                            + loss.outputsPerPoint());
        }
    }

    @Override
    public TrainingResult train(double[] initialTheta, TrainingCheckpoints checkpoints) {
        double[] theta = initialTheta.clone();
        LossCurve curve = new LossCurve(config);
        boolean gd = config.optimizer() == TrainConfig.Optimizer.GD;
        boolean diverged;
        if (batched()) {
            diverged =
                    gd ? batchGradientDescent(theta, curve, checkpoints) : batchStochastic(theta, curve, checkpoints);
        } else {
            diverged = gd
                    ? gradientDescent(theta, curve, checkpoints)
                    : stochasticGradientDescent(theta, curve, checkpoints);
        }
        return curve.result(theta, diverged, checkpoints, config.epochs(), this::loss);
    }

    /** The mean training loss at θ. */
    public double loss(double[] theta) {
        if (softmax != null) {
            double[] logits = new double[softmax.classes()];
            double s = 0;
            for (int i = 0; i < data.size(); i++) {
                network.outputs(theta, data.inputs()[i], logits, 0);
                s += softmax.pointLoss(logits, 0, data.targets()[i]);
            }
            return s / data.size();
        }
        double s = 0;
        for (int i = 0; i < data.size(); i++) {
            s += loss.value(network.output(theta, data.inputs()[i]), data.targets()[i]);
        }
        return s / data.size();
    }

    /** Whether the batched backpropagation runs (everything but {@code train.solver: iterate-primal}). */
    public boolean batched() {
        return config.solver() != TrainConfig.Solver.ITERATE_PRIMAL;
    }

    private boolean batchGradientDescent(double[] theta, LossCurve curve, TrainingCheckpoints checkpoints) {
        int n = data.size();
        NetworkBatch batch = new NetworkBatch(network.architecture(), n);
        batch.load(theta);
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            handOver(batch, epoch, theta, checkpoints);
            double mean = batch.lossGradient(data.inputs(), data.targets(), 0, 1.0 / n, loss) / n;
            if (curve.record(epoch, mean)) {
                batch.store(theta);
                return true;
            }
            batch.step(config.learningRate());
        }
        batch.store(theta);
        return false;
    }

    private boolean batchStochastic(double[] theta, LossCurve curve, TrainingCheckpoints checkpoints) {
        int n = data.size();
        NetworkBatch batch = new NetworkBatch(network.architecture(), 1);
        batch.load(theta);
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            handOver(batch, epoch, theta, checkpoints);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += batch.lossGradient(data.inputs(), data.targets(), i, 1.0, loss);
                batch.step(config.learningRate());
            }
            if (curve.record(epoch, sum / n)) {
                batch.store(theta);
                return true;
            }
        }
        batch.store(theta);
        return false;
    }

    /** θ_t to the checkpoints at their epochs (the batch holds the parameters in between). */
    private static void handOver(NetworkBatch batch, int epoch, double[] theta, TrainingCheckpoints checkpoints) {
        if (checkpoints.due(epoch)) {
            batch.store(theta);
            checkpoints.atEpoch(epoch, theta);
        }
    }

    private boolean gradientDescent(double[] theta, LossCurve curve, TrainingCheckpoints checkpoints) {
        int n = data.size();
        int p = theta.length;
        double[] grad = new double[p];
        double[] sampleGrad = new double[p];
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            checkpoints.atEpoch(epoch, theta);
            java.util.Arrays.fill(grad, 0.0);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                if (softmax != null) {
                    sum += softmaxGradient(theta, i, sampleGrad);
                    Kernels.axpy(1.0 / n, sampleGrad, 0, grad, 0, p);
                    continue;
                }
                double f = network.gradient(theta, data.inputs()[i], sampleGrad);
                sum += loss.value(f, data.targets()[i]);
                Kernels.axpy(loss.derivative(f, data.targets()[i]) / n, sampleGrad, 0, grad, 0, p);
            }
            if (curve.record(epoch, sum / n)) {
                return true;
            }
            Kernels.axpy(-config.learningRate(), grad, 0, theta, 0, p);
        }
        return false;
    }

    /**
     * A classifier's ∇ℓ(f(x_i), y_i) = Σ_c (p_c − δ_{c y}) ∇f_c(x_i) into {@code gradient}, by one
     * backpropagation of the logits' gradient; returns ℓ(f(x_i), y_i).
     */
    private double softmaxGradient(double[] theta, int i, double[] gradient) {
        double[] x = data.inputs()[i];
        int k = softmax.classes();
        double[] logits = new double[k];
        double[] weights = new double[k];
        network.outputs(theta, x, logits, 0);
        double value = softmax.gradient(logits, 0, data.targets()[i], weights, 0);
        network.gradient(theta, x, weights, gradient, logits);
        return value;
    }

    private boolean stochasticGradientDescent(double[] theta, LossCurve curve, TrainingCheckpoints checkpoints) {
        int n = data.size();
        int p = theta.length;
        double[] sampleGrad = new double[p];
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            checkpoints.atEpoch(epoch, theta);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                if (softmax != null) {
                    sum += softmaxGradient(theta, i, sampleGrad);
                    Kernels.axpy(-config.learningRate(), sampleGrad, 0, theta, 0, p);
                    continue;
                }
                double f = network.gradient(theta, data.inputs()[i], sampleGrad);
                sum += loss.value(f, data.targets()[i]);
                Kernels.axpy(
                        -config.learningRate() * loss.derivative(f, data.targets()[i]), sampleGrad, 0, theta, 0, p);
            }
            if (curve.record(epoch, sum / n)) {
                return true;
            }
        }
        return false;
    }
}
