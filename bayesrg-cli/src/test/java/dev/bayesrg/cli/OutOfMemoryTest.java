package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.run.Checkpoint;
import dev.bayesrg.run.RunComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

/**
 * A heap that runs out, for real, in a child JVM with a 16 MiB heap: a run whose size check is
 * switched off keeps 40 members of 0.8 MB each (predictions on 4000 test points at 26 flow entries),
 * more than twice that heap, so it runs out while computing its members, whatever the collector
 * does. It must end with one line naming the estimate and what to change, exit code 2, and a
 * directory that a resume with enough heap completes to the files of an uninterrupted run.
 */
class OutOfMemoryTest {
    private static final List<String> WORKLOAD = List.of(
            "--members",
            "40",
            "--width",
            "8",
            "--epochs",
            "20",
            "--set",
            "data.train=20",
            "--set",
            "data.test=4000",
            "--set",
            "data.fisher=10",
            "--quiet",
            "--no-report");
    /** Less than half of what the workload's members keep. */
    private static final String SMALL_HEAP = "-Xmx16m";

    @TempDir
    Path tmp;

    /** {@code bayesrg args} in a fresh JVM with a 16 MiB heap. */
    private CliHarness.Result smallHeap(List<String> args) throws Exception {
        return CliHarness.inFreshJvm(List.of(SMALL_HEAP), args, tmp);
    }

    private static List<String> run(int threads, String... more) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(WORKLOAD);
        args.addAll(List.of("--threads", Integer.toString(threads)));
        args.addAll(List.of(more));
        return args;
    }

    private static void assertOneLineWithoutStackTrace(CliHarness.Result c) {
        assertEquals(1, c.errLines().size(), c.err());
        assertFalse(c.err().contains("Exception") || c.err().contains("\tat "), c.err());
    }

    /** The heap runs out in a worker thread (where members are computed) and is reported by the main thread. */
    @Test
    void aRunThatExhaustsTheHeapSaysSoInOneLineAndItsResumeWithMoreHeapGivesTheUninterruptedFiles() throws Exception {
        Path dir = tmp.resolve("run");
        CliHarness.Result died = smallHeap(run(2, "--no-size-check", "--out", dir.toString()));
        assertEquals(2, died.exitCode(), died::toString);
        assertOneLineWithoutStackTrace(died);
        String line = died.errLines().get(0);
        assertTrue(line.startsWith("run: error: out of memory"), line);
        assertTrue(line.contains("this run needs about") && line.contains("the JVM has 16 MiB"), line);
        assertTrue(line.contains("-Xmx") && line.contains("ensemble.members"), line);
        assertTrue(line.contains("bayesrg run --resume " + dir), line);
        assertTrue(Files.exists(dir.resolve("INCOMPLETE")));
        Path checkpoint = dir.resolve(Checkpoint.FILE);
        int kept = Checkpoint.read(checkpoint).members().size();
        assertTrue(kept >= 1 && kept < 40, "members kept: " + kept);

        // a resume in the same heap is refused before it reads or writes anything
        byte[] before = Files.readAllBytes(checkpoint);
        CliHarness.Result refused = smallHeap(List.of("run", "--resume", dir.toString(), "--quiet", "--no-report"));
        assertEquals(2, refused.exitCode(), refused::toString);
        assertOneLineWithoutStackTrace(refused);
        assertTrue(refused.err().contains("needs about") && refused.err().contains("--no-size-check"), refused.err());
        assertArrayEquals(before, Files.readAllBytes(checkpoint));

        CliHarness.Result resumed =
                bayesrg("run", "--resume", dir.toString(), "--quiet", "--no-report", "--threads", "2");
        assertEquals(0, resumed.exitCode(), resumed::toString);
        Path reference = tmp.resolve("reference");
        CliHarness.Result uninterrupted = bayesrg(run(2, "--out", reference.toString()));
        assertEquals(0, uninterrupted.exitCode(), uninterrupted::toString);
        RunComparison.assertSameRun(reference, dir);
    }

    @Test
    void aHeapThatRunsOutWhileTheDataAreDrawnLeavesNothingBehind() throws Exception {
        Path dir = tmp.resolve("never");
        // three million test points: 100 MB of inputs before the run directory would be created
        List<String> args = run(1, "--no-size-check", "--set", "data.test=3000000", "--out", dir.toString());
        CliHarness.Result died = smallHeap(args);
        assertEquals(2, died.exitCode(), died::toString);
        assertOneLineWithoutStackTrace(died);
        assertTrue(died.err().contains("out of memory") && died.err().contains("nothing was written"), died.err());
        assertFalse(Files.exists(dir));
    }

    /** A command that runs out of heap, as any command can. */
    @Command(name = "greedy")
    static final class Greedy implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void anyCommandThatRunsOutOfHeapEndsWithOneLineAndExitCode2() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out);
                PrintWriter e = new PrintWriter(err)) {
            code = Main.execute(new Greedy(), new String[0], o, e);
        }
        assertEquals(2, code, err::toString);
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err::toString);
        assertTrue(
                lines.get(0).startsWith("greedy: error: out of memory (Java heap space): the JVM's heap of"),
                lines.get(0));
        assertTrue(lines.get(0).contains("-Xmx"), lines.get(0));
    }
}
