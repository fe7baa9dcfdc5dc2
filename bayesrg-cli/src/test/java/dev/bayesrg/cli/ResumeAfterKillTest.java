package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.run.Checkpoint;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A run killed at any point and resumed writes exactly what an uninterrupted run writes. */
class ResumeAfterKillTest {
    /** Slow enough members (primal iteration) that a kill lands mid-run: 24 members of ~0.1 s. */
    private static final List<String> WORKLOAD = List.of("--members", "24", "--width", "256", "--epochs", "1500",
            "--set", "train.solver=iterate-primal", "--set", "data.train=100", "--set", "data.test=40",
            "--set", "data.fisher=20", "--set", "nnft.snapshotEvery=500", "--threads", "2", "--quiet", "--no-report");
    private static final List<String> FILES = List.of("predictions.npy", "fisher.npy", "readout.npy", "loss_curves.npy", "flow.csv",
            "members.csv", "test_inputs.npy", "test_targets.npy", "mesh_inputs.npy", "mesh_outputs.npy",
            "mesh_training.npy");

    @TempDir
    Path tmp;
    private Path reference;

    @BeforeEach
    void uninterruptedRun() {
        reference = tmp.resolve("reference");
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(WORKLOAD);
        args.addAll(List.of("--out", reference.toString()));
        CliHarness.Result r = bayesrg(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
    }

    private Process start(Path out) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run"));
        cmd.addAll(WORKLOAD);
        cmd.addAll(List.of("--out", out.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
    }

    private void assertSameAsReference(Path run) throws IOException {
        for (String f : FILES) {
            assertArrayEquals(Files.readAllBytes(reference.resolve(f)), Files.readAllBytes(run.resolve(f)), f);
        }
        assertEquals(withoutTiming(reference.resolve("summary.json")), withoutTiming(run.resolve("summary.json")));
        assertFalse(Files.exists(run.resolve("INCOMPLETE")));
        assertFalse(Files.exists(run.resolve(Checkpoint.FILE)), "the checkpoint is removed once the run is complete");
    }

    private static String withoutTiming(Path summary) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(summary, StandardCharsets.UTF_8)) {
            if (!line.contains("\"timing_seconds\"")) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private CliHarness.Result resume(Path run) {
        return bayesrg("run", "--resume", run.toString(), "--quiet", "--threads", "2", "--no-report");
    }

    @ParameterizedTest(name = "killed after {0} finished members")
    @ValueSource(ints = {0, 1, 9})
    void sigkillAtAnyPointThenResumeGivesTheUninterruptedOutputs(int finishedBeforeKill) throws Exception {
        Path run = tmp.resolve("killed-" + finishedBeforeKill);
        Process p = start(run);
        Path checkpoint = run.resolve(Checkpoint.FILE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(checkpoint) && Checkpoint.read(checkpoint).members().size() >= finishedBeforeKill) {
                break;
            }
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "the run finished before it could be killed; make WORKLOAD slower");
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hooks, no cleanup
        assertTrue(Files.exists(run.resolve("INCOMPLETE")));
        int kept = Checkpoint.read(checkpoint).members().size();
        assertTrue(kept >= finishedBeforeKill && kept < 24, "kept " + kept);

        CliHarness.Result r = resume(run);
        assertEquals(0, r.exitCode(), r::toString);
        assertSameAsReference(run);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"torn", "corrupt"})
    void aDamagedLastRecordIsRecomputedNotTrusted(String damage) throws Exception {
        Path run = tmp.resolve("damaged-" + damage);
        Process p = start(run);
        Path checkpoint = run.resolve(Checkpoint.FILE);
        while (p.isAlive() && !(Files.exists(checkpoint) && Checkpoint.read(checkpoint).members().size() >= 4)) {
            Thread.sleep(5);
        }
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Checkpoint.Contents before = Checkpoint.read(checkpoint);
        int intact = before.members().size();
        long size = before.intactLength();
        long recordLength = size / intact;
        try (RandomAccessFile f = new RandomAccessFile(checkpoint.toFile(), "rw")) {
            f.setLength(size);
            if (damage.equals("torn")) {
                f.setLength(size - recordLength / 2); // the last record cut in the middle
            } else {
                f.seek(size - recordLength / 2);       // one byte of the last record flipped
                int b = f.read();
                f.seek(size - recordLength / 2);
                f.write(b ^ 0x5A);
            }
        }
        assertEquals(intact - 1, Checkpoint.read(checkpoint).members().size(), "the damaged record is not trusted");
        CliHarness.Result r = resume(run);
        assertEquals(0, r.exitCode(), r::toString);
        assertSameAsReference(run);
    }

    @Test
    void resumingACompleteRunOrWithConfigFlagsIsBadInput() {
        CliHarness.Result done = resume(reference);
        assertEquals(2, done.exitCode(), done::toString);
        assertTrue(done.err().contains("nothing to resume"), done.err());
        CliHarness.Result flags = bayesrg("run", "--resume", reference.toString(), "--members", "5");
        assertEquals(2, flags.exitCode(), flags::toString);
        assertTrue(flags.err().contains("--resume"), flags.err());
    }
}
