package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static dev.bayesrg.cli.CliHarness.readCsv;
import static dev.bayesrg.cli.CliHarness.readJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bayesrg compare-posteriors: one run per method, each the run that 'bayesrg run' writes for that
 * method, and a table that says what the runs' own summaries say.
 */
class ComparePosteriorsCommandTest {
    @TempDir
    static Path tmp;

    private static Path out;

    private static CliHarness.Result result;

    private static final List<String> METHODS = List.of("gd-ensemble", "exact", "langevin");

    @BeforeAll
    static void compareThreeMethods() {
        out = tmp.resolve("cmp");
        List<String> args = new ArrayList<>(List.of("compare-posteriors", "--methods", String.join(",", METHODS)));
        args.addAll(CliHarness.TINY);
        args.addAll(List.of("--set", "posterior.langevin.steps=30", "--out", out.toString()));
        result = bayesrg(args);
        assertEquals(0, result.exitCode(), result.toString());
    }

    private static List<Map<String, String>> rows(Path csv) throws IOException {
        CliHarness.Table table = readCsv(csv);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int r = 0; r < table.rows().size(); r++) {
            rows.add(table.row(r));
        }
        return rows;
    }

    @Test
    void eachMethodIsTheRunThatBayesrgRunWrites() throws IOException {
        Path single = tmp.resolve("exact-alone");
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(CliHarness.TINY);
        args.addAll(List.of(
                "--set", "posterior.langevin.steps=30", "--set", "posterior.method=exact", "--out", single.toString()));
        assertEquals(0, bayesrg(args).exitCode());
        assertEquals(Files.readString(single.resolve("flow.csv")), Files.readString(out.resolve("exact/flow.csv")));
        assertTrue(Files.exists(out.resolve("posteriors.png")) && Files.exists(out.resolve("posteriors.svg")));
    }

    @Test
    void theTableRepeatsEachRunsSummary() throws IOException {
        JsonNode runs = readJson(out.resolve("posteriors.json")).get("runs");
        assertEquals(METHODS.size(), runs.size());
        List<Map<String, String>> rows = rows(out.resolve("posteriors.csv"));
        for (int r = 0; r < METHODS.size(); r++) {
            String method = METHODS.get(r);
            JsonNode summary = readJson(out.resolve(method).resolve("summary.json"));
            JsonNode run = runs.get(r);
            assertEquals(method, run.get("method").asText());
            assertEquals(summary.get("critical_cutoff"), run.get("critical_cutoff"));
            assertEquals(
                    summary.get("critical_interval").get("lower"),
                    run.get("critical_interval").get("lower"));
            assertEquals(
                    summary.get("critical_interval").get("upper"),
                    run.get("critical_interval").get("upper"));
            assertEquals(
                    summary.get("members_diverged").asInt(),
                    run.get("members_diverged").asInt());
            List<Map<String, String>> own =
                    rows.stream().filter(row -> row.get("label").equals(method)).toList();
            JsonNode flow = summary.get("flow");
            assertEquals(flow.size(), own.size());
            for (int k = 0; k < flow.size(); k++) {
                assertEquals(
                        flow.get(k).get("test_mse_median").asDouble(),
                        Double.parseDouble(own.get(k).get("test_mse_median")),
                        0.0);
            }
            assertTrue(result.out().contains(method), result.out());
        }
    }

    @Test
    void finishedRunsCompareAsTheyAre() throws IOException {
        Path again = tmp.resolve("again");
        CliHarness.Result r = bayesrg(
                "compare-posteriors",
                "--runs",
                out.resolve("exact").toString(),
                out.resolve("gd-ensemble").toString(),
                "--out",
                again.toString());
        assertEquals(0, r.exitCode(), r.toString());
        List<Map<String, String>> rows = rows(again.resolve("posteriors.csv"));
        assertEquals("exact", rows.get(0).get("label"));
        List<Map<String, String>> before = rows(out.resolve("posteriors.csv"));
        assertEquals(
                before.stream().filter(row -> row.get("label").equals("exact")).toList(),
                rows.stream().filter(row -> row.get("label").equals("exact")).toList());
    }

    @Test
    void anUnknownMethodOrAnImpossibleCombinationIsRefusedBeforeAnythingRuns() {
        Path none = tmp.resolve("none");
        CliHarness.Result unknown =
                bayesrg("compare-posteriors", "--methods", "gd-ensemble,mcmc", "--out", none.toString());
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("--methods") && unknown.err().contains("mcmc"), unknown.err());
        CliHarness.Result impossible = bayesrg(
                "compare-posteriors",
                "--methods",
                "gd-ensemble,exact",
                "--set",
                "network.trainable=all",
                "--out",
                none.toString());
        assertEquals(2, impossible.exitCode(), impossible.toString());
        assertTrue(impossible.err().contains("posterior.method"), impossible.err());
        assertEquals(1, impossible.errLines().size(), impossible.err());
        assertFalse(Files.exists(none), "nothing written");
    }

    @Test
    void anUnfinishedOrMissingRunIsRefusedAndNothingIsWritten() {
        Path none = tmp.resolve("none-from-runs");
        CliHarness.Result r = bayesrg(
                "compare-posteriors",
                "--runs",
                out.resolve("exact").toString(),
                tmp.resolve("missing").toString(),
                "--out",
                none.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("missing") && r.err().contains("does not exist"), r.err());
        assertFalse(Files.exists(none), "nothing written");
    }
}
