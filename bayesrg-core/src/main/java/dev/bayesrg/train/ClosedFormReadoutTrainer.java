package dev.bayesrg.train;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.LinearDescent;
import dev.bayesrg.net.Readout;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Full-batch gradient descent on a linear read-out, solved in closed form instead of iterated
 * (docs/method.md, "nngp --compare"). With c = 2η/n and residual r_t = Φ a_t + b_t − y, one GD step maps
 * r_{t+1} = (I − c G) r_t with the Gram matrix G = Φ Φᵀ (+1 for a bias), so with G = U Λ Uᵀ
 * <pre>
 *   a_T = a_0 − Φᵀ U diag(g_T(λ)) Uᵀ r_0,   g_T(λ) = (1 − (1 − cλ)^T)/λ   (→ cT as λ → 0)
 *   L_t = (1/n) Σ_k (1 − cλ_k)^{2t} (u_k·r_0)²
 * </pre>
 * One n×n eigendecomposition replaces T passes over the n×N features. The loss of every epoch
 * is known in closed form too, so divergence stops "training" at the same epoch as iterating
 * would, and the loss curve is the same.
 */
public final class ClosedFormReadoutTrainer implements Trainer {
    private final FeatureMatrix features;
    private final double[] targets;
    private final Readout readout;
    private final TrainConfig config;
    private final double[] scratch;

    public ClosedFormReadoutTrainer(FeatureMatrix features, double[] targets, Readout readout, TrainConfig config) {
        this(features, targets, readout, config, null);
    }

    /**
     * @param scratch work space of at least {@link Kernels#gramScratchLength} doubles, reused across members by the caller
     *                (null: allocate one)
     */
    public ClosedFormReadoutTrainer(
            FeatureMatrix features, double[] targets, Readout readout, TrainConfig config, double[] scratch) {
        if (readout.activation() != Activation.IDENTITY) {
            throw new IllegalArgumentException("closed-form read-out dynamics need a linear (identity) read-out");
        }
        if (config.optimizer() != TrainConfig.Optimizer.GD) {
            throw new IllegalArgumentException("closed-form read-out dynamics need full-batch gradient descent");
        }
        if (config.loss() != TrainConfig.Loss.MSE) {
            throw new IllegalArgumentException("closed-form read-out dynamics need the squared error, got train.loss "
                    + config.loss().id());
        }
        this.features = features;
        this.targets = targets;
        this.readout = readout;
        this.config = config;
        this.scratch = scratch;
    }

    /** Whether the closed form reproduces training under this read-out and configuration. */
    public static boolean applies(Readout readout, TrainConfig config) {
        return applies(readout.activation(), config);
    }

    /** Refuses a read-out and configuration the exact linear-GD solvers cannot reproduce. */
    static void requireLinearGradientDescent(Readout readout, TrainConfig config, String solver) {
        if (!applies(readout, config)) {
            throw new IllegalArgumentException(
                    solver
                            + " needs a linear (identity) read-out trained by full-batch gradient descent on the squared error");
        }
    }

    /** As {@link #applies(Readout, TrainConfig)}, for a read-out with output activation {@code output}. */
    public static boolean applies(Activation output, TrainConfig config) {
        return output == Activation.IDENTITY
                && config.optimizer() == TrainConfig.Optimizer.GD
                && config.loss() == TrainConfig.Loss.MSE;
    }

    /**
     * Whether the closed form is cheaper than iterating in the dual space: the eigendecomposition
     * costs about 1.1e-9·n³ s and a dual epoch about 1.05e-10·n² s here (JMH, n = 200), so the closed
     * form wins beyond about 10 n epochs.
     */
    public static boolean pays(int points, int epochs) {
        return epochs > 10L * points;
    }

    @Override
    public TrainingResult train(double[] initialTheta, TrainingCheckpoints checkpoints) {
        int n = targets.length;
        double[] theta = initialTheta.clone();
        double c = 2.0 * config.learningRate() / n;

        DMatrixRMaj gram = DMatrixRMaj.wrap(n, n, DualSolution.gram(features, readout, scratch));
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(gram)) {
            throw new IllegalStateException("eigendecomposition of the Gram matrix failed");
        }
        double[] lambda = new double[n];
        double[][] u = new double[n][];
        for (int k = 0; k < n; k++) {
            lambda[k] = eig.getEigenvalue(k).getReal();
            u[k] = eig.getEigenVector(k).data;
        }

        double[] r0 = DualSolution.residuals(theta, features, readout, targets);
        double[] projection = new double[n];
        for (int k = 0; k < n; k++) {
            projection[k] = Kernels.dot(u[k], 0, r0, 0, n);
        }

        // The loss of every epoch, to record the curve and find where training would diverge.
        LossCurve curve = LossCurve.readout(config, features, readout);
        double[] weight = new double[n];
        double[] decay = new double[n];
        for (int k = 0; k < n; k++) {
            weight[k] = projection[k] * projection[k];
            double f = 1.0 - c * lambda[k];
            decay[k] = f * f;
        }
        int epochs = config.epochs();
        boolean diverged = false;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            double loss = 0;
            for (int k = 0; k < n; k++) {
                loss += weight[k];
                weight[k] *= decay[k];
            }
            if (curve.record(epoch, loss / n)) {
                diverged = true;
                epochs = epoch; // iterated GD stops before this epoch's step
                break;
            }
        }

        // θ_t at the checkpoints before the end, each from β_t = U diag(g_t(λ)) Uᵀ r_0 like θ_T
        for (int t = 0; checkpoints.active() && t < epochs; t += checkpoints.every()) {
            double[] at = initialTheta.clone();
            DualSolution.apply(at, features, readout, dualCoefficients(lambda, u, projection, c, t));
            checkpoints.atEpoch(t, at);
        }
        DualSolution.apply(theta, features, readout, dualCoefficients(lambda, u, projection, c, epochs));
        if (!diverged) {
            checkpoints.atEnd(epochs, theta);
        } else {
            checkpoints.atEpoch(epochs, theta); // iterating records θ_e at the epoch it diverges, if a checkpoint
        }
        double finalLoss = DualSolution.meanSquaredError(theta, features, readout, targets);
        return new TrainingResult(theta, curve.values(), finalLoss, diverged || curve.diverged(finalLoss));
    }

    /** β_t = Σ_k g_t(λ_k) (u_k·r_0) u_k. */
    private static double[] dualCoefficients(double[] lambda, double[][] u, double[] projection, double c, int epochs) {
        int n = lambda.length;
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            double coefficient = LinearDescent.growth(lambda[k], c, epochs) * projection[k];
            Kernels.axpy(coefficient, u[k], 0, v, 0, n);
        }
        return v;
    }
}
