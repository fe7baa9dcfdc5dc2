package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.readJson;
import static dev.bayesrg.cli.CliHarness.runSmall;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Results must not depend on --threads: the same config gives the same bytes with 1 and 2 threads. */
class RunThreadIndependenceTest {
    private static final List<String> BYTE_IDENTICAL = List.of(
            "predictions.npy",
            "fisher.npy",
            "flow.csv",
            "members.csv",
            "loss_curves.npy",
            "test_inputs.npy",
            "test_targets.npy");

    @TempDir
    Path tmp;

    /**
     * Each variant goes through a different code path: the paper's GD read-out; per-sample SGD with
     * Gaussian coarse graining; all layers trainable (full back-propagation and Fisher).
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "",
                "train.optimizer=sgd;brg.mode=gaussian",
                "network.trainable=all;brg.mode=zero",
                "train.divergenceLoss=1000"
            })
    void oneAndTwoThreadsWriteIdenticalResults(String sets) throws IOException {
        List<String> extra = new ArrayList<>(List.of("--set", "ensemble.members=8"));
        for (String s : sets.split(";", -1)) {
            if (!s.isEmpty()) {
                extra.add("--set");
                extra.add(s);
            }
        }
        Path one = tmp.resolve("threads-1");
        Path two = tmp.resolve("threads-2");
        List<String> a = new ArrayList<>(extra);
        a.addAll(List.of("--threads", "1"));
        List<String> b = new ArrayList<>(extra);
        b.addAll(List.of("--threads", "2"));
        runSmall(one, a.toArray(String[]::new));
        runSmall(two, b.toArray(String[]::new));

        for (String file : BYTE_IDENTICAL) {
            assertArrayEquals(
                    Files.readAllBytes(one.resolve(file)),
                    Files.readAllBytes(two.resolve(file)),
                    file + " differs between --threads 1 and --threads 2");
        }
        assertSummariesEqualApartFromTiming(one.resolve("summary.json"), two.resolve("summary.json"));

        JsonNode m1 = readJson(one.resolve("manifest.json"));
        JsonNode m2 = readJson(two.resolve("manifest.json"));
        assertEquals(1, m1.get("threads").asInt());
        assertEquals(2, m2.get("threads").asInt());
        assertEquals(m1.get("config"), m2.get("config"), "manifest config");
        assertEquals(m1.get("seeds"), m2.get("seeds"), "manifest seeds");
    }

    @Test
    void aDifferentSeedGivesDifferentPredictions() throws IOException {
        Path a = tmp.resolve("seed-0");
        Path b = tmp.resolve("seed-1");
        runSmall(a, "--seed", "0");
        runSmall(b, "--seed", "1");
        // Guards the test above against vacuous success (e.g. output that ignores the seed).
        assertTrue(
                !java.util.Arrays.equals(
                        Files.readAllBytes(a.resolve("predictions.npy")),
                        Files.readAllBytes(b.resolve("predictions.npy"))),
                "--seed must change the ensemble");
        assertArrayEquals(
                Files.readAllBytes(a.resolve("test_targets.npy")),
                Files.readAllBytes(b.resolve("test_targets.npy")),
                "--seed must not change the shared data");
    }

    static void assertSummariesEqualApartFromTiming(Path first, Path second) throws IOException {
        ObjectNode s1 = (ObjectNode) readJson(first);
        ObjectNode s2 = (ObjectNode) readJson(second);
        assertEquals("timing_seconds", lastKey(s1), "timing_seconds must be the final member of summary.json");
        assertEquals("timing_seconds", lastKey(s2), "timing_seconds must be the final member of summary.json");
        assertTrue(
                s1.get("timing_seconds").isNumber() && s2.get("timing_seconds").isNumber(), "timing is a number");
        s1.remove("timing_seconds");
        s2.remove("timing_seconds");
        assertEquals(s1, s2, "summary.json trees differ apart from timing_seconds");

        String raw1 = withoutTimingLine(first);
        String raw2 = withoutTimingLine(second);
        assertEquals(raw1, raw2, "summary.json bytes differ apart from the timing_seconds line");
    }

    private static String withoutTimingLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> timing =
                lines.stream().filter(l -> l.contains("\"timing_seconds\"")).toList();
        assertEquals(1, timing.size(), file + ": timing_seconds must be on exactly one line");
        return lines.stream().filter(l -> !l.contains("\"timing_seconds\"")).collect(Collectors.joining("\n"));
    }

    private static String lastKey(ObjectNode node) {
        String last = null;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            last = it.next();
        }
        return last;
    }
}
