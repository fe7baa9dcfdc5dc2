package dev.bayesrg.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfigLayersTest {
    @Test
    void laterLayersWinOverShortcutsAndShortcutsOverThePreset() {
        ExperimentConfig c = ConfigLayers.of(Preset.REFERENCE_CODE)
                .withMembers(7)
                .withWidth(33)
                .withEpochs(5)
                .withSeed(11L)
                .with("ensemble.members=9")
                .resolve();
        assertEquals(9, c.ensemble().members());
        assertEquals(
                33, c.network().hidden().get(c.network().hidden().size() - 1).width());
        assertEquals(5, c.train().epochs());
        assertEquals(11L, c.ensemble().seed());
        // the same run spelled through the loader, field by field
        ExperimentConfig byHand = ConfigLoader.fromPreset(Preset.REFERENCE_CODE)
                .with("ensemble.members=9")
                .with("network.hidden[2].width=33")
                .with("train.epochs=5")
                .with("ensemble.seed=11")
                .load();
        assertEquals(byHand, c);
    }

    @Test
    void badValueOfAShortcutIsNamedByTheCallersWordForIt() {
        ConfigLayers layers = ConfigLayers.of(Preset.PAPER).withMembers(0);
        assertEquals(ConfigLayers.MEMBERS, layers.shortcutOf("ensemble.members"));
        ConfigException e = assertThrows(ConfigException.class, () -> layers.resolve(n -> "<" + n + ">"));
        assertEquals("<members> (ensemble.members)", e.field());
        // a later assignment owns the field: its error is not the shortcut's
        ConfigLayers overridden = layers.with("ensemble.members=-3");
        assertNull(overridden.shortcutOf("ensemble.members"));
        ConfigException f = assertThrows(ConfigException.class, () -> overridden.resolve(n -> "<" + n + ">"));
        assertEquals("ensemble.members", f.field());
    }

    @Test
    void malformedAssignmentAndMissingFileAreNamedByTheCallersWords() {
        ConfigException set = assertThrows(
                ConfigException.class,
                () -> ConfigLayers.of(Preset.PAPER).with("no-equals-sign").resolve(n -> "<" + n + ">"));
        assertEquals("<" + ConfigLoader.ASSIGNMENT + ">", set.field());
        ConfigException file = assertThrows(
                ConfigException.class,
                () -> ConfigLayers.of(Preset.PAPER)
                        .withFile(java.nio.file.Path.of("no-such-file.yaml"))
                        .resolve(n -> "<" + n + ">"));
        assertEquals("<" + ConfigLayers.FILE + ">", file.field());
        assertTrue(file.getMessage().contains("no-such-file.yaml"), file.getMessage());
    }

    @Test
    void onlyThePaperPresetAloneIsTheDefault() {
        assertTrue(ConfigLayers.of(Preset.PAPER).isDefault());
        assertEquals(false, ConfigLayers.of(Preset.PAPER).withSeed(0L).isDefault());
        assertEquals(false, ConfigLayers.of(Preset.REFERENCE_CODE).isDefault());
    }
}
