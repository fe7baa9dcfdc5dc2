package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;
import dev.bayesrg.net.SoftmaxReadouts;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The K-logit read-out measured along the flow, weight by weight, against the logits computed afresh
 * at each θ: a few weights changed at a time are brought up to date incrementally, every weight
 * changed is a full recomputation (the fresh computation's bits), and the probe reads class 0.
 */
class SoftmaxReadoutMeasurementTest {
    private static final int K = 3;
    private static final int WIDTH = 10;
    private static final int POINTS = 9;

    private static Readout readout(boolean bias) {
        return new Readout(SoftmaxReadouts.architecture(WIDTH, Activation.RELU, bias, K));
    }

    private static FeatureMatrix features(Random random, int rows) {
        double[] values = new double[rows * WIDTH];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(0, random.nextGaussian());
        }
        return new FeatureMatrix(rows, WIDTH, values);
    }

    /** The features as columns, N × n row-major, as the measurement takes them. */
    private static double[] columns(FeatureMatrix f) {
        double[] c = new double[WIDTH * f.rows()];
        for (int i = 0; i < f.rows(); i++) {
            for (int j = 0; j < WIDTH; j++) {
                c[j * f.rows() + i] = f.get(i, j);
            }
        }
        return c;
    }

    /** Logits at θ, K per row, straight from the read-out's definition a_c·φ + b_c. */
    private static double[] fresh(Readout readout, double[] theta, FeatureMatrix rows) {
        double[] out = new double[rows.rows() * K];
        for (int i = 0; i < rows.rows(); i++) {
            SoftmaxReadoutMeasurement.logits(readout, theta, rows, i, out, i * K);
            for (int c = 0; c < K; c++) {
                assertEquals(readout.logit(theta, rows, i, c), out[i * K + c], 1e-12, "two fresh computations");
            }
        }
        return out;
    }

    @ParameterizedTest(name = "outputBias={0}")
    @ValueSource(booleans = {false, true})
    void incrementalLogitsEqualAFreshComputation(boolean bias) {
        Readout readout = readout(bias);
        Random random = new Random(bias ? 5 : 6);
        FeatureMatrix test = features(random, POINTS);
        FeatureMatrix probe = features(random, 1);
        int offset = readout.offset();
        double[] theta = new double[offset + readout.size()];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = random.nextGaussian();
        }
        SoftmaxReadoutMeasurement measurement =
                new SoftmaxReadoutMeasurement(readout, columns(test), POINTS, probe, theta);
        double[] into = new double[POINTS * K];
        double probeLogit = measurement.measure(theta, into);
        assertEquals(fresh(readout, theta, test)[0], into[0], 0.0, "at the start: a full computation");
        assertEquals(fresh(readout, theta, probe)[0], probeLogit, 0.0);

        // a few weights at a time (and a bias), as a coarse graining between cutoffs changes them
        int[][] steps = {{2}, {0, WIDTH + 3, 2 * WIDTH + 9}, {K * WIDTH + (bias ? 1 : 0), 5}, {}};
        for (int[] step : steps) {
            for (int p : step) {
                if (p < readout.size()) {
                    theta[offset + p] = p % 2 == 0 ? 0.0 : random.nextGaussian();
                }
            }
            probeLogit = measurement.measure(theta, into);
            double[] expected = fresh(readout, theta, test);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], into[i], 1e-12, "point " + i / K + ", class " + i % K);
            }
            assertEquals(fresh(readout, theta, probe)[0], probeLogit, 1e-12, "the probe's class-0 logit");
        }

        // every weight changed: recomputed in full, the fresh computation's very bits
        for (int p = 0; p < readout.size(); p++) {
            theta[offset + p] = random.nextGaussian();
        }
        probeLogit = measurement.measure(theta, into);
        double[] expected = fresh(readout, theta, test);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], into[i], 0.0, "recomputed, point " + i / K + ", class " + i % K);
        }
        assertEquals(fresh(readout, theta, probe)[0], probeLogit, 0.0);
        double[] again = new double[POINTS * K];
        assertEquals(probeLogit, measurement.restartedAt(theta).measure(theta, again), 0.0);
        for (int i = 0; i < again.length; i++) {
            assertEquals(expected[i], again[i], 0.0, "restarted");
        }
    }
}
