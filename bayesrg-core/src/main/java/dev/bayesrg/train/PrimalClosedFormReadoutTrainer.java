package dev.bayesrg.train;

import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.LinearDescent;
import dev.bayesrg.net.Readout;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Full-batch gradient descent on a linear read-out with more training points than features
 * (n ≥ N), solved in closed form from one eigendecomposition of the N'×N' feature covariance
 * C = Φ̃ᵀΦ̃ = V Λ Vᵀ ({@link FeatureCovariance}): the primal mirror of
 * {@link ClosedFormReadoutTrainer}. With c = 2η/n, w = Vᵀa, β = Vᵀ(Φ̃ᵀy) and the initial gradient
 * γ = Λ w₀ − β (over 2/n), each mode moves on its own:
 * <pre>
 *   w_t = w₀ − g_t(λ) γ,   g_t(λ) = (1 − (1 − cλ)^t)/λ   (→ ct as λ → 0)
 *   L_t = L₀ − (1/n) Σ_k γ_k² g_{2t}(λ_k)
 * </pre>
 * (the loss change of a mode is λδ² + 2δγ with δ = −g_t γ, and g_t (2 − λ g_t) = g_{2t}). L₀ is
 * measured on the features, as the weight loop does, so the curve carries no cancellation of
 * yᵀy; the divergence epoch follows from it, and θ_t = θ₀ − V g_t(Λ) γ is formed only at checkpoints
 * and the end.
 */
public final class PrimalClosedFormReadoutTrainer implements Trainer {
    private final FeatureMatrix features;
    private final double[] targets;
    private final Readout readout;
    private final TrainConfig config;
    private final double[] scratch;

    /**
     * @param scratch work space of at least {@link PrimalTridiagonalReadoutTrainer#scratchLength} doubles, reused
     *                across members by the caller (null: allocate one)
     */
    public PrimalClosedFormReadoutTrainer(
            FeatureMatrix features, double[] targets, Readout readout, TrainConfig config, double[] scratch) {
        ClosedFormReadoutTrainer.requireLinearGradientDescent(readout, config, "the primal closed form");
        this.features = features;
        this.targets = targets;
        this.readout = readout;
        this.config = config;
        this.scratch = scratch;
    }

    @Override
    public TrainingResult train(double[] initialTheta, TrainingCheckpoints checkpoints) {
        int n = targets.length;
        double c = 2.0 * config.learningRate() / n;
        FeatureCovariance covariance = FeatureCovariance.of(features, readout, targets, scratch);
        int size = covariance.size();
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(size, true, true);
        if (!eig.decompose(DMatrixRMaj.wrap(size, size, covariance.matrix()))) {
            throw new IllegalStateException("eigendecomposition of the feature covariance failed");
        }
        double[] lambda = new double[size];
        double[][] v = new double[size][];
        double[] a0 = covariance.weights(initialTheta, readout);
        double[] gradient = new double[size];
        for (int k = 0; k < size; k++) {
            lambda[k] = eig.getEigenvalue(k).getReal();
            v[k] = eig.getEigenVector(k).data;
            double w0 = Kernels.dot(v[k], 0, a0, 0, size);
            gradient[k] = lambda[k] * w0 - Kernels.dot(v[k], 0, covariance.moment(), 0, size);
        }

        LossCurve curve = LossCurve.readout(config, features, readout);
        int epochs = lossCurve(
                DualSolution.meanSquaredError(initialTheta, features, readout, targets), lambda, gradient, c, curve);
        boolean diverged = epochs < config.epochs();

        for (int t = 0; checkpoints.active() && t < epochs; t += checkpoints.every()) {
            checkpoints.atEpoch(t, parameters(initialTheta, lambda, v, gradient, c, t));
        }
        double[] theta = parameters(initialTheta, lambda, v, gradient, c, epochs);
        if (diverged) {
            checkpoints.atEpoch(epochs, theta); // iterating records θ_e at the epoch it diverges, if a checkpoint
        }
        return DualSolution.result(theta, diverged, curve, checkpoints, config, features, readout, targets);
    }

    /**
     * Records L_t = L₀ − (1/n) Σ_k γ_k² g_{2t}(λ_k) epoch by epoch, with g_{2t+2} = g_{2t} +
     * c (2 − cλ)(1 − cλ)^{2t}; returns the epoch training stops before (the divergence epoch, or T).
     */
    private int lossCurve(double initialLoss, double[] lambda, double[] gradient, double c, LossCurve curve) {
        int size = lambda.length;
        int n = targets.length;
        double[] weight = new double[size]; // γ_k² c (2 − cλ_k) (1 − cλ_k)^{2t}
        double[] decay = new double[size];
        for (int k = 0; k < size; k++) {
            double f = 1.0 - c * lambda[k];
            weight[k] = gradient[k] * gradient[k] * c * (2.0 - c * lambda[k]);
            decay[k] = f * f;
        }
        double drop = 0; // Σ_k γ_k² g_{2t}(λ_k)
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            if (curve.record(epoch, initialLoss - drop / n)) {
                return epoch; // iterated GD stops before this epoch's step
            }
            for (int k = 0; k < size; k++) {
                drop += weight[k];
                weight[k] *= decay[k];
            }
        }
        return config.epochs();
    }

    /** θ_t with its read-out a_t = a₀ − V (g_t(λ) γ): θ₀ bit for bit at t = 0. */
    private double[] parameters(
            double[] initialTheta, double[] lambda, double[][] v, double[] gradient, double c, int t) {
        int size = lambda.length;
        double[] theta = initialTheta.clone();
        for (int k = 0; k < size; k++) {
            double step = LinearDescent.growth(lambda[k], c, t) * gradient[k];
            if (step != 0.0) {
                Kernels.axpy(-step, v[k], 0, theta, readout.offset(), size);
            }
        }
        return theta;
    }
}
