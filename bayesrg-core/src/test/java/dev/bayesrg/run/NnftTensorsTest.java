package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.Preset;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tensor files of nnft/ written by a small run: documented shapes, keys, and thread independence. */
class NnftTensorsTest {
    @TempDir
    Path tmp;

    private static int multisets(int m, int r) {
        long c = 1;
        for (int k = 1; k <= r; k++) {
            c = c * (m + k - 1) / k;
        }
        return (int) c;
    }

    @Test
    void aSmallRunWritesEveryTensorWithItsErrorsInTheDocumentedShapes() throws IOException, InterruptedException {
        // 6 members, 3 mesh points, checkpoints at epochs 0, 4, 8, 10; order 6
        ConfigLayers layers = ConfigLayers.of(Preset.PAPER)
                .withMembers(6)
                .withWidth(12)
                .withEpochs(10)
                .with("data.train=20")
                .with("data.test=10")
                .with("data.fisher=10")
                .with("nnft.points=3")
                .with("nnft.order=6")
                .with("nnft.snapshotEvery=4");
        Path dir = ExperimentRun.of(layers.resolve())
                .threads(2)
                .writeTo(tmp.resolve("a"))
                .directory();
        Path nnft = dir.resolve("nnft");
        JsonNode json = Json.read(nnft.resolve("snapshots.json"));
        int m = 3;
        int entries = json.get("entries").size();
        int checkpoints = json.get("training").get("checkpoints").size();
        assertEquals(6, json.get("order").asInt());
        assertEquals(4, checkpoints);
        for (String prefix : new String[] {"", "training_"}) {
            int rows = prefix.isEmpty() ? entries : checkpoints;
            assertShape(nnft, prefix + "mean", true, rows, m);
            assertShape(nnft, prefix + "kernels", true, rows, m, m);
            assertShape(nnft, prefix + "inverse_kernels", true, rows, m, m);
            assertShape(nnft, prefix + "quadratic_correction", true, rows, m, m);
            for (int r = 3; r <= 6; r++) {
                assertShape(nnft, prefix + "connected_" + r, true, rows, multisets(m, r));
            }
            assertShape(nnft, prefix + "lambda3", true, rows, multisets(m, 3));
            assertShape(nnft, prefix + "lambda4", true, rows, multisets(m, 4));
            assertShape(nnft, prefix + "lambda6", true, rows, multisets(m, 6));
            assertArrayEquals(
                    new int[] {rows},
                    Npy.read(nnft.resolve(prefix + "kernel_jitter.npy")).shape());
        }
        JsonNode trained = json.get("entries").get(0);
        for (String key : new String[] {
            "cubic_coupling_norm",
            "quartic_coupling_norm",
            "sextic_coupling_norm",
            "quadratic_correction_norm",
            "normalised_kappa4",
            "normalised_kappa6"
        }) {
            assertTrue(trained.get(key).isNumber(), key);
            assertTrue(trained.get(key + "_se").asDouble() >= 0, key + "_se");
        }
        for (String r : new String[] {"3", "4", "6"}) {
            JsonNode s = trained.get("significance").get(r);
            double p = s.get("p").asDouble();
            assertTrue(p >= 0.05 && p <= 1, "p " + p);
            assertEquals(p <= 0.05, s.get("significant").asBoolean());
        }
        assertTrue(json.get("training").get("checkpoints").get(0).has("significance"));
        // the quartic coupling file agrees with its norm in the JSON (packed, multiplicities counted)
        Npy.Array lambda4 = Npy.read(nnft.resolve("lambda4.npy"));
        double[] row = java.util.Arrays.copyOfRange(lambda4.values(), 0, multisets(m, 4));
        assertEquals(
                trained.get("quartic_coupling_norm").asDouble(),
                dev.bayesrg.nnft.SymmetricTensors.norm(row, m, 4),
                1e-9 * trained.get("quartic_coupling_norm").asDouble());

        // bit-identical on one thread: no random number depends on the thread count
        Path one = ExperimentRun.of(layers.resolve())
                .threads(1)
                .writeTo(tmp.resolve("b"))
                .directory();
        for (String file : new String[] {"snapshots.json", "lambda6_se.npy", "training_lambda4.npy"}) {
            assertArrayEquals(
                    Files.readAllBytes(nnft.resolve(file)),
                    Files.readAllBytes(one.resolve("nnft").resolve(file)),
                    file);
        }
    }

    private static void assertShape(Path nnft, String name, boolean values, int... shape) throws IOException {
        if (values) {
            assertArrayEquals(shape, Npy.read(nnft.resolve(name + ".npy")).shape(), name);
        }
        assertArrayEquals(shape, Npy.read(nnft.resolve(name + "_se.npy")).shape(), name + "_se");
    }
}
