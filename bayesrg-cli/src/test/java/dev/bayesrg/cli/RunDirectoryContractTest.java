package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.SMALL_MEMBERS;
import static dev.bayesrg.cli.CliHarness.SMALL_TEST;
import static dev.bayesrg.cli.CliHarness.SMALL_WIDTH;
import static dev.bayesrg.cli.CliHarness.csvNumber;
import static dev.bayesrg.cli.CliHarness.jsonNumber;
import static dev.bayesrg.cli.CliHarness.listing;
import static dev.bayesrg.cli.CliHarness.readCsv;
import static dev.bayesrg.cli.CliHarness.readJson;
import static dev.bayesrg.cli.CliHarness.readNpy;
import static dev.bayesrg.cli.CliHarness.runSmall;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.cli.CliHarness.Npy;
import dev.bayesrg.cli.CliHarness.Result;
import dev.bayesrg.cli.CliHarness.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run directory of SPEC A.4, as written by one small {@code bayesrg run}. */
class RunDirectoryContractTest {
    private static final List<String> FLOW_KEYS = List.of(
            "cutoff",
            "sloppy_fraction",
            "test_mse_mean",
            "test_mse_median",
            "probe_mean",
            "probe_variance",
            "probe_excess_kurtosis");
    private static final List<Double> CUTOFFS = List.of(0.001, 0.1, 1.0, 10.0, 1000.0);
    private static final int K = CUTOFFS.size();

    @TempDir
    static Path tmp;

    static Path run;
    static Result result;
    static JsonNode summary;

    @BeforeAll
    static void runOnce() throws IOException {
        run = tmp.resolve("nested/dir/run");
        result = runSmall(run, "--set", "brg.cutoffs=[0.001, 0.1, 1, 10, 1000]", "--threads", "2", "--seed", "7");
        summary = readJson(run.resolve("summary.json"));
    }

