package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.io.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Regression goldens: fixed small runs of both presets (full-batch GD and per-sample SGD) in every
 * coarse-graining mode, pinned to the numbers they gave when the goldens were written. Every other
 * test checks an identity or a second algorithm; these catch a change that moves every number alike
 * (a learning rate, a seed stream, a cutoff list), which no identity sees.
 *
 * <p>Each golden file ({@code src/test/resources/golden/}) holds the critical cutoff, the diverged
 * count, the SHA-256 of {@code predictions.npy} and {@code flow.csv} as written. The flow table is
 * compared number by number to 1e-9 relative, which holds on any IEEE-754 JVM; the hashes pin every
 * bit and are compared on x86-64, where HotSpot's math intrinsics (used by the samplers) are the same
 * on every machine. After a deliberate change of results, rewrite them with
 * {@code mvn -pl bayesrg-core test -Dtest=GoldenRunsTest -Dbayesrg.updateGoldens=true} and add a line
 * to {@code golden/WHY.txt} in the same commit saying why the numbers moved.
 */
class GoldenRunsTest {
    private static final Path SOURCE_DIR = Path.of("src", "test", "resources", "golden");
    private static final double RELATIVE = 1e-9;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} preset, brg.mode={1}")
    @CsvSource({
        "paper, resample-prior",
        "paper, zero",
        "paper, gaussian",
        "reference-code, resample-prior",
        "reference-code, zero",
        "reference-code, gaussian"
    })
    void aFixedSmallRunReproducesItsGoldenNumbers(String preset, String mode) throws Exception {
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.of(preset))
                .with("ensemble.members=8")
                .with("network.hidden[2].width=64")
                .with("brg.mode=" + mode)
                .load();
        DataSets data = Experiment.prepareData(config, Path.of(""));
        RunResult result = Experiment.run(config, data, 2, done -> {});
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"));
        RunWriter.write(
                dir, result, new RunWriter.Provenance(List.of("golden"), preset, 2, Instant.EPOCH, Instant.EPOCH));
        Golden actual = new Golden(
                result.critical().criticalCutoff(),
                result.divergedCount(),
                sha256(dir.resolve(RunWriter.PREDICTIONS)),
                sha256(dir.resolve(RunWriter.FLOW)),
                Files.readString(dir.resolve(RunWriter.FLOW), StandardCharsets.UTF_8));
        Path file = SOURCE_DIR.resolve(preset + "-" + mode + ".txt");
        if (Boolean.getBoolean("bayesrg.updateGoldens")) {
            Files.writeString(file, actual.format(preset, mode), StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(file), () -> "no golden " + file + "; write it with -Dbayesrg.updateGoldens=true");
        Golden expected = Golden.parse(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(expected.criticalCutoff(), actual.criticalCutoff(), "critical cutoff");
        assertEquals(expected.diverged(), actual.diverged(), "diverged members");
        assertFlowTablesAgree(expected.flowCsv(), actual.flowCsv());
        if (bitReproducibleHere()) {
            assertEquals(expected.predictionsSha256(), actual.predictionsSha256(), "predictions.npy bytes");
            assertEquals(expected.flowSha256(), actual.flowSha256(), "flow.csv bytes");
        }
    }

    /** Same header, same empty cells, every number within {@link #RELATIVE}. */
    private static void assertFlowTablesAgree(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        assertEquals(e.size(), a.size(), "flow.csv rows");
        assertEquals(e.get(0), a.get(0), "flow.csv header");
        String[] columns = e.get(0).split(",", -1);
        for (int row = 1; row < e.size(); row++) {
            String[] ev = e.get(row).split(",", -1);
            String[] av = a.get(row).split(",", -1);
            assertEquals(ev.length, av.length, "flow.csv row " + row);
            for (int c = 0; c < ev.length; c++) {
                if (ev[c].isEmpty() || av[c].isEmpty()) {
                    assertEquals(ev[c], av[c], "flow.csv row " + row + " " + columns[c]);
                    continue;
                }
                double x = Double.parseDouble(ev[c]);
                double y = Double.parseDouble(av[c]);
                if (Double.isNaN(x) || Double.isInfinite(x)) {
                    assertEquals(x, y, "flow.csv row " + row + " " + columns[c]);
                } else if (Math.abs(x - y) > RELATIVE * Math.max(Math.abs(x), Double.MIN_NORMAL)) {
                    fail(String.format(
                            Locale.ROOT,
                            "flow.csv row %d %s: golden %s, now %s (relative change %.3g)",
                            row,
                            columns[c],
                            ev[c],
                            av[c],
                            Math.abs(x - y) / Math.abs(x)));
                }
            }
        }
    }

    private static boolean bitReproducibleHere() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) || "x86_64".equals(arch);
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** One golden file: a few key lines, then flow.csv verbatim. */
    private record Golden(
            Double criticalCutoff, int diverged, String predictionsSha256, String flowSha256, String flowCsv) {
        private static final String FLOW_MARKER = "flow.csv:";

        String format(String preset, String mode) {
            return "# GoldenRunsTest: preset " + preset + ", brg.mode=" + mode + ", ensemble.members=8,"
                    + " network.hidden[2].width=64\n"
                    + "critical_cutoff: " + criticalCutoff + "\n"
                    + "diverged: " + diverged + "\n"
                    + "predictions.npy sha256: " + predictionsSha256 + "\n"
                    + "flow.csv sha256: " + flowSha256 + "\n"
                    + FLOW_MARKER + "\n" + flowCsv;
        }

        static Golden parse(String text) {
            int flowAt = text.indexOf(FLOW_MARKER + "\n");
            List<String> head =
                    new ArrayList<>(text.substring(0, flowAt).lines().toList());
            String critical = value(head, "critical_cutoff");
            return new Golden(
                    "null".equals(critical) ? null : Double.valueOf(critical),
                    Integer.parseInt(value(head, "diverged")),
                    value(head, "predictions.npy sha256"),
                    value(head, "flow.csv sha256"),
                    text.substring(flowAt + FLOW_MARKER.length() + 1));
        }

        private static String value(List<String> lines, String key) {
            for (String line : lines) {
                if (line.startsWith(key + ": ")) {
                    return line.substring(key.length() + 2).trim();
                }
            }
            throw new IllegalArgumentException("golden file lacks '" + key + ":'");
        }
    }
}
