package dev.bayesrg.train;

import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The stable learning rate of a linear read-out (docs/method.md, "Diverged members"). With the loss
 * (1/m) Σ_{i∈B} (f_i − y_i)² of a batch B of m points and Φ̃ the features with a column of ones for
 * a bias, one step maps the batch's residuals r ← (I − (2η/m) G_B) r with G_B = Φ̃_B Φ̃_Bᵀ, which
 * shrinks every mode only if |1 − 2ηλ/m| &lt; 1 for each eigenvalue λ of G_B:
 * <pre>
 *   η &lt; m / λ_max(G_B)
 * </pre>
 * Full-batch GD has one batch, the whole training set (m = n; above the bound the loss grows
 * without limit along the top mode). Per-sample SGD steps on (f_i − y_i)², m = 1 and G_B = ‖φ̃_i‖²,
 * so the bound is η &lt; 1/max_i ‖φ̃_i‖²: each step, r_i ← (1 − 2η‖φ̃_i‖²) r_i, then moves its own
 * residual towards 0 without overshooting; above it that residual changes sign and grows. (This is
 * the per-step bound; an epoch of steps in order can still be stable slightly above it.)
 */
public final class StabilityBound {
    private StabilityBound() {}

    /**
     * The largest stable learning rate m/λ_max(G_B) of training this read-out on these features (the
     * minimum over the optimizer's batches), +∞ if every λ is 0.
     */
    public static double learningRate(FeatureMatrix features, Readout readout, TrainConfig.Optimizer optimizer) {
        double lambda = optimizer == TrainConfig.Optimizer.GD
                ? largestGramEigenvalue(features, readout)
                : largestSquaredNorm(features, readout);
        double m = optimizer == TrainConfig.Optimizer.GD ? features.rows() : 1.0;
        return lambda > 0 ? m / lambda : Double.POSITIVE_INFINITY;
    }

    /** Whether {@code config}'s learning rate is not below the stable bound (η ≥ m/λ_max). */
    static boolean violated(FeatureMatrix features, Readout readout, TrainConfig config) {
        return !(config.learningRate() < learningRate(features, readout, config.optimizer()));
    }

    /**
     * λ_max(Φ̃Φ̃ᵀ) = λ_max(Φ̃ᵀΦ̃), from the symmetric eigenvalues of the smaller of the two (the n×n Gram
     * matrix or the N'×N' feature covariance).
     */
    static double largestGramEigenvalue(FeatureMatrix features, Readout readout) {
        int n = features.rows();
        int size = readout.width() + (readout.hasBias() ? 1 : 0);
        double[] matrix;
        int order;
        if (n <= size) {
            matrix = DualSolution.gram(features, readout, null);
            order = n;
        } else {
            matrix =
                    FeatureCovariance.of(features, readout, new double[n], null).matrix();
            order = size;
        }
        if (order == 0) {
            return 0;
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(order, false, true);
        if (!eig.decompose(DMatrixRMaj.wrap(order, order, matrix))) {
            throw new IllegalStateException("eigenvalues of the Gram matrix failed");
        }
        double max = 0;
        for (int k = 0; k < order; k++) {
            max = Math.max(max, eig.getEigenvalue(k).getReal());
        }
        return max;
    }

    /** max_i ‖φ̃_i‖², with 1 for a bias. */
    private static double largestSquaredNorm(FeatureMatrix features, Readout readout) {
        double max = 0;
        double[] phi = features.values();
        for (int i = 0; i < features.rows(); i++) {
            int offset = features.rowOffset(i);
            double s = readout.hasBias() ? 1.0 : 0.0;
            for (int j = 0; j < readout.width(); j++) {
                double v = phi[offset + j];
                s += v * v;
            }
            max = Math.max(max, s);
        }
        return max;
    }
}
