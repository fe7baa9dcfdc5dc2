package dev.bayesrg.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.Preset;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The cos-net layer of a network: its prior draw and its features, against eq. 77 written out. */
class CosNetLayerTest {
    private static final int WIDTH = 300;

    private static NetworkConfig network() {
        return ConfigLayers.of(Preset.PAPER)
                .with("data.inputMean=[0.0, 0.0]")
                .with("data.probe=[0.0, 0.0]")
                .with("network.architecture=cosnet")
                .with("network.hidden=[{width: " + WIDTH + ", activation: cos, bias: true}]")
                .with("network.cosnet={mass: 0.7, cutoff: 2.5}")
                .resolve()
                .network();
    }

    @Test
    void featuresAreTheScaledCosinesOfFrequenciesInTheBall() {
        Architecture architecture = new Architecture(2, network());
        ParameterPrior prior = new ParameterPrior(architecture, network().init());
        double[] theta = prior.sample(RandomSource.XO_SHI_RO_256_PP.create(3L));
        Layer layer = architecture.layers().get(0);
        double[][] inputs = {{0.3, -1.2}, {2.0, 0.5}, {-4.0, 3.0}};
        Network net = new Network(architecture);
        FeatureMatrix batch = net.features(theta, inputs);
        double[] one = new double[WIDTH];
        for (int i = 0; i < inputs.length; i++) {
            net.features(theta, inputs[i], one, 0);
            for (int j = 0; j < WIDTH; j++) {
                double b0 = theta[layer.offset() + 2 * j];
                double b1 = theta[layer.offset() + 2 * j + 1];
                double c = theta[layer.biasOffset() + j];
                assertTrue(b0 * b0 + b1 * b1 <= 2.5 * 2.5 && Math.abs(c) <= Math.PI);
                double expected =
                        Math.cos(b0 * inputs[i][0] + b1 * inputs[i][1] + c) / Math.sqrt(b0 * b0 + b1 * b1 + 0.49);
                assertEquals(expected, batch.get(i, j), 1e-14);
                assertEquals(batch.get(i, j), one[j], 0.0, "one input and a batch give the same bits");
            }
        }
        double[] columns = net.frozen(theta).featureColumns(inputs, new double[inputs.length * WIDTH]);
        for (int i = 0; i < inputs.length; i++) {
            for (int j = 0; j < WIDTH; j++) {
                assertEquals(batch.get(i, j), columns[j * inputs.length + i], 0.0);
            }
        }
        double[] outputs = new double[inputs.length];
        net.outputs(theta, inputs, outputs);
        assertEquals(net.output(theta, inputs[1]), outputs[1], 0.0);
    }

    /** b uniform in the disc of radius Λ: |b|²/Λ² is uniform on [0, 1], mean 1/2; c uniform, mean 0. */
    @Test
    void frequenciesFillTheBallUniformly() {
        Architecture architecture = new Architecture(2, network());
        double[] theta =
                new ParameterPrior(architecture, network().init()).sample(RandomSource.XO_SHI_RO_256_PP.create(5L));
        Layer layer = architecture.layers().get(0);
        double radius2 = 0;
        double phase = 0;
        for (int j = 0; j < WIDTH; j++) {
            double b0 = theta[layer.offset() + 2 * j];
            double b1 = theta[layer.offset() + 2 * j + 1];
            radius2 += (b0 * b0 + b1 * b1) / (2.5 * 2.5) / WIDTH;
            phase += theta[layer.biasOffset() + j] / WIDTH;
        }
        assertEquals(0.5, radius2, 4 * Math.sqrt(1.0 / 12 / WIDTH));
        assertEquals(0.0, phase, 4 * Math.PI / Math.sqrt(3.0 * WIDTH));
    }
}
