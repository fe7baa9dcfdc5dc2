package dev.bayesrg.run;

import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;

/**
 * Measures a read-out along the RG flow: its outputs on the test set and at the probe. Between
 * cutoffs only the newly coarse-grained weights change, and each weight changes once over the whole
 * flow, so the pre-activations are updated by the changed feature columns, z += Δa_j φ_j, instead
 * of being recomputed: O(N n_test) for the whole flow instead of per cutoff. A flow that changes
 * every weight at every cutoff (the eigenbasis flow) is measured at all its cutoffs at once instead,
 * {@link #measureAll}.
 */
final class ReadoutMeasurement {
    private final Readout readout;
    private final FeatureMatrix probe;
    private final int width;
    private final int testPoints;
    private final double[] testColumns;
    private final double[] probeFeatures;
    private final double[] testZ;
    private final double[] last;
    private double probeZ;

    /** Starts from the trained parameters θ; {@code scratch} (≥ n_test·N doubles) holds the feature columns. */
    ReadoutMeasurement(Readout readout, FeatureMatrix test, FeatureMatrix probe, double[] theta, double[] scratch) {
        this(readout, Kernels.transpose(test.values(), test.rows(), test.width(), scratch), test.rows(), probe, theta);
    }

    /**
     * Starts from the trained parameters θ on the test features given as columns ({@code testColumns}:
     * N × n_test, row-major, e.g. from {@code FrozenLayers.featureColumns}); it keeps them, unchanged.
     */
    static ReadoutMeasurement ofColumns(
            Readout readout, double[] testColumns, int testPoints, FeatureMatrix probe, double[] theta) {
        return new ReadoutMeasurement(readout, testColumns, testPoints, probe, theta);
    }

    private ReadoutMeasurement(
            Readout readout, double[] testColumns, int testPoints, FeatureMatrix probe, double[] theta) {
        this.readout = readout;
        this.width = readout.width();
        this.probe = probe;
        this.testPoints = testPoints;
        this.testColumns = testColumns;
        this.probeFeatures = probe.values();
        this.testZ = new double[testPoints];
        // a·φ(x_i) summed as Readout.preActivation sums it, from the columns
        Kernels.dotsOfColumns(theta, readout.offset(), testColumns, testPoints, width, testZ);
        if (readout.hasBias()) {
            for (int i = 0; i < testPoints; i++) {
                testZ[i] += theta[readout.offset() + width];
            }
        }
        this.probeZ = readout.preActivation(theta, probe, 0);
        int size = width + (readout.hasBias() ? 1 : 0);
        this.last = new double[size];
        System.arraycopy(theta, readout.offset(), last, 0, size);
    }

    /**
     * A measurement of the same features starting afresh from θ (e.g. a flow from another θ), sharing
     * this one's feature columns: they must still be in its scratch. Its pre-activations are computed
     * at θ as the constructor's are, so it measures θ exactly as a new measurement would.
     */
    ReadoutMeasurement restartedAt(double[] theta) {
        return new ReadoutMeasurement(readout, testColumns, testPoints, probe, theta);
    }

    /**
     * The test predictions at each θ of {@code thetas} into {@code predictions}, and the probe
     * outputs returned, each computed afresh (this measurement's running pre-activations stay as
     * they are): one product of the θs' read-out weights with the feature columns, which reads the
     * columns once per four θ where measuring θ after θ reads them once per θ.
     */
    double[] measureAll(double[][] thetas, double[][] predictions) {
        int count = thetas.length;
        int offset = readout.offset();
        double[] weights = new double[count * width];
        for (int t = 0; t < count; t++) {
            System.arraycopy(thetas[t], offset, weights, t * width, width);
        }
        double[] z = new double[count * testPoints];
        Kernels.denseLayer(testColumns, null, width, testPoints, weights, count, z, false);
        double[] probes = new double[count];
        double[] row = new double[testPoints];
        for (int t = 0; t < count; t++) {
            double bias = readout.hasBias() ? thetas[t][offset + width] : 0.0;
            for (int i = 0; i < testPoints; i++) {
                row[i] = z[t * testPoints + i] + bias;
            }
            readout.activation().apply(row, predictions[t]);
            probes[t] = readout.activation().value(Kernels.dot(weights, t * width, probeFeatures, 0, width) + bias);
        }
        return probes;
    }

    /** Brings the pre-activations up to θ, fills the test predictions, returns the probe output. */
    double measure(double[] theta, double[] predictions) {
        int offset = readout.offset();
        for (int j = 0; j < width; j++) {
            double now = theta[offset + j];
            if (now != last[j]) {
                double delta = now - last[j];
                Kernels.axpy(delta, testColumns, j * testPoints, testZ, 0, testPoints);
                probeZ += delta * probeFeatures[j];
                last[j] = now;
            }
        }
        if (readout.hasBias() && theta[offset + width] != last[width]) {
            double delta = theta[offset + width] - last[width];
            for (int i = 0; i < testPoints; i++) {
                testZ[i] += delta;
            }
            probeZ += delta;
            last[width] = theta[offset + width];
        }
        readout.activation().apply(testZ, predictions);
        return readout.activation().value(probeZ);
    }
}
