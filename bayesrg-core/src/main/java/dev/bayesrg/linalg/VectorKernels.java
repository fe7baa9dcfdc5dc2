package dev.bayesrg.linalg;

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
    static final int LANES = SPECIES.length();
    /** Rows of G per register tile. */
    private static final int TILE_ROWS = 4;
    /** Columns of G per register tile: two vectors. */
    private static final int TILE_COLUMNS = 2 * LANES;
    /** Features per pass, so that the slab of the transposed features in use stays in L2. */
    private static final int K_BLOCK = Kernels.GRAM_FEATURES;

    private static final DoubleVector ZERO = DoubleVector.zero(SPECIES);

    private VectorKernels() {}

    /** Same contract and bits as the scalar {@link Kernels#gram}. */
    static void gram(double[] rows, int n, int width, double[] out) {
        gram(rows, n, width, out, new double[scratchLength(n, width)]);
    }

    /** The row count padded to whole register tiles. */
    static int padded(int n) {
        return (n + TILE_COLUMNS - 1) / TILE_COLUMNS * TILE_COLUMNS;
    }

    /** Doubles of scratch {@link #gram(double[], int, int, double[], double[])} needs: one slab and G. */
    static int scratchLength(int n, int width) {
        int np = padded(n);
        return np * Math.min(width, K_BLOCK) + np * np;
    }

    /**
     * The Gram matrix with every entry summed exactly as the scalar kernel sums it. The features
     * are transposed a slab of {@value #K_BLOCK} at a time into columns padded with zeros to a whole
     * number of register tiles, so that every entry on and right of the diagonal is computed by a
     * full tile and none by a scalar edge loop; the padding only ever meets padding, so it changes no
     * real entry. The slab is used while it is still in the L2 cache.
     */
    static void gram(double[] rows, int n, int width, double[] out, double[] scratch) {
        int np = padded(n);
        int g = startGram(np, width, scratch);
        for (int k0 = 0; k0 < width; k0 += K_BLOCK) {
            int count = Math.min(K_BLOCK, width - k0);
            Kernels.transposeBlock(rows, n, width, k0, count, scratch, 0, np);
            addSlab(np, count, scratch, g);
        }
        finishGram(n, np, scratch, g, out, n);
    }

    /** Same contract and bits as the scalar {@link Kernels#gramOfColumns}: the columns copied padded a slab at a time, then as {@link #gram}. */
    static void gramOfColumns(double[] columns, int n, int width, double[] out, int outStride, double[] scratch) {
        int np = padded(n);
        int g = startGram(np, width, scratch);
        for (int k0 = 0; k0 < width; k0 += K_BLOCK) {
            int count = Math.min(K_BLOCK, width - k0);
            for (int k = 0; k < count; k++) {
                System.arraycopy(columns, (k0 + k) * n, scratch, k * np, n);
                java.util.Arrays.fill(scratch, k * np + n, (k + 1) * np, 0.0);
            }
            addSlab(np, count, scratch, g);
        }
        finishGram(n, np, scratch, g, out, outStride);
    }

    /** Zeroes the padded G after the slab in {@code scratch} and returns where it starts. */
    private static int startGram(int np, int width, double[] scratch) {
        int g = np * Math.min(width, K_BLOCK);
        java.util.Arrays.fill(scratch, g, g + np * np, 0.0);
        return g;
    }

    /** Adds the slab's {@code count} padded columns (count × np at the start of scratch) to G at {@code g}. */
    private static void addSlab(int np, int count, double[] scratch, int g) {
        for (int i0 = 0; i0 < np; i0 += TILE_ROWS) {
            // tiles on and right of the diagonal; entries left of it are overwritten by the mirror
            for (int j = i0 - i0 % TILE_COLUMNS; j < np; j += TILE_COLUMNS) {
                tile(scratch, np, i0, j, 0, count, scratch, g);
            }
        }
    }

    /** G's upper triangle into {@code out} (rows {@code outStride} apart), mirrored to the lower. */
    private static void finishGram(int n, int np, double[] scratch, int g, double[] out, int outStride) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(scratch, g + i * np + i, out, i * outStride + i, n - i);
            for (int jj = 0; jj < i; jj++) {
                out[i * outStride + jj] = out[jj * outStride + i];
            }
        }
    }

    /**
     * G[i0..i0+3][j..j+2L) += Σ_{k0 ≤ k < k1} φ_ik φ_jk in increasing k. The scalar kernel skips
     * φ_ik = 0; this one adds the zero product instead (a branch per lane costs more than the add),
     * which leaves a finite sum's bits unchanged: s + (±0) = s for s ≠ 0, and +0 + (±0) = +0.
     */
    private static void tile(double[] c, int n, int i0, int j, int k0, int k1, double[] out, int outOffset) {
        int o0 = outOffset + i0 * n + j;
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

    /**
     * Bytes of weights a block of the dense layer's outputs reads: one block's transposed weights
     * (nIn × its outputs) stay in the L1 cache while every input passes, where a pass over all outputs
     * per four inputs reads the whole weight matrix (10 × N doubles, 2.6 MB at N = 32768) from beyond
     * the L2 cache n/4 times.
     */
    private static final int DENSE_BLOCK_BYTES = 24 << 10;

    /**
     * Same contract and bits as the scalar dense layer, {@link Kernels#denseLayerScalar}: z = b + Σ_k a_k w_·k in
     * increasing k, then max(z, 0) if {@code relu}. Four inputs share each load of the weights, and
     * their eight independent sums hide the latency of the additions; the outputs are done a block
     * at a time for all inputs, so that the block's weights stay in the L1 cache.
     */
    static void denseLayer(
            double[] transposedWeights,
            double[] bias,
            int nIn,
            int nOut,
            double[] in,
            int n,
            double[] z,
            boolean relu) {
        // A zero bias adds exactly nothing, and a vector merged from two sources would be boxed.
        bias = bias != null ? bias : new double[nOut];
        int vectorEnd = SPECIES.loopBound(nOut);
        int pairEnd = vectorEnd - vectorEnd % (2 * LANES);
        int block = Math.max(1, DENSE_BLOCK_BYTES / (8 * 2 * LANES * Math.max(1, nIn))) * 2 * LANES;
        for (int j0 = 0; j0 < pairEnd; j0 += block) {
            int j1 = Math.min(pairEnd, j0 + block);
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                denseFour(transposedWeights, bias, nIn, nOut, in, i, z, relu, j0, j1);
            }
            for (; i < n; i++) {
                denseRow(transposedWeights, bias, nIn, nOut, in, i, z, relu, j0, j1);
            }
        }
        for (int i = 0; i < n; i++) {
            denseRow(transposedWeights, bias, nIn, nOut, in, i, z, relu, pairEnd, nOut);
        }
    }

    /** Outputs [j0, j1) (whole pairs of vectors) of inputs i..i+3, sharing each load of the weights. */
    private static void denseFour(
            double[] transposedWeights,
            double[] bias,
            int nIn,
            int nOut,
            double[] in,
            int i,
            double[] z,
            boolean relu,
            int j0,
            int j1) {
        int a0 = i * nIn;
        int a1 = a0 + nIn;
        int a2 = a1 + nIn;
        int a3 = a2 + nIn;
        int z0 = i * nOut;
        for (int j = j0; j < j1; j += 2 * LANES) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, bias, j);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, bias, j + LANES);
            DoubleVector s00 = b0;
            DoubleVector s01 = b1;
            DoubleVector s10 = b0;
            DoubleVector s11 = b1;
            DoubleVector s20 = b0;
            DoubleVector s21 = b1;
            DoubleVector s30 = b0;
            DoubleVector s31 = b1;
            for (int k = 0; k < nIn; k++) {
                DoubleVector w0 = DoubleVector.fromArray(SPECIES, transposedWeights, k * nOut + j);
                DoubleVector w1 = DoubleVector.fromArray(SPECIES, transposedWeights, k * nOut + j + LANES);
                double x0 = in[a0 + k];
                double x1 = in[a1 + k];
                double x2 = in[a2 + k];
                double x3 = in[a3 + k];
                s00 = s00.add(w0.mul(x0));
                s01 = s01.add(w1.mul(x0));
                s10 = s10.add(w0.mul(x1));
                s11 = s11.add(w1.mul(x1));
                s20 = s20.add(w0.mul(x2));
                s21 = s21.add(w1.mul(x2));
                s30 = s30.add(w0.mul(x3));
                s31 = s31.add(w1.mul(x3));
            }
            if (relu) {
                // max(s, 0), NaN → 0 as in the scalar relu; written out here because a helper
                // taking vectors, if C2 does not inline it, boxes them
                s00 = ZERO.blend(s00, s00.compare(VectorOperators.GT, 0.0));
                s01 = ZERO.blend(s01, s01.compare(VectorOperators.GT, 0.0));
                s10 = ZERO.blend(s10, s10.compare(VectorOperators.GT, 0.0));
                s11 = ZERO.blend(s11, s11.compare(VectorOperators.GT, 0.0));
                s20 = ZERO.blend(s20, s20.compare(VectorOperators.GT, 0.0));
                s21 = ZERO.blend(s21, s21.compare(VectorOperators.GT, 0.0));
                s30 = ZERO.blend(s30, s30.compare(VectorOperators.GT, 0.0));
                s31 = ZERO.blend(s31, s31.compare(VectorOperators.GT, 0.0));
            }
            s00.intoArray(z, z0 + j);
            s01.intoArray(z, z0 + j + LANES);
            s10.intoArray(z, z0 + nOut + j);
            s11.intoArray(z, z0 + nOut + j + LANES);
            s20.intoArray(z, z0 + 2 * nOut + j);
            s21.intoArray(z, z0 + 2 * nOut + j + LANES);
            s30.intoArray(z, z0 + 3 * nOut + j);
            s31.intoArray(z, z0 + 3 * nOut + j + LANES);
        }
    }

    /** Outputs [from, to) of input i, one vector (then, past the last whole vector, one element) at a time. */
    private static void denseRow(
            double[] transposedWeights,
            double[] bias,
            int nIn,
            int nOut,
            double[] in,
            int i,
            double[] z,
            boolean relu,
            int from,
            int to) {
        int zi = i * nOut;
        int ai = i * nIn;
        int j = from;
        for (; j + LANES <= to; j += LANES) {
            DoubleVector acc = DoubleVector.fromArray(SPECIES, bias, j);
            for (int k = 0; k < nIn; k++) {
                acc = acc.add(DoubleVector.fromArray(SPECIES, transposedWeights, k * nOut + j)
                        .mul(in[ai + k]));
            }
            if (relu) {
                acc = ZERO.blend(acc, acc.compare(VectorOperators.GT, 0.0));
            }
            acc.intoArray(z, zi + j);
        }
        for (; j < to; j++) {
            double s = bias[j];
            for (int k = 0; k < nIn; k++) {
                s += transposedWeights[k * nOut + j] * in[ai + k];
            }
            z[zi + j] = relu ? (s > 0 ? s : 0.0) : s;
        }
    }

    /** Same contract and bits as {@link Kernels#reluOutputGradientsScalar} for the whole block. */
    static void reluOutputGradients(
            Kernels.BackwardScratch at,
            double[] g,
            double[] readout,
            double[] h,
            double[] gradBias,
            double[] gradReadout,
            double[] scratch,
            int c0,
            int c1) {
        int vectorEnd = c0 + SPECIES.loopBound(c1 - c0);
        for (int i = 0; i < at.n; i++) {
            int row = i * at.nOut;
            int d = at.d(i, 0, c0);
            double gi = g[i];
            for (int j = c0; j < vectorEnd; j += LANES) {
                DoubleVector hij = DoubleVector.fromArray(SPECIES, h, row + j);
                DoubleVector dij = ZERO.blend(
                        DoubleVector.fromArray(SPECIES, readout, j).mul(gi), hij.compare(VectorOperators.GT, 0.0));
                dij.intoArray(scratch, d + j);
                DoubleVector.fromArray(SPECIES, gradReadout, j).add(hij.mul(gi)).intoArray(gradReadout, j);
                if (gradBias != null) {
                    DoubleVector.fromArray(SPECIES, gradBias, j).add(dij).intoArray(gradBias, j);
                }
            }
        }
        Kernels.reluOutputGradientsScalar(at, g, readout, h, gradBias, gradReadout, scratch, c0, vectorEnd, c1);
    }

    /**
     * Same contract and bits as {@link Kernels#weightGradientScalar} for the whole block: a register tile
     * of four inputs k by four vectors of outputs j sums over all n rows before it is stored.
     */
    static void weightGradient(
            Kernels.BackwardScratch at, double[] in, double[] gradTransposed, double[] scratch, int c0, int c1) {
        int n = at.n;
        int nIn = at.nIn;
        int nOut = at.nOut;
        int width = 4 * LANES;
        int vectorEnd = c1 - (c1 - c0) % width;
        for (int j = c0; j < vectorEnd; j += width) {
            int k = 0;
            for (; k + 4 <= nIn; k += 4) {
                int g0 = k * nOut + j;
                int g1 = g0 + nOut;
                int g2 = g1 + nOut;
                int g3 = g2 + nOut;
                DoubleVector a00 = DoubleVector.fromArray(SPECIES, gradTransposed, g0);
                DoubleVector a01 = DoubleVector.fromArray(SPECIES, gradTransposed, g0 + LANES);
                DoubleVector a02 = DoubleVector.fromArray(SPECIES, gradTransposed, g0 + 2 * LANES);
                DoubleVector a03 = DoubleVector.fromArray(SPECIES, gradTransposed, g0 + 3 * LANES);
                DoubleVector a10 = DoubleVector.fromArray(SPECIES, gradTransposed, g1);
                DoubleVector a11 = DoubleVector.fromArray(SPECIES, gradTransposed, g1 + LANES);
                DoubleVector a12 = DoubleVector.fromArray(SPECIES, gradTransposed, g1 + 2 * LANES);
                DoubleVector a13 = DoubleVector.fromArray(SPECIES, gradTransposed, g1 + 3 * LANES);
                DoubleVector a20 = DoubleVector.fromArray(SPECIES, gradTransposed, g2);
                DoubleVector a21 = DoubleVector.fromArray(SPECIES, gradTransposed, g2 + LANES);
                DoubleVector a22 = DoubleVector.fromArray(SPECIES, gradTransposed, g2 + 2 * LANES);
                DoubleVector a23 = DoubleVector.fromArray(SPECIES, gradTransposed, g2 + 3 * LANES);
                DoubleVector a30 = DoubleVector.fromArray(SPECIES, gradTransposed, g3);
                DoubleVector a31 = DoubleVector.fromArray(SPECIES, gradTransposed, g3 + LANES);
                DoubleVector a32 = DoubleVector.fromArray(SPECIES, gradTransposed, g3 + 2 * LANES);
                DoubleVector a33 = DoubleVector.fromArray(SPECIES, gradTransposed, g3 + 3 * LANES);
                for (int i = 0; i < n; i++) {
                    int d = at.d(i, j, c0);
                    DoubleVector d0 = DoubleVector.fromArray(SPECIES, scratch, d);
                    DoubleVector d1 = DoubleVector.fromArray(SPECIES, scratch, d + LANES);
                    DoubleVector d2 = DoubleVector.fromArray(SPECIES, scratch, d + 2 * LANES);
                    DoubleVector d3 = DoubleVector.fromArray(SPECIES, scratch, d + 3 * LANES);
                    int x = i * nIn + k;
                    double x0 = in[x];
                    double x1 = in[x + 1];
                    double x2 = in[x + 2];
                    double x3 = in[x + 3];
                    a00 = a00.add(d0.mul(x0));
                    a01 = a01.add(d1.mul(x0));
                    a02 = a02.add(d2.mul(x0));
                    a03 = a03.add(d3.mul(x0));
                    a10 = a10.add(d0.mul(x1));
                    a11 = a11.add(d1.mul(x1));
                    a12 = a12.add(d2.mul(x1));
                    a13 = a13.add(d3.mul(x1));
                    a20 = a20.add(d0.mul(x2));
                    a21 = a21.add(d1.mul(x2));
                    a22 = a22.add(d2.mul(x2));
                    a23 = a23.add(d3.mul(x2));
                    a30 = a30.add(d0.mul(x3));
                    a31 = a31.add(d1.mul(x3));
                    a32 = a32.add(d2.mul(x3));
                    a33 = a33.add(d3.mul(x3));
                }
                a00.intoArray(gradTransposed, g0);
                a01.intoArray(gradTransposed, g0 + LANES);
                a02.intoArray(gradTransposed, g0 + 2 * LANES);
                a03.intoArray(gradTransposed, g0 + 3 * LANES);
                a10.intoArray(gradTransposed, g1);
                a11.intoArray(gradTransposed, g1 + LANES);
                a12.intoArray(gradTransposed, g1 + 2 * LANES);
                a13.intoArray(gradTransposed, g1 + 3 * LANES);
                a20.intoArray(gradTransposed, g2);
                a21.intoArray(gradTransposed, g2 + LANES);
                a22.intoArray(gradTransposed, g2 + 2 * LANES);
                a23.intoArray(gradTransposed, g2 + 3 * LANES);
                a30.intoArray(gradTransposed, g3);
                a31.intoArray(gradTransposed, g3 + LANES);
                a32.intoArray(gradTransposed, g3 + 2 * LANES);
                a33.intoArray(gradTransposed, g3 + 3 * LANES);
            }
            for (; k < nIn; k++) {
                int g0 = k * nOut + j;
                DoubleVector a00 = DoubleVector.fromArray(SPECIES, gradTransposed, g0);
                DoubleVector a01 = DoubleVector.fromArray(SPECIES, gradTransposed, g0 + LANES);
                DoubleVector a02 = DoubleVector.fromArray(SPECIES, gradTransposed, g0 + 2 * LANES);
                DoubleVector a03 = DoubleVector.fromArray(SPECIES, gradTransposed, g0 + 3 * LANES);
                for (int i = 0; i < n; i++) {
                    int d = at.d(i, j, c0);
                    double x0 = in[i * nIn + k];
                    a00 = a00.add(DoubleVector.fromArray(SPECIES, scratch, d).mul(x0));
                    a01 = a01.add(
                            DoubleVector.fromArray(SPECIES, scratch, d + LANES).mul(x0));
                    a02 = a02.add(DoubleVector.fromArray(SPECIES, scratch, d + 2 * LANES)
                            .mul(x0));
                    a03 = a03.add(DoubleVector.fromArray(SPECIES, scratch, d + 3 * LANES)
                            .mul(x0));
                }
                a00.intoArray(gradTransposed, g0);
                a01.intoArray(gradTransposed, g0 + LANES);
                a02.intoArray(gradTransposed, g0 + 2 * LANES);
                a03.intoArray(gradTransposed, g0 + 3 * LANES);
            }
        }
        Kernels.weightGradientScalar(at, in, gradTransposed, scratch, c0, vectorEnd, c1);
    }

    /**
     * Same contract and bits as {@link Kernels#inputGradientStreamsScalar} from column 0, on 8-lane
     * vectors (whose lanes are the eight streams; the plain loop elsewhere): register tiles of four
     * rows i (then single rows) by four inputs k sum over the outputs j. The inputs past the last
     * whole four come from the scratch's copy of those weight rows, padded with zero rows, and
     * their padded sums land in streams nobody reads.
     */
    static void inputGradientStreams(
            Kernels.BackwardScratch at, double[] transposedWeights, double[] scratch, int c0, int c1) {
        int nOut = at.nOut;
        int k4 = at.paddedInputs;
        int streams = Kernels.BACKWARD_STREAMS;
        int vectorEnd = LANES == streams ? c1 - (c1 - c0) % streams : c0;
        if (vectorEnd > c0) {
            int rowStride = k4 * streams;
            int i = 0;
            for (; i + 4 <= at.n; i += 4) {
                for (int k = 0; k < k4; k += 4) {
                    boolean whole = k < at.tiledInputs;
                    streamTile4x4(
                            scratch,
                            at.d(i, 0, c0),
                            at.blockColumns,
                            whole ? transposedWeights : scratch,
                            whole ? k * nOut : at.lastWeights,
                            nOut,
                            (i * k4 + k) * streams,
                            rowStride,
                            c0,
                            vectorEnd);
                }
            }
            for (; i < at.n; i++) {
                for (int k = 0; k < k4; k += 4) {
                    boolean whole = k < at.tiledInputs;
                    streamTile1x4(
                            scratch,
                            at.d(i, 0, c0),
                            at.blockColumns,
                            whole ? transposedWeights : scratch,
                            whole ? k * nOut : at.lastWeights,
                            nOut,
                            (i * k4 + k) * streams,
                            rowStride,
                            c0,
                            vectorEnd);
                }
            }
        }
        Kernels.inputGradientStreamsScalar(at, transposedWeights, scratch, c0, vectorEnd, c1);
    }

    /** Streams of rows i..i+3 and inputs k..k+3 (weights rows w, w + nOut, …) over outputs from ≤ j &lt; end. */
    private static void streamTile4x4(
            double[] scratch,
            int d0,
            int dStride,
            double[] w,
            int w0,
            int nOut,
            int o0,
            int rowStride,
            int from,
            int end) {
        int streams = Kernels.BACKWARD_STREAMS;
        int d1 = d0 + dStride;
        int d2 = d1 + dStride;
        int d3 = d2 + dStride;
        int w1 = w0 + nOut;
        int w2 = w1 + nOut;
        int w3 = w2 + nOut;
        int o1 = o0 + rowStride;
        int o2 = o1 + rowStride;
        int o3 = o2 + rowStride;
        // from the zeroed scratch, not from ZERO: a loop-carried vector that starts as a constant is boxed
        DoubleVector s00 = DoubleVector.fromArray(SPECIES, scratch, o0);
        DoubleVector s01 = DoubleVector.fromArray(SPECIES, scratch, o0 + streams);
        DoubleVector s02 = DoubleVector.fromArray(SPECIES, scratch, o0 + 2 * streams);
        DoubleVector s03 = DoubleVector.fromArray(SPECIES, scratch, o0 + 3 * streams);
        DoubleVector s10 = DoubleVector.fromArray(SPECIES, scratch, o1);
        DoubleVector s11 = DoubleVector.fromArray(SPECIES, scratch, o1 + streams);
        DoubleVector s12 = DoubleVector.fromArray(SPECIES, scratch, o1 + 2 * streams);
        DoubleVector s13 = DoubleVector.fromArray(SPECIES, scratch, o1 + 3 * streams);
        DoubleVector s20 = DoubleVector.fromArray(SPECIES, scratch, o2);
        DoubleVector s21 = DoubleVector.fromArray(SPECIES, scratch, o2 + streams);
        DoubleVector s22 = DoubleVector.fromArray(SPECIES, scratch, o2 + 2 * streams);
        DoubleVector s23 = DoubleVector.fromArray(SPECIES, scratch, o2 + 3 * streams);
        DoubleVector s30 = DoubleVector.fromArray(SPECIES, scratch, o3);
        DoubleVector s31 = DoubleVector.fromArray(SPECIES, scratch, o3 + streams);
        DoubleVector s32 = DoubleVector.fromArray(SPECIES, scratch, o3 + 2 * streams);
        DoubleVector s33 = DoubleVector.fromArray(SPECIES, scratch, o3 + 3 * streams);
        for (int j = from; j < end; j += streams) {
            DoubleVector e0 = DoubleVector.fromArray(SPECIES, scratch, d0 + j);
            DoubleVector e1 = DoubleVector.fromArray(SPECIES, scratch, d1 + j);
            DoubleVector e2 = DoubleVector.fromArray(SPECIES, scratch, d2 + j);
            DoubleVector e3 = DoubleVector.fromArray(SPECIES, scratch, d3 + j);
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, w, w0 + j);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, w, w1 + j);
            DoubleVector v2 = DoubleVector.fromArray(SPECIES, w, w2 + j);
            DoubleVector v3 = DoubleVector.fromArray(SPECIES, w, w3 + j);
            s00 = s00.add(e0.mul(v0));
            s01 = s01.add(e0.mul(v1));
            s02 = s02.add(e0.mul(v2));
            s03 = s03.add(e0.mul(v3));
            s10 = s10.add(e1.mul(v0));
            s11 = s11.add(e1.mul(v1));
            s12 = s12.add(e1.mul(v2));
            s13 = s13.add(e1.mul(v3));
            s20 = s20.add(e2.mul(v0));
            s21 = s21.add(e2.mul(v1));
            s22 = s22.add(e2.mul(v2));
            s23 = s23.add(e2.mul(v3));
            s30 = s30.add(e3.mul(v0));
            s31 = s31.add(e3.mul(v1));
            s32 = s32.add(e3.mul(v2));
            s33 = s33.add(e3.mul(v3));
        }
        s00.intoArray(scratch, o0);
        s01.intoArray(scratch, o0 + streams);
        s02.intoArray(scratch, o0 + 2 * streams);
        s03.intoArray(scratch, o0 + 3 * streams);
        s10.intoArray(scratch, o1);
        s11.intoArray(scratch, o1 + streams);
        s12.intoArray(scratch, o1 + 2 * streams);
        s13.intoArray(scratch, o1 + 3 * streams);
        s20.intoArray(scratch, o2);
        s21.intoArray(scratch, o2 + streams);
        s22.intoArray(scratch, o2 + 2 * streams);
        s23.intoArray(scratch, o2 + 3 * streams);
        s30.intoArray(scratch, o3);
        s31.intoArray(scratch, o3 + streams);
        s32.intoArray(scratch, o3 + 2 * streams);
        s33.intoArray(scratch, o3 + 3 * streams);
    }

    /** Streams of rows i..i+0 and inputs k..k+3 (weights rows w, w + nOut, …) over outputs from ≤ j &lt; end. */
    private static void streamTile1x4(
            double[] scratch,
            int d0,
            int dStride,
            double[] w,
            int w0,
            int nOut,
            int o0,
            int rowStride,
            int from,
            int end) {
        int streams = Kernels.BACKWARD_STREAMS;
        int w1 = w0 + nOut;
        int w2 = w1 + nOut;
        int w3 = w2 + nOut;
        // from the zeroed scratch, not from ZERO: a loop-carried vector that starts as a constant is boxed
        DoubleVector s00 = DoubleVector.fromArray(SPECIES, scratch, o0);
        DoubleVector s01 = DoubleVector.fromArray(SPECIES, scratch, o0 + streams);
        DoubleVector s02 = DoubleVector.fromArray(SPECIES, scratch, o0 + 2 * streams);
        DoubleVector s03 = DoubleVector.fromArray(SPECIES, scratch, o0 + 3 * streams);
        for (int j = from; j < end; j += streams) {
            DoubleVector e0 = DoubleVector.fromArray(SPECIES, scratch, d0 + j);
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, w, w0 + j);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, w, w1 + j);
            DoubleVector v2 = DoubleVector.fromArray(SPECIES, w, w2 + j);
            DoubleVector v3 = DoubleVector.fromArray(SPECIES, w, w3 + j);
            s00 = s00.add(e0.mul(v0));
            s01 = s01.add(e0.mul(v1));
            s02 = s02.add(e0.mul(v2));
            s03 = s03.add(e0.mul(v3));
        }
        s00.intoArray(scratch, o0);
        s01.intoArray(scratch, o0 + streams);
        s02.intoArray(scratch, o0 + 2 * streams);
        s03.intoArray(scratch, o0 + 3 * streams);
    }

    /**
     * Same contract and bits as {@link Kernels#rowDotsScalar} from row 0, on 8-lane vectors (whose
     * lanes are the eight streams; the plain loop elsewhere), two rows at a time so that neither
     * sum waits for its last addition.
     */
    static void rowDots(double[] rows, int n, int width, double[] x, double[] out) {
        int streams = Kernels.BACKWARD_STREAMS;
        if (LANES != streams) {
            Kernels.rowDotsScalar(rows, n, width, x, out, 0);
            return;
        }
        int vectorEnd = width - width % streams;
        double[] partial = new double[2 * streams]; // zeros: a loop-carried vector that starts as a constant is boxed
        int i = 0;
        for (; i + 2 <= n; i += 2) {
            int r0 = i * width;
            int r1 = r0 + width;
            java.util.Arrays.fill(partial, 0.0);
            DoubleVector s0 = DoubleVector.fromArray(SPECIES, partial, 0);
            DoubleVector s1 = DoubleVector.fromArray(SPECIES, partial, streams);
            for (int j = 0; j < vectorEnd; j += streams) {
                DoubleVector xj = DoubleVector.fromArray(SPECIES, x, j);
                s0 = s0.add(DoubleVector.fromArray(SPECIES, rows, r0 + j).mul(xj));
                s1 = s1.add(DoubleVector.fromArray(SPECIES, rows, r1 + j).mul(xj));
            }
            s0.intoArray(partial, 0);
            s1.intoArray(partial, streams);
            out[i] = Kernels.combineStreams(partial, 0, rows, r0, x, vectorEnd, width);
            out[i + 1] = Kernels.combineStreams(partial, streams, rows, r1, x, vectorEnd, width);
        }
        Kernels.rowDotsScalar(rows, n, width, x, out, i);
    }

    /** Same contract and bits as {@link Kernels#rankTwoRowScalar}: a − (w·s + v·t) lane by lane. */
    static void rankTwoRow(double[] a, int ao, double s, double[] w, double t, double[] v, int m) {
        int j = 0;
        for (int bound = SPECIES.loopBound(m); j < bound; j += LANES) {
            DoubleVector update = DoubleVector.fromArray(SPECIES, w, j)
                    .mul(s)
                    .add(DoubleVector.fromArray(SPECIES, v, j).mul(t));
            DoubleVector.fromArray(SPECIES, a, ao + j).sub(update).intoArray(a, ao + j);
        }
        for (; j < m; j++) {
            a[ao + j] -= s * w[j] + t * v[j];
        }
    }

    /**
     * Same contract and bits as {@link Kernels#subtractCombinationScalar}. Each z_j is its own
     * chain of additions in increasing i, so the only parallelism is across j: eight vectors of z
     * stay in registers per pass over G, enough independent sums to keep the adders busy.
     */
    static void subtractCombination(double[] g, int n, double[] c, double[] z) {
        int j = 0;
        for (; j + 8 * LANES <= n; j += 8 * LANES) {
            DoubleVector z0 = DoubleVector.fromArray(SPECIES, z, j);
            DoubleVector z1 = DoubleVector.fromArray(SPECIES, z, j + LANES);
            DoubleVector z2 = DoubleVector.fromArray(SPECIES, z, j + 2 * LANES);
            DoubleVector z3 = DoubleVector.fromArray(SPECIES, z, j + 3 * LANES);
            DoubleVector z4 = DoubleVector.fromArray(SPECIES, z, j + 4 * LANES);
            DoubleVector z5 = DoubleVector.fromArray(SPECIES, z, j + 5 * LANES);
            DoubleVector z6 = DoubleVector.fromArray(SPECIES, z, j + 6 * LANES);
            DoubleVector z7 = DoubleVector.fromArray(SPECIES, z, j + 7 * LANES);
            for (int i = 0; i < n; i++) {
                double a = -c[i];
                int row = i * n + j;
                z0 = z0.add(DoubleVector.fromArray(SPECIES, g, row).mul(a));
                z1 = z1.add(DoubleVector.fromArray(SPECIES, g, row + LANES).mul(a));
                z2 = z2.add(DoubleVector.fromArray(SPECIES, g, row + 2 * LANES).mul(a));
                z3 = z3.add(DoubleVector.fromArray(SPECIES, g, row + 3 * LANES).mul(a));
                z4 = z4.add(DoubleVector.fromArray(SPECIES, g, row + 4 * LANES).mul(a));
                z5 = z5.add(DoubleVector.fromArray(SPECIES, g, row + 5 * LANES).mul(a));
                z6 = z6.add(DoubleVector.fromArray(SPECIES, g, row + 6 * LANES).mul(a));
                z7 = z7.add(DoubleVector.fromArray(SPECIES, g, row + 7 * LANES).mul(a));
            }
            z0.intoArray(z, j);
            z1.intoArray(z, j + LANES);
            z2.intoArray(z, j + 2 * LANES);
            z3.intoArray(z, j + 3 * LANES);
            z4.intoArray(z, j + 4 * LANES);
            z5.intoArray(z, j + 5 * LANES);
            z6.intoArray(z, j + 6 * LANES);
            z7.intoArray(z, j + 7 * LANES);
        }
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
        for (; j + LANES <= n; j += LANES) {
            DoubleVector z0 = DoubleVector.fromArray(SPECIES, z, j);
            for (int i = 0; i < n; i++) {
                z0 = z0.add(DoubleVector.fromArray(SPECIES, g, i * n + j).mul(-c[i]));
            }
            z0.intoArray(z, j);
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
