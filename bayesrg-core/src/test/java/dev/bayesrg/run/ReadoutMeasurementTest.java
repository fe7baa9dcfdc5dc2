package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The read-out measured at many θ at once against its definition, f(x) = σ(a·φ(x) + b), point by point. */
class ReadoutMeasurementTest {

    @ParameterizedTest(name = "output activation {0}, bias {1}")
    @CsvSource({"identity, false", "tanh, true"})
    void measuringManyParametersAtOnceGivesEachOnesOutputs(String activation, boolean bias) {
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.PAPER)
                .with("network.hidden[2].width=13")
                .with("network.outputActivation=" + activation)
                .with("network.outputBias=" + bias)
                .load();
        Architecture architecture = new Architecture(2, config.network());
        Readout readout = new Readout(architecture);
        Random random = new Random(11);
        int width = readout.width();
        FeatureMatrix test = features(random, 7, width);
        FeatureMatrix probe = features(random, 1, width);
        double[][] thetas = new double[6][architecture.parameterCount()];
        for (double[] theta : thetas) {
            for (int i = 0; i < theta.length; i++) {
                theta[i] = random.nextGaussian();
            }
        }
        ReadoutMeasurement measurement =
                new ReadoutMeasurement(readout, test, probe, thetas[0], new double[test.rows() * width]);
        double[][] predictions = new double[thetas.length][test.rows()];
        double[] probes = measurement.measureAll(thetas, predictions);
        for (int t = 0; t < thetas.length; t++) {
            for (int i = 0; i < test.rows(); i++) {
                assertEquals(readout.output(thetas[t], test, i), predictions[t][i], 1e-12, "θ " + t + ", point " + i);
            }
            assertEquals(readout.output(thetas[t], probe, 0), probes[t], 1e-12, "θ " + t + " at the probe");
        }
    }

    private static FeatureMatrix features(Random random, int rows, int width) {
        double[] values = new double[rows * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(0, random.nextGaussian());
        }
        return new FeatureMatrix(rows, width, values);
    }
}
