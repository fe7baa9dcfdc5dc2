package dev.bayesrg.net;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.linalg.Kernels;
import java.util.Arrays;
import java.util.List;

/**
 * A network over a batch of inputs at once, for training every layer: the forward pass layer by
 * layer over the whole batch, the squared error Σ_i (f(x_i) − y_i)², and its gradient by
 * backpropagation over the batch, with every buffer allocated once. A trainer {@link #load loads}
 * θ, then alternates {@link #squaredErrorGradient} and {@link #step}, and {@link #store stores} θ
 * back when someone needs it: in between, the parameters live here in the kernels' layout (each
 * layer's weights transposed, input-major), so a step touches no other copy.
 *
 * <p>The sums run in other orders than {@link Network#gradient}'s one-input loop (the batch's
 * weight gradient in increasing i, the gradient passed down a layer in the interleaved streams of
 * {@link Kernels#backwardLayer}), so the two agree to rounding, not bit for bit; both are fixed by
 * the inputs alone. When the last hidden layer is ReLU, its output gradients g_i a_j [h_ij &gt; 0]
 * (g_i the gradient at the read-out's pre-activation) are formed inside the backward kernel, a block
 * of outputs at a time that stays in the L2 cache, rather than stored for the whole batch: for the
 * paper's network (2 → 10 → 10 → N → 1) that layer is all of the cost, about 3 n N multiply-adds
 * forward and back. One instance serves one thread.
 */
public final class NetworkBatch {
    private final Architecture architecture;
    private final List<Layer> layers;
    private final int batchSize;
    private final int hidden;
    /** Each layer's weights transposed (inputs × outputs, row-major); the read-out's are a_j. */
    private final double[][] weights;
    /** Each layer's bias, or null. */
    private final double[][] biases;

    private final double[][] weightGradients;
    private final double[][] biasGradients;
    /** The batch's inputs, n × d. */
    private final double[] inputs;
    /** Pre-activations of each hidden layer (null where ReLU: its activations tell σ'). */
    private final double[][] preActivations;
    /** Activations of each hidden layer, n × width. */
    private final double[][] activations;
    /** Output gradients of each hidden layer, n × width. */
    private final double[][] deltas;

    /** K, the outputs per input (1 but for a softmax classifier's logits). */
    private final int classes;

    /** The read-out's pre-activations, n × K. */
    private final double[] readoutPreActivation;
    /** The loss's gradient at the read-out's pre-activations, n × K. */
    private final double[] outputGradient;

    private final double[] scratch;

    /** Buffers for batches of {@code batchSize} inputs of a network of this architecture. */
    public NetworkBatch(Architecture architecture, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.architecture = architecture;
        this.layers = architecture.layers();
        this.batchSize = batchSize;
        this.hidden = layers.size() - 1;
        int depth = layers.size();
        weights = new double[depth][];
        biases = new double[depth][];
        weightGradients = new double[depth][];
        biasGradients = new double[depth][];
        preActivations = new double[hidden][];
        activations = new double[hidden][];
        deltas = new double[hidden][];
        int scratchLength = 0;
        for (int l = 0; l < depth; l++) {
            Layer layer = layers.get(l);
            weights[l] = new double[layer.weightCount()];
            weightGradients[l] = new double[layer.weightCount()];
            biases[l] = layer.bias() ? new double[layer.outputs()] : null;
            biasGradients[l] = layer.bias() ? new double[layer.outputs()] : null;
            if (l < hidden) {
                int size = batchSize * layer.outputs();
                preActivations[l] = isRelu(layer) ? null : new double[size];
                activations[l] = new double[size];
                deltas[l] = new double[size];
                scratchLength = Math.max(
                        scratchLength, Kernels.backwardScratchLength(batchSize, layer.inputs(), layer.outputs()));
            }
        }
        inputs = new double[batchSize * architecture.inputDimension()];
        classes = architecture.outputsPerPoint();
        if (classes > 1) { // a classifier's read-out goes through the layer kernel too
            scratchLength = Math.max(
                    scratchLength, Kernels.backwardScratchLength(batchSize, architecture.featureWidth(), classes));
        }
        readoutPreActivation = new double[batchSize * classes];
        outputGradient = new double[batchSize * classes];
        scratch = new double[scratchLength];
    }

    /** The architecture these buffers are for. */
    public Architecture architecture() {
        return architecture;
    }

    /** How many inputs a batch has. */
    public int batchSize() {
        return batchSize;
    }

