package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.assertClose;
import static dev.bayesrg.cli.CliHarness.csvNumber;
import static dev.bayesrg.cli.CliHarness.jsonNumber;
import static dev.bayesrg.cli.CliHarness.readCsv;
import static dev.bayesrg.cli.CliHarness.readJson;
import static dev.bayesrg.cli.CliHarness.readNpy;
import static dev.bayesrg.cli.CliHarness.runSmall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.cli.CliHarness.Npy;
import dev.bayesrg.cli.CliHarness.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recomputes the run's statistics from its raw arrays, independently of the engine: per-member test
 * MSE from predictions.npy and test_targets.npy, then the ensemble flow over the members that did
 * not diverge (SPEC A.4–A.6).
 */
class RunStatisticsRecomputationTest {
    private static final int MEMBERS = 10;

    @TempDir
    static Path tmp;

    static Path run;
    static Npy predictions;
    static double[] targets;
    static Table members;
    static Table flowCsv;
    static JsonNode summary;
    static int entries;
    static int nTest;

    @BeforeAll
    static void runOnce() throws IOException {
        run = tmp.resolve("run");
        // A low divergence threshold marks roughly half the members diverged (SPEC A.6), so the
        // statistics below are checked to exclude them.
        runSmall(
                run,
                "--set",
                "ensemble.members=" + MEMBERS,
                "--set",
                "train.divergenceLoss=1000",
                "--set",
                "brg.cutoffs=[0.01, 1, 5, 50, 500, 5000]");
        predictions = readNpy(run.resolve("predictions.npy"));
        targets = readNpy(run.resolve("test_targets.npy")).values();
        members = readCsv(run.resolve("members.csv"));
        flowCsv = readCsv(run.resolve("flow.csv"));
        summary = readJson(run.resolve("summary.json"));
        entries = predictions.shape()[1];
        nTest = predictions.shape()[2];
        assertEquals(MEMBERS, predictions.shape()[0]);
        assertEquals(nTest, targets.length);
    }

    private static double recomputedMse(int member, int entry) {
        double s = 0;
        for (int i = 0; i < nTest; i++) {
            double r = predictions.at(member, entry, i) - targets[i];
            s += r * r;
        }
        return s / nTest;
    }

    /** members.csv row of (member, entry); entries are identified by their cutoff (null for entry 0). */
    private static int row(int member, int entry) {
        Double cutoff =
                entry == 0 ? null : summary.get("cutoffs").get(entry - 1).asDouble();
        for (int r = 0; r < members.rows().size(); r++) {
            if (Integer.parseInt(members.cell(r, "member")) == member
                    && java.util.Objects.equals(csvNumber(members.cell(r, "cutoff")), cutoff)) {
                return r;
            }
        }
        throw new AssertionError("no members.csv row for member " + member + ", cutoff " + cutoff);
    }

    private static boolean diverged(int member) {
        return Boolean.parseBoolean(members.cell(row(member, 0), "diverged"));
    }

    private static List<Integer> usedMembers() {
        List<Integer> used = new ArrayList<>();
        for (int m = 0; m < MEMBERS; m++) {
            if (!diverged(m)) {
                used.add(m);
            }
        }
        return used;
    }

    @Test
    void scenarioHasBothDivergedAndHealthyMembers() {
        int used = usedMembers().size();
        assertTrue(
                used > 1 && used < MEMBERS,
                "precondition: the divergence threshold should split the ensemble, got " + used + " healthy of "
                        + MEMBERS);
        assertEquals(MEMBERS - used, summary.get("members_diverged").asInt(), "members_diverged");
        assertEquals(MEMBERS, summary.get("members").asInt(), "diverged members still count in 'members'");
    }

    @Test
    void divergedFlagIsTheSameOnEveryRowOfAMember() {
        for (int m = 0; m < MEMBERS; m++) {
            for (int k = 0; k < entries; k++) {
                assertEquals(
                        diverged(m),
                        Boolean.parseBoolean(members.cell(row(m, k), "diverged")),
                        "member " + m + " entry " + k);
            }
        }
    }

    @Test
    void membersCsvTestMseEqualsMseRecomputedFromPredictions() {
        for (int m = 0; m < MEMBERS; m++) {
            for (int k = 0; k < entries; k++) {
                double written = Double.parseDouble(members.cell(row(m, k), "test_mse"));
                assertClose(recomputedMse(m, k), written, "test_mse of member " + m + " entry " + k);
            }
        }
    }

    @Test
    void flowMeanAndMedianOfTestMseAreOverNonDivergedMembers() {
        List<Integer> used = usedMembers();
        JsonNode flow = summary.get("flow");
        assertEquals(entries, flow.size());
        assertEquals(entries, flowCsv.rows().size());
        for (int k = 0; k < entries; k++) {
            double[] mse = new double[used.size()];
            for (int i = 0; i < used.size(); i++) {
                mse[i] = recomputedMse(used.get(i), k);
            }
            double mean = Arrays.stream(mse).sum() / mse.length;
            double[] sorted = mse.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;

            assertClose(mean, csvNumber(flowCsv.cell(k, "test_mse_mean")), "flow.csv test_mse_mean entry " + k);
            assertClose(median, csvNumber(flowCsv.cell(k, "test_mse_median")), "flow.csv test_mse_median entry " + k);
            assertClose(mean, jsonNumber(flow.get(k).get("test_mse_mean")), "summary test_mse_mean entry " + k);
            assertClose(median, jsonNumber(flow.get(k).get("test_mse_median")), "summary test_mse_median entry " + k);
        }
    }

    @Test
    void flowProbeMomentsAreOverNonDivergedMembers() {
        List<Integer> used = usedMembers();
        int b = used.size();
        for (int k = 0; k < entries; k++) {
            double[] f = new double[b];
            for (int i = 0; i < b; i++) {
                f[i] = Double.parseDouble(members.cell(row(used.get(i), k), "probe_output"));
            }
            double mean = Arrays.stream(f).sum() / b;
            double m2 = 0;
            double m4 = 0;
            for (double v : f) {
                double d = v - mean;
                m2 += d * d;
                m4 += d * d * d * d;
            }
            double variance = m2 / (b - 1);
            double kurtosis = (m4 / b) / ((m2 / b) * (m2 / b)) - 3;
            assertClose(mean, csvNumber(flowCsv.cell(k, "probe_mean")), "probe_mean entry " + k);
            assertClose(variance, csvNumber(flowCsv.cell(k, "probe_variance")), "probe_variance entry " + k);
            double written = csvNumber(flowCsv.cell(k, "probe_excess_kurtosis"));
            assertTrue(
                    Math.abs(kurtosis - written) <= 1e-9 * Math.max(1, Math.abs(kurtosis)),
                    "probe_excess_kurtosis entry " + k + ": expected " + kurtosis + " but was " + written);
        }
    }

    @Test
    void criticalCutoffFollowsItsDefinition() {
        // docs/method.md, run, step 7: the smallest cutoff whose median test MSE exceeds
        // criticalFactor × the median of the trained ensemble (entry 0); null if none does.
        double factor = summary.at("/config/brg/criticalFactor").asDouble();
        double reference = csvNumber(flowCsv.cell(0, "test_mse_median"));
        Double expected = null;
        for (int k = 1; k < entries; k++) {
            if (csvNumber(flowCsv.cell(k, "test_mse_median")) > factor * reference) {
                expected = csvNumber(flowCsv.cell(k, "cutoff"));
                break;
            }
        }
        assertEquals(expected, jsonNumber(summary.get("critical_cutoff")));
    }
}
