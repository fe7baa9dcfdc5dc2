package dev.bayesrg.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** network.architecture cosnet: its own fields checked, and the combinations that make no cos-net refused. */
class CosNetConfigTest {
    private static ConfigLayers cosnet() {
        return ConfigLayers.of(Preset.PAPER)
                .with("data.inputMean=[0.0]")
                .with("data.inputCovariance=[[9.0]]")
                .with("data.probe=[0.0]")
                .with("data.target=sin")
                .with("network.architecture=cosnet")
                .with("network.hidden=[{width: 64, activation: cos, bias: true}]");
    }

    @Test
    void aCosNetLoadsWithTheDefaultMassAndCutoff() {
        ExperimentConfig c = cosnet().resolve();
        assertTrue(c.network().hasCosNetLayer());
        assertEquals(new CosNetConfig(1.0, 3.0), c.network().cosnet());
        assertEquals(
                NetworkConfig.Kind.MLP,
                ConfigLayers.of(Preset.PAPER).resolve().network().architecture());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "network.cosnet.mass=0|network.cosnet.mass|(0, 1e50] for input dimension 1",
                "network.cosnet.mass=-1|network.cosnet.mass|allowed",
                "network.cosnet.cutoff=0|network.cosnet.cutoff|(0, 1e50]",
                "network.cosnet.cutoff=1e51|network.cosnet.cutoff|(0, 1e50]",
                "network.hidden=[{width: 8, activation: cos, bias: true}, {width: 8, activation: cos, bias: true}]"
                        + "|network.hidden|exactly one",
                "network.hidden[0].activation=relu|network.hidden[0]|activation cos and bias true",
                "network.hidden[0].bias=false|network.hidden[0]|activation cos and bias true",
                "network.trainable=all|network.trainable|only last",
                "network.outputBias=true|network.outputActivation|network.outputBias false",
                "network.outputActivation=tanh|network.outputActivation|only identity",
                "brg.scope=all|brg.scope|readout or null",
            })
    void refusesWhatIsNoCosNet(String assignment, String field, String allowed) {
        ConfigException e = assertThrows(
                ConfigException.class, () -> cosnet().with(assignment).resolve());
        assertTrue(e.getMessage().contains(field), e.getMessage());
        assertTrue(e.getMessage().contains(allowed), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void theMasslessFieldIsAllowedInThreeDimensions() {
        ExperimentConfig c = cosnet().with("data.inputMean=[0.0, 0.0, 0.0]")
                .with("data.inputCovariance=[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]")
                .with("data.probe=[0.0, 0.0, 0.0]")
                .with("network.cosnet.mass=0")
                .resolve();
        assertEquals(0.0, c.network().cosnet().mass());
    }

    @Test
    void anImportedEnsembleIsNoCosNet() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> cosnet().with("ensemble.importFrom=somewhere")
                        .with("ensemble.importKind=readout")
                        .resolve());
        assertTrue(e.getMessage().contains("ensemble.importFrom"), e.getMessage());
    }
}
