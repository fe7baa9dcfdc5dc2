package dev.bayesrg.train;

import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.linalg.HouseholderTridiagonal;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;

/**
 * Full-batch gradient descent on a linear read-out, iterated epoch by epoch in the basis where the
 * Gram matrix is tridiagonal. With c = 2η/n and residual r_t = Φ a_t + b_t − y, one GD step is
 * r_{t+1} = (I − c G) r_t and the dual coefficients grow by β_{t+1} = β_t + c r_t
 * ({@link DualReadoutTrainer}). With G = Q T Qᵀ ({@link HouseholderTridiagonal}) and u_t = Qᵀ r_t:
 * <pre>
 *   u_{t+1} = u_t − c T u_t,   L_t = |u_t|²/n,   β_T = Q (c Σ_{t&lt;T} u_t)
 * </pre>
 * Q is orthogonal, so this is the same trajectory as the dual iteration — same epochs, loss curve,
 * divergence test and checkpoints — with the n² of every epoch replaced by 5n after one reduction
 * of about n³. Only the rounding differs (the tests pin agreement to 1e-9 relative).
 */
public final class TridiagonalReadoutTrainer implements Trainer {
    private final FeatureMatrix features;
    private final double[] targets;
    private final Readout readout;
    private final TrainConfig config;
    private final double[] scratch;

    public TridiagonalReadoutTrainer(FeatureMatrix features, double[] targets, Readout readout, TrainConfig config) {
        this(features, targets, readout, config, null);
    }

    /**
     * @param scratch work space of at least {@link Kernels#gramScratchLength} doubles, reused across members by the caller
     *                (null: allocate one)
     */
    public TridiagonalReadoutTrainer(
            FeatureMatrix features, double[] targets, Readout readout, TrainConfig config, double[] scratch) {
        ClosedFormReadoutTrainer.requireLinearGradientDescent(readout, config, "the tridiagonal iteration");
        this.features = features;
        this.targets = targets;
        this.readout = readout;
        this.config = config;
        this.scratch = scratch;
    }

    /**
     * Whether the closed form ({@link ClosedFormReadoutTrainer}) is cheaper than this iteration: its
     * eigendecomposition costs about 8 ms more than the reduction at n = 200 (about 1e-9·n³ s) and
     * saves about 0.2 µs per epoch (1e-9·n s), so it wins beyond about n² epochs.
     */
    public static boolean closedFormPays(int points, int epochs) {
        return epochs > (long) points * points;
    }

    @Override
    public TrainingResult train(double[] initialTheta, TrainingCheckpoints checkpoints) {
        int n = targets.length;
        HouseholderTridiagonal t = new HouseholderTridiagonal(DualSolution.gram(features, readout, scratch), n);
        // the residuals in a method of their own: train() itself stays cold for the JIT
        double[] u = DualSolution.residuals(initialTheta, features, readout, targets);
        t.applyTransposeQ(u);

        double[] sum = new double[n]; // c Σ_{s<t} u_s
        LossCurve curve = LossCurve.readout(config, features, readout);
        boolean diverged = iterate(t, u, sum, curve, initialTheta, checkpoints);
        return DualSolution.result(
                parameters(initialTheta, t, sum), diverged, curve, checkpoints, config, features, readout, targets);
    }

    /** The epochs (their own method, so that the JIT compiles this loop apart from the set-up); true if diverged. */
    private boolean iterate(
            HouseholderTridiagonal t,
            double[] u,
            double[] sum,
            LossCurve curve,
            double[] initialTheta,
            TrainingCheckpoints checkpoints) {
        int n = u.length;
        double step = 2.0 * config.learningRate() / n;
        double[] d = t.diagonal();
        double[] e = t.offDiagonal();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            if (checkpoints.due(epoch)) {
                checkpoints.atEpoch(epoch, parameters(initialTheta, t, sum));
            }
            double loss = 0;
            for (int i = 0; i < n; i++) {
                loss += u[i] * u[i];
            }
            if (curve.record(epoch, loss / n)) {
                return true;
            }
            stepTridiagonal(d, e, step, u, sum);
        }
        return false;
    }

    /** sum += c u, then u ← u − c T u, in place (u_{i+1} is still the old value when row i reads it). */
    private static void stepTridiagonal(double[] d, double[] e, double step, double[] u, double[] sum) {
        int n = u.length;
        double previous = 0; // the old u_{i−1}
        for (int i = 0; i < n; i++) {
            double old = u[i];
            sum[i] += step * old;
            double tu = d[i] * old;
            if (i > 0) {
                tu += e[i - 1] * previous;
            }
            if (i < n - 1) {
                tu += e[i] * u[i + 1];
            }
            u[i] = old - step * tu;
            previous = old;
        }
    }

    /** θ = θ₀ − Φᵀ β with β = Q sum (and b = b₀ − Σ β with a bias). */
    private double[] parameters(double[] initialTheta, HouseholderTridiagonal t, double[] sum) {
        double[] beta = sum.clone();
        t.applyQ(beta);
        double[] theta = initialTheta.clone();
        DualSolution.apply(theta, features, readout, beta);
        return theta;
    }
}
