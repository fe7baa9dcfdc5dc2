package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.Preset;
import dev.bayesrg.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run without cutoffs ({@code brg.cutoffs: []}): the trained ensemble alone, flow entry 0 and no
 * other. It is entry 0 of the same run with cutoffs, bit for bit (the flow draws from its own
 * stream and changes nothing before the first cutoff), it has no critical scale, and every reader
 * of the run directory accepts it.
 */
class NoFlowRunTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> runs() {
        ConfigLayers small = ConfigLayers.of(Preset.PAPER)
                .withMembers(6)
                .withWidth(24)
                .withEpochs(20)
                .with("data.train=20")
                .with("data.test=12")
                .with("data.fisher=9")
                .with("nnft.points=5")
                .with("nnft.snapshotEvery=10")
                .with("fisher.geometryMembers=3");
        return Stream.of(
                Arguments.of("diagonal basis", small),
                Arguments.of(
                        "eigenbasis, the flow during training",
                        small.with("brg.basis=eigen").with("brg.duringTraining=true")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void aRunWithoutCutoffsIsTheTrainedEntryOfTheRunWithThem(String what, ConfigLayers layers) throws Exception {
        Path flowed = ExperimentRun.of(layers.with("brg.cutoffs=[0.01, 1, 100]").resolve())
                .threads(2)
                .writeTo(tmp.resolve("flowed"))
                .directory();
        ExperimentRun.Finished finished = ExperimentRun.of(
                        layers.with("brg.cutoffs=[]").resolve())
                .threads(2)
                .writeTo(tmp.resolve("trained"));
        Path trained = finished.directory();

        for (String file : List.of(
                RunWriter.FISHER,
                RunWriter.READOUT,
                RunWriter.LOSS_CURVES,
                RunWriter.FISHER_SPECTRUM,
                RunWriter.MESH_TRAINING,
                RunWriter.TEST_INPUTS,
                "nnft/training_kernels.npy")) {
            assertArrayEquals(
                    Files.readAllBytes(flowed.resolve(file)), Files.readAllBytes(trained.resolve(file)), file);
        }
        for (String file : List.of(RunWriter.PREDICTIONS, RunWriter.MESH_OUTPUTS, "nnft/kernels.npy")) {
            assertArrayEquals(
                    firstEntry(flowed.resolve(file), 4),
                    Npy.read(trained.resolve(file)).values(),
                    file);
        }
        assertEquals(
                Files.readAllLines(flowed.resolve(RunWriter.FLOW)).subList(0, 2),
                Files.readAllLines(trained.resolve(RunWriter.FLOW)));
        assertEquals(
                Files.readAllLines(flowed.resolve(RunWriter.MEMBERS)).stream()
                        .filter(line -> !line.matches("\\d+,[1-9].*"))
                        .toList(),
                Files.readAllLines(trained.resolve(RunWriter.MEMBERS)));

        // every reader takes it: K = 0 cutoffs, no critical scale
        RunFiles files = RunFiles.open(trained);
        RunSummary summary = files.summary();
        assertEquals(List.of(), summary.cutoffs());
        assertNull(summary.criticalCutoff());
        assertNull(summary.kneeCutoff());
        assertNull(summary.criticalInterval());
        assertNull(finished.result().critical().interval());
        assertTrue(Files.readString(trained.resolve(RunWriter.SUMMARY)).contains("\"critical_interval\" : null"));
        assertEquals(finished.result().flow(), files.flow());
        assertArrayEquals(new int[] {6, 0}, files.memberCutoffs().shape());
        assertEquals(6, files.geometry().orElseThrow().size());
        assertEquals(1, files.nnft().orElseThrow().entries().size());
        assertEquals(3, files.nnft().orElseThrow().checkpoints().size());
        if (summary.config().brg().duringTraining()) {
            assertArrayEquals(
                    new int[] {6, 3, 1}, files.trainingFlow().orElseThrow().shape());
            assertEquals(6, files.trainingFlows().orElseThrow().size());
        }
        assertTrue(
                RunTables.finalLine(trained, finished.result()).contains("no flow (brg.cutoffs is empty"),
                () -> RunTables.finalLine(trained, finished.result()));
    }

    /** Flow entry 0 of an array [members, K + 1, rest…] as [members, 1, rest…]. */
    private static double[] firstEntry(Path file, int entries) throws IOException {
        Npy.Array a = Npy.read(file);
        int[] shape = a.shape();
        boolean memberMajor =
                shape.length == 3 && shape[1] == entries && !file.toString().contains("nnft");
        if (!memberMajor) { // nnft/kernels.npy [K + 1, M, M]: entry 0 is the first M² values
            return Arrays.copyOf(a.values(), a.values().length / entries);
        }
        int row = shape[2];
        double[] first = new double[shape[0] * row];
        for (int m = 0; m < shape[0]; m++) {
            System.arraycopy(a.values(), m * entries * row, first, m * row, row);
        }
        return first;
    }
}
