package dev.bayesrg.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import java.util.List;
import java.util.Random;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Vector API kernels must return the scalar kernels' exact bits (the tests run with the module). */
class VectorKernelsTest {

    @Test
    void theTestJvmHasTheVectorApi() {
        assertTrue(Kernels.VECTOR_API_PRESENT, "surefire must start the JVM with --add-modules jdk.incubator.vector");
    }

    @ParameterizedTest(name = "n={0} width={1} zeros={2}")
    @CsvSource({
        "1, 1, 0.0",
        "3, 5, 0.5",
        "4, 16, 0.0",
        "13, 37, 0.5",
        "16, 300, 0.0",
        "37, 300, 0.5",
        "64, 513, 0.9",
        "65, 257, 0.3",
        "200, 2048, 0.5"
    })
    void vectorGramEqualsScalarGramBitForBit(int n, int width, double zeroFraction) {
        Random rnd = new Random(n * 31L + width);
        double[] rows = new double[n * width];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = rnd.nextDouble() < zeroFraction ? 0.0 : rnd.nextGaussian() * 10;
        }
        double[] scalar = new double[n * n];
        double[] vector = new double[n * n];
        Kernels.gramScalar(rows, n, width, scalar);
        VectorKernels.gram(rows, n, width, vector);
        for (int k = 0; k < scalar.length; k++) {
            assertEquals(
                    Double.doubleToRawLongBits(scalar[k]),
                    Double.doubleToRawLongBits(vector[k]),
                    "G[" + k / n + "][" + k % n + "]: " + scalar[k] + " vs " + vector[k]);
        }
        // and both are the Gram matrix: spot-check against plain dot products
        for (int i = 0; i < n; i += Math.max(1, n / 7)) {
            for (int j = 0; j < n; j += Math.max(1, n / 5)) {
                double dot = 0;
                for (int k = 0; k < width; k++) {
                    dot += rows[i * width + k] * rows[j * width + k];
                }
                assertEquals(dot, vector[i * n + j], 1e-12 * Math.max(1, Math.abs(dot)));
            }
        }
    }

    @ParameterizedTest(name = "columns={0} rows={1} stride={2}")
    @CsvSource({"1, 5, 1", "7, 50, 8", "19, 37, 19", "16, 300, 17", "40, 300, 41"})
    void gramOfTheColumnsIsTheGramOfTheTransposeBitForBitOnBothPaths(int n, int width, int stride) {
        Random rnd = new Random(n * 17L + width);
        double[] columns = new double[width * n]; // width×n: the Gram of its n columns
        for (int k = 0; k < columns.length; k++) {
            columns[k] = rnd.nextDouble() < 0.4 ? 0.0 : rnd.nextGaussian();
        }
        double[] expected = new double[n * n];
        Kernels.gramScalar(Kernels.transpose(columns, width, n), n, width, expected);
        double[] scalar = new double[n * stride];
        double[] vector = new double[n * stride];
        Kernels.gramOfColumnsScalar(columns, n, width, scalar, stride);
        VectorKernels.gramOfColumns(columns, n, width, vector, stride, new double[Kernels.gramScratchLength(n, width)]);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                long bits = Double.doubleToRawLongBits(expected[i * n + j]);
                assertEquals(bits, Double.doubleToRawLongBits(scalar[i * stride + j]), "scalar " + i + "," + j);
                assertEquals(bits, Double.doubleToRawLongBits(vector[i * stride + j]), "vector " + i + "," + j);
            }
        }
    }

    @ParameterizedTest(name = "width={0} bias={1} activation={2}")
    @CsvSource({
        "1, false, relu",
        "7, true, relu",
        "33, true, tanh",
        "2048, false, relu",
        "100, true, identity",
        "1000, true, tanh"
    })
    void oneInputForwardEqualsBatchForwardAndItsColumnsBitForBit(int width, boolean bias, Activation activation) {
        NetworkConfig config = new NetworkConfig(
                List.of(new LayerConfig(10, Activation.IDENTITY, bias), new LayerConfig(width, activation, bias)),
                Activation.IDENTITY,
                false,
                new InitConfig(InitConfig.Scheme.NORMAL, 0, 1, 1, 1),
                NetworkConfig.Trainable.LAST);
        Architecture arch = new Architecture(2, config);
        double[] theta = new ParameterPrior(arch, config.init()).sample(RandomSource.XO_SHI_RO_256_PP.create(3L));
        Random rnd = new Random(width);
        double[][] inputs = new double[23][2];
        for (double[] x : inputs) {
            x[0] = rnd.nextGaussian();
            x[1] = rnd.nextGaussian();
        }
        Network network = new Network(arch);
        FeatureMatrix batch;
        double[] columns; // through blocks of 512 units: 1000 ends in a partial block
        Kernels.Mode before = Kernels.mode();
        try {
            Kernels.use(Kernels.Mode.VECTOR);
            batch = network.features(theta, inputs); // the batch kernels, on the vector path
            columns = network.frozen(theta).featureColumns(inputs, new double[inputs.length * width]);
        } finally {
            Kernels.use(before);
        }
        double[] one = new double[width];
        for (int i = 0; i < inputs.length; i++) {
            network.features(theta, inputs[i], one, 0); // the one-input scalar path
            for (int j = 0; j < width; j++) {
                assertEquals(Double.doubleToRawLongBits(one[j]), Double.doubleToRawLongBits(batch.get(i, j)));
                assertEquals(
                        Double.doubleToRawLongBits(one[j]), Double.doubleToRawLongBits(columns[j * inputs.length + i]));
            }
        }
    }

    @ParameterizedTest(name = "inputs={0} nIn={1} nOut={2} bias={3} relu={4}")
    @CsvSource({
        "1, 1, 1, false, true",
        "3, 2, 7, true, true",
        "4, 10, 16, false, true",
        "5, 10, 17, true, false",
        "23, 10, 33, true, true",
        "200, 10, 2048, false, true",
        "9, 3, 100, true, false",
        "7, 3000, 40, false, false",
        "25, 200, 1000, false, false"
    })
    void vectorDenseLayerEqualsScalarBitForBit(int n, int nIn, int nOut, boolean bias, boolean relu) {
        Random rnd = new Random(n * 131L + nOut);
        double[] weights = new double[nIn * nOut];
        double[] in = new double[n * nIn];
        double[] b = bias ? new double[nOut] : null;
        for (int k = 0; k < weights.length; k++) {
            weights[k] = rnd.nextGaussian();
        }
        for (int k = 0; k < in.length; k++) {
            in[k] = rnd.nextDouble() < 0.1 ? 0.0 : rnd.nextGaussian();
        }
        if (bias) {
            for (int j = 0; j < nOut; j++) {
                b[j] = rnd.nextGaussian();
            }
        }
        double[] scalar = new double[n * nOut];
        double[] vector = new double[n * nOut];
        Kernels.denseLayerScalar(weights, b, nIn, nOut, in, n, scalar);
        if (relu) {
            Activation.RELU.apply(scalar, scalar);
        }
        VectorKernels.denseLayer(weights, b, nIn, nOut, in, n, vector, relu);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < nOut; j++) {
                int k = i * nOut + j;
                assertEquals(
                        Double.doubleToRawLongBits(scalar[k]),
                        Double.doubleToRawLongBits(vector[k]),
                        "z[" + i + "][" + j + "]");
                double expected = bias ? b[j] : 0.0;
                for (int m = 0; m < nIn; m++) {
                    expected += in[i * nIn + m] * weights[m * nOut + j];
                }
                expected = relu ? Math.max(0, expected) : expected;
                assertEquals(expected, vector[k], 1e-12 * (1 + Math.abs(expected)));
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({"1", "5", "16", "17", "64", "65", "80", "200"})
    void vectorDualUpdateEqualsScalarBitForBit(int n) {
        Random rnd = new Random(n);
        double[] g = new double[n * n];
        double[] c = new double[n];
        double[] z = new double[n];
        for (int k = 0; k < g.length; k++) {
            g[k] = rnd.nextGaussian() * 100;
        }
        for (int i = 0; i < n; i++) {
            c[i] = rnd.nextDouble() < 0.2 ? 0.0 : rnd.nextGaussian() * 1e-3;
            z[i] = rnd.nextGaussian();
        }
        double[] scalar = z.clone();
        double[] vector = z.clone();
        Kernels.subtractCombinationScalar(g, n, c, scalar);
        VectorKernels.subtractCombination(g, n, c, vector);
        for (int j = 0; j < n; j++) {
            assertEquals(Double.doubleToRawLongBits(scalar[j]), Double.doubleToRawLongBits(vector[j]), "z[" + j + "]");
            double expected = z[j];
            for (int i = 0; i < n; i++) {
                expected -= c[i] * g[i * n + j];
            }
            assertEquals(expected, vector[j], 1e-12 * (1 + Math.abs(expected)));
        }
    }

    @ParameterizedTest(name = "n={0} offset={1}")
    @CsvSource({"1, 0", "7, 3", "8, 0", "17, 5", "64, 1", "203, 11"})
    void vectorRankTwoRowEqualsScalarBitForBit(int n, int offset) {
        Random rnd = new Random(31L * n + offset);
        double[] a = new double[offset + n];
        double[] v = new double[n];
        double[] w = new double[n];
        for (int k = 0; k < a.length; k++) {
            a[k] = rnd.nextGaussian() * 1e6;
        }
        for (int j = 0; j < n; j++) {
            v[j] = rnd.nextGaussian();
            w[j] = rnd.nextGaussian() * 1e-2;
        }
        double s = rnd.nextGaussian();
        double t = rnd.nextGaussian();
        double[] scalar = a.clone();
        double[] vector = a.clone();
        Kernels.rankTwoRowScalar(scalar, offset, s, w, t, v, n);
        VectorKernels.rankTwoRow(vector, offset, s, w, t, v, n);
        for (int j = 0; j < n; j++) {
            int k = offset + j;
            assertEquals(Double.doubleToRawLongBits(scalar[k]), Double.doubleToRawLongBits(vector[k]), "rank two " + j);
            assertEquals(a[k] - (s * w[j] + t * v[j]), vector[k], 0.0, "rank two against its definition at " + j);
        }
        for (int k = 0; k < offset; k++) {
            assertEquals(a[k], vector[k], 0.0, "left of the offset untouched");
        }
    }

    /**
     * The transpose runs in blocks of columns and of rows; whatever the shape (a partial last block of
     * either, padding columns beyond the rows), it must be the transpose, padding zero.
     */
    @ParameterizedTest(name = "rows={0} cols={1} stride={2}")
    @CsvSource({"1, 1, 1", "3, 130, 3", "9, 127, 16", "200, 1000, 208", "17, 256, 17"})
    void theBlockedTransposeIsTheTransposeWithZeroPadding(int rows, int cols, int stride) {
        Random rnd = new Random(rows * 7L + cols);
        double[] m = new double[rows * cols];
        for (int k = 0; k < m.length; k++) {
            m[k] = rnd.nextGaussian();
        }
        double[] t = new double[cols * stride];
        java.util.Arrays.fill(t, Double.NaN);
        Kernels.transposePadded(m, rows, cols, stride, t);
        for (int k = 0; k < cols; k++) {
            for (int i = 0; i < stride; i++) {
                double expected = i < rows ? m[i * cols + k] : 0.0;
                assertEquals(expected, t[k * stride + i], "t[" + k + "][" + i + "]");
            }
        }
    }

    /** The dots from the columns must be the row dots' bits: the same partial sums, in the same order. */
    @ParameterizedTest(name = "points={0} width={1}")
    @CsvSource({"1, 1", "3, 3", "7, 4", "13, 7", "200, 2051"})
    void dotsOfTheColumnsAreTheRowDotsBitForBit(int points, int width) {
        Random rnd = new Random(points * 13L + width);
        double[] rows = new double[points * width];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = rnd.nextDouble() < 0.4 ? 0.0 : rnd.nextGaussian() * 3;
        }
        double[] x = new double[width + 2];
        for (int k = 0; k < x.length; k++) {
            x[k] = rnd.nextGaussian();
        }
        double[] out = new double[points];
        Kernels.dotsOfColumns(x, 2, Kernels.transpose(rows, points, width), points, width, out);
        for (int i = 0; i < points; i++) {
            double expected = Kernels.dot(x, 2, rows, i * width, width);
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(out[i]), "point " + i);
        }
    }

    @ParameterizedTest(name = "width={0} output={1}")
    @CsvSource({"37, identity", "300, tanh", "2048, identity"})
    void batchOutputsEqualOneInputOutputsBitForBit(int width, Activation output) {
        NetworkConfig config = new NetworkConfig(
                List.of(new LayerConfig(10, Activation.IDENTITY, true), new LayerConfig(width, Activation.RELU, true)),
                output,
                true,
                new InitConfig(InitConfig.Scheme.NORMAL, 0, 1, 1, 1),
                NetworkConfig.Trainable.ALL);
        Architecture arch = new Architecture(2, config);
        double[] theta = new ParameterPrior(arch, config.init()).sample(RandomSource.XO_SHI_RO_256_PP.create(4L));
        double[][] inputs = planeInputs(new Random(width), 19);
        Network network = new Network(arch);
        double[] batch = new double[inputs.length];
        Kernels.Mode before = Kernels.mode();
        try {
            Kernels.use(Kernels.Mode.VECTOR);
            network.outputs(theta, inputs, batch);
        } finally {
            Kernels.use(before);
        }
        for (int i = 0; i < inputs.length; i++) {
            assertEquals(
                    Double.doubleToRawLongBits(network.output(theta, inputs[i])),
                    Double.doubleToRawLongBits(batch[i]),
                    "f(x_" + i + ")");
        }
    }

    @ParameterizedTest(name = "n={0} nIn={1} nOut={2} readoutForm={3} bias={4}")
    @CsvSource({
        "1, 1, 1, false, false",
        "1, 10, 2000, true, false",
        "3, 2, 10, false, true",
        "7, 10, 37, true, true",
        "13, 10, 300, false, true",
        "5, 300, 45, false, false",
        "200, 10, 2048, true, false",
        "17, 3, 1029, true, true",
        "3, 10, 1000, false, true",
        "2, 300, 100, true, true"
    })
    void vectorBackwardLayerEqualsScalarBitForBitAndTheSumsItDefines(
            int n, int nIn, int nOut, boolean readoutForm, boolean bias) {
        Random rnd = new Random(n * 131L + nIn * 17L + nOut);
        double[] in = gaussians(rnd, n * nIn);
        double[] weights = gaussians(rnd, nIn * nOut);
        double[] h = gaussians(rnd, n * nOut); // about half negative: the ReLU mask
        double[] delta = gaussians(rnd, n * nOut);
        double[] g = gaussians(rnd, n);
        double[] readout = gaussians(rnd, nOut);
        double[][] scalar = new double[4][];
        double[][] vector = new double[4][];
        Kernels.Mode before = Kernels.mode();
        try {
            for (double[][] result : List.of(scalar, vector)) {
                Kernels.use(result == scalar ? Kernels.Mode.PLAIN : Kernels.Mode.VECTOR);
                double[] gradTransposed = gaussians(new Random(5), nIn * nOut); // adds to what is there
                double[] gradBias = bias ? gaussians(new Random(6), nOut) : null;
                double[] gradReadout = readoutForm ? gaussians(new Random(7), nOut) : null;
                double[] below = new double[n * nIn];
                double[] scratch = new double[Kernels.backwardScratchLength(n, nIn, nOut)];
                if (readoutForm) {
                    Kernels.backwardReluUnderReadout(
                            n,
                            nIn,
                            nOut,
                            in,
                            weights,
                            g,
                            readout,
                            h,
                            gradTransposed,
                            gradBias,
                            gradReadout,
                            below,
                            scratch);
                } else {
                    Kernels.backwardLayer(n, nIn, nOut, in, weights, delta, gradTransposed, gradBias, below, scratch);
                }
                result[0] = gradTransposed;
                result[1] = bias ? gradBias : new double[0];
                result[2] = readoutForm ? gradReadout : new double[0];
                result[3] = below;
            }
        } finally {
            Kernels.use(before);
        }
        for (int q = 0; q < 4; q++) {
            for (int k = 0; k < scalar[q].length; k++) {
                assertEquals(
                        Double.doubleToRawLongBits(scalar[q][k]),
                        Double.doubleToRawLongBits(vector[q][k]),
                        "output " + q + " [" + k + "]: " + scalar[q][k] + " vs " + vector[q][k]);
            }
        }
        // the sums themselves, in the textbook order
        for (int k = 0; k < nIn; k++) {
            for (int j = 0; j < nOut; j += Math.max(1, nOut / 17)) {
                double sum = gaussians(new Random(5), nIn * nOut)[k * nOut + j];
                for (int i = 0; i < n; i++) {
                    sum += outputGradient(readoutForm, delta, g, readout, h, nOut, i, j) * in[i * nIn + k];
                }
                assertEquals(sum, scalar[0][k * nOut + j], 1e-12 * (1 + Math.abs(sum)), "dL/dW");
            }
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < nIn; k++) {
                double sum = 0;
                for (int j = 0; j < nOut; j++) {
                    sum += outputGradient(readoutForm, delta, g, readout, h, nOut, i, j) * weights[k * nOut + j];
                }
                assertEquals(sum, scalar[3][i * nIn + k], 1e-11 * (1 + Math.abs(sum)), "dL/dx");
            }
        }
        if (readoutForm) {
            for (int j = 0; j < nOut; j++) {
                double sum = gaussians(new Random(7), nOut)[j];
                for (int i = 0; i < n; i++) {
                    sum += g[i] * h[i * nOut + j];
                }
                assertEquals(sum, scalar[2][j], 1e-12 * (1 + Math.abs(sum)), "dL/da");
            }
        }
    }

    private static double outputGradient(
            boolean readoutForm, double[] delta, double[] g, double[] readout, double[] h, int nOut, int i, int j) {
        return readoutForm ? (h[i * nOut + j] > 0 ? g[i] * readout[j] : 0.0) : delta[i * nOut + j];
    }

    private static double[] gaussians(Random rnd, int count) {
        double[] x = new double[count];
        for (int k = 0; k < count; k++) {
            x[k] = rnd.nextGaussian();
        }
        return x;
    }

    private static double[][] planeInputs(Random rnd, int count) {
        double[][] inputs = new double[count][];
        for (int i = 0; i < count; i++) {
            inputs[i] = new double[] {rnd.nextGaussian(), rnd.nextGaussian()};
        }
        return inputs;
    }

    @ParameterizedTest(name = "n={0} width={1}")
    @CsvSource({"1, 1", "1, 9", "2, 8", "3, 37", "200, 2048", "5, 2051"})
    void vectorRowDotsEqualScalarBitForBitAndTheDotProducts(int n, int width) {
        Random rnd = new Random(n * 37L + width);
        double[] rows = gaussians(rnd, n * width);
        double[] x = gaussians(rnd, width);
        double[] scalar = new double[n];
        double[] vector = new double[n];
        Kernels.rowDotsScalar(rows, n, width, x, scalar, 0);
        VectorKernels.rowDots(rows, n, width, x, vector);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(scalar[i]), Double.doubleToRawLongBits(vector[i]), "row " + i);
            double dot = 0;
            for (int j = 0; j < width; j++) {
                dot += rows[i * width + j] * x[j];
            }
            assertEquals(dot, scalar[i], 1e-12 * (1 + Math.abs(dot)), "row " + i);
        }
    }
}
