package dev.bayesrg.run;

import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;

/**
 * Measures the K-logit read-out of a softmax classifier along the RG flow, as {@link ReadoutMeasurement}
 * measures one output: the logits at a set of inputs, K per input and point-major (the field φ(x, c)
 * on the mesh of input–class pairs), and the probe's class-0 logit. Between cutoffs only the newly
 * coarse-grained weights change, so each changed weight a_cj moves the logits of class c by
 * Δa_cj φ_j(x_i), O(n) per changed weight.
 */
final class SoftmaxReadoutMeasurement {
    private final Readout readout;
    private final int classes;
    private final int width;
    private final int points;
    /** The features as columns, N × n row-major: column j is φ_j at every input. */
    private final double[] columns;

    private final double[] probeFeatures;
    private final double[] logits;
    private final double[] probeLogits;
    private final double[] last;

    /**
     * Starts from θ on the features given as columns ({@code columns}: N × {@code points}, row-major,
     * kept unchanged), with the probe's features in {@code probe}'s first row.
     */
    SoftmaxReadoutMeasurement(Readout readout, double[] columns, int points, FeatureMatrix probe, double[] theta) {
        this.readout = readout;
        this.classes = readout.outputsPerPoint();
        this.width = readout.width();
        this.points = points;
        this.columns = columns;
        this.probeFeatures =
                java.util.Arrays.copyOfRange(probe.values(), probe.rowOffset(0), probe.rowOffset(0) + width);
        this.logits = new double[points * classes];
        this.probeLogits = new double[classes];
        this.last = new double[readout.size()];
        recompute(theta);
    }

    /** A measurement of the same features starting afresh from θ (its logits computed in full). */
    SoftmaxReadoutMeasurement restartedAt(double[] theta) {
        return new SoftmaxReadoutMeasurement(readout, columns, points, probeMatrix(), theta);
    }

    private FeatureMatrix probeMatrix() {
        return new FeatureMatrix(1, width, probeFeatures);
    }

    /** The logits at θ summed weight by weight in increasing j, bias first, for every input and the probe. */
    private void recompute(double[] theta) {
        int offset = readout.offset();
        for (int c = 0; c < classes; c++) {
            double b = readout.hasBias() ? theta[offset + classes * width + c] : 0.0;
            for (int i = 0; i < points; i++) {
                logits[i * classes + c] = b;
            }
            double probe = b;
            for (int j = 0; j < width; j++) {
                double a = theta[offset + c * width + j];
                int column = j * points;
                for (int i = 0; i < points; i++) {
                    logits[i * classes + c] += a * columns[column + i];
                }
                probe += a * probeFeatures[j];
            }
            probeLogits[c] = probe;
        }
        System.arraycopy(theta, offset, last, 0, last.length);
    }

    /**
     * The K logits at θ of row i of {@code rows} into {@code into[at..at + K)}, each summed as a full
     * measurement sums it (bias, then a_cj φ_j in increasing j), so that a training checkpoint at the
     * trained θ records the trained member's bits.
     */
    static void logits(Readout readout, double[] theta, FeatureMatrix rows, int row, double[] into, int at) {
        int classes = readout.outputsPerPoint();
        int width = readout.width();
        int offset = readout.offset();
        int from = rows.rowOffset(row);
        double[] phi = rows.values();
        for (int c = 0; c < classes; c++) {
            double s = readout.hasBias() ? theta[offset + classes * width + c] : 0.0;
            for (int j = 0; j < width; j++) {
                s += theta[offset + c * width + j] * phi[from + j];
            }
            into[at + c] = s;
        }
    }

    /** Brings the logits up to θ, copies them into {@code into} (n K), returns the probe's class-0 logit. */
    double measure(double[] theta, double[] into) {
        int offset = readout.offset();
        int changed = 0;
        for (int p = 0; p < last.length; p++) {
            changed += theta[offset + p] != last[p] ? 1 : 0;
        }
        if (changed * 8 > last.length) {
            recompute(theta);
        } else if (changed > 0) {
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < width; j++) {
                    int p = c * width + j;
                    double now = theta[offset + p];
                    if (now != last[p]) {
                        double delta = now - last[p];
                        int column = j * points;
                        for (int i = 0; i < points; i++) {
                            logits[i * classes + c] += delta * columns[column + i];
                        }
                        probeLogits[c] += delta * probeFeatures[j];
                        last[p] = now;
                    }
                }
                if (readout.hasBias()) {
                    int p = classes * width + c;
                    double now = theta[offset + p];
                    if (now != last[p]) {
                        double delta = now - last[p];
                        for (int i = 0; i < points; i++) {
                            logits[i * classes + c] += delta;
                        }
                        probeLogits[c] += delta;
                        last[p] = now;
                    }
                }
            }
        }
        System.arraycopy(logits, 0, into, 0, logits.length);
        return probeLogits[0];
    }
}
