package dev.bayesrg.linalg;

/**
 * The hot loops of the engine. Dot products keep four partial sums so that the CPU can overlap
 * the additions (the JIT does not reorder floating-point reductions by itself); the summation
 * order is fixed, so results do not depend on anything but the inputs.
 */
public final class Kernels {
    /**
     * Whether this JVM has the Vector API module (it was started with
     * {@code --add-modules jdk.incubator.vector}, as the {@code bayesrg} launcher does). Having it
     * changes nothing by itself: the vector kernels run only once {@link #use} switches them on.
     */
    public static final boolean VECTOR_API_PRESENT =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** Which kernels the engine runs. Every mode gives the same bits; only the speed differs. */
    public enum Mode {
        /** Plain Java loops only: what a library embedded in someone else's program does by default. */
        PLAIN,
        /**
         * Each kernel's Vector API form once the JIT has compiled it and it beats the plain loop
         * (a background thread, {@link VectorWarmup}, checks), the plain loop until then: the fastest
         * for a run, and what the {@code bayesrg} command uses.
         */
        VECTOR_WHEN_COMPILED,
        /**
         * The Vector API forms from the first call, compiled or not: slow until C2 has compiled them,
         * but certain, so tests that compare the two paths' bytes never depend on the machine's load.
         */
        VECTOR
    }

    private static volatile Mode mode = Mode.PLAIN;

    private Kernels() {}

    /**
     * Switches the engine to {@code requested} kernels and returns the mode now in force: without
     * the Vector API module that is always {@link Mode#PLAIN}. {@link Mode#VECTOR_WHEN_COMPILED}
     * starts the warm-up thread the first time. May be called at any time, also while members run.
     */
    public static synchronized Mode use(Mode requested) {
        Mode granted = VECTOR_API_PRESENT ? requested : Mode.PLAIN;
        if (granted == Mode.VECTOR_WHEN_COMPILED) {
            VectorWarmup.start();
        }
        mode = granted;
        return granted;
    }

    /**
     * The launcher's choice: {@link Mode#VECTOR_WHEN_COMPILED} when the module is present, unless the
     * system property {@code bayesrg.vector} says {@code false} (plain Java) or {@code force}
     * ({@link Mode#VECTOR}).
     */
    public static Mode useAsConfigured() {
        return use(configured());
    }

    /** The mode {@link #useAsConfigured()} selects here, without selecting it. */
    public static Mode configured() {
        if (!VECTOR_API_PRESENT) {
            return Mode.PLAIN;
        }
        return switch (System.getProperty("bayesrg.vector", "")) {
            case "false" -> Mode.PLAIN;
            case "force" -> Mode.VECTOR;
            default -> Mode.VECTOR_WHEN_COMPILED;
        };
    }

    /** The mode in force. */
    public static Mode mode() {
        return mode;
    }

    /** Which kernels {@code mode} runs, in words, for {@code --version}. */
    public static String describe(Mode mode) {
        return switch (mode) {
            case VECTOR -> "Vector API, forced from the first call";
            case VECTOR_WHEN_COMPILED -> "Vector API once compiled (plain Java until then)";
            case PLAIN -> VECTOR_API_PRESENT ? "plain Java (Vector API present, not switched on)" : "plain Java";
        };
    }

    /** Whether kernel {@code k} runs in its Vector API form now. */
    static boolean vector(VectorWarmup.Kernel k) {
        Mode m = mode;
        return m == Mode.VECTOR || (m == Mode.VECTOR_WHEN_COMPILED && VectorWarmup.ready(k));
    }