    @Test
    void runPrintsOneFinalLineNamingTheDirectoryWhenQuiet() {
        List<String> lines = result.out().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "--quiet prints only the final line: " + result);
        assertTrue(lines.get(0).contains(run.toString()), lines.get(0));
        assertEquals("", result.err().strip(), "a successful quiet run writes nothing to stderr");
    }

    @Test
    void directoryHasEveryContractFileAndNoIncompleteMarkerOrTemporaries() throws IOException {
        List<String> files = listing(run);
        for (String f : List.of(
                "summary.json",
                "flow.csv",
                "members.csv",
                "predictions.npy",
                "fisher.npy",
                "readout.npy",
                "manifest.json")) {
            assertTrue(files.contains(f), "missing " + f + " in " + files);
        }
        assertFalse(files.stream().anyMatch(f -> f.equalsIgnoreCase("INCOMPLETE")), "INCOMPLETE remains: " + files);
        assertFalse(
                files.stream().anyMatch(f -> f.startsWith(".") || f.endsWith(".tmp")),
                "temporary files remain: " + files);
    }

    @Test
    void summaryHasTheContractKeysAndShapes() {
        for (String key : List.of(
                "version",
                "config",
                "members",
                "members_diverged",
                "cutoffs",
                "flow",
                "critical_cutoff",
                "timing_seconds")) {
            assertTrue(summary.has(key), "summary.json lacks " + key);
        }
        assertEquals(SMALL_MEMBERS, summary.get("members").asInt());
        assertTrue(summary.get("members").isIntegralNumber());
        assertTrue(summary.get("members_diverged").isIntegralNumber());
        assertTrue(summary.get("timing_seconds").isNumber());
        assertTrue(summary.get("timing_seconds").asDouble() >= 0);
        assertTrue(summary.get("version").isTextual()
                && !summary.get("version").asText().isBlank());

        JsonNode cutoffs = summary.get("cutoffs");
        assertEquals(K, cutoffs.size());
        for (int k = 0; k < K; k++) {
            assertTrue(cutoffs.get(k).isNumber());
            assertEquals(CUTOFFS.get(k), cutoffs.get(k).asDouble());
        }

        JsonNode flow = summary.get("flow");
        assertEquals(K + 1, flow.size(), "flow has K+1 entries");
        for (int k = 0; k <= K; k++) {
            JsonNode e = flow.get(k);
            for (String key : FLOW_KEYS) {
                assertTrue(e.has(key), "flow[" + k + "] lacks " + key);
            }
            for (String key : FLOW_KEYS.subList(1, FLOW_KEYS.size())) {
                assertTrue(e.get(key).isNumber() || e.get(key).isNull(), "flow[" + k + "]." + key);
            }
        }
        assertTrue(flow.get(0).get("cutoff").isNull(), "the first flow entry is the trained ensemble, cutoff null");
        for (int k = 1; k <= K; k++) {
            assertEquals(CUTOFFS.get(k - 1), flow.get(k).get("cutoff").asDouble(), "flow[" + k + "].cutoff");
        }
        assertEquals(0.0, flow.get(0).get("sloppy_fraction").asDouble(), "nothing is coarse grained before the flow");

        JsonNode critical = summary.get("critical_cutoff");
        assertTrue(
                critical.isNull() || CUTOFFS.contains(critical.asDouble()),
                "critical_cutoff is null or one of the cutoffs: " + critical);
    }

    @Test
    void summaryConfigIsTheFullyResolvedConfig() {
        JsonNode config = summary.get("config");
        assertEquals(SMALL_MEMBERS, config.at("/ensemble/members").asInt());
        assertEquals(7, config.at("/ensemble/seed").asLong());
        assertEquals(20, config.at("/train/epochs").asInt());
        assertEquals(40, config.at("/data/train").asInt());
        assertEquals(SMALL_TEST, config.at("/data/test").asInt());
        assertEquals(20, config.at("/data/fisher").asInt());
        JsonNode hidden = config.at("/network/hidden");
        assertEquals(SMALL_WIDTH, hidden.get(hidden.size() - 1).get("width").asInt());
        assertEquals(summary.get("cutoffs"), config.at("/brg/cutoffs"));
        // Fully resolved: preset values the user did not touch are present too.
        assertEquals("gaussian", config.at("/data/source").asText());
        assertEquals(1e-6, config.at("/train/learningRate").asDouble());
        assertEquals("resample-prior", config.at("/brg/mode").asText());
    }

    @Test
    void flowCsvHasAHeaderAndKPlusOneRowsEqualToSummaryFlow() throws IOException {
        Table flowCsv = readCsv(run.resolve("flow.csv"));
        assertEquals(K + 1, flowCsv.rows().size(), "flow.csv rows");
        for (String key : FLOW_KEYS) {
            assertTrue(flowCsv.header().contains(key), "flow.csv header lacks " + key + ": " + flowCsv.header());
        }
        JsonNode flow = summary.get("flow");
        for (int k = 0; k <= K; k++) {
            for (String key : FLOW_KEYS) {
                Double fromCsv = csvNumber(flowCsv.cell(k, key));
                Double fromJson = jsonNumber(flow.get(k).get(key));
                if (fromJson == null) {
                    assertTrue(
                            fromCsv == null || fromCsv.isNaN(),
                            "flow[" + k + "]." + key + ": json null, csv " + fromCsv);
                } else {
                    assertEquals(fromJson, fromCsv, "flow.csv row " + k + " " + key + " vs summary.json");
                }
            }
        }
    }

    @Test
    void membersCsvHasOneRowPerMemberAndFlowEntry() throws IOException {
        Table members = readCsv(run.resolve("members.csv"));
        for (String col : List.of("member", "cutoff", "test_mse", "probe_output", "diverged")) {
            assertTrue(members.header().contains(col), "members.csv lacks column " + col + ": " + members.header());
        }
        assertEquals(SMALL_MEMBERS * (K + 1), members.rows().size(), "members.csv rows = members × (K+1)");
        Set<String> pairs = new HashSet<>();
        int diverged = 0;
        for (int r = 0; r < members.rows().size(); r++) {
            int member = Integer.parseInt(members.cell(r, "member"));
            assertTrue(member >= 0 && member < SMALL_MEMBERS, "member index " + member);
            Double cutoff = csvNumber(members.cell(r, "cutoff"));
            assertTrue(cutoff == null || CUTOFFS.contains(cutoff), "cutoff " + cutoff);
            assertTrue(pairs.add(member + "@" + cutoff), "duplicate row for member " + member + " cutoff " + cutoff);
            String div = members.cell(r, "diverged");
            assertTrue(div.equals("true") || div.equals("false"), "diverged is a boolean: " + div);
            if (cutoff == null && div.equals("true")) {
                diverged++;
            }
            Double.parseDouble(members.cell(r, "test_mse"));
            Double.parseDouble(members.cell(r, "probe_output"));
        }
        assertEquals(summary.get("members_diverged").asInt(), diverged, "members_diverged vs members.csv");
    }

    @Test
    void predictionsNpyIsMembersByEntriesByTestPoints() throws IOException {
        Npy p = readNpy(run.resolve("predictions.npy"));
        assertArrayEquals(new int[] {SMALL_MEMBERS, K + 1, SMALL_TEST}, p.shape(), p.header());
        for (double v : p.values()) {
            assertTrue(Double.isFinite(v), "a non-diverged small run has finite predictions");
        }
    }

    @Test
    void fisherNpyIsMembersByTrainableParameters() throws IOException {
        Npy f = readNpy(run.resolve("fisher.npy"));
        // The paper preset trains the read-out only, without bias: one parameter per last-layer neuron.
        assertArrayEquals(new int[] {SMALL_MEMBERS, SMALL_WIDTH}, f.shape(), f.header());
        for (double v : f.values()) {
            assertTrue(v >= 0 && Double.isFinite(v), "a Fisher diagonal entry is a finite number >= 0: " + v);
        }
    }

    @Test
    void readoutNpyIsMembersByReadoutWeights() throws IOException {
        Npy r = readNpy(run.resolve("readout.npy"));
        assertArrayEquals(new int[] {SMALL_MEMBERS, SMALL_WIDTH}, r.shape(), r.header());
        for (double v : r.values()) {
            assertTrue(Double.isFinite(v), "a trained read-out weight of a non-diverged member is finite: " + v);
        }
    }

    @Test
    void auxiliaryArraysHaveTheDocumentedShapes() throws IOException {
        assertArrayEquals(
                new int[] {SMALL_TEST}, readNpy(run.resolve("test_targets.npy")).shape());
        assertArrayEquals(
                new int[] {SMALL_TEST, 2},
                readNpy(run.resolve("test_inputs.npy")).shape());
        Npy loss = readNpy(run.resolve("loss_curves.npy"));
        assertEquals(2, loss.shape().length);
        assertEquals(SMALL_MEMBERS, loss.shape()[0]);
        assertEquals(2, loss.shape()[1], "20 epochs recorded every 10 epochs");
    }

    /** HEAD of the checkout the tests run in, from git itself; "unknown" where there is no git checkout. */
    static String sourceCommit() throws IOException {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD")
                    .redirectErrorStream(true)
                    .start();
            String out =
                    new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown"; // no git on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void manifestRecordsProvenance() throws IOException {
        JsonNode m = readJson(run.resolve("manifest.json"));
        for (String key : List.of(
                "command_line",
                "config",
                "seeds",
                "software_version",
                "java_version",
                "threads",
                "start_time",
                "end_time")) {
            assertTrue(m.has(key), "manifest.json lacks " + key);
        }
        List<String> cmd = new ArrayList<>();
        m.get("command_line").forEach(n -> cmd.add(n.asText()));
        assertTrue(
                cmd.contains("run")
                        && cmd.contains("--members")
                        && cmd.contains("--out")
                        && cmd.contains(run.toString()),
                "command line: " + cmd);
        assertEquals(summary.get("config"), m.get("config"), "manifest and summary agree on the config");
        assertEquals(2, m.get("threads").asInt());
        assertEquals(summary.get("version").asText(), m.get("software_version").asText());
        assertEquals(System.getProperty("java.version"), m.get("java_version").asText());
        assertEquals(sourceCommit(), m.get("source_commit").asText(), "the commit the build was made from");
        assertTrue(
                List.of("true", "false").contains(m.get("source_dirty").asText())
                        || "unknown".equals(m.get("source_commit").asText()),
                "source_dirty: " + m.get("source_dirty"));
        assertTrue(m.get("seeds").toString().contains("7"), "the ensemble seed is recorded: " + m.get("seeds"));
        Instant start = Instant.parse(m.get("start_time").asText());
        Instant end = Instant.parse(m.get("end_time").asText());
        assertFalse(end.isBefore(start), "end_time before start_time");
    }
}
