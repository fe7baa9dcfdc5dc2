package dev.bayesrg.train;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.OutputLoss;
import dev.bayesrg.net.Readout;

/**
 * Iterates read-out training in the dual (kernel) representation. Every gradient of the read-out
 * loss is a combination of the training features, so a_t = a_0 − Φᵀ β_t (and b_t = b_0 − Σ β_t with
 * a bias), and the pre-activations on the training set are z_t = z_0 − G β_t with the Gram matrix
 * G = Φ Φᵀ (+1 with a bias). One step then costs n (SGD) or n² (GD) instead of N or 2nN, after a
 * single n×n×N Gram product: the same epochs, the same order of updates, the same loss curve and
 * divergence test as {@link ReadoutTrainer}, for any output activation and any {@code train.loss};
 * only the rounding differs.
 * It pays when n is below the feature width N.
 */
public final class DualReadoutTrainer implements Trainer {
    private final FeatureMatrix features;
    private final double[] targets;
    private final Readout readout;
    private final TrainConfig config;
    private final double[] scratch;
    private final OutputLoss loss;

    public DualReadoutTrainer(FeatureMatrix features, double[] targets, Readout readout, TrainConfig config) {
        this(features, targets, readout, config, null);
    }

    /**
     * @param scratch work space of at least {@link Kernels#gramScratchLength} doubles, reused across members by the caller
     *                (null: allocate one)
     */
    public DualReadoutTrainer(
            FeatureMatrix features, double[] targets, Readout readout, TrainConfig config, double[] scratch) {
        this.features = features;
        this.targets = targets;
        this.readout = readout;
        this.config = config;
        this.scratch = scratch;
        this.loss = OutputLoss.of(config);
    }

    /** Whether the dual iteration is the cheaper exact iteration for these sizes. */
    public static boolean pays(int points, int featureWidth) {
        // Gram costs n²N/2 once and n² per epoch; the primal loop 2nN per epoch. The cap keeps G in memory.
        return points < featureWidth && points <= 8192;
    }

    @Override
    public TrainingResult train(double[] initialTheta, TrainingCheckpoints checkpoints) {
        int n = targets.length;
        double[] gram = DualSolution.gram(features, readout, scratch);
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = readout.preActivation(initialTheta, features, i);
        }
        double[] beta = new double[n];
        LossCurve curve = LossCurve.readout(config, features, readout);
        boolean diverged = config.optimizer() == TrainConfig.Optimizer.GD
                ? gradientDescent(gram, z, beta, curve, initialTheta, checkpoints)
                : stochasticGradientDescent(gram, z, beta, curve, initialTheta, checkpoints);

        double[] theta = initialTheta.clone();
        DualSolution.apply(theta, features, readout, beta);
        return curve.result(
                theta,
                diverged,
                checkpoints,
                config.epochs(),
                t -> DualSolution.meanLoss(t, features, readout, targets, loss));
    }

    private boolean gradientDescent(
            double[] gram,
            double[] z,
            double[] beta,
            LossCurve curve,
            double[] initialTheta,
            TrainingCheckpoints checkpoints) {
        int n = targets.length;
        double step = config.learningRate() / n;
        double[] delta = new double[n];
        double[] output = new double[n];
        Activation sigma = readout.activation();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            checkpoint(epoch, initialTheta, beta, checkpoints);
            double sum = 0;
            // σ and σ' over the whole array, each one call: delta_i = (step ℓ'_i) σ'(z_i) as before
            sigma.apply(z, output);
            for (int i = 0; i < n; i++) {
                sum += loss.value(output[i], targets[i]);
                delta[i] = step * loss.derivative(output[i], targets[i]);
            }
            sigma.multiplyByDerivative(z, delta);
            if (curve.record(epoch, sum / n)) {
                return true;
            }
            for (int j = 0; j < n; j++) {
                beta[j] += delta[j];
            }
            Kernels.subtractCombination(gram, n, delta, z);
        }
        return false;
    }

    private boolean stochasticGradientDescent(
            double[] gram,
            double[] z,
            double[] beta,
            LossCurve curve,
            double[] initialTheta,
            TrainingCheckpoints checkpoints) {
        int n = targets.length;
        double step = config.learningRate();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            checkpoint(epoch, initialTheta, beta, checkpoints);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double f = readout.activation().value(z[i]);
                sum += loss.value(f, targets[i]);
                double d = step
                        * loss.derivative(f, targets[i])
                        * readout.activation().derivative(z[i]);
                beta[i] += d;
                Kernels.axpy(-d, gram, i * n, z, 0, n);
            }
            if (curve.record(epoch, sum / n)) {
                return true;
            }
        }
        return false;
    }

    /** θ_t = θ_0 − Φᵀ β_t, built only at checkpoint epochs (O(nN) each). */
    private void checkpoint(int epoch, double[] initialTheta, double[] beta, TrainingCheckpoints checkpoints) {
        if (checkpoints.due(epoch)) {
            double[] theta = initialTheta.clone();
            DualSolution.apply(theta, features, readout, beta);
            checkpoints.atEpoch(epoch, theta);
        }
    }
}
