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

/**
 * The training MSE along a flow, updated weight by weight, against its definition: the mean of
 * (σ(a·φ(x_i) + b) − y_i)² recomputed from scratch at every θ.
 */
class ReadoutTrainingLossTest {

    @ParameterizedTest(name = "output activation {0}, bias {1}")
    @CsvSource({"identity, false", "tanh, true"})
    void theUpdatedLossIsTheLossRecomputedAtEveryTheta(String activation, boolean bias) {
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.PAPER)
                .with("network.hidden[2].width=40")
                .with("network.outputActivation=" + activation)
                .with("network.outputBias=" + bias)
                .load();
        Architecture architecture = new Architecture(2, config.network());
        Readout readout = new Readout(architecture);
        Random random = new Random(5);
        int width = readout.width();
        int n = 9;
        double[] values = new double[n * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(0, random.nextGaussian());
        }
        FeatureMatrix train = new FeatureMatrix(n, width, values);
        double[] targets = new double[n];
        for (int i = 0; i < n; i++) {
            targets[i] = random.nextGaussian();
        }
        double[] theta = new double[architecture.parameterCount()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = random.nextGaussian();
        }
        ReadoutTrainingLoss loss =
                new ReadoutTrainingLoss(readout, train, targets, theta, dev.bayesrg.net.OutputLoss.MSE);
        int offset = readout.offset();
        int size = width + (bias ? 1 : 0);
        // a flow: a few weights (and the bias) at a time, then all of them at once (the eigenbasis)
        for (int step = 0; step < 12; step++) {
            int changes = step == 8 ? size : 1 + random.nextInt(4);
            for (int c = 0; c < changes; c++) {
                int j = step == 8 ? c : random.nextInt(size);
                theta[offset + j] = step % 3 == 0 ? 0.0 : random.nextGaussian();
            }
            double expected = MemberPipeline.meanSquaredError(readout.outputs(theta, train), targets);
            assertEquals(expected, loss.applyAsDouble(theta), 1e-12 * expected, "step " + step);
        }
    }
}