    /** Takes the parameters θ (length P, the layout of {@link Architecture}). */
    public void load(double[] theta) {
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            Kernels.transpose(
                    Arrays.copyOfRange(theta, layer.offset(), layer.biasOffset()),
                    layer.outputs(),
                    layer.inputs(),
                    weights[l]);
            if (layer.bias()) {
                System.arraycopy(theta, layer.biasOffset(), biases[l], 0, layer.outputs());
            }
        }
    }

    /** Writes the current parameters into {@code theta} (length P). */
    public void store(double[] theta) {
        storeInLayout(weights, biases, theta);
    }

    /** Writes the gradient of the last {@link #squaredErrorGradient} into {@code gradient} (length P). */
    public void storeGradient(double[] gradient) {
        storeInLayout(weightGradients, biasGradients, gradient);
    }

    private void storeInLayout(double[][] transposed, double[][] bias, double[] into) {
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            int nIn = layer.inputs();
            int nOut = layer.outputs();
            double[] t = transposed[l];
            for (int j = 0; j < nOut; j++) {
                int row = layer.offset() + j * nIn;
                for (int k = 0; k < nIn; k++) {
                    into[row + k] = t[k * nOut + j];
                }
            }
            if (layer.bias()) {
                System.arraycopy(bias[l], 0, into, layer.biasOffset(), nOut);
            }
        }
    }

    /**
     * The squared error Σ_i (f(x_i) − y_i)² over the batch x_from, …, x_{from+n−1} (n the batch
     * size), with the gradient of {@code scale} times it kept for {@link #step} and
     * {@link #storeGradient}.
     */
    public double squaredErrorGradient(double[][] x, double[] y, int from, double scale) {
        return lossGradient(x, y, from, scale, OutputLoss.MSE);
    }

    /**
     * As {@link #squaredErrorGradient} for the loss Σ_i ℓ(f(x_i), y_i) of {@code loss}: returns the
     * loss, keeps the gradient of {@code scale} times it.
     */
    public double lossGradient(double[][] x, double[] y, int from, double scale, OutputLoss loss) {
        double[] top = forward(x, from);
        if (loss instanceof SoftmaxCrossEntropy softmax) {
            // the logits' gradient p − e_y per input (the read-out of a classifier is linear)
            double sum = 0;
            for (int i = 0; i < batchSize; i++) {
                sum += softmax.gradient(readoutPreActivation, i * classes, y[from + i], outputGradient, i * classes);
            }
            for (int k = 0; k < outputGradient.length; k++) {
                outputGradient[k] *= scale;
            }
            backward(top);
            return sum;
        }
        Layer readout = layers.get(hidden);
        Activation outActivation = readout.activation();
        double sum = 0;
        for (int i = 0; i < batchSize; i++) {
            double z = readoutPreActivation[i];
            double f = outActivation.value(z);
            sum += loss.value(f, y[from + i]);
            outputGradient[i] = scale * loss.derivative(f, y[from + i]) * outActivation.derivative(z);
        }
        backward(top);
        return sum;
    }

    /** θ ← θ − η ∇ for the gradient of the last {@link #squaredErrorGradient}. */
    public void step(double learningRate) {
        for (int l = 0; l < layers.size(); l++) {
            Kernels.axpy(-learningRate, weightGradients[l], 0, weights[l], 0, weights[l].length);
            if (biases[l] != null) {
                Kernels.axpy(-learningRate, biasGradients[l], 0, biases[l], 0, biases[l].length);
            }
        }
    }

    /** The forward pass; returns the last hidden layer's activations (the inputs without one). */
    private double[] forward(double[][] x, int from) {
        int d = architecture.inputDimension();
        for (int i = 0; i < batchSize; i++) {
            System.arraycopy(x[from + i], 0, inputs, i * d, d);
        }
        double[] in = inputs;
        for (int l = 0; l < hidden; l++) {
            Layer layer = layers.get(l);
            boolean relu = isRelu(layer);
            double[] z = relu ? activations[l] : preActivations[l];
            boolean fused =
                    Kernels.denseLayer(weights[l], biases[l], layer.inputs(), layer.outputs(), in, batchSize, z, relu);
            if (!fused) {
                layer.activation().apply(z, activations[l]);
            }
            in = activations[l];
        }
        Layer readout = layers.get(hidden);
        int width = readout.inputs();
        if (classes > 1) { // the K logits: a dense layer of K outputs (weights N × K, as the hidden ones)
            Kernels.denseLayer(
                    weights[hidden], biases[hidden], width, classes, in, batchSize, readoutPreActivation, false);
            return in;
        }
        double c = readout.bias() ? biases[hidden][0] : 0.0;
        Kernels.rowDots(in, batchSize, width, weights[hidden], readoutPreActivation);
        for (int i = 0; i < batchSize; i++) {
            readoutPreActivation[i] = c + readoutPreActivation[i];
        }
        return in;
    }

    private void backward(double[] top) {
        for (int l = 0; l < layers.size(); l++) {
            Arrays.fill(weightGradients[l], 0.0);
            if (biasGradients[l] != null) {
                Arrays.fill(biasGradients[l], 0.0);
            }
        }
        Layer readout = layers.get(hidden);
        int width = readout.inputs();
        double[] a = weights[hidden];
        double[] gradA = weightGradients[hidden];
        if (classes > 1) {
            backwardThroughClassifier(top, width);
            return;
        }
        if (biasGradients[hidden] != null) {
            double s = 0;
            for (int i = 0; i < batchSize; i++) {
                s += outputGradient[i];
            }
            biasGradients[hidden][0] = s;
        }
        if (hidden == 0) {
            for (int i = 0; i < batchSize; i++) {
                Kernels.axpy(outputGradient[i], top, i * width, gradA, 0, width);
            }
            return;
        }
        int t = hidden - 1;
        Layer last = layers.get(t);
        double[] below = t > 0 ? deltas[t - 1] : null;
        double[] in = t > 0 ? activations[t - 1] : inputs;
        if (isRelu(last)) {
            Kernels.backwardReluUnderReadout(
                    batchSize,
                    last.inputs(),
                    width,
                    in,
                    weights[t],
                    outputGradient,
                    a,
                    top,
                    weightGradients[t],
                    biasGradients[t],
                    gradA,
                    below,
                    scratch);
        } else {
            double[] delta = deltas[t];
            for (int i = 0; i < batchSize; i++) {
                Kernels.axpy(outputGradient[i], top, i * width, gradA, 0, width);
                double gi = outputGradient[i];
                for (int j = 0; j < width; j++) {
                    delta[i * width + j] = a[j] * gi;
                }
            }
            last.activation().multiplyByDerivative(preActivations[t], delta);
            Kernels.backwardLayer(
                    batchSize,
                    last.inputs(),
                    width,
                    in,
                    weights[t],
                    delta,
                    weightGradients[t],
                    biasGradients[t],
                    below,
                    scratch);
        }
        backwardFrom(t - 1);
    }

    /**
     * The hidden layers {@code top}, top − 1, …, 0, each from the gradient at its outputs in
     * deltas[l] (not yet through σ'), passing the gradient at its inputs down.
     */
    private void backwardFrom(int top) {
        for (int l = top; l >= 0; l--) {
            Layer layer = layers.get(l);
            double[] delta = deltas[l];
            if (isRelu(layer)) { // σ'(z) = [z > 0] = [relu(z) > 0], as Relu.multiplyByDerivative
                double[] h = activations[l];
                for (int k = 0; k < delta.length; k++) {
                    delta[k] *= h[k] > 0 ? 1.0 : 0.0;
                }
            } else {
                layer.activation().multiplyByDerivative(preActivations[l], delta);
            }
            Kernels.backwardLayer(
                    batchSize,
                    layer.inputs(),
                    layer.outputs(),
                    l > 0 ? activations[l - 1] : inputs,
                    weights[l],
                    delta,
                    weightGradients[l],
                    biasGradients[l],
                    l > 0 ? deltas[l - 1] : null,
                    scratch);
        }
    }

    /**
     * The backward pass below a K-logit read-out: the read-out is a dense layer of K outputs, whose
     * gradients Σ_i g_ik h_ij, Σ_i g_ik and the gradient passed down Σ_k g_ik a_kj are those of any
     * layer ({@link Kernels#backwardLayer}); then the hidden layers as for one output (without the
     * fused ReLU kernel, which is written for one read-out vector).
     */
    private void backwardThroughClassifier(double[] top, int width) {
        Kernels.backwardLayer(
                batchSize,
                width,
                classes,
                top,
                weights[hidden],
                outputGradient,
                weightGradients[hidden],
                biasGradients[hidden],
                hidden > 0 ? deltas[hidden - 1] : null,
                scratch);
        if (hidden > 0) {
            backwardFrom(hidden - 1);
        }
    }

    private static boolean isRelu(Layer layer) {
        return layer.activation() == Activation.RELU;
    }
}
