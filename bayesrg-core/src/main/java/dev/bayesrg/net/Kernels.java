package dev.bayesrg.net;

/**
 * The hot loops of the engine. Dot products keep four partial sums so that the CPU can overlap
 * the additions (the JIT does not reorder floating-point reductions by itself); the summation
 * order is fixed, so results do not depend on anything but the inputs.
 */
public final class Kernels {
    private Kernels() {
    }

    /** Σ_k x[xo + k] y[yo + k] for k < n. */
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

    /** y[yo + k] += alpha x[xo + k] for k < n. */
    public static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n) {
        for (int k = 0; k < n; k++) {
            y[yo + k] += alpha * x[xo + k];
        }
    }

    /**
     * The Gram matrix G_ij = φ_i·φ_j of the rows of a row-major n×width matrix, into {@code out}
     * (n×n, row-major). Only i ≤ j is computed; the rest is mirrored.
     */
    public static void gram(double[] rows, int n, int width, double[] out) {
        for (int i = 0; i < n; i++) {
            int oi = i * width;
            for (int j = i; j < n; j++) {
                double g = dot(rows, oi, rows, j * width, width);
                out[i * n + j] = g;
                out[j * n + i] = g;
            }
        }
    }
}