    /** Σ_k x[xo + k] y[yo + k] for k &lt; n. */
    public static double dot(double[] x, int xo, double[] y, int yo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += x[xo + k] * y[yo + k];
            s1 += x[xo + k + 1] * y[yo + k + 1];
            s2 += x[xo + k + 2] * y[yo + k + 2];
            s3 += x[xo + k + 3] * y[yo + k + 3];
        }
        for (; k < n; k++) {
            s0 += x[xo + k] * y[yo + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * out[i] = Σ_k x[xo + k] c[k·n + i] for each of the n columns' rows i, with {@code columns} the
     * row-major width×n transpose of n feature rows: each out[i] is summed exactly as {@link #dot}
     * sums x against row i (four partial sums by k mod 4, the tail into the first, then paired), so
     * it has the same bits, but it reads the columns in order, vectorised across i.
     */
    public static void dotsOfColumns(double[] x, int xo, double[] columns, int n, int width, double[] out) {
        double[] s0 = new double[n];
        double[] s1 = new double[n];
        double[] s2 = new double[n];
        double[] s3 = new double[n];
        int k = 0;
        for (; k + 3 < width; k += 4) {
            addScaled(x[xo + k], columns, k * n, s0, n);
            addScaled(x[xo + k + 1], columns, (k + 1) * n, s1, n);
            addScaled(x[xo + k + 2], columns, (k + 2) * n, s2, n);
            addScaled(x[xo + k + 3], columns, (k + 3) * n, s3, n);
        }
        for (; k < width; k++) {
            addScaled(x[xo + k], columns, k * n, s0, n);
        }
        for (int i = 0; i < n; i++) {
            out[i] = (s0[i] + s1[i]) + (s2[i] + s3[i]);
        }
    }

    /** s[i] += a·c[co + i] for i &lt; n, the product formed as {@link #dot} forms it (x·y). */
    private static void addScaled(double a, double[] c, int co, double[] s, int n) {
        for (int i = 0; i < n; i++) {
            s[i] += a * c[co + i];
        }
    }

    /** y[yo + k] += alpha x[xo + k] for k &lt; n. */
    public static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n) {
        // C2 vectorises this loop itself: a Vector API form was measured no faster and never switched on
        for (int k = 0; k < n; k++) {
            y[yo + k] += alpha * x[xo + k];
        }
    }

    /**
     * a[ao + j] −= s·w[j] + t·v[j] for j &lt; m: one row of the symmetric rank-two update
     * A − v wᵀ − w vᵀ (for row i, s = v_i and t = w_i). C2 does not vectorise this loop by itself.
     */
    public static void rankTwoRow(double[] a, int ao, double s, double[] w, double t, double[] v, int m) {
        if (vector(VectorWarmup.Kernel.RANK_TWO)) {
            VectorKernels.rankTwoRow(a, ao, s, w, t, v, m);
        } else {
            rankTwoRowScalar(a, ao, s, w, t, v, m);
        }
    }

    static void rankTwoRowScalar(double[] a, int ao, double s, double[] w, double t, double[] v, int m) {
        for (int j = 0; j < m; j++) {
            a[ao + j] -= s * w[j] + t * v[j];
        }
    }

    /** Rows of the Gram matrix updated together, so that they stay in the L1 cache across k. */
    private static final int GRAM_BLOCK = 8;

    /**
     * Features per pass of the Gram products: the pass works on a block of the transposed features,
     * GRAM_FEATURES × n, which stays in the L2 cache, instead of transposing all N features first
     * (an n × N copy that for wide nets, n N·8 bytes of 50 MB and more, makes every pass a trip to
     * main memory). It also bounds the scratch at n × GRAM_FEATURES whatever the width.
     */
    static final int GRAM_FEATURES = 256;

    /**
     * The Gram matrix G_ij = Σ_k φ_ik φ_jk of the rows of a row-major n×width matrix, into
     * {@code out} (n×n, row-major). Each entry is summed in increasing k; the work runs as
     * rank-one updates over the transposed features (long axpy loops that the JIT vectorises) and
     * skips exact zeros, which ReLU features are full of. Only j ≥ i is computed; the rest is
     * mirrored. Skipping zeros is exact for finite features.
     */
    public static void gram(double[] rows, int n, int width, double[] out) {
        gram(rows, n, width, out, new double[gramScratchLength(n, width)]);
    }

    /**
     * Doubles of scratch {@link #gram(double[], int, int, double[], double[])} and
     * {@link #gramOfColumns} need: a block of at most {@value #GRAM_FEATURES} transposed features
     * (and the vector kernel's tiles), never the whole n × width.
     */
    public static int gramScratchLength(int n, int width) {
        // the vector kernel's padded length whenever the module is there: a pipeline's scratch stays
        // large enough if the mode is switched while it lives
        return VECTOR_API_PRESENT ? VectorKernels.scratchLength(n, width) : n * Math.min(width, GRAM_FEATURES);
    }

    /** As {@link #gram(double[], int, int, double[])} with a caller-owned scratch array of {@link #gramScratchLength}. */
    public static void gram(double[] rows, int n, int width, double[] out, double[] scratch) {
        if (vector(VectorWarmup.Kernel.GRAM)) {
            VectorKernels.gram(rows, n, width, out, scratch);
        } else {
            gramScalar(rows, n, width, out, scratch);
        }
    }

    /**
     * The Gram matrix C_ij = Σ_k m_ki m_kj of the columns of a row-major width×n matrix m (for
     * features Φ, n×N, the N×N covariance ΦᵀΦ), into {@code out} with row stride {@code outStride}
     * ≥ n (entries beyond column n of a row untouched). Summed exactly as {@link #gram} sums it, whose
     * transposed features these columns are; {@code scratch} holds {@link #gramScratchLength}(n, width).
     */
    public static void gramOfColumns(
            double[] columns, int n, int width, double[] out, int outStride, double[] scratch) {
        if (vector(VectorWarmup.Kernel.GRAM)) {
            VectorKernels.gramOfColumns(columns, n, width, out, outStride, scratch);
        } else {
            gramOfColumnsScalar(columns, n, width, out, outStride);
        }
    }

    static void gramScalar(double[] rows, int n, int width, double[] out) {
        gramScalar(rows, n, width, out, new double[n * Math.min(width, GRAM_FEATURES)]);
    }

    /** The plain Gram matrix of the rows, transposing {@value #GRAM_FEATURES} features at a time into {@code scratch}. */
    static void gramScalar(double[] rows, int n, int width, double[] out, double[] scratch) {
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(out, i * n, i * n + n, 0.0);
        }
        for (int k0 = 0; k0 < width; k0 += GRAM_FEATURES) {
            int count = Math.min(GRAM_FEATURES, width - k0);
            transposeBlock(rows, n, width, k0, count, scratch, 0, n);
            addUpperGram(scratch, n, count, out, n);
        }
        mirrorUpper(out, n, n);
    }

    /** The Gram matrix from the transposed (width×n, row-major) features. */
    static void gramOfColumnsScalar(double[] columns, int n, int width, double[] out) {
        gramOfColumnsScalar(columns, n, width, out, n);
    }

    /** As {@link #gramOfColumnsScalar(double[], int, int, double[])}, rows of {@code out} {@code stride} apart. */
    static void gramOfColumnsScalar(double[] columns, int n, int width, double[] out, int stride) {
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(out, i * stride, i * stride + n, 0.0);
        }
        addUpperGram(columns, n, width, out, stride);
        mirrorUpper(out, n, stride);
    }

