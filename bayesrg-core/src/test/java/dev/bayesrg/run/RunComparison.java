package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether two run directories hold the same run: every data file byte for byte, summary.json apart
 * from its timing. Public (and shipped in the test jar) so that other modules that write run
 * directories — merge, Spark — are held to the same standard as {@code bayesrg run}.
 */
public final class RunComparison {
    /** The files whose bytes depend only on the configuration. */
    public static final List<String> DATA_FILES = List.of(
            "predictions.npy",
            "fisher.npy",
            "readout.npy",
            "loss_curves.npy",
            "flow.csv",
            "members.csv",
            "test_inputs.npy",
            "test_targets.npy",
            "mesh_inputs.npy",
            "mesh_outputs.npy",
            "cutoffs.npy",
            "fisher_spectrum.npy",
            "fisher_geometry.npy",
            "fisher_geometry.csv");
    /**
     * Files only some runs have (training checkpoints, the flow during training, the field theory):
     * equal wherever both runs have them.
     */
    public static final List<String> OPTIONAL_FILES = List.of(
            "mesh_training.npy",
            "training_flow.npy",
            "training_fisher_rank.npy",
            "training_flow.csv",
            "nnft/snapshots.json",
            "nnft/kernels.npy",
            "nnft/kl_cutoff_vs_epoch.npy");

    private RunComparison() {}

    /** summary.json without its one machine-dependent line, {@code timing_seconds}. */
    public static String summaryWithoutTiming(Path runDir) throws IOException {
        return Files.readAllLines(runDir.resolve("summary.json"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.contains("\"timing_seconds\""))
                .reduce("", (a, b) -> a + b + "\n");
    }

    public static void assertSameRun(Path expected, Path actual) throws IOException {
        for (String f : DATA_FILES) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
        }
        for (String f : OPTIONAL_FILES) {
            if (Files.exists(expected.resolve(f)) && Files.exists(actual.resolve(f))) {
                assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
            }
        }
        assertEquals(summaryWithoutTiming(expected), summaryWithoutTiming(actual));
        assertFalse(Files.exists(actual.resolve("INCOMPLETE")), actual + " is marked INCOMPLETE");
    }
}
