package dev.bayesrg.net;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.linalg.Kernels;
import java.util.List;

/**
 * Evaluates a network of a given {@link Architecture} at parameters θ: the output f_θ(x), the
 * features φ(x) of the last hidden layer, and ∂f_θ(x)/∂θ by backpropagation. Stateless apart from
 * work buffers, so one instance serves one thread.
 */
public final class Network {
    private final Architecture architecture;
    private final List<Layer> layers;
    /** pre-activations z_l and activations a_l; a[0] holds the input. */
    private final double[][] z;

    private final double[][] a;
    private final double[][] delta;
    /** Wᵀ of each hidden layer, filled by {@link #frozen}. */
    private double[][] transposed;
    /** The features of a batch for {@link #outputs}, one buffer per batch size (test set, mesh, …). */
    private final java.util.Map<Integer, double[]> batchFeatures = new java.util.HashMap<>();

    public Network(Architecture architecture) {
        this.architecture = architecture;
        this.layers = architecture.layers();
        int depth = layers.size();
        z = new double[depth][];
        a = new double[depth + 1][];
        delta = new double[depth][];
        a[0] = new double[architecture.inputDimension()];
        for (int l = 0; l < depth; l++) {
            z[l] = new double[layers.get(l).outputs()];
            a[l + 1] = new double[layers.get(l).outputs()];
            delta[l] = new double[layers.get(l).outputs()];
        }
    }

    public Architecture architecture() {
        return architecture;
    }

    /** f_θ(x) (for K outputs, the first). */
    public double output(double[] theta, double[] x) {
        forward(theta, x, layers.size());
        return a[layers.size()][0];
    }

    /** The K outputs f_θ(x) (K = {@link Architecture#outputsPerPoint()}) into {@code into[at..at + K)}. */
    public void outputs(double[] theta, double[] x, double[] into, int at) {
        int depth = layers.size();
        forward(theta, x, depth);
        System.arraycopy(a[depth], 0, into, at, architecture.outputsPerPoint());
    }

