package dev.bayesrg.run;

import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.OutputLoss;
import dev.bayesrg.net.Readout;
import java.util.function.ToDoubleFunction;

/**
 * The training MSE of a read-out along the RG flow, on the member's training features as the
 * trainer left them (row-major, n_train × N): the generalisation gap's other half. Between cutoffs
 * only the newly coarse-grained weights change, so the pre-activations are updated by the changed
 * features, z_i += Δa_j φ_ij, O(n_train) per changed weight and no copy of the features; a θ that
 * changes more than an eighth of the weights (the eigenbasis flow changes them all) is recomputed
 * row by row instead, as {@link Readout#preActivation} computes it.
 */
final class ReadoutTrainingLoss implements ToDoubleFunction<double[]> {
    private final Readout readout;
    private final FeatureMatrix train;
    private final double[] targets;
    private final int width;
    private final double[] z;
    private final double[] outputs;
    /** train.loss, as the test loss along the flow is measured in. */
    private final OutputLoss loss;

    private final double[] last;

    /** Starts from θ (the trained parameters), whose pre-activations are computed row by row. */
    ReadoutTrainingLoss(Readout readout, FeatureMatrix train, double[] targets, double[] theta, OutputLoss loss) {
        this.readout = readout;
        this.loss = loss;
        this.train = train;
        this.targets = targets;
        this.width = readout.width();
        this.z = new double[train.rows()];
        this.outputs = new double[train.rows()];
        this.last = new double[width + (readout.hasBias() ? 1 : 0)];
        recompute(theta);
    }

    private void recompute(double[] theta) {
        for (int i = 0; i < z.length; i++) {
            z[i] = readout.preActivation(theta, train, i);
        }
        System.arraycopy(theta, readout.offset(), last, 0, last.length);
    }

    /** The training MSE at θ. */
    @Override
    public double applyAsDouble(double[] theta) {
        int offset = readout.offset();
        int changed = 0;
        for (int j = 0; j < last.length; j++) {
            changed += theta[offset + j] != last[j] ? 1 : 0;
        }
        if (changed > width / 8) {
            recompute(theta);
        } else if (changed > 0) {
            double[] values = train.values();
            for (int j = 0; j < width; j++) {
                double now = theta[offset + j];
                if (now != last[j]) {
                    double delta = now - last[j];
                    for (int i = 0, at = j; i < z.length; i++, at += width) {
                        z[i] += delta * values[at];
                    }
                    last[j] = now;
                }
            }
            if (readout.hasBias() && theta[offset + width] != last[width]) {
                double delta = theta[offset + width] - last[width];
                for (int i = 0; i < z.length; i++) {
                    z[i] += delta;
                }
                last[width] = theta[offset + width];
            }
        }
        readout.activation().apply(z, outputs);
        return loss.mean(outputs, targets);
    }
}
