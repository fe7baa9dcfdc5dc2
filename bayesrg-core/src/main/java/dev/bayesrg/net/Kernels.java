package dev.bayesrg.net;

/**
 * The hot loops of the engine. Dot products keep four partial sums so that the CPU can overlap
 * the additions (the JIT does not reorder floating-point reductions by itself); the summation
 * order is fixed, so results do not depend on anything but the inputs.
 */
public final class Kernels {
    /**
     * Whether the Vector API kernels are in use: the JVM was started with
     * {@code --add-modules jdk.incubator.vector} (the {@code bayesrg} launcher does this) and the
     * system property {@code bayesrg.vector} is not {@code false}. Both paths give identical bits.
     */
    public static final boolean VECTOR =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                    && !"false".equals(System.getProperty("bayesrg.vector"));

    /**
     * Whether the Vector API kernels run from the very first call, compiled or not (system property
     * {@code bayesrg.vector=force}). Slow until C2 has compiled them, but it makes the vector path
     * certain rather than a matter of when the JIT gets to it: tests that compare the two paths'
     * bytes use it, so that they never depend on the machine's load.
     */
    public static final boolean VECTOR_FORCED = VECTOR && "force".equals(System.getProperty("bayesrg.vector"));

    private Kernels() {}

    /** Which kernels run, in words: the Vector API ones (forced, or once compiled) or plain Java. */
    public static String mode() {
        if (VECTOR_FORCED) {
            return "Vector API, forced from the first call";
        }
        return VECTOR ? "Vector API once compiled (plain Java until then)" : "plain Java";
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
        if (VECTOR && VectorWarmup.ready(VectorWarmup.Kernel.RANK_TWO)) {
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
     * The Gram matrix G_ij = Σ_k φ_ik φ_jk of the rows of a row-major n×width matrix, into
     * {@code out} (n×n, row-major). Each entry is summed in increasing k; the work runs as
     * rank-one updates over the transposed features (long axpy loops that the JIT vectorises) and
     * skips exact zeros, which ReLU features are full of. Only j ≥ i is computed; the rest is
     * mirrored. Skipping zeros is exact for finite features.
     */
    public static void gram(double[] rows, int n, int width, double[] out) {
        gram(rows, n, width, out, new double[gramScratchLength(n, width)]);
    }

    /** Doubles of scratch {@link #gram(double[], int, int, double[], double[])} needs. */
    public static int gramScratchLength(int n, int width) {
        return VECTOR ? VectorKernels.scratchLength(n, width) : n * width;
    }

    /** As {@link #gram(double[], int, int, double[])} with a caller-owned scratch array of {@link #gramScratchLength}. */
    public static void gram(double[] rows, int n, int width, double[] out, double[] scratch) {
        if (VECTOR && VectorWarmup.ready(VectorWarmup.Kernel.GRAM)) {
            VectorKernels.gram(rows, n, width, out, scratch);
        } else {
            gramOfColumnsScalar(transpose(rows, n, width, scratch), n, width, out);
        }
    }

    static void gramScalar(double[] rows, int n, int width, double[] out) {
        gramOfColumnsScalar(transpose(rows, n, width), n, width, out);
    }

    /** The Gram matrix from the transposed (width×n, row-major) features. */
    static void gramOfColumnsScalar(double[] columns, int n, int width, double[] out) {
        java.util.Arrays.fill(out, 0, n * n, 0.0);
        for (int i0 = 0; i0 < n; i0 += GRAM_BLOCK) {
            int i1 = Math.min(n, i0 + GRAM_BLOCK);
            for (int k = 0; k < width; k++) {
                int column = k * n;
                for (int i = i0; i < i1; i++) {
                    double a = columns[column + i];
                    if (a != 0.0) {
                        axpy(a, columns, column + i, out, i * n + i, n - i);
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                out[i * n + j] = out[j * n + i];
            }
        }
    }

    /**
     * z[j] −= Σ_i c[i] G[i][j] for a row-major n×n G, summed in increasing i, each term as
     * z + (−c_i)·G_ij: the dual-space update of read-out GD (G symmetric, so this is z −= G c).
     */
    public static void subtractCombination(double[] g, int n, double[] c, double[] z) {
        if (VECTOR && VectorWarmup.ready(VectorWarmup.Kernel.DUAL_UPDATE)) {
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
     * The transpose as a cols×stride matrix (stride ≥ rows), its columns rows..stride−1 zero.
     */
    static double[] transposePadded(double[] m, int rows, int cols, int stride, double[] t) {
        for (int i0 = 0; i0 < rows; i0 += TRANSPOSE_BLOCK) {
            int i1 = Math.min(rows, i0 + TRANSPOSE_BLOCK);
            for (int k = 0; k < cols; k++) {
                int tk = k * stride;
                for (int i = i0; i < i1; i++) {
                    t[tk + i] = m[i * cols + k];
                }
            }
        }
        if (stride > rows) {
            for (int k = 0; k < cols; k++) {
                java.util.Arrays.fill(t, k * stride + rows, (k + 1) * stride, 0.0);
            }
        }
        return t;
    }

    /**
     * Whether all the Vector API kernels run now: the module is present and they are compiled
     * (see {@link VectorWarmup}). Before that the scalar kernels run; both give the same bits, so
     * which one ran never shows in a result.
     */
    public static boolean vectorReady() {
        return VECTOR && VectorWarmup.allReady();
    }

    /**
     * Starts compiling the Vector API kernels in the background now, ahead of the first member.
     * With the system property {@code bayesrg.vectorWarmup=wait} it returns only once they are in
     * use or the warm-up has given up (for benchmarks that must measure them from the first call).
     */
    public static void warmUp() {
        if (!VECTOR || VECTOR_FORCED) {
            return;
        }
        VectorWarmup.start();
        if ("wait".equals(System.getProperty("bayesrg.vectorWarmup"))) {
            try {
                VectorWarmup.awaitOutcome();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Vector API kernels", e);
            }
        }
    }
}