    /**
     * out_ij += Σ_{k &lt; count} c_ki c_kj for j ≥ i, over the first {@code count} rows of the
     * row-major count×n {@code columns}, in increasing k, skipping c_ki = 0: blocks of features
     * added one after the other sum every entry in increasing k, as one call over all would.
     */
    private static void addUpperGram(double[] columns, int n, int count, double[] out, int stride) {
        for (int i0 = 0; i0 < n; i0 += GRAM_BLOCK) {
            int i1 = Math.min(n, i0 + GRAM_BLOCK);
            for (int k = 0; k < count; k++) {
                int column = k * n;
                for (int i = i0; i < i1; i++) {
                    double a = columns[column + i];
                    if (a != 0.0) {
                        axpy(a, columns, column + i, out, i * stride + i, n - i);
                    }
                }
            }
        }
    }

    /** Copies the upper triangle of the n×n {@code out} (rows {@code stride} apart) to the lower. */
    private static void mirrorUpper(double[] out, int n, int stride) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                out[i * stride + j] = out[j * stride + i];
            }
        }
    }

    /**
     * z[j] −= Σ_i c[i] G[i][j] for a row-major n×n G, summed in increasing i, each term as
     * z + (−c_i)·G_ij: the dual-space update of read-out GD (G symmetric, so this is z −= G c).
     */
    public static void subtractCombination(double[] g, int n, double[] c, double[] z) {
        if (vector(VectorWarmup.Kernel.DUAL_UPDATE)) {
            VectorKernels.subtractCombination(g, n, c, z);
        } else {
            subtractCombinationScalar(g, n, c, z);
        }
    }

    static void subtractCombinationScalar(double[] g, int n, double[] c, double[] z) {
        for (int i = 0; i < n; i++) {
            axpy(-c[i], g, i * n, z, 0, n);
        }
    }

    /**
     * One dense layer for n inputs at once: z = b + Σ_k a_k w_·k for each input (bias null: none),
     * summed in increasing k, with the weights given transposed (nIn×nOut, row-major). With
     * {@code fuseRelu} the vector kernel may apply ReLU in the same pass; the return value says
     * whether it did, and otherwise the caller applies the activation.
     */
    public static boolean denseLayer(
            double[] transposed, double[] bias, int nIn, int nOut, double[] in, int n, double[] z, boolean fuseRelu) {
        if (vector(VectorWarmup.Kernel.DENSE_LAYER)) {
            VectorKernels.denseLayer(transposed, bias, nIn, nOut, in, n, z, fuseRelu);
            return fuseRelu;
        }
        denseLayerScalar(transposed, bias, nIn, nOut, in, n, z);
        return false;
    }

    /** The plain loop of {@link #denseLayer}, never fused. */
    static void denseLayerScalar(
            double[] transposed, double[] bias, int nIn, int nOut, double[] in, int n, double[] z) {
        for (int i = 0; i < n; i++) {
            int zi = i * nOut;
            if (bias != null) {
                System.arraycopy(bias, 0, z, zi, nOut);
            } else {
                java.util.Arrays.fill(z, zi, zi + nOut, 0.0);
            }
            for (int k = 0; k < nIn; k++) {
                axpy(in[i * nIn + k], transposed, k * nOut, z, zi, nOut);
            }
        }
    }

    /**
     * Interleaved partial sums of the backward layer's sums over a layer's outputs j: stream
     * j mod 8 gets every eighth term, whatever the machine's vector width, so that the bits of
     * {@link #backwardLayer} depend on nothing but its inputs.
     */
    public static final int BACKWARD_STREAMS = 8;

    /** Rows and inputs taken together in the tiles of the backward kernels. */
    static final int BACKWARD_TILE = 4;

    /** Bytes of output gradients per block of outputs: the block stays in L2 while every pass reads it. */
    private static final int BACKWARD_BLOCK_BYTES = 1 << 20;

    /** The scratch length {@link #backwardLayer} needs for n inputs of a layer with nIn inputs, nOut outputs. */
    public static int backwardScratchLength(int n, int nIn, int nOut) {
        return new BackwardScratch(n, nIn, nOut).length;
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /**
     * The backward pass of one dense layer z = W x + b over a batch of n inputs, given its output
     * gradients d_ij = ∂L/∂z_ij ({@code delta}, n×nOut row-major): adds the weight gradient
     * Σ_i d_ij x_ik to {@code gradTransposed} (nIn×nOut, the transposed layout of the forward pass)
     * and Σ_i d_ij to {@code gradBias} (null: none), each summed in increasing i, and writes the
     * gradient with respect to the layer's inputs, Σ_j d_ij W_jk, into {@code below} (n×nIn; null:
     * not wanted), summed over j in {@link #BACKWARD_STREAMS} interleaved streams, each in
     * increasing j, then added pairwise ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)). Every
     * product is a separate multiply and add, so the vector form gives the same bits.
     * {@code scratch}: {@link #backwardScratchLength}.
     */
    public static void backwardLayer(
            int n,
            int nIn,
            int nOut,
            double[] in,
            double[] transposedWeights,
            double[] delta,
            double[] gradTransposed,
            double[] gradBias,
            double[] below,
            double[] scratch) {
        backward(
                vector(VectorWarmup.Kernel.BACKWARD_LAYER),
                new BackwardScratch(n, nIn, nOut),
                in,
                transposedWeights,
                delta,
                null,
                null,
                null,
                gradTransposed,
                gradBias,
                null,
                below,
                scratch);
    }

    /**
     * {@link #backwardLayer} for the last hidden layer under a linear read-out f_i = Σ_j a_j h_ij + c when
     * the layer is ReLU: its output gradients d_ij = g_i a_j [h_ij &gt; 0] (g_i = ∂L/∂f_i, h_ij its
     * activations, n×nOut) are formed here, block by block, and the read-out's own gradient
     * Σ_i g_i h_ij is added to {@code gradReadout} in the same pass over h.
     */
    public static void backwardReluUnderReadout(
            int n,
            int nIn,
            int nOut,
            double[] in,
            double[] transposedWeights,
            double[] outputGradient,
            double[] readout,
            double[] activations,
            double[] gradTransposed,
            double[] gradBias,
            double[] gradReadout,
            double[] below,
            double[] scratch) {
        backward(
                vector(VectorWarmup.Kernel.BACKWARD_LAYER),
                new BackwardScratch(n, nIn, nOut),
                in,
                transposedWeights,
                null,
                outputGradient,
                readout,
                activations,
                gradTransposed,
                gradBias,
                gradReadout,
                below,
                scratch);
    }

    /**
     * Where the parts of the backward kernels' scratch start, for n inputs, nIn inputs, nOut
     * outputs, and the outputs per block.
     */
    static final class BackwardScratch {
        final int n;
        final int nIn;
        final int nOut;
        /** nIn rounded up to {@link #BACKWARD_TILE}: the inputs of the streams' layout. */
        final int paddedInputs;
        /** The inputs taken in whole tiles of four; the rest come from {@link #lastWeights}. */
        final int tiledInputs;
        /** Outputs per block (a multiple of 32, so only the last block has a scalar tail). */
        final int blockColumns;
        // from index 0: the partial sums of below, [n][paddedInputs][streams]
        /** The weights' last nIn − tiledInputs rows and zero rows up to four: [4][nOut]. */
        final int lastWeights;
        /** One block of output gradients: [n][blockColumns]. */
        final int delta;

        final int length;

        BackwardScratch(int n, int nIn, int nOut) {
            this.n = n;
            this.nIn = nIn;
            this.nOut = nOut;
            this.paddedInputs = roundUp(nIn, BACKWARD_TILE);
            this.tiledInputs = nIn - nIn % BACKWARD_TILE;
            int fitting = Math.max(32, BACKWARD_BLOCK_BYTES / Double.BYTES / Math.max(1, n) / 32 * 32);
            this.blockColumns = Math.min(roundUp(nOut, 32), fitting);
            this.lastWeights = n * paddedInputs * BACKWARD_STREAMS;
            this.delta = lastWeights + BACKWARD_TILE * nOut;
            this.length = delta + n * blockColumns;
        }

        /** Where output gradient d_ij of the block starting at output c0 lies in the scratch. */
        int d(int i, int j, int c0) {
            return delta + i * blockColumns + (j - c0);
        }
    }

    /**
     * The backward pass, block of outputs by block: each block's output gradients go to the scratch
     * (copied from {@code delta}, or formed from g, a and h when {@code delta} is null) and feed both
     * sums while they are in the cache. Blocks run in increasing j, so every sum keeps its order.
     */
    static void backward(
            boolean vector,
            BackwardScratch at,
            double[] in,
            double[] transposedWeights,
            double[] delta,
            double[] g,
            double[] readout,
            double[] h,
            double[] gradTransposed,
            double[] gradBias,
            double[] gradReadout,
            double[] below,
            double[] scratch) {
        int n = at.n;
        int nOut = at.nOut;
        if (below != null) {
            int rest = (at.nIn - at.tiledInputs) * nOut;
            System.arraycopy(transposedWeights, at.tiledInputs * nOut, scratch, at.lastWeights, rest);
            java.util.Arrays.fill(scratch, at.lastWeights + rest, at.delta, 0.0);
            java.util.Arrays.fill(scratch, 0, at.lastWeights, 0.0);
        }
        for (int c0 = 0; c0 < nOut; c0 += at.blockColumns) {
            int c1 = Math.min(nOut, c0 + at.blockColumns);
            if (delta != null) {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(delta, i * nOut + c0, scratch, at.d(i, c0, c0), c1 - c0);
                    if (gradBias != null) {
                        axpy(1.0, delta, i * nOut + c0, gradBias, c0, c1 - c0);
                    }
                }
            } else if (vector) {
                VectorKernels.reluOutputGradients(at, g, readout, h, gradBias, gradReadout, scratch, c0, c1);
            } else {
                reluOutputGradientsScalar(at, g, readout, h, gradBias, gradReadout, scratch, c0, c0, c1);
            }
            if (vector) {
                VectorKernels.weightGradient(at, in, gradTransposed, scratch, c0, c1);
            } else {
                weightGradientScalar(at, in, gradTransposed, scratch, c0, c0, c1);
            }
            if (below != null) {
                if (vector) {
                    VectorKernels.inputGradientStreams(at, transposedWeights, scratch, c0, c1);
                } else {
                    inputGradientStreamsScalar(at, transposedWeights, scratch, c0, c0, c1);
                }
            }
        }
        if (below == null) {
            return;
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < at.nIn; k++) {
                int o = (i * at.paddedInputs + k) * BACKWARD_STREAMS;
                below[i * at.nIn + k] = sumStreams(scratch, o);
            }
        }
    }

    /**
     * d_ij = g_i a_j [h_ij &gt; 0] into the scratch for outputs from ≤ j &lt; c1 of the block at c0, and
     * the sums over i it feeds (the read-out's gradient, the bias's).
     */
    static void reluOutputGradientsScalar(
            BackwardScratch at,
            double[] g,
            double[] readout,
            double[] h,
            double[] gradBias,
            double[] gradReadout,
            double[] scratch,
            int c0,
            int from,
            int c1) {
        for (int i = 0; i < at.n; i++) {
            int row = i * at.nOut;
            int d = at.d(i, 0, c0);
            double gi = g[i];
            for (int j = from; j < c1; j++) {
                double hij = h[row + j];
                double dij = hij > 0 ? readout[j] * gi : 0.0;
                scratch[d + j] = dij;
                gradReadout[j] += hij * gi;
                if (gradBias != null) {
                    gradBias[j] += dij;
                }
            }
        }
    }

    /** gradTransposed[k][j] += Σ_i x_ik d_ij in increasing i, for outputs from ≤ j &lt; c1 of the block at c0. */
    static void weightGradientScalar(
            BackwardScratch at, double[] in, double[] gradTransposed, double[] scratch, int c0, int from, int c1) {
        for (int i = 0; i < at.n; i++) {
            for (int k = 0; k < at.nIn; k++) {
                axpy(in[i * at.nIn + k], scratch, at.d(i, from, c0), gradTransposed, k * at.nOut + from, c1 - from);
            }
        }
    }

    /** The streams of Σ_j d_ij W_kj for outputs from ≤ j &lt; c1 of the block at c0. */
    static void inputGradientStreamsScalar(
            BackwardScratch at, double[] transposedWeights, double[] scratch, int c0, int from, int c1) {
        for (int i = 0; i < at.n; i++) {
            int d = at.d(i, 0, c0);
            for (int k = 0; k < at.nIn; k++) {
                int o = (i * at.paddedInputs + k) * BACKWARD_STREAMS;
                int w = k * at.nOut;
                for (int j = from; j < c1; j++) {
                    scratch[o + (j & (BACKWARD_STREAMS - 1))] += scratch[d + j] * transposedWeights[w + j];
                }
            }
        }
    }

    /**
     * out[i] = Σ_j rows[i·width + j] x[j] for i &lt; n, each sum in {@link #BACKWARD_STREAMS} interleaved
     * streams (stream j mod 8, in increasing j) added pairwise ((s0 + s1) + (s2 + s3)) + ((s4 + s5) +
     * (s6 + s7)): the read-out of a batch, whose vector form gives the same bits.
     */
    public static void rowDots(double[] rows, int n, int width, double[] x, double[] out) {
        if (vector(VectorWarmup.Kernel.ROW_DOTS)) {
            VectorKernels.rowDots(rows, n, width, x, out);
        } else {
            rowDotsScalar(rows, n, width, x, out, 0);
        }
    }

    /** The plain loop of {@link #rowDots} for rows i ≥ {@code fromRow}. */
    static void rowDotsScalar(double[] rows, int n, int width, double[] x, double[] out, int fromRow) {
        double[] streams = new double[BACKWARD_STREAMS];
        for (int i = fromRow; i < n; i++) {
            java.util.Arrays.fill(streams, 0.0);
            int row = i * width;
            for (int j = 0; j < width; j++) {
                streams[j & (BACKWARD_STREAMS - 1)] += rows[row + j] * x[j];
            }
            out[i] = sumStreams(streams, 0);
        }
    }

    /**
     * The eight streams at {@code offset} of {@code streams}, after adding to each the terms j ≥ from
     * of its row (the vector form's tail), combined pairwise.
     */
    static double combineStreams(
            double[] streams, int offset, double[] rows, int row, double[] x, int from, int width) {
        for (int j = from; j < width; j++) {
            streams[offset + (j & (BACKWARD_STREAMS - 1))] += rows[row + j] * x[j];
        }
        return sumStreams(streams, offset);
    }

    /** The {@link #BACKWARD_STREAMS} partial sums at {@code o}, added pairwise: ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)). */
    private static double sumStreams(double[] s, int o) {
        return ((s[o] + s[o + 1]) + (s[o + 2] + s[o + 3])) + ((s[o + 4] + s[o + 5]) + (s[o + 6] + s[o + 7]));
    }

    /** The transpose of a row-major rows×cols matrix, as a row-major cols×rows matrix. */
    public static double[] transpose(double[] m, int rows, int cols) {
        return transpose(m, rows, cols, new double[rows * cols]);
    }

    /** The transpose into {@code t} (length ≥ rows·cols), which is returned. */
    public static double[] transpose(double[] m, int rows, int cols, double[] t) {
        return transposePadded(m, rows, cols, rows, t);
    }

    /** Rows transposed together: each step writes a whole cache line of the transpose. */
    private static final int TRANSPOSE_BLOCK = 8;

    /**
     * Columns transposed together: the rows of the transpose they become (128 × stride doubles, a
     * few hundred kB) stay in the L2 cache while every block of rows writes its part of them, where a
     * pass over all columns per block of rows would evict each cache line of the transpose before the
     * next block of rows completes it (for n × N of 50 MB, a transpose 2.5 times slower per element).
     */
    private static final int TRANSPOSE_COLUMNS = 128;

    /**
     * The transpose as a cols×stride matrix (stride ≥ rows), its columns rows..stride−1 zero.
     */
    static double[] transposePadded(double[] m, int rows, int cols, int stride, double[] t) {
        for (int k0 = 0; k0 < cols; k0 += TRANSPOSE_COLUMNS) {
            transposeBlock(m, rows, cols, k0, Math.min(TRANSPOSE_COLUMNS, cols - k0), t, k0 * stride, stride);
        }
        return t;
    }

    /** The transpose into {@code t} from index {@code to}: t[to + k·rows + i] = m[i·cols + k]. */
    public static void transpose(double[] m, int rows, int cols, double[] t, int to) {
        for (int k0 = 0; k0 < cols; k0 += TRANSPOSE_COLUMNS) {
            transposeBlock(m, rows, cols, k0, Math.min(TRANSPOSE_COLUMNS, cols - k0), t, to + k0 * rows, rows);
        }
    }

    /**
     * Columns k0..k0+count−1 of the row-major rows×cols {@code m}, transposed into {@code t} from
     * {@code to}: t[to + k·stride + i] = m[i·cols + k0 + k] for i &lt; rows, and 0 for rows ≤ i &lt; stride.
     */
    static void transposeBlock(double[] m, int rows, int cols, int k0, int count, double[] t, int to, int stride) {
        for (int i0 = 0; i0 < rows; i0 += TRANSPOSE_BLOCK) {
            int i1 = Math.min(rows, i0 + TRANSPOSE_BLOCK);
            for (int k = 0; k < count; k++) {
                int tk = to + k * stride;
                int mk = k0 + k;
                for (int i = i0; i < i1; i++) {
                    t[tk + i] = m[i * cols + mk];
                }
            }
        }
        if (stride > rows) {
            for (int k = 0; k < count; k++) {
                java.util.Arrays.fill(t, to + k * stride + rows, to + (k + 1) * stride, 0.0);
            }
        }
    }
}
