package dev.bayesrg.train;

import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;

/**
 * What the dual-space read-out trainers (closed form, dual and tridiagonal iteration) share: the
 * Gram matrix G = Φ Φᵀ (+1 with a bias), the initial residuals, and the way back from the dual
 * representation of a trained read-out: a = a₀ − Φᵀ β and, with a bias, b = b₀ − Σ β.
 */
final class DualSolution {
    private DualSolution() {}

    /**
     * G = Φ Φᵀ of the n training features, plus 1 in every entry with a bias (the bias is a feature
     * that is 1 everywhere), as a new row-major n×n array.
     *
     * @param scratch work space of at least {@link Kernels#gramScratchLength} doubles (null: allocate one)
     */
    static double[] gram(FeatureMatrix features, Readout readout, double[] scratch) {
        int n = features.rows();
        int width = readout.width();
        double[] gram = new double[n * n];
        Kernels.gram(
                features.values(),
                n,
                width,
                gram,
                scratch != null ? scratch : new double[Kernels.gramScratchLength(n, width)]);
        if (readout.hasBias()) {
            for (int k = 0; k < gram.length; k++) {
                gram[k] += 1.0;
            }
        }
        return gram;
    }

    /** r_0 = z(x_i) − y_i on the training points, for a linear read-out. */
    static double[] residuals(double[] theta, FeatureMatrix features, Readout readout, double[] targets) {
        double[] r = new double[targets.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = readout.preActivation(theta, features, i) - targets[i];
        }
        return r;
    }

    /** Applies a = a₀ − Φᵀ β (and b = b₀ − Σ β) in place to the read-out slice of θ. */
    static void apply(double[] theta, FeatureMatrix features, Readout readout, double[] beta) {
        int width = readout.width();
        int offset = readout.offset();
        double[] phi = features.values();
        double biasStep = 0;
        for (int i = 0; i < beta.length; i++) {
            if (beta[i] != 0.0) {
                Kernels.axpy(-beta[i], phi, features.rowOffset(i), theta, offset, width);
            }
            biasStep += beta[i];
        }
        if (readout.hasBias()) {
            theta[offset + width] -= biasStep;
        }
    }

    /**
     * The outcome of training that stopped at θ (θ_T, or θ_e at a divergence in epoch e): θ_T goes to
     * the last checkpoint, and the final loss is measured on the features, as the weight loop does.
     */
    static TrainingResult result(
            double[] theta,
            boolean diverged,
            LossCurve curve,
            TrainingCheckpoints checkpoints,
            TrainConfig config,
            FeatureMatrix features,
            Readout readout,
            double[] targets) {
        return curve.result(
                theta, diverged, checkpoints, config.epochs(), t -> meanSquaredError(t, features, readout, targets));
    }

    /** The training loss (1/n) Σ ℓ(f(x_i), y_i) of the read-out at θ. */
    static double meanLoss(
            double[] theta,
            FeatureMatrix features,
            Readout readout,
            double[] targets,
            dev.bayesrg.net.OutputLoss loss) {
        double s = 0;
        for (int i = 0; i < targets.length; i++) {
            s += loss.value(readout.output(theta, features, i), targets[i]);
        }
        return s / targets.length;
    }

    /** The training loss (1/n) Σ (f(x_i) − y_i)² of the read-out at θ. */
    static double meanSquaredError(double[] theta, FeatureMatrix features, Readout readout, double[] targets) {
        double s = 0;
        for (int i = 0; i < targets.length; i++) {
            double r = readout.output(theta, features, i) - targets[i];
            s += r * r;
        }
        return s / targets.length;
    }
}
