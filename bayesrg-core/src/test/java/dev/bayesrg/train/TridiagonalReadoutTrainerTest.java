package dev.bayesrg.train;

import static dev.bayesrg.train.ClosedFormReadoutTrainerTest.features;
import static dev.bayesrg.train.ClosedFormReadoutTrainerTest.readout;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What is particular to the tridiagonal iteration; its agreement with the weight loop (stable,
 * unstable, rank-deficient, n ≤ 2) is pinned in {@link ClosedFormReadoutTrainerTest}, its
 * checkpoints in {@link TrainingCheckpointsTest}.
 */
class TridiagonalReadoutTrainerTest {

    @Test
    void refusesAReadoutTheTridiagonalFormCannotReproduce() {
        Random rnd = new Random(1);
        FeatureMatrix f = features(rnd, 5, 8, 0);
        NetworkConfig tanhOut = new NetworkConfig(
                List.of(new LayerConfig(8, Activation.RELU, false)),
                Activation.TANH,
                false,
                new InitConfig(InitConfig.Scheme.NORMAL, 0, 1, 1, 1),
                NetworkConfig.Trainable.LAST);
        Readout nonlinear = new Readout(new Architecture(1, tanhOut));
        TrainConfig gd = new TrainConfig(TrainConfig.Optimizer.GD, 1e-3, 10, 1, 1e6);
        TrainConfig sgd = new TrainConfig(TrainConfig.Optimizer.SGD, 1e-3, 10, 1, 1e6);
        assertThrows(
                IllegalArgumentException.class, () -> new TridiagonalReadoutTrainer(f, new double[5], nonlinear, gd));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TridiagonalReadoutTrainer(f, new double[5], readout(8, false), sgd));
    }

    @Test
    void closedFormTakesOverFromTheIterationOnlyBeyondAboutNSquaredEpochs() {
        assertFalse(TridiagonalReadoutTrainer.closedFormPays(200, 1000), "the paper preset iterates");
        assertFalse(TridiagonalReadoutTrainer.closedFormPays(200, 40_000));
        assertTrue(TridiagonalReadoutTrainer.closedFormPays(200, 40_001));
        assertTrue(TridiagonalReadoutTrainer.closedFormPays(10, 101));
    }
}
