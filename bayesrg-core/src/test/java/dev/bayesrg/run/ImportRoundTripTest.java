package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.ingest.ImportedEnsemble;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An ensemble trained by bayesrg, written out as another framework would write it (docs/import.md)
 * and imported again, flows and measures exactly as the original: the same arithmetic on the same
 * parameters and the same coarse-graining streams gives the same bits in every per-member array and
 * in the flow table.
 */
class ImportRoundTripTest {
    @TempDir
    Path tmp;

    /** The per-member arrays both runs write from the same arithmetic. */
    private static final List<String> SAME_ARRAYS = List.of(
            "predictions.npy",
            "fisher.npy",
            "cutoffs.npy",
            "readout.npy",
            "mesh_outputs.npy",
            "fisher_spectrum.npy",
            "fisher_geometry.npy",
            "test_inputs.npy",
            "test_targets.npy",
            "nnft/kernels.npy",
            "nnft/mesh.npy");

    static Stream<Arguments> ensembles() {
        ConfigLayers small = ConfigLayers.of(Preset.PAPER)
                .withMembers(5)
                .withWidth(24)
                .withEpochs(30)
                .with("data.train=20")
                .with("data.test=12")
                .with("data.fisher=9")
                .with("fisher.geometryMembers=2");
        return Stream.of(
                Arguments.of("mlp", "read-out trained, diagonal", small),
                Arguments.of("mlp", "read-out trained, eigenbasis", small.with("brg.basis=eigen")),
                Arguments.of(
                        "mlp",
                        "every layer trained and flowed, zeroed",
                        small.with("network.trainable=all")
                                .with("brg.scope=all")
                                .with("brg.mode=zero")
                                .with("train.learningRate=1e-4")),
                Arguments.of(
                        "mlp",
                        "biases everywhere",
                        small.with("network.hidden[0].bias=true")
                                .with("network.hidden[2].bias=true")
                                .with("network.outputBias=true")),
                Arguments.of("readout", "features and read-out", small),
                Arguments.of("readout", "features, eigenbasis", small.with("brg.basis=eigen")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("ensembles")
    void anImportedEnsembleFlowsAsTheRunItWasExportedFrom(String kind, String what, ConfigLayers layers)
            throws Exception {
        // an mlp export carries the initial parameters: the original records the mesh at both ends too
        ExperimentConfig config = (kind.equals("mlp") ? layers.with("nnft.snapshotEvery=30") : layers).resolve();
        Path original = ExperimentRun.of(config)
                .threads(2)
                .writeTo(tmp.resolve("original"))
                .directory();
        Path ensemble = tmp.resolve("ensemble");
        if (kind.equals("mlp")) {
            EnsembleExport.mlp(config, ensemble);
        } else {
            EnsembleExport.readout(config, ensemble);
        }
        ExperimentConfig importing =
                ImportedEnsemble.settle(layers.loader(), ensemble).load();
        Path imported = ExperimentRun.of(importing)
                .threads(1)
                .writeTo(tmp.resolve("imported"))
                .directory();

        for (String array : SAME_ARRAYS) {
            assertEquals(Files.exists(original.resolve(array)), Files.exists(imported.resolve(array)), array);
            if (Files.exists(original.resolve(array))) {
                assertArrayEquals(
                        Files.readAllBytes(original.resolve(array)),
                        Files.readAllBytes(imported.resolve(array)),
                        array);
            }
        }
        assertEquals(Files.readString(original.resolve("flow.csv")), Files.readString(imported.resolve("flow.csv")));
        assertEquals(withoutTrainLoss(original), withoutTrainLoss(imported));
        if (kind.equals("mlp")) {
            // with its initial parameters the import records the field at both ends of training, as
            // the original did with one checkpoint every 30 of its 30 epochs
            assertArrayEquals(
                    Files.readAllBytes(original.resolve("mesh_training.npy")),
                    Files.readAllBytes(imported.resolve("mesh_training.npy")),
                    "mesh_training.npy");
        }
    }

    /** members.csv without its train_loss column (the import recomputes it from θ, in other arithmetic). */
    private static List<String> withoutTrainLoss(Path run) throws IOException {
        return Files.readAllLines(run.resolve("members.csv")).stream()
                .map(line -> line.substring(0, line.lastIndexOf(',')))
                .toList();
    }
}