    /**
     * f_θ(x_i) for every input into {@code into} (length n), the hidden layers run over the whole batch: the same
     * bits as {@link #output} input by input (the features are, see {@link #features(double[], double[][])},
     * and the read-out adds a_j φ_j in increasing j after its bias, as there), several times faster.
     */
    public void outputs(double[] theta, double[][] inputs, double[] into) {
        int n = inputs.length;
        int width = architecture.featureWidth();
        FeatureMatrix phi = features(theta, inputs, batchFeatures.computeIfAbsent(n * width, double[]::new));
        Layer readout = architecture.readout();
        int classes = readout.outputs();
        if (classes > 1) { // K outputs per input, point-major, each summed as the forward pass sums it
            double[] rows = phi.values();
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < classes; c++) {
                    double s = readout.bias() ? theta[readout.biasOffset() + c] : 0.0;
                    int w = readout.offset() + c * width;
                    for (int j = 0; j < width; j++) {
                        s += theta[w + j] * rows[i * width + j];
                    }
                    into[i * classes + c] = s;
                }
            }
            readout.activation().apply(into, into);
            return;
        }
        int w = readout.offset();
        double bias = readout.bias() ? theta[readout.biasOffset()] : 0.0;
        double[] rows = phi.values();
        for (int i = 0; i < n; i++) {
            double s = bias;
            int row = i * width;
            for (int j = 0; j < width; j++) {
                s += theta[w + j] * rows[row + j];
            }
            into[i] = s;
        }
        readout.activation().apply(into, into);
    }

    /** φ(x) into {@code out} (length N); x itself when there are no hidden layers. */
    public void features(double[] theta, double[] x, double[] out, int outOffset) {
        int hidden = layers.size() - 1;
        forward(theta, x, hidden);
        System.arraycopy(a[hidden], 0, out, outOffset, architecture.featureWidth());
    }

    /**
     * The feature matrix of a set of inputs, layer by layer for the whole batch. Each pre-activation
     * is accumulated as bias + Σ_k w_jk a_k in increasing k, exactly as for one input, so the two
     * give identical bits; the batch form runs the sum as rows of axpy over Wᵀ, which vectorises.
     */
    public FeatureMatrix features(double[] theta, double[][] inputs) {
        return features(theta, inputs, new double[inputs.length * architecture.featureWidth()]);
    }

    /**
     * As {@link #features(double[], double[][])}, writing the features into {@code into} (length
     * n·N, owned by the caller and reused across members to spare the allocator).
     */
    public FeatureMatrix features(double[] theta, double[][] inputs, double[] into) {
        return frozen(theta).features(inputs, into);
    }

    /**
     * The hidden layers at θ, for the features of several input sets: each layer's weights are
     * transposed once here rather than once per set. The result lives in this instance's buffers:
     * it holds until the next call of this method (one instance per thread, as for the rest).
     */
    public FrozenLayers frozen(double[] theta) {
        int hidden = layers.size() - 1;
        if (transposed == null) {
            transposed = new double[Math.max(0, hidden)][];
            for (int l = 0; l < hidden; l++) {
                transposed[l] =
                        new double[layers.get(l).inputs() * layers.get(l).outputs()];
            }
        }
        double[][] bias = new double[Math.max(0, hidden)][];
        for (int l = 0; l < hidden; l++) {
            Layer layer = layers.get(l);
            int nIn = layer.inputs();
            int nOut = layer.outputs();
            int offset = layer.offset();
            double[] t = transposed[l];
            // writes in order (reads stride nIn): the other order strides nOut doubles per write
            for (int k = 0; k < nIn; k++) {
                int row = k * nOut;
                for (int j = 0; j < nOut; j++) {
                    t[row + j] = theta[offset + j * nIn + k];
                }
            }
            bias[l] = layer.bias()
                    ? java.util.Arrays.copyOfRange(theta, layer.biasOffset(), layer.biasOffset() + nOut)
                    : null;
        }
        return new FrozenLayers(transposed, bias, cosNetScales(theta));
    }

    /** 1/sqrt(b_i² + m²) of each cos-net unit at θ, or null for a multilayer perceptron. */
    private double[] cosNetScales(double[] theta) {
        if (architecture.cosNet() == null) {
            return null;
        }
        Layer layer = layers.get(0);
        double[] scale = new double[layer.outputs()];
        for (int j = 0; j < scale.length; j++) {
            scale[j] = CosNetLayer.scale(
                    theta,
                    layer.offset() + j * layer.inputs(),
                    layer.inputs(),
                    architecture.cosNet().mass());
        }
        return scale;
    }

    /** Hidden layers with their weights transposed (Wᵀ, input-major), from {@link #frozen}. */
    public final class FrozenLayers {
        private final double[][] weights;
        private final double[][] bias;
        /** The cos-net's unit scales 1/sqrt(b_i² + m²) (its only hidden layer), or null. */
        private final double[] scale;

        private FrozenLayers(double[][] weights, double[][] bias, double[] scale) {
            this.weights = weights;
            this.bias = bias;
            this.scale = scale;
        }

        /** The features of {@code inputs} into {@code into} (length n·N), as {@link Network#features}. */
        public FeatureMatrix features(double[][] inputs, double[] into) {
            int n = inputs.length;
            int d = architecture.inputDimension();
            double[] activations = inputRows(inputs);
            int hidden = layers.size() - 1;
            if (hidden == 0) {
                System.arraycopy(activations, 0, into, 0, activations.length);
                return new FeatureMatrix(n, d, into);
            }
            for (int l = 0; l < hidden; l++) {
                Layer layer = layers.get(l);
                double[] z = l == hidden - 1 ? into : new double[n * layer.outputs()];
                activations = layerForward(weights[l], bias[l], layer, activations, n, z);
            }
            if (scale != null) {
                int width = scale.length;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < width; j++) {
                        into[i * width + j] *= scale[j];
                    }
                }
            }
            return new FeatureMatrix(n, architecture.featureWidth(), into);
        }

        /** The inputs as one row-major n × d array, the first layer's input. */
        private double[] inputRows(double[][] inputs) {
            int d = architecture.inputDimension();
            double[] rows = new double[inputs.length * d];
            for (int i = 0; i < inputs.length; i++) {
                System.arraycopy(inputs[i], 0, rows, i * d, d);
            }
            return rows;
        }

        /** The features of {@code inputs} in a new array. */
        public FeatureMatrix features(double[][] inputs) {
            return features(inputs, new double[inputs.length * architecture.featureWidth()]);
        }

        /**
         * The features of {@code inputs} transposed, as N columns of n (row-major N×n, into the
         * first n·N entries of {@code into}), without the row-major matrix ever being written: the
         * last hidden layer is computed {@value #COLUMN_BLOCK} of its units at a time for all inputs,
         * into a block that stays in the cache and goes from there into its columns. Each feature is
         * summed as in {@link #features}, so these are its bits transposed; for wide nets it saves
         * writing and reading back an n × N matrix.
         */
        public double[] featureColumns(double[][] inputs, double[] into) {
            int n = inputs.length;
            int d = architecture.inputDimension();
            double[] activations = inputRows(inputs);
            int hidden = layers.size() - 1;
            if (hidden == 0) {
                return Kernels.transpose(activations, n, d, into);
            }
            for (int l = 0; l < hidden - 1; l++) {
                activations = layerForward(
                        weights[l],
                        bias[l],
                        layers.get(l),
                        activations,
                        n,
                        new double[n * layers.get(l).outputs()]);
            }
            Layer last = layers.get(hidden - 1);
            int nIn = last.inputs();
            int nOut = last.outputs();
            boolean relu = last.activation() == Activation.RELU;
            int block = Math.min(COLUMN_BLOCK, nOut);
            double[] w = new double[nIn * block];
            double[] z = new double[n * block];
            for (int j0 = 0; j0 < nOut; j0 += block) {
                int count = Math.min(block, nOut - j0);
                if (count < block) { // the last, partial block: arrays of its size (the activation takes all of z)
                    w = new double[nIn * count];
                    z = new double[n * count];
                }
                // the block's units: their columns of Wᵀ and their biases
                for (int k = 0; k < nIn; k++) {
                    System.arraycopy(weights[hidden - 1], k * nOut + j0, w, k * count, count);
                }
                double[] b = bias[hidden - 1] == null
                        ? null
                        : java.util.Arrays.copyOfRange(bias[hidden - 1], j0, j0 + count);
                if (!Kernels.denseLayer(w, b, nIn, count, activations, n, z, relu)) {
                    last.activation().apply(z, z);
                }
                if (scale != null) {
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < count; j++) {
                            z[i * count + j] *= scale[j0 + j];
                        }
                    }
                }
                Kernels.transpose(z, n, count, into, j0 * n);
            }
            return into;
        }
    }

    /** Units of the last hidden layer per block of {@link FrozenLayers#featureColumns}: n × 512 doubles in the L2 cache. */
    private static final int COLUMN_BLOCK = 512;

    private static double[] layerForward(
            double[] transposed, double[] bias, Layer layer, double[] in, int n, double[] z) {
        boolean relu = layer.activation() == Activation.RELU;
        if (!Kernels.denseLayer(transposed, bias, layer.inputs(), layer.outputs(), in, n, z, relu)) {
            layer.activation().apply(z, z);
        }
        return z;
    }

    /**
     * Writes ∂f_θ(x)/∂θ into {@code gradient} (length P) and returns f_θ(x). Not for a cos-net, whose hidden layer
     * is frozen (its read-out's gradient is its features).
     */
    public double gradient(double[] theta, double[] x, double[] gradient) {
        if (architecture.cosNet() != null) {
            throw new UnsupportedOperationException("a cos-net's hidden layer is frozen: it has no backpropagation");
        }
        int depth = layers.size();
        forward(theta, x, depth);
        Layer out = layers.get(depth - 1);
        delta[depth - 1][0] = out.activation().derivative(z[depth - 1][0]);
        backpropagate(theta, gradient);
        return a[depth][0];
    }

    /**
     * Writes Σ_c w_c ∂f_c(x)/∂θ into {@code gradient} (length P) for the output weights w ({@code
     * outputWeights}, length K), and the K outputs f(x) into {@code outputs} (length K): one
     * backpropagation for the gradient of any linear combination of the outputs (w = p − e_y: the
     * softmax cross-entropy's; w = e_c: output c's own gradient).
     */
    public void gradient(double[] theta, double[] x, double[] outputWeights, double[] gradient, double[] outputs) {
        if (architecture.cosNet() != null) {
            throw new UnsupportedOperationException("a cos-net's hidden layer is frozen: it has no backpropagation");
        }
        int depth = layers.size();
        forward(theta, x, depth);
        Layer out = layers.get(depth - 1);
        for (int c = 0; c < out.outputs(); c++) {
            delta[depth - 1][c] = outputWeights[c] * out.activation().derivative(z[depth - 1][c]);
        }
        System.arraycopy(a[depth], 0, outputs, 0, out.outputs());
        backpropagate(theta, gradient);
    }

    /** The backward pass from the output deltas in delta[depth − 1], the forward pass's activations in place. */
    private void backpropagate(double[] theta, double[] gradient) {
        int depth = layers.size();
        for (int l = depth - 1; l >= 0; l--) {
            Layer layer = layers.get(l);
            double[] in = a[l];
            double[] d = delta[l];
            int w = layer.offset();
            for (int i = 0; i < layer.outputs(); i++) {
                double di = d[i];
                int row = w + i * layer.inputs();
                for (int j = 0; j < layer.inputs(); j++) {
                    gradient[row + j] = di * in[j];
                }
            }
            if (layer.bias()) {
                System.arraycopy(d, 0, gradient, layer.biasOffset(), layer.outputs());
            }
            if (l > 0) {
                Layer below = layers.get(l - 1);
                double[] dBelow = delta[l - 1];
                java.util.Arrays.fill(dBelow, 0.0);
                for (int i = 0; i < layer.outputs(); i++) {
                    double di = d[i];
                    int row = w + i * layer.inputs();
                    for (int j = 0; j < layer.inputs(); j++) {
                        dBelow[j] += theta[row + j] * di;
                    }
                }
                below.activation().multiplyByDerivative(z[l - 1], dBelow);
            }
        }
    }

    /** Runs the first {@code count} layers; their activations land in a[1..count]. */
    private void forward(double[] theta, double[] x, int count) {
        System.arraycopy(x, 0, a[0], 0, a[0].length);
        for (int l = 0; l < count; l++) {
            Layer layer = layers.get(l);
            double[] in = a[l];
            double[] zl = z[l];
            double[] al = a[l + 1];
            int w = layer.offset();
            int nIn = layer.inputs();
            for (int i = 0; i < layer.outputs(); i++) {
                double s = layer.bias() ? theta[layer.biasOffset() + i] : 0.0;
                int row = w + i * nIn;
                for (int j = 0; j < nIn; j++) {
                    s += theta[row + j] * in[j];
                }
                zl[i] = s;
            }
            layer.activation().apply(zl, al);
            if (architecture.cosNet() != null && l == 0) {
                for (int i = 0; i < layer.outputs(); i++) {
                    al[i] *= CosNetLayer.scale(
                            theta, w + i * nIn, nIn, architecture.cosNet().mass());
                }
            }
        }
    }
}
