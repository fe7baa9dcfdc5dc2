package dev.bayesrg.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PosteriorConfigTest {
    private static ExperimentConfig load(String... assignments) {
        return ConfigLoader.fromPreset(Preset.PAPER).with(List.of(assignments)).load();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gd-ensemble", "exact", "laplace", "langevin"})
    void everyMethodIsReadWithTheFisherNoiseByDefault(String method) {
        ExperimentConfig c = load("posterior.method=" + method, "fisher.noiseVariance=2.5");
        assertEquals(method, c.posterior().method().id());
        assertEquals(2.5, c.posterior().noiseVariance(c.fisher()));
        assertEquals(0.25, load("posterior.noiseVariance=0.25").posterior().noiseVariance(c.fisher()));
        assertEquals(
                PosteriorConfig.Method.GD_ENSEMBLE, load().posterior().method(), "the paper's ensemble by default");
    }

    /** Each bad combination is refused in one line that names the fields involved. */
    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "exact|network.trainable=all|network.trainable",
                "exact|network.outputActivation=tanh|network.outputActivation",
                "laplace|network.outputActivation=tanh|network.outputActivation",
                "exact|nnft.snapshotEvery=100|nnft.snapshotEvery",
                "langevin|nnft.snapshotEvery=100|nnft.snapshotEvery",
                "langevin|train.loss=huber|train.loss",
                "exact|train.loss=l1|train.loss",
            })
    void aPosteriorOfTheReadoutRefusesWhatIsNotALinearReadoutOnFrozenFeatures(
            String method, String other, String named) {
        ConfigException e = assertThrows(ConfigException.class, () -> load("posterior.method=" + method, other));
        assertEquals("posterior.method", e.field());
        assertTrue(
                e.getMessage().startsWith("posterior.method: got " + method + ", allowed only with " + named),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "-1", ".nan", ".inf"})
    void theNoiseVarianceMustBePositiveAndFinite(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> load("posterior.noiseVariance=" + value));
        assertEquals("posterior.noiseVariance", e.field());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"map", "mcmc"})
    void anUnknownMethodListsTheKnownOnes(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> load("posterior.method=" + value));
        assertTrue(e.getMessage().contains("gd-ensemble") && e.getMessage().contains("laplace"), e.getMessage());
    }

    /** Langevin samples any trainable set, but every layer's curvature is not fixed: a step size must be given. */
    @org.junit.jupiter.api.Test
    void langevinOverEveryLayerNeedsAGivenStepSize() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> load("posterior.method=langevin", "network.trainable=all"));
        assertEquals("posterior.langevin.stepSize", e.field());
        assertEquals(1, e.getMessage().lines().count());
        ExperimentConfig c =
                load("posterior.method=langevin", "network.trainable=all", "posterior.langevin.stepSize=1e-4");
        assertEquals(1e-4, c.posterior().langevin().stepSize());
        assertEquals(
                PosteriorConfig.Method.LANGEVIN,
                load("posterior.method=langevin", "network.outputActivation=tanh")
                        .posterior()
                        .method(),
                "a nonlinear read-out's posterior is sampled as it is");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "stepSize,0",
        "stepSize,-1e-3",
        "stepSize,.inf",
        "steps,-1",
        "thinning,0",
        "chainMembers,0",
        "batchSize,0"
    })
    void langevinSettingsOutsideTheirRangesAreRefused(String key, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> load("posterior.langevin." + key + "=" + value));
        assertEquals("posterior.langevin." + key, e.field());
        assertEquals(1, e.getMessage().lines().count());
    }
}
