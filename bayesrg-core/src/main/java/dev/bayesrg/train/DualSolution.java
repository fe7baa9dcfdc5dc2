package dev.bayesrg.train;

import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Kernels;
import dev.bayesrg.net.Readout;

/**
 * The way back from the dual representation of a trained read-out: a = a₀ − Φᵀ β and, with a bias,
 * b = b₀ − Σ β. Shared by the closed-form and the dual-iteration trainers.
 */
final class DualSolution {
    private DualSolution() {
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
