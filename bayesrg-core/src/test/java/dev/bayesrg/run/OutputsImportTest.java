package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.NpyData;
import dev.bayesrg.ingest.ImportedEnsemble;
import dev.bayesrg.io.Npy;
import dev.bayesrg.io.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An ensemble imported as its outputs on a mesh alone (docs/import.md, kind {@code outputs}): the
 * outputs of a run of bayesrg's own (its mesh_training.npy), imported again, give the field theory
 * of that run bit for bit (the same members' outputs on the same mesh, summed in the same order);
 * members with non-finite outputs count as diverged; a malformed directory is one line naming the
 * file and the dimension, before anything is written.
 */
class OutputsImportTest {
    @TempDir
    Path tmp;

    /** Twelve members (more than the six mesh points, so that the kernels are not singular), no flow. */
    private static final ConfigLayers ORIGINAL = ConfigLayers.of(Preset.PAPER)
            .withMembers(12)
            .withWidth(16)
            .with("data.train=20")
            .with("data.test=10")
            .with("data.fisher=8")
            .with("nnft.points=6")
            .with("brg.cutoffs=[]");

    private static final List<String> FIELD_THEORY =
            List.of("nnft/kernels.npy", "nnft/training_kernels.npy", "nnft/kl_cutoff_vs_epoch.npy", "nnft/mesh.npy");

    static Stream<Arguments> schedules() {
        return Stream.of(
                Arguments.of("a checkpoint every 10 of 30 epochs", 30, 10, true),
                Arguments.of("the last checkpoint 5 epochs after the one before", 25, 10, true),
                Arguments.of("checkpoints without their epochs", 30, 10, false),
                Arguments.of("the trained outputs alone", 30, 0, false));
    }

    private Path run(ExperimentConfig config, String name) throws Exception {
        return ExperimentRun.of(config).threads(2).writeTo(tmp.resolve(name)).directory();
    }

    private static ExperimentConfig importing(Path ensemble) {
        return ImportedEnsemble.settle(ConfigLayers.of(Preset.PAPER).loader(), ensemble)
                .load();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void theImportedOutputsGiveTheOriginalRunsFieldTheoryBitForBit(
            String what, int epochs, int every, boolean withEpochs) throws Exception {
        Path original = run(
                ORIGINAL.withEpochs(epochs).with("nnft.snapshotEvery=" + every).resolve(), "original");
        Path ensemble = tmp.resolve("ensemble");
        EnsembleExport.outputs(original, ensemble, withEpochs);
        ExperimentConfig config = importing(ensemble);
        assertTrue(config.ensemble().outputsOnly());
        assertEquals(List.of(), config.brg().cutoffs());
        assertEquals(withEpochs || every == 0 ? every : 1, config.nnft().snapshotEvery());
        Path imported = run(config, "imported");

        for (String file : Stream.concat(
                        FIELD_THEORY.stream(),
                        Stream.of(RunWriter.MESH_INPUTS, RunWriter.MESH_OUTPUTS, RunWriter.MESH_TRAINING))
                .toList()) {
            assertEquals(Files.exists(original.resolve(file)), Files.exists(imported.resolve(file)), file);
            if (Files.exists(original.resolve(file))) {
                assertArrayEquals(
                        Files.readAllBytes(original.resolve(file)), Files.readAllBytes(imported.resolve(file)), file);
            }
        }
        assertEquals(every > 0, Files.exists(imported.resolve("nnft/training_kernels.npy")));
        if (withEpochs || every == 0) {
            // the same epochs: the whole field theory file is the same, every number and epoch
            assertEquals(
                    Files.readString(original.resolve("nnft/snapshots.json")),
                    Files.readString(imported.resolve("nnft/snapshots.json")));
        } else {
            // without their epochs the checkpoints are numbered 0, 1, …, C − 1
            List<NnftFile.Snapshot> checkpoints =
                    RunFiles.open(imported).nnft().orElseThrow().checkpoints();
            assertEquals(
                    List.of(0, 1, 2, 3),
                    checkpoints.stream().map(NnftFile.Snapshot::index).toList());
        }

        // the test set is the mesh, the predictions the trained outputs, the probe the first mesh point
        assertArrayEquals(
                Files.readAllBytes(original.resolve(RunWriter.MESH_INPUTS)),
                Files.readAllBytes(imported.resolve(RunWriter.TEST_INPUTS)));
        assertArrayEquals(
                Files.readAllBytes(original.resolve(RunWriter.MESH_OUTPUTS)),
                Files.readAllBytes(imported.resolve(RunWriter.PREDICTIONS)));
        RunFiles files = RunFiles.open(imported);
        MembersTable members = files.members();
        assertArrayEquals(RunFiles.open(original).members().diverged(), members.diverged());
        Npy.Array mesh = Npy.read(original.resolve(RunWriter.MESH_OUTPUTS));
        for (int m = 0; m < members.size(); m++) {
            assertEquals(mesh.values()[m * 6], members.probe()[m][0], "member " + m + "'s probe output");
            assertTrue(Double.isNaN(members.testMse()[m][0]), "no targets: no test MSE");
            assertTrue(Double.isNaN(members.trainLoss()[m]), "no training losses");
        }
        // no parameters: every per-parameter array has no columns, and there is no flow
        RunSummary summary = files.summary();
        assertEquals(0, summary.trainableParameters());
        assertEquals(List.of(), summary.cutoffs());
        assertNull(summary.criticalCutoff());
        assertNull(summary.criticalInterval());
        assertArrayEquals(new int[] {12, 0}, files.fisher().shape());
        assertArrayEquals(new int[] {12, 0}, files.memberCutoffs().shape());
        assertArrayEquals(new int[] {12, 0}, files.readout().orElseThrow().shape());
        assertArrayEquals(
                new int[] {12, 0},
                Npy.read(imported.resolve(RunWriter.FISHER_SPECTRUM)).shape());
        assertEquals(1, files.flow().size());
        assertTrue(files.geometry().orElseThrow().stream().allMatch(g -> g == null), "no member measured a geometry");
    }

    @Test
    void membersWithNonFiniteOutputsDivergedAndTheFieldTheoryIsTheOthers() throws Exception {
        Path original =
                run(ORIGINAL.withEpochs(20).with("nnft.snapshotEvery=10").resolve(), "original");
        Path ensemble = tmp.resolve("ensemble");
        EnsembleExport.outputs(original, ensemble, true);
        assertArrayEquals(new boolean[12], RunFiles.open(original).members().diverged(), "none diverged here");
        // member 2 went NaN halfway through training, member 7 ended at +∞: both diverged
        Npy.Array outputs = Npy.read(ensemble.resolve("outputs.npy"));
        double[] values = outputs.values().clone();
        values[(2 * 3 + 1) * 6 + 4] = Double.NaN;
        values[(7 * 3 + 2) * 6] = Double.POSITIVE_INFINITY;
        Npy.write(ensemble.resolve("outputs.npy"), values, outputs.shape());
        Path imported = run(importing(ensemble), "imported");
        boolean[] diverged = RunFiles.open(imported).members().diverged();
        boolean[] expected = new boolean[12];
        expected[2] = true;
        expected[7] = true;
        assertArrayEquals(expected, diverged);
        assertEquals(2, RunFiles.open(imported).summary().membersDiverged());

        // the same ensemble without those two members: the same field theory, bit for bit
        Path without = tmp.resolve("without");
        Files.createDirectories(without);
        int[] kept = {0, 1, 3, 4, 5, 6, 8, 9, 10, 11};
        double[] rows = new double[kept.length * 18];
        for (int i = 0; i < kept.length; i++) {
            System.arraycopy(values, kept[i] * 18, rows, i * 18, 18);
        }
        Npy.write(without.resolve("outputs.npy"), rows, kept.length, 3, 6);
        for (String file : List.of("mesh_inputs.npy", "epochs.npy")) {
            Files.copy(ensemble.resolve(file), without.resolve(file));
        }
        Files.writeString(
                without.resolve("ensemble.json"),
                Files.readString(ensemble.resolve("ensemble.json")).replace("\"members\": 12", "\"members\": 10"));
        Path fewer = run(importing(without), "fewer");
        for (String file : FIELD_THEORY) {
            assertArrayEquals(
                    Files.readAllBytes(fewer.resolve(file)), Files.readAllBytes(imported.resolve(file)), file);
        }
        assertEquals(10, RunFiles.open(imported).nnft().orElseThrow().membersUsed());
    }

    @Test
    void meshTargetsGiveTheTestMseAndTheProbesTarget() throws Exception {
        Path ensemble = tmp.resolve("ensemble");
        // three members, two points in one dimension, outputs known exactly
        writeEnsemble(ensemble, 3, new double[] {1, 2, 3, 4, 5, 7}, new int[] {3, 2}, new double[] {0.5, -1});
        Npy.write(ensemble.resolve("mesh_targets.npy"), new double[] {1, 3}, 2);
        Path imported = run(importing(ensemble), "imported");
        MembersTable members = RunFiles.open(imported).members();
        // MSE of (1, 2), (3, 4), (5, 7) against (1, 3): 0.5, 2.5, 16.0
        assertArrayEquals(
                new double[] {0.5, 2.5, 16.0},
                Arrays.stream(members.testMse()).mapToDouble(r -> r[0]).toArray());
        assertArrayEquals(
                new double[] {1, 3, 5},
                Arrays.stream(members.probe()).mapToDouble(r -> r[0]).toArray());
        RunSummary summary = RunFiles.open(imported).summary();
        assertArrayEquals(new double[] {0.5}, summary.probeInput());
        assertEquals(1.0, summary.probeTarget());
        assertEquals(2.5, RunFiles.open(imported).flow().get(0).testMseMedian());
    }

    @Test
    void anInterruptedImportResumesToTheFilesOfAnUninterruptedOne() throws Exception {
        Path ensemble = tmp.resolve("ensemble");
        double[] outputs = new double[5 * 2 * 3];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = Math.sin(1.7 * i) * (1 + i % 4);
        }
        writeEnsemble(ensemble, 5, outputs, new int[] {5, 2, 3}, new double[] {0, 0, 1, 0, 0, 1});
        ExperimentConfig config = importing(ensemble);
        ExperimentRun.Finished whole = ExperimentRun.of(config).threads(1).writeTo(tmp.resolve("whole"));
        Path broken = tmp.resolve("broken");
        assertThrows(
                IllegalStateException.class,
                () -> ExperimentRun.of(config)
                        .onRunDirectory(dir -> {
                            throw new IllegalStateException("stopped");
                        })
                        .writeTo(broken));
        try (Checkpoint checkpoint = Checkpoint.append(
                broken.resolve(Checkpoint.FILE), 0, ResumeState.read(broken).identity())) {
            for (MemberResult m : whole.result().members().subList(0, 2)) {
                checkpoint.record(m);
            }
        }
        assertEquals(2, ExperimentRun.finishedMembers(broken));
        Path resumed = ExperimentRun.resume(broken, ExperimentRun.of(config).threads(2))
                .directory();
        for (String file : List.of(
                RunWriter.PREDICTIONS,
                RunWriter.MEMBERS,
                RunWriter.FLOW,
                RunWriter.MESH_TRAINING,
                "nnft/kernels.npy")) {
            assertArrayEquals(
                    Files.readAllBytes(whole.directory().resolve(file)),
                    Files.readAllBytes(resumed.resolve(file)),
                    file);
        }
    }

    /** A malformed directory, what breaks it, and what the one line must name. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(
                        "outputs of one dimension",
                        (Edit) d -> Npy.write(d.resolve("outputs.npy"), new double[4], 4),
                        List.of("outputs.npy", "[4]", "1 dimensions", "[members, P] or [members, C, P]")),
                Arguments.of(
                        "outputs of four dimensions",
                        (Edit) d -> Npy.write(d.resolve("outputs.npy"), new double[4 * 3 * 2], 4, 3, 2, 1),
                        List.of("outputs.npy", "4 dimensions")),
                Arguments.of(
                        "outputs of one member fewer than ensemble.json's",
                        (Edit) d -> Npy.write(d.resolve("outputs.npy"), new double[3 * 3 * 2], 3, 3, 2),
                        List.of("outputs.npy", "dimension 0 is 3", "4 members")),
                Arguments.of(
                        "a mesh of three points for outputs on two",
                        (Edit) d -> Npy.write(d.resolve("mesh_inputs.npy"), new double[3], 3, 1),
                        List.of("mesh_inputs.npy", "[3, 1]", "expected [2, d]")),
                Arguments.of(
                        "mesh targets of another length",
                        (Edit) d -> Npy.write(d.resolve("mesh_targets.npy"), new double[3], 3),
                        List.of("mesh_targets.npy", "[3]", "expected [2]")),
                Arguments.of(
                        "epochs of another length than the checkpoints",
                        epochs(0, 10),
                        List.of("epochs.npy", "[2]", "expected [3]")),
                Arguments.of(
                        "epochs that do not increase",
                        epochs(0, 10, 10),
                        List.of("epochs.npy", "entry 2 is 10", "increasing")),
                Arguments.of(
                        "epochs that are not whole numbers",
                        epochs(0, 2.5, 5),
                        List.of("epochs.npy", "entry 1 is 2.5", "whole numbers")),
                Arguments.of(
                        "epochs not evenly spaced",
                        epochs(0, 10, 25),
                        List.of("epochs.npy", "[0, 10, 25]", "evenly spaced")),
                Arguments.of(
                        "epochs not from 0", epochs(1, 2, 3), List.of("epochs.npy", "[1, 2, 3]", "allowed 0, k, 2k")),
                Arguments.of(
                        "more mesh points than the field theory takes",
                        (Edit) d -> {
                            Npy.write(d.resolve("outputs.npy"), new double[4 * 33], 4, 33);
                            Npy.write(d.resolve("mesh_inputs.npy"), new double[33], 33, 1);
                            Files.delete(d.resolve("epochs.npy"));
                        },
                        List.of("outputs.npy", "33 mesh points", "at most 32")),
                Arguments.of(
                        "no mesh points",
                        (Edit) d -> Files.delete(d.resolve("mesh_inputs.npy")),
                        List.of("mesh_inputs.npy", "missing")),
                Arguments.of(
                        "no outputs",
                        (Edit) d -> Files.delete(d.resolve("outputs.npy")),
                        List.of("outputs.npy", "missing")));
    }

    /** Writes {@code values} as the ensemble's epochs. */
    private static Edit epochs(double... values) {
        return d -> Npy.write(d.resolve("epochs.npy"), values, values.length);
    }

    /** Changes a well-formed ensemble directory. */
    @FunctionalInterface
    interface Edit {
        void apply(Path directory) throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedOutputsEnsembleIsOneLineNamingTheFileBeforeAnythingIsWritten(
            String what, Edit edit, List<String> named) throws Exception {
        Path ensemble = wellFormed();
        edit.apply(ensemble);
        Path out = tmp.resolve("out");
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ExperimentRun.of(importing(ensemble)).writeTo(out));
        String message = e.getMessage();
        assertEquals(1, message.lines().count(), message);
        for (String part : named) {
            assertTrue(message.contains(part), () -> "'" + part + "' not in: " + message);
        }
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aWellFormedEnsembleOfTheMalformedCasesImports() throws Exception {
        // the cases above fail for what each changes, not for something they share
        Path imported = run(importing(wellFormed()), "imported");
        assertFalse(Files.exists(imported.resolve(RunDirectory.INCOMPLETE)));
        assertEquals(
                3, RunFiles.open(imported).nnft().orElseThrow().checkpoints().size());
    }

    @Test
    void aConfigurationThatContradictsTheOutputsIsRefusedNamingTheKey() throws Exception {
        Path ensemble = wellFormed();
        List<Consumer<dev.bayesrg.config.ConfigLoader>> contradictions = List.of(
                loader -> loader.set("brg.cutoffs", List.of(1.0)),
                loader -> loader.set("fisher.geometryMembers", 2),
                loader -> loader.set("nnft.snapshotEvery", 5),
                loader -> loader.set("ensemble.importKind", "mlp"),
                loader -> loader.set("ensemble.importKind", null),
                loader -> loader.set("data.probe", List.of(0.25)));
        List<String> fields = List.of(
                "brg.cutoffs",
                "fisher.geometryMembers",
                "outputs.npy",
                "ensemble.importKind",
                "ensemble.importKind",
                "data.probe");
        for (int i = 0; i < contradictions.size(); i++) {
            var loader = ImportedEnsemble.settle(ConfigLayers.of(Preset.PAPER).loader(), ensemble);
            contradictions.get(i).accept(loader);
            Path out = tmp.resolve("out" + i);
            ConfigException e = assertThrows(
                    ConfigException.class, () -> ExperimentRun.of(loader.load()).writeTo(out));
            assertTrue(e.getMessage().contains(fields.get(i)), e::getMessage);
            assertFalse(Files.exists(out));
        }
    }

    /** Four members' outputs on two points of one dimension at epochs 0, 10, 20. */
    private Path wellFormed() throws IOException {
        Path ensemble = tmp.resolve("malformed");
        double[] outputs = new double[4 * 3 * 2];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = Math.cos(0.9 * i) + i % 3;
        }
        writeEnsemble(ensemble, 4, outputs, new int[] {4, 3, 2}, new double[] {-1, 1});
        Npy.write(ensemble.resolve("epochs.npy"), new double[] {0, 10, 20}, 3);
        return ensemble;
    }

    private static void writeEnsemble(Path directory, int members, double[] outputs, int[] shape, double[] mesh)
            throws IOException {
        Files.createDirectories(directory);
        Files.writeString(
                directory.resolve("ensemble.json"),
                "{\"format\": \"bayesrg-ensemble\", \"format_version\": 1, \"kind\": \"outputs\", \"members\": "
                        + members + "}\n");
        Npy.write(directory.resolve("outputs.npy"), outputs, shape);
        int points = shape[shape.length - 1];
        Npy.write(directory.resolve(NpyData.MESH_INPUTS + ".npy"), mesh, points, mesh.length / points);
    }
}
