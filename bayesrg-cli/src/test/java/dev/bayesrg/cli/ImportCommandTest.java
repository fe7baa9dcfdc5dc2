package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.cli.CliHarness.Result;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.Preset;
import dev.bayesrg.run.EnsembleExport;
import dev.bayesrg.run.RunComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayesrg import}: an ensemble directory (docs/import.md) becomes an ordinary run directory on
 * which merge, nnft, report and nngp --compare work; bad input is one line, exit 2, nothing written.
 */
class ImportCommandTest {
    @TempDir
    Path tmp;

    /** Five members of width 16 trained by bayesrg, the configuration the exported ensemble carries. */
    private static final ConfigLayers TRAINED = ConfigLayers.of(Preset.PAPER)
            .withMembers(5)
            .withWidth(16)
            .withEpochs(20)
            .with("data.train=20")
            .with("data.test=10")
            .with("data.fisher=8");

    /** The exported ensemble, with a config.yaml giving its architecture's width (16, not the preset's 2048). */
    private Path exported() throws IOException {
        Path ensemble = tmp.resolve("ensemble");
        EnsembleExport.mlp(TRAINED.resolve(), ensemble);
        Files.writeString(ensemble.resolve(ImportCommand.ENSEMBLE_CONFIG), """
                network:
                  hidden:
                    - {width: 10, activation: identity, bias: false}
                    - {width: 10, activation: relu, bias: false}
                    - {width: 16, activation: relu, bias: false}
                """);
        return ensemble;
    }

