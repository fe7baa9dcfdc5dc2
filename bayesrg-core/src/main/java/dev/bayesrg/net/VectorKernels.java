package dev.bayesrg.net;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the JDK's Vector API (incubating in Java 17; needs
 * {@code --add-modules jdk.incubator.vector}). Every kernel here works lane by lane — each output
 * element is accumulated in the same order, with the same separate multiply and add, as the
 * scalar loop — so it returns exactly the scalar kernel's bits on any vector width, only faster.
 * Only {@link Kernels} calls this class, and only when the module is present.
 */
final class VectorKernels {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Rows of G per register tile. */
    private static final int TILE_ROWS = 4;
    /** Columns of G per register tile: two vectors. */
    private static final int TILE_COLUMNS = 2 * LANES;
    /** Features per pass, so that the slab of the transposed features in use stays in L2. */
    private static final int K_BLOCK = 256;

    private VectorKernels() {
    }

    /** Same contract and bits as the scalar {@link Kernels#gram}. */
    static void gram(double[] rows, int n, int width, double[] out) {
        gramOfColumns(Kernels.transpose(rows, n, width), n, width, out);
    }

    /** The Gram matrix from the transposed (width×n, row-major) features. */
    static void gramOfColumns(double[] columns, int n, int width, double[] out) {
        java.util.Arrays.fill(out, 0, n * n, 0.0);
        for (int k0 = 0; k0 < width; k0 += K_BLOCK) {
            int k1 = Math.min(width, k0 + K_BLOCK);
            for (int i0 = 0; i0 < n; i0 += TILE_ROWS) {
                int i1 = Math.min(n, i0 + TILE_ROWS);
                // tiles on and right of the diagonal; entries left of it are overwritten by the mirror
                int j0 = i0 - i0 % LANES;
                int j = j0;
                if (i1 - i0 == TILE_ROWS) {
                    for (; j + TILE_COLUMNS <= n; j += TILE_COLUMNS) {
                        tile(columns, n, i0, j, k0, k1, out);
                    }
                }
                for (int i = i0; i < i1; i++) {
                    for (int k = k0; k < k1; k++) {
                        double a = columns[k * n + i];
                        if (a != 0.0) {
                            int from = Math.max(j, i);
                            Kernels.axpy(a, columns, k * n + from, out, i * n + from, n - from);
                        }
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int jj = 0; jj < i; jj++) {
                out[i * n + jj] = out[jj * n + i];
            }
        }
    }

    /**
     * G[i0..i0+3][j..j+2L) += Σ_{k0 ≤ k < k1} φ_ik φ_jk in increasing k. The scalar kernel skips
     * φ_ik = 0; this one adds the zero product instead (a branch per lane costs more than the add),
     * which leaves a finite sum's bits unchanged: s + (±0) = s for s ≠ 0, and +0 + (±0) = +0.
     */
    private static void tile(double[] c, int n, int i0, int j, int k0, int k1, double[] out) {
        int o0 = i0 * n + j;
        int o1 = o0 + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        DoubleVector s00 = DoubleVector.fromArray(SPECIES, out, o0);
        DoubleVector s01 = DoubleVector.fromArray(SPECIES, out, o0 + LANES);
        DoubleVector s10 = DoubleVector.fromArray(SPECIES, out, o1);
        DoubleVector s11 = DoubleVector.fromArray(SPECIES, out, o1 + LANES);
        DoubleVector s20 = DoubleVector.fromArray(SPECIES, out, o2);
        DoubleVector s21 = DoubleVector.fromArray(SPECIES, out, o2 + LANES);
        DoubleVector s30 = DoubleVector.fromArray(SPECIES, out, o3);
        DoubleVector s31 = DoubleVector.fromArray(SPECIES, out, o3 + LANES);
        for (int k = k0; k < k1; k++) {
            int row = k * n;
            DoubleVector y0 = DoubleVector.fromArray(SPECIES, c, row + j);
            DoubleVector y1 = DoubleVector.fromArray(SPECIES, c, row + j + LANES);
            double a0 = c[row + i0];
            double a1 = c[row + i0 + 1];
            double a2 = c[row + i0 + 2];
            double a3 = c[row + i0 + 3];
            s00 = s00.add(y0.mul(a0));
            s01 = s01.add(y1.mul(a0));
            s10 = s10.add(y0.mul(a1));
            s11 = s11.add(y1.mul(a1));
            s20 = s20.add(y0.mul(a2));
            s21 = s21.add(y1.mul(a2));
            s30 = s30.add(y0.mul(a3));
            s31 = s31.add(y1.mul(a3));
        }
        s00.intoArray(out, o0);
        s01.intoArray(out, o0 + LANES);
        s10.intoArray(out, o1);
        s11.intoArray(out, o1 + LANES);
        s20.intoArray(out, o2);
        s21.intoArray(out, o2 + LANES);
        s30.intoArray(out, o3);
        s31.intoArray(out, o3 + LANES);
    }

    /** Same contract and bits as the scalar dense layer of {@link Network}: z = b + Σ_k a_k w_·k, then σ. */
    static void denseLayer(double[] transposedWeights, double[] bias, int nIn, int nOut, double[] in, int n,
                           double[] z) {
        int vectorEnd = SPECIES.loopBound(nOut);
        DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = 0; i < n; i++) {
            int zi = i * nOut;
            int ai = i * nIn;
            for (int j = 0; j < vectorEnd; j += LANES) {
                DoubleVector acc = bias == null ? zero : DoubleVector.fromArray(SPECIES, bias, j);
                for (int k = 0; k < nIn; k++) {
                    acc = acc.add(DoubleVector.fromArray(SPECIES, transposedWeights, k * nOut + j).mul(in[ai + k]));
                }
                acc.intoArray(z, zi + j);
            }
            for (int j = vectorEnd; j < nOut; j++) {
                double s = bias == null ? 0.0 : bias[j];
                for (int k = 0; k < nIn; k++) {
                    s += transposedWeights[k * nOut + j] * in[ai + k];
                }
                z[zi + j] = s;
            }
        }
    }

    /** relu in place: max(z, 0) lane by lane, with NaN → 0 as in the scalar code. */
    static void relu(double[] z) {
        int end = SPECIES.loopBound(z.length);
        DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = 0; i < end; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, z, i);
            zero.blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(z, i);
        }
        for (int i = end; i < z.length; i++) {
            z[i] = z[i] > 0 ? z[i] : 0.0;
        }
    }

    /** Same contract and bits as {@link Kernels#subtractCombinationScalar}: chunks of z stay in registers. */
    static void subtractCombination(double[] g, int n, double[] c, double[] z) {
        int j = 0;
        for (; j + 2 * LANES <= n; j += 2 * LANES) {
            DoubleVector z0 = DoubleVector.fromArray(SPECIES, z, j);
            DoubleVector z1 = DoubleVector.fromArray(SPECIES, z, j + LANES);
            for (int i = 0; i < n; i++) {
                double a = -c[i];
                int row = i * n + j;
                z0 = z0.add(DoubleVector.fromArray(SPECIES, g, row).mul(a));
                z1 = z1.add(DoubleVector.fromArray(SPECIES, g, row + LANES).mul(a));
            }
            z0.intoArray(z, j);
            z1.intoArray(z, j + LANES);
        }
        for (; j < n; j++) {
            double s = z[j];
            for (int i = 0; i < n; i++) {
                s += -c[i] * g[i * n + j];
            }
            z[j] = s;
        }
    }
}
