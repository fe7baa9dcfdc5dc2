package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.io.Npy;
import dev.bayesrg.io.RunDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The predictive quality and the training MSE along the flow of a small run, read back from its
 * directory: the training MSE at entry 0 is the trained training loss, the flow's predictive numbers
 * are those of predictions.npy and test_targets.npy recomputed from the files, test_mse_mean splits
 * into bias² + variance, and a directory written before the columns existed still reads.
 */
class PredictiveFlowRunTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "network.trainable {0}, brg.basis {1}")
    @CsvSource({"last, diagonal", "last, eigen", "all, diagonal"})
    void theFlowsPredictiveQualityIsThatOfTheWrittenPredictions(String trainable, String basis) throws Exception {
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.PAPER)
                .with("ensemble.members=6")
                .with("network.hidden[2].width=24")
                .with("network.trainable=" + trainable)
                .with("brg.basis=" + basis)
                .with("train.epochs=30")
                .with("data.train=30")
                .with("data.test=25")
                .with("data.fisher=20")
                .with("brg.cutoffs=[0.01, 1, 100]")
                .with("fisher.noiseVariance=0.5")
                .load();
        DataSets data = Experiment.prepareData(config, Path.of(""));
        RunResult result = Experiment.run(config, data, 2, done -> {});
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"));
        RunWriter.write(
                dir, result, new RunWriter.Provenance(List.of("test"), "paper", 2, Instant.EPOCH, Instant.EPOCH));
        RunFiles run = RunFiles.open(dir.path());

        MembersTable members = run.members();
        int entries = 4;
        for (int m = 0; m < members.size(); m++) {
            double loss = members.trainLoss()[m];
            assertEquals(loss, members.trainMse()[m][0], 1e-9 * loss, "member " + m + ": entry 0 is the trained loss");
            for (int k = 1; k < entries; k++) {
                assertTrue(Double.isFinite(members.trainMse()[m][k]) || members.diverged()[m]);
            }
        }
        // the flow's numbers from the files, brute force
        Npy.Array predictions = run.predictions();
        double[] y = run.testSet().targets();
        int n = y.length;
        List<FlowEntry> flow = run.flow();
        for (int k = 0; k < entries; k++) {
            List<double[]> kept = new ArrayList<>();
            List<Double> train = new ArrayList<>();
            for (int m = 0; m < members.size(); m++) {
                if (!members.diverged()[m]) {
                    double[] row = new double[n];
                    System.arraycopy(predictions.values(), (m * entries + k) * n, row, 0, n);
                    kept.add(row);
                    train.add(members.trainMse()[m][k]);
                }
            }
            PredictiveQuality expected = PredictiveQuality.of(kept.toArray(new double[0][]), y, 0.5);
            FlowEntry e = flow.get(k);
            assertEquals(expected, e.predictive(), "entry " + k);
            assertEquals(
                    e.testMseMean(),
                    e.predictive().biasSquared() + e.predictive().variance(),
                    1e-10 * e.testMseMean());
            double trainMean =
                    train.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertEquals(trainMean, e.trainMseMean(), 1e-12 * trainMean);
            assertFalse(Double.isNaN(e.predictive().nll()));
        }

        // a directory written before the columns existed: flow.csv, summary.json and members.csv without them
        Path flowCsv = dir.path().resolve(RunWriter.FLOW);
        List<String> lines = Files.readAllLines(flowCsv, StandardCharsets.UTF_8);
        int keep = RunFileChecks.FLOW_COLUMNS.size();
        List<String> old = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            old.add(String.join(",", java.util.Arrays.copyOf(cells, keep)));
        }
        Files.write(flowCsv, old, StandardCharsets.UTF_8);
        Path summary = dir.path().resolve(RunWriter.SUMMARY);
        com.fasterxml.jackson.databind.JsonNode tree = dev.bayesrg.io.Json.read(summary);
        for (com.fasterxml.jackson.databind.JsonNode entry : tree.get("flow")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) entry).remove(RunFileChecks.PREDICTIVE_COLUMNS);
            ((com.fasterxml.jackson.databind.node.ObjectNode) entry).remove("non_finite");
        }
        dev.bayesrg.io.Json.write(summary, tree);
        Path membersCsv = dir.path().resolve(RunWriter.MEMBERS);
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(membersCsv, StandardCharsets.UTF_8)) {
            rows.add(line.substring(0, line.lastIndexOf(',')));
        }
        Files.write(membersCsv, rows, StandardCharsets.UTF_8);
        RunFiles older = RunFiles.open(dir.path());
        FlowEntry e0 = older.flow().get(0);
        assertEquals(flow.get(0).testMseMean(), e0.testMseMean());
        assertTrue(
                Double.isNaN(e0.trainMseMean()) && Double.isNaN(e0.predictive().nll()));
        assertTrue(Double.isNaN(older.members().trainMse()[0][0]));
    }
}
