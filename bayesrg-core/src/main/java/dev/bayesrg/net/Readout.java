package dev.bayesrg.net;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.linalg.Kernels;

/**
 * The read-out f = σ_out(a·φ + b) evaluated on precomputed features. Its parameters are the slice
 * θ[offset, offset + N (+1 with bias)) of the full parameter vector. A read-out of K &gt; 1 outputs
 * (the logits of a softmax classifier) has the K × N weights row-major, then the K biases, and
 * {@link #logit} gives each output; the scalar methods are those of K = 1.
 */
public final class Readout {
    private final int width;
    private final boolean bias;
    private final Activation activation;
    private final int offset;
    private final int outputs;

    public Readout(Architecture architecture) {
        Layer layer = architecture.readout();
        this.outputs = layer.outputs();
        this.width = layer.inputs();
        this.bias = layer.bias();
        this.activation = layer.activation();
        this.offset = layer.offset();
    }

    public int width() {
        return width;
    }

    public boolean hasBias() {
        return bias;
    }

    public Activation activation() {
        return activation;
    }

    public int offset() {
        return offset;
    }

    /** K, the outputs per input (1 but for a softmax classifier's logits). */
    public int outputsPerPoint() {
        return outputs;
    }

    /** The read-out's parameter count, K (N + 1 with bias). */
    public int size() {
        return outputs * (width + (bias ? 1 : 0));
    }

    /** The K logits of row i of the features into {@code into} (length K), as {@link #logit} gives each. */
    public void logits(double[] theta, FeatureMatrix features, int row, double[] into) {
        for (int c = 0; c < outputs; c++) {
            into[c] = logit(theta, features, row, c);
        }
    }

    /** Output c's pre-activation a_c·φ(x_i) + b_c for row i of the features (identity output: the logit). */
    public double logit(double[] theta, FeatureMatrix features, int row, int c) {
        double s = Kernels.dot(theta, offset + c * width, features.values(), features.rowOffset(row), width);
        return bias ? s + theta[offset + outputs * width + c] : s;
    }

    /** The pre-activation a·φ(x_i) + b for row i of the features. */
    public double preActivation(double[] theta, FeatureMatrix features, int row) {
        double s = Kernels.dot(theta, offset, features.values(), features.rowOffset(row), width);
        return bias ? s + theta[offset + width] : s;
    }

    public double output(double[] theta, FeatureMatrix features, int row) {
        return activation.value(preActivation(theta, features, row));
    }

    /** f at every row of the features. */
    public double[] outputs(double[] theta, FeatureMatrix features) {
        double[] out = new double[features.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = output(theta, features, i);
        }
        return out;
    }
}
