package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.linalg.Kernels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No surprises for a program that embeds bayesrg: loading its classes starts no thread and switches
 * nothing on, the plain-Java kernels run until the embedder asks for the Vector API ones, and which
 * kernels ran never shows in a result.
 */
class EmbeddingTest {
    @TempDir
    Path tmp;

    @Test
    void loadingEveryClassAndRunningStartsNoThreadAndKeepsThePlainKernels() throws Exception {
        Path log = tmp.resolve("child.log");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--add-modules=jdk.incubator.vector",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LoadEveryClass.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // a deadline only so that a hung child cannot hang the build
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the child did not finish");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("mode after loading PLAIN"), out);
        assertTrue(out.contains("mode after a run PLAIN"), out);
        assertTrue(out.contains("bayesrg threads []"), out);
        assertTrue(
                Integer.parseInt(out.lines()
                                .filter(l -> l.startsWith("classes "))
                                .findFirst()
                                .orElseThrow()
                                .substring("classes ".length()))
                        > 100,
                out);
    }

    /** The same run with the plain kernels and with the vector ones forced from the first call. */
    @ParameterizedTest(name = "solver {0}")
    @ValueSource(strings = {"iterate", "tridiagonal", "closed-form"})
    void aWholeRunIsByteIdenticalWithThePlainAndTheVectorKernels(String solver) throws Exception {
        // width 100 and 37 points take the kernels' vector bodies and their scalar tails
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.PAPER)
                .with("ensemble.members=6")
                .with("network.hidden[2].width=100")
                .with("data.train=37")
                .with("data.test=37")
                .with("train.epochs=50")
                .with("train.solver=" + solver)
                .load();
        Path plain = run(config, Kernels.Mode.PLAIN, tmp.resolve("plain"));
        Path vector = run(config, Kernels.Mode.VECTOR, tmp.resolve("vector"));
        for (String file : List.of(
                RunWriter.PREDICTIONS,
                RunWriter.FISHER,
                RunWriter.READOUT,
                RunWriter.LOSS_CURVES,
                RunWriter.MESH_OUTPUTS,
                RunWriter.FLOW,
                RunWriter.MEMBERS)) {
            assertArrayEquals(
                    Files.readAllBytes(plain.resolve(file)),
                    Files.readAllBytes(vector.resolve(file)),
                    file + " differs between the plain and the vector kernels");
        }
    }

    private static Path run(ExperimentConfig config, Kernels.Mode mode, Path out)
            throws IOException, InterruptedException {
        Kernels.Mode before = Kernels.mode();
        try {
            assertEquals(mode, Kernels.use(mode));
            DataSets data = Experiment.prepareData(config, Path.of(""));
            RunResult result = Experiment.run(config, data, 2, done -> {});
            RunDirectory dir = RunDirectory.create(out);
            RunWriter.write(
                    dir, result, new RunWriter.Provenance(List.of("test"), "paper", 2, Instant.EPOCH, Instant.EPOCH));
            return out;
        } finally {
            Kernels.use(before);
        }
    }
}