    private static Result imported(Path ensemble, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("import", ensemble.toString(), "--out", out.toString()));
        args.addAll(List.of("--quiet", "--no-report", "--threads", "2"));
        args.addAll(List.of(extra));
        return bayesrg(args);
    }

    @Test
    void importedShardsMergeIntoTheWholeImport() throws IOException {
        assertShardsMergeIntoTheWholeImport(exported(), "mlp");
    }

    /** The import of {@code ensemble} in two shards, merged, is the whole import (directories named by {@code name}). */
    private void assertShardsMergeIntoTheWholeImport(Path ensemble, String name) throws IOException {
        Path whole = tmp.resolve(name + "-whole");
        Result all = imported(ensemble, whole);
        assertEquals(0, all.exitCode(), all::toString);
        for (int shard = 0; shard < 2; shard++) {
            Result part = imported(ensemble, tmp.resolve(name + "-shard" + shard), "--shard", shard + "/2");
            assertEquals(0, part.exitCode(), part::toString);
        }
        Path merged = tmp.resolve(name + "-merged");
        Result merge = bayesrg(
                "merge",
                tmp.resolve(name + "-shard0").toString(),
                tmp.resolve(name + "-shard1").toString(),
                "--out",
                merged.toString(),
                "--quiet",
                "--no-report");
        assertEquals(0, merge.exitCode(), merge::toString);
        RunComparison.assertSameRun(whole, merged);
    }

    @Test
    void anImportedRunFlowsAsTheRunItCameFromAndTheOtherCommandsReadIt() throws IOException {
        Path ensemble = exported();
        Path original = tmp.resolve("original");
        List<String> run = new ArrayList<>(List.of("run", "--members", "5", "--width", "16", "--epochs", "20"));
        for (String set : List.of("data.train=20", "data.test=10", "data.fisher=8")) {
            run.addAll(List.of("--set", set));
        }
        run.addAll(List.of("--out", original.toString(), "--quiet", "--no-report"));
        assertEquals(0, bayesrg(run).exitCode());
        Path out = tmp.resolve("imported");
        Result r = imported(ensemble, out);
        assertEquals(0, r.exitCode(), r::toString);
        for (String file : List.of("predictions.npy", "fisher.npy", "mesh_outputs.npy", "flow.csv")) {
            assertArrayEquals(Files.readAllBytes(original.resolve(file)), Files.readAllBytes(out.resolve(file)), file);
        }
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(
                summary.contains(
                        "\"importFrom\" : \"" + ensemble.toAbsolutePath().normalize() + "\""),
                summary);
        for (List<String> command : List.of(
                List.of("nnft", out.toString()),
                List.of("report", out.toString()),
                List.of("nngp", "--compare", out.toString(), "--quiet"))) {
            Result other = bayesrg(command);
            assertEquals(0, other.exitCode(), () -> command + ": " + other);
        }
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        assertTrue(Files.isRegularFile(out.resolve("nngp/corroboration.csv")));
    }

    @Test
    void aMalformedEnsembleIsOneLineExitTwoAndNoRunDirectory() throws IOException {
        Path ensemble = exported();
        // member 3 of 5 missing from one layer's weights: a shape that names the offending dimension
        dev.bayesrg.io.Npy.Array weights = dev.bayesrg.io.Npy.read(ensemble.resolve("layer1_weight.npy"));
        int[] shape = weights.shape();
        dev.bayesrg.io.Npy.write(
                ensemble.resolve("layer1_weight.npy"),
                java.util.Arrays.copyOf(weights.values(), 4 * shape[1] * shape[2]),
                4,
                shape[1],
                shape[2]);
        Path out = tmp.resolve("refused");
        Result r = imported(ensemble, out);
        assertEquals(2, r.exitCode(), r::toString);
        List<String> lines = InvalidInputTest.messageLines(r);
        assertEquals(1, lines.size(), r::toString);
        assertTrue(
                lines.get(0).contains("layer1_weight.npy") && lines.get(0).contains("dimension 0 is 4"), r::toString);
        assertFalse(Files.exists(out), "nothing written for a malformed ensemble");
    }

    /**
     * An outputs ensemble: the outputs of ten members of a bayesrg run on its six mesh points, at
     * epochs 0, 10 and 20 of training.
     */
    private Path outputsEnsemble() throws IOException {
        Path original = tmp.resolve("outputs-original");
        List<String> run = new ArrayList<>(List.of("run", "--members", "10", "--width", "16", "--epochs", "20"));
        for (String set :
                List.of("data.train=20", "data.test=10", "data.fisher=8", "nnft.points=6", "nnft.snapshotEvery=10")) {
            run.addAll(List.of("--set", set));
        }
        run.addAll(List.of("--out", original.toString(), "--quiet", "--no-report"));
        Result r = bayesrg(run);
        assertEquals(0, r.exitCode(), r::toString);
        Path ensemble = tmp.resolve("outputs-ensemble");
        EnsembleExport.outputs(original, ensemble, true);
        return ensemble;
    }

    @Test
    void anOutputsEnsembleImportsAndNnftAndReportReadItWithoutAFlow() throws IOException {
        Path ensemble = outputsEnsemble();
        Path out = tmp.resolve("imported-outputs");
        Result r = imported(ensemble, out);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("no flow (brg.cutoffs is empty"), r::toString);
        for (List<String> command : List.of(List.of("nnft", out.toString()), List.of("report", out.toString()))) {
            Result other = bayesrg(command);
            assertEquals(0, other.exitCode(), () -> command + ": " + other);
        }
        assertTrue(Files.isRegularFile(out.resolve("nnft/training_kernels.npy")));
        String report = Files.readString(out.resolve("report.html"));
        for (String why : List.of(
                "brg.cutoffs is empty, so the run has no flow",
                "the members have no parameters (an ensemble imported as outputs",
                "imported without their losses")) {
            assertTrue(report.contains(why), () -> "report.html does not say: " + why);
        }
        for (String figure : List.of("fig8_probe_trained", "nnft_kernels", "nnft_training")) {
            assertTrue(Files.isRegularFile(out.resolve("figures/" + figure + ".png")), figure);
        }
        for (String figure : List.of("fig9_loss_vs_cutoff", "fisher_spectrum", "training_loss", "nnft_cutoff_epoch")) {
            assertFalse(Files.exists(out.resolve("figures/" + figure + ".png")), figure + " is left out");
        }
        // no network and no training set: the GP has nothing to predict from
        Result gp = bayesrg("nngp", "--compare", out.toString(), "--quiet");
        assertEquals(2, gp.exitCode(), gp::toString);
        assertTrue(gp.err().contains("imported as outputs"), gp::toString);
    }

    @Test
    void importedOutputsShardsMergeIntoTheWholeImport() throws IOException {
        assertShardsMergeIntoTheWholeImport(outputsEnsemble(), "outputs");
    }

    @Test
    void aMalformedOutputsEnsembleIsOneLineExitTwoAndNoRunDirectory() throws IOException {
        Path ensemble = outputsEnsemble();
        // the epochs of two checkpoints for outputs at three
        dev.bayesrg.io.Npy.write(ensemble.resolve("epochs.npy"), new double[] {0, 20}, 2);
        Path out = tmp.resolve("refused-outputs");
        Result r = imported(ensemble, out);
        assertEquals(2, r.exitCode(), r::toString);
        List<String> lines = InvalidInputTest.messageLines(r);
        assertEquals(1, lines.size(), r::toString);
        assertTrue(lines.get(0).contains("epochs.npy") && lines.get(0).contains("expected [3]"), r::toString);
        assertFalse(Files.exists(out), "nothing written for a malformed ensemble");
    }

    @Test
    void membersImportsTheFirstOnesAndNoMoreThanTheDirectoryHas() throws IOException {
        Path ensemble = exported();
        Path whole = tmp.resolve("whole");
        assertEquals(0, imported(ensemble, whole).exitCode());
        Path first = tmp.resolve("first");
        Result r = imported(ensemble, first, "--members", "3");
        assertEquals(0, r.exitCode(), r::toString);
        dev.bayesrg.io.Npy.Array all = dev.bayesrg.io.Npy.read(whole.resolve("predictions.npy"));
        dev.bayesrg.io.Npy.Array some = dev.bayesrg.io.Npy.read(first.resolve("predictions.npy"));
        assertEquals(3, some.shape()[0]);
        assertArrayEquals(java.util.Arrays.copyOf(all.values(), some.values().length), some.values());
        Path refused = tmp.resolve("refused");
        Result more = imported(ensemble, refused, "--members", "6");
        assertEquals(2, more.exitCode(), more::toString);
        assertTrue(more.err().contains("allowed at most the 5 members"), more::toString);
        assertFalse(Files.exists(refused));
    }

    @Test
    void importWithoutAnEnsembleDirectoryNamesIt() {
        Result r = bayesrg("import", "--quiet");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("ENSEMBLE_DIR"), r::toString);
        Result missing = bayesrg("import", tmp.resolve("nowhere").toString(), "--quiet");
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("nowhere") && missing.err().contains("not a directory"), missing::toString);
    }
}
