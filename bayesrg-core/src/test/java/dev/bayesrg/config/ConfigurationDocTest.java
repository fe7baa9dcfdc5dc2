package dev.bayesrg.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is what {@link ConfigReference} generates from the configuration records:
 * a key added, renamed or removed, a new choice, a changed preset value or range fails here until
 * the file is regenerated ({@value ConfigReference#REGENERATE}).
 */
class ConfigurationDocTest {
    /** The repository root, seen from bayesrg-core (where Maven runs its tests). */
    private static final Path DOC = Path.of("..").resolve(ConfigReference.DOC);

    @Test
    void theConfigurationReferenceIsWhatTheRecordsGenerate() throws Exception {
        String generated = ConfigReference.markdown();
        if (Boolean.getBoolean("bayesrg.updateDocs")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(DOC), () -> DOC + " is missing; write it with " + ConfigReference.REGENERATE);
        assertEquals(
                generated,
                Files.readString(DOC, StandardCharsets.UTF_8),
                () -> ConfigReference.DOC + " differs from what the configuration records generate;"
                        + " regenerate it with " + ConfigReference.REGENERATE);
    }

    @Test
    void everyNumberKeyShowsTheRangeItsCheckAccepts() {
        String md = ConfigReference.markdown();
        // the ranges come from ConfigValidator's own answers, not from text in the generator
        assertTrue(md.contains("| `ensemble.members` | integer, [1, " + ConfigValidator.MAX_MEMBERS + "] |"), md);
        assertTrue(md.contains("| `train.learningRate` | number, a finite number > 0 |"), md);
        assertTrue(md.contains("| `nnft.line.points` | integer, [1, " + NnftConfig.MAX_POINTS + "] |"), md);
        assertTrue(md.contains("| `train.optimizer` | `gd` \\| `sgd` |"), md);
    }
}
