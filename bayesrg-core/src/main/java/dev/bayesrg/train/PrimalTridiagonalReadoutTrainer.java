package dev.bayesrg.train;

import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.linalg.HouseholderTridiagonal;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;

/**
 * Full-batch gradient descent on a linear read-out with more training points than features
 * (n &gt; N), the primal mirror of {@link TridiagonalReadoutTrainer}: iterated on the weights, in the
 * basis where the feature covariance C = Φ̃ᵀΦ̃ ({@link FeatureCovariance}) is tridiagonal. With
 * c = 2η/n, one GD step on the read-out a (weights and bias) is a_{t+1} = a_t − c (C a_t − b). With
 * C = Q T Qᵀ ({@link HouseholderTridiagonal}), w_t = Qᵀ a_t and β = Qᵀ b:
 * <pre>
 *   v_t = T w_t − β,   L_t = (w_tᵀ(v_t − β) + yᵀy)/n,   w_{t+1} = w_t − c v_t
 * </pre>
 * Q is orthogonal, so this is the trajectory of {@link ReadoutTrainer} — same epochs, loss curve
 * (the loss before each epoch's step), divergence test and checkpoints — with the 2nN of every
 * epoch replaced by about 8N after C (n N²/2 multiply-adds) and its reduction (about N³). Only the
 * rounding differs; θ is rotated back, a = a₀ + Q (w − w₀), at checkpoints and at the end.
 */
public final class PrimalTridiagonalReadoutTrainer implements Trainer {
    private final FeatureMatrix features;
    private final double[] targets;
    private final Readout readout;
    private final TrainConfig config;
    private final double[] scratch;

    /**
     * @param scratch work space of at least {@link #scratchLength} doubles, reused across members by the caller
     *                (null: allocate one)
     */
    public PrimalTridiagonalReadoutTrainer(
            FeatureMatrix features, double[] targets, Readout readout, TrainConfig config, double[] scratch) {
        ClosedFormReadoutTrainer.requireLinearGradientDescent(readout, config, "the primal tridiagonal iteration");
        this.features = features;
        this.targets = targets;
        this.readout = readout;
        this.config = config;
        this.scratch = scratch;
    }

    /** Doubles of scratch the covariance of n points of feature width N needs. */
    public static int scratchLength(int points, int featureWidth) {
        return Kernels.gramScratchLength(featureWidth, points);
    }

    /**
     * Whether iterating on the N×N covariance is the cheaper exact iteration for these sizes: the
     * primal mirror of {@link DualReadoutTrainer#pays}, with the same cap to keep C in memory.
     */
    public static boolean pays(int points, int featureWidth) {
        return points >= featureWidth && featureWidth <= 8192;
    }

    @Override
    public TrainingResult train(double[] initialTheta, TrainingCheckpoints checkpoints) {
        FeatureCovariance covariance = FeatureCovariance.of(features, readout, targets, scratch);
        int size = covariance.size();
        HouseholderTridiagonal t = new HouseholderTridiagonal(covariance.matrix(), size);
        double[] w = covariance.weights(initialTheta, readout);
        t.applyTransposeQ(w);
        double[] w0 = w.clone();
        double[] beta = covariance.moment().clone();
        t.applyTransposeQ(beta);

        LossCurve curve = LossCurve.readout(config, features, readout);
        Rotation back = new Rotation(t, w0, initialTheta);
        boolean diverged = iterate(t, w, beta, covariance.targetSquares(), curve, back, checkpoints);
        return DualSolution.result(
                back.parameters(w), diverged, curve, checkpoints, config, features, readout, targets);
    }

    /** The epochs (their own method, so that the JIT compiles this loop apart from the set-up); true if diverged. */
    private boolean iterate(
            HouseholderTridiagonal t,
            double[] w,
            double[] beta,
            double targetSquares,
            LossCurve curve,
            Rotation back,
            TrainingCheckpoints checkpoints) {
        int n = targets.length;
        double step = 2.0 * config.learningRate() / n;
        double[] d = t.diagonal();
        double[] e = t.offDiagonal();
        double[] v = new double[w.length];
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            if (checkpoints.due(epoch)) {
                checkpoints.atEpoch(epoch, back.parameters(w));
            }
            double loss = gradientAndLoss(d, e, w, beta, v) + targetSquares;
            if (curve.record(epoch, loss / n)) {
                return true;
            }
            Kernels.axpy(-step, v, 0, w, 0, w.length);
        }
        return false;
    }

    /** v = T w − β into {@code v}; returns wᵀTw − 2wᵀβ = wᵀ(v − β), n L − yᵀy. */
    private static double gradientAndLoss(double[] d, double[] e, double[] w, double[] beta, double[] v) {
        int size = w.length;
        double s = 0;
        for (int i = 0; i < size; i++) {
            double tw = d[i] * w[i];
            if (i > 0) {
                tw += e[i - 1] * w[i - 1];
            }
            if (i < size - 1) {
                tw += e[i] * w[i + 1];
            }
            double vi = tw - beta[i];
            v[i] = vi;
            s += w[i] * (vi - beta[i]);
        }
        return s;
    }

    /**
     * The way back to θ: a = a₀ + Q (w − w₀), so that θ₀ is handed over bit for bit (as every other
     * trainer does) and rounding in the rotation only touches what training moved.
     */
    private final class Rotation {
        private final HouseholderTridiagonal t;
        private final double[] w0;
        private final double[] initialTheta;

        Rotation(HouseholderTridiagonal t, double[] w0, double[] initialTheta) {
            this.t = t;
            this.w0 = w0;
            this.initialTheta = initialTheta;
        }

        double[] parameters(double[] w) {
            double[] delta = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                delta[i] = w[i] - w0[i];
            }
            t.applyQ(delta);
            double[] theta = initialTheta.clone();
            int offset = readout.offset();
            for (int i = 0; i < delta.length; i++) {
                theta[offset + i] += delta[i];
            }
            return theta;
        }
    }
}
