package dev.bayesrg.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import java.util.List;
import java.util.Random;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BatchFeaturesTest {

    /**
     * The batch path reorders loops, not sums: its features must be the per-input ones, bit for bit,
     * and so must its feature columns.
     */
    @ParameterizedTest
    @MethodSource("dev.bayesrg.activation.Activation#all")
    void batchFeaturesEqualPerInputFeaturesBitForBit(Activation activation) {
        NetworkConfig config = new NetworkConfig(
                List.of(
                        new LayerConfig(7, Activation.IDENTITY, true),
                        new LayerConfig(5, activation, false),
                        new LayerConfig(33, activation, true)),
                Activation.IDENTITY,
                true,
                new InitConfig(InitConfig.Scheme.FAN_IN, 0, 1, 1.3, 0.4),
                NetworkConfig.Trainable.LAST);
        Architecture arch = new Architecture(3, config);
        double[] theta = new ParameterPrior(arch, config.init()).sample(RandomSource.XO_SHI_RO_256_PP.create(11L));
        Random rnd = new Random(5);
        double[][] inputs = new double[17][3];
        for (double[] x : inputs) {
            for (int k = 0; k < 3; k++) {
                x[k] = rnd.nextGaussian() * 2;
            }
        }
        Network network = new Network(arch);
        FeatureMatrix batch = network.features(theta, inputs);
        double[] columns =
                network.frozen(theta).featureColumns(inputs, new double[inputs.length * arch.featureWidth()]);
        double[] one = new double[arch.featureWidth()];
        for (int i = 0; i < inputs.length; i++) {
            network.features(theta, inputs[i], one, 0);
            for (int j = 0; j < one.length; j++) {
                assertEquals(
                        Double.doubleToRawLongBits(one[j]),
                        Double.doubleToRawLongBits(batch.get(i, j)),
                        "input " + i + ", feature " + j);
                assertEquals(
                        Double.doubleToRawLongBits(one[j]),
                        Double.doubleToRawLongBits(columns[j * inputs.length + i]),
                        "column " + j + ", input " + i);
            }
        }
    }
}
