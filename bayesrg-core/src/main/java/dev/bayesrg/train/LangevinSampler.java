package dev.bayesrg.train;

import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.net.Readout;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Samples the Bayesian posterior of the parameters that move, p(θ | D) ∝ exp(−U(θ)) with
 * U(θ) = Σ_i (f_θ(x_i) − y_i)² / (2σ²) + Σ_j (θ_j − m_j)² / (2 s_j²) (Gaussian noise σ², the
 * prior's means m_j and variances s_j²), by the unadjusted Langevin algorithm preconditioned by the
 * prior's variances:
 *
 * <pre>θ_j ← θ_j − η s_j² ∂_j U(θ) + √(2η) s_j z_j,   z_j ~ N(0, 1),</pre>
 *
 * a discretised Langevin diffusion whose stationary law tends to the posterior as η → 0 (at finite η
 * it is off by O(η): for a Gaussian posterior of precision A the chain's stationary covariance is
 * (A (I − η S A / 2))⁻¹, S = diag(s_j²), and its mean is exact). The preconditioner makes η
 * dimensionless: the prior alone (σ → ∞) relaxes at rate η per step in every direction whatever its
 * scale. With a minibatch of b &lt; n inputs drawn afresh (without replacement) each step the data
 * term is estimated as (n / b) times the minibatch's, stochastic-gradient Langevin dynamics (SGLD),
 * whose extra gradient noise adds its own O(η) error.
 *
 * <p>The chain starts at the parameters it is given (a member's prior draw), takes its standard
 * normals (and minibatches) from the one stream it is given, in a fixed order, and runs for a fixed
 * number of steps, so a member's sample is bit-identical whatever thread runs it. The training loss
 * (the full-data MSE) is recorded every {@code train.lossEvery} steps over the first
 * {@code train.epochs}; the chain stops, diverged, where the loss is not finite or where the
 * training configuration's divergence rule says so.
 */
public final class LangevinSampler implements Trainer {
    private final SquaredErrorTerm term;
    private final double[] mean;
    private final double[] variance;
    private final double noiseVariance;
    private final double stepSize;
    private final int steps;
    private final int batchSize;
    private final TrainConfig lossConfig;
    private final UniformRandomProvider rng;

    /**
     * @param term          the data term and the parameters that move
     * @param prior         their prior (means and variances; all finite)
     * @param noiseVariance σ² &gt; 0
     * @param stepSize      η &gt; 0
     * @param steps         the number of steps the chain takes
     * @param batchSize     b, the inputs per step's gradient (b ≥ n or 0: all of them, ULA)
     * @param lossConfig    where the loss curve is recorded and what counts as divergence
     * @param rng           the chain's stream
     */
    public LangevinSampler(
            SquaredErrorTerm term,
            ParameterPrior prior,
            double noiseVariance,
            double stepSize,
            int steps,
            int batchSize,
            TrainConfig lossConfig,
            UniformRandomProvider rng) {
        if (!(noiseVariance > 0.0) || !(stepSize > 0.0) || steps < 0 || batchSize < 0) {
            throw new IllegalArgumentException("need noiseVariance > 0, stepSize > 0, steps >= 0, batchSize >= 0; got "
                    + noiseVariance + ", " + stepSize + ", " + steps + ", " + batchSize);
        }
        this.term = term;
        this.mean = new double[prior.size()];
        this.variance = new double[prior.size()];
        for (int j = term.from(); j < term.to(); j++) {
            mean[j] = prior.mean(j);
            variance[j] = prior.variance(j);
            if (!Double.isFinite(mean[j]) || !Double.isFinite(variance[j])) {
                throw new IllegalArgumentException("parameter " + j + " has no Gaussian prior to sample under");
            }
        }
        this.noiseVariance = noiseVariance;
        this.stepSize = stepSize;
        this.steps = steps;
        this.batchSize = batchSize == 0 || batchSize >= term.size() ? term.size() : batchSize;
        this.lossConfig = lossConfig;
        this.rng = rng;
    }

    /**
     * Half the stability bound of the chain on the posterior of a read-out on frozen features: 1 / (λ + 1),
     * λ the largest eigenvalue of S^½ (Φ̃ᵀΦ̃ / σ²) S^½ (Φ̃ the features with a column of ones for a bias,
     * S the prior's variances of the read-out; the prior's own term adds 1), found by power iteration
     * from the all-ones vector (the top eigenvector of a non-negative matrix, such as ReLU features',
     * is non-negative) and raised by 5 % for its approach from below. For a read-out with a nonlinear
     * output it is the bound of the linearised read-out (σ_out' = 1).
     */
    public static double stableStepSize(
            FeatureMatrix features, Readout readout, ParameterPrior prior, double noiseVariance) {
        int n = features.rows();
        int width = readout.width();
        int size = width + (readout.hasBias() ? 1 : 0);
        double[] scale = new double[size];
        for (int j = 0; j < size; j++) {
            scale[j] = prior.std(readout.offset() + j);
        }
        double[] v = new double[size];
        java.util.Arrays.fill(v, 1.0 / Math.sqrt(size));
        double[] w = new double[size];
        double[] u = new double[n];
        double lambda = 0;
        for (int iteration = 0; iteration < 200; iteration++) {
            for (int j = 0; j < size; j++) {
                w[j] = scale[j] * v[j];
            }
            for (int i = 0; i < n; i++) {
                u[i] = Kernels.dot(features.values(), features.rowOffset(i), w, 0, width)
                        + (readout.hasBias() ? w[width] : 0.0);
            }
            java.util.Arrays.fill(w, 0.0);
            for (int i = 0; i < n; i++) {
                Kernels.axpy(u[i], features.values(), features.rowOffset(i), w, 0, width);
                if (readout.hasBias()) {
                    w[width] += u[i];
                }
            }
            double norm = 0;
            for (int j = 0; j < size; j++) {
                w[j] *= scale[j] / noiseVariance;
                norm += w[j] * w[j];
            }
            norm = Math.sqrt(norm);
            if (!(norm > 0.0) || !Double.isFinite(norm)) {
                break;
            }
            boolean settled = Math.abs(norm - lambda) <= 1e-6 * norm;
            lambda = norm;
            for (int j = 0; j < size; j++) {
                v[j] = w[j] / norm;
            }
            if (settled) {
                break;
            }
        }
        return 1.0 / (1.05 * lambda + 1.0);
    }

    @Override
    public TrainingResult train(double[] initialTheta, TrainingCheckpoints checkpoints) {
        double[] theta = initialTheta.clone();
        int n = term.size();
        boolean minibatch = batchSize < n;
        int[] order = minibatch ? identity(n) : null;
        int[] batch = minibatch ? new int[batchSize] : null;
        double scale = (double) n / batchSize / (2.0 * noiseVariance);
        double[] gradient = new double[theta.length];
        double[] noise = new double[theta.length];
        for (int j = term.from(); j < term.to(); j++) {
            noise[j] = Math.sqrt(2.0 * stepSize * variance[j]);
        }
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        LossCurve curve = new LossCurve(lossConfig);
        boolean diverged = false;
        for (int step = 0; step < steps && !diverged; step++) {
            checkpoints.atEpoch(step, theta);
            if (minibatch) {
                drawBatch(order, batch);
            }
            double squares = term.squaredErrors(theta, batch, scale, gradient);
            // the full training loss every lossEvery steps, recorded over the curve's epochs and judged
            // by the divergence rule throughout; between them only a batch's loss, judged for finiteness
            boolean judged = step % lossConfig.lossEvery() == 0;
            double loss = !judged ? squares / batchSize : minibatch ? term.meanSquaredError(theta) : squares / n;
            if (judged && step < lossConfig.epochs()) {
                diverged = curve.record(step, loss);
            } else {
                diverged = judged ? curve.diverged(loss) : !Double.isFinite(loss);
            }
            if (diverged) {
                break;
            }
            for (int j = term.from(); j < term.to(); j++) {
                theta[j] += -stepSize * (variance[j] * gradient[j] + (theta[j] - mean[j])) + noise[j] * normal.sample();
            }
        }
        return curve.result(theta, diverged, checkpoints, steps, term::meanSquaredError);
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** The first b entries of a partial Fisher–Yates shuffle of {@code order}: b distinct inputs. */
    private void drawBatch(int[] order, int[] batch) {
        int n = order.length;
        for (int k = 0; k < batch.length; k++) {
            int swap = k + rng.nextInt(n - k);
            int t = order[k];
            order[k] = order[swap];
            order[swap] = t;
            batch[k] = order[k];
        }
    }
}
