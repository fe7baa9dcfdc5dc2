package dev.bayesrg.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code train.loss}, {@code train.huberDelta} and the classification sources: binding and the refused combinations. */
class LossConfigTest {
    private static ExperimentConfig load(String... assignments) {
        ConfigLoader loader = ConfigLoader.fromPreset(Preset.PAPER);
        for (String a : assignments) {
            loader.with(a);
        }
        return loader.load();
    }

    private static ConfigException fails(String... assignments) {
        return assertThrows(ConfigException.class, () -> load(assignments));
    }

    @Test
    void presetsTrainOnTheSquaredError() {
        assertEquals(TrainConfig.Loss.MSE, load().train().loss());
        assertEquals(
                TrainConfig.Loss.MSE,
                ConfigLoader.fromPreset(Preset.REFERENCE_CODE).load().train().loss());
        ExperimentConfig c = load("train.loss=huber", "train.huberDelta=0.25");
        assertEquals(TrainConfig.Loss.HUBER, c.train().loss());
        assertEquals(0.25, c.train().huberDelta());
        assertEquals(c, ConfigLoader.fromTree(ConfigLoader.toTree(c)));
    }

    @Test
    void crossEntropyWithARealValuedTargetIsRefusedNamingTheFields() {
        ConfigException e = fails("train.loss=cross-entropy");
        assertEquals("train.loss", e.field());
        String message = e.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains("data.source gaussian") && message.contains("quadratic"), message);
        assertTrue(message.contains("two-moons") && message.contains("blobs"), message);
        // the classification tasks are allowed, with every loss
        assertEquals(
                DataConfig.Source.TWO_MOONS,
                load("train.loss=cross-entropy", "data.source=two-moons").data().source());
        load("train.loss=l1", "data.source=blobs");
    }

    @Test
    void theExactSolversRefuseEveryLossButTheSquaredError() {
        for (String loss : new String[] {"huber", "l1"}) {
            for (String solver : new String[] {"closed-form", "tridiagonal"}) {
                ConfigException e = fails("train.loss=" + loss, "train.solver=" + solver);
                assertEquals("train.solver", e.field());
                assertTrue(e.getMessage().contains("train.loss mse (got " + loss + ")"), e.getMessage());
            }
        }
        load("train.loss=huber", "train.solver=iterate");
    }

    @Test
    void huberDeltaMustBePositiveAndFinite() {
        for (String bad : new String[] {"0", "-1", ".inf", ".nan"}) {
            assertEquals(
                    "train.huberDelta",
                    fails("train.loss=huber", "train.huberDelta=" + bad).field());
        }
        assertEquals("train.loss", fails("train.loss=hinge").field());
    }

    @Test
    void twoMoonsNeedsTwoInputDimensions() {
        ConfigException e = fails(
                "data.source=two-moons",
                "data.probe=[1, 1, 1]",
                "data.inputMean=[0, 0, 0]",
                "data.inputCovariance=[[1, 0, 0], [0, 1, 0], [0, 0, 1]]");
        assertEquals("data.source", e.field());
    }
}
