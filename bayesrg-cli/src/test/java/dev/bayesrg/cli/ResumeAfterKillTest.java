package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bayesrg.run.Checkpoint;
import dev.bayesrg.run.PausePoints;
import dev.bayesrg.run.RunComparison;
import dev.bayesrg.run.RunWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run killed at any point and resumed writes exactly what an uninterrupted run writes. The child
 * process pauses at a named point ({@link PausePoints}) and says so before it is killed, so every kill
 * lands at a known moment whatever the machine's load.
 */
class ResumeAfterKillTest {
    private static final int MEMBERS = 24;
    private static final List<String> WORKLOAD = List.of(
            "--members",
            Integer.toString(MEMBERS),
            "--width",
            "64",
            "--epochs",
            "300",
            "--set",
            "data.train=60",
            "--set",
            "data.test=40",
            "--set",
            "data.fisher=20",
            "--set",
            "nnft.snapshotEvery=100",
            "--threads",
            "2",
            "--quiet",
            "--no-report");
    /** Only so that a hung child cannot hang the build; far beyond any real run. */
    private static final long DEADLINE_MINUTES = 10;

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    /** The uninterrupted run, without and with its report (made once: every case compares to them). */
    private static Path reference;

    private static Path referenceWithReport;

    @BeforeAll
    static void uninterruptedRun() {
        reference = shared.resolve("reference");
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(WORKLOAD);
        args.addAll(List.of("--out", reference.toString()));
        CliHarness.Result r = bayesrg(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
    }

    private static synchronized Path uninterruptedRunWithReport() {
        if (referenceWithReport == null) {
            Path dir = shared.resolve("reference-with-report");
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(WORKLOAD.subList(0, WORKLOAD.indexOf("--no-report")));
            args.addAll(List.of("--out", dir.toString()));
            CliHarness.Result whole = bayesrg(args.toArray(String[]::new));
            assertEquals(0, whole.exitCode(), whole::toString);
            referenceWithReport = dir;
        }
        return referenceWithReport;
    }

    /** Starts the run in a child JVM that pauses for good at the given point (POINT:K) and says so. */
    private Process startPausingAt(Path out, String pausePoint) throws IOException {
        return startPausingAt(out, pausePoint, false);
    }

    private Process startPausingAt(Path out, String pausePoint, boolean report) throws IOException {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(report ? WORKLOAD.subList(0, WORKLOAD.indexOf("--no-report")) : WORKLOAD);
        args.addAll(List.of("--out", out.toString()));
        return new ProcessBuilder(CliHarness.freshJvm(
                        List.of("--add-modules=jdk.incubator.vector", "-Dbayesrg.pauseAt=" + pausePoint), args))
                .redirectOutput(tmp.resolve("killed.log").toFile())
                .start();
    }

    /** Waits until the child says it has paused; fails with what it printed if it ends first. */
    static void awaitPause(Process p) throws Exception {
        CompletableFuture<String> paused = CompletableFuture.supplyAsync(() -> {
            StringBuilder printed = new StringBuilder();
            try (BufferedReader err =
                    new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    if (line.startsWith("bayesrg: paused at ")) {
                        return null;
                    }
                    printed.append(line).append('\n');
                }
            } catch (IOException e) {
                printed.append(e);
            }
            return "the run ended without pausing:\n" + printed;
        });
        String failure = paused.get(DEADLINE_MINUTES, TimeUnit.MINUTES);
        if (failure != null) {
            fail(failure);
        }
    }

    /**
     * SIGKILL (no shutdown hooks, no cleanup) or SIGTERM (the JVM runs its shutdown hooks, as for
     * Ctrl-C). SIGINT itself is not sent: a build started in the background by a non-interactive
     * shell hands its children SIGINT ignored, the JVM then keeps it ignored, and the child would
     * never die; SIGTERM takes the same path through the JVM.
     */
    private static void kill(Process p, String signal) throws Exception {
        switch (signal) {
            case "KILL" -> p.destroyForcibly();
            case "TERM" -> p.destroy();
            default -> throw new IllegalArgumentException(signal);
        }
        assertTrue(p.waitFor(DEADLINE_MINUTES, TimeUnit.MINUTES), "the child outlived its kill");
    }

    private void assertSameAsReference(Path run) throws IOException {
        assertSameAsReference(run, true);
    }

    private void assertSameAsReference(Path run, boolean resumeFilesGone) throws IOException {
        RunComparison.assertSameRun(reference, run);
        // this workload records training checkpoints: the resumed run must have them too
        assertArrayEquals(
                Files.readAllBytes(reference.resolve("mesh_training.npy")),
                Files.readAllBytes(run.resolve("mesh_training.npy")),
                "mesh_training.npy");
        if (resumeFilesGone) {
            assertFalse(
                    Files.exists(run.resolve(Checkpoint.FILE)), "the checkpoint is removed once the run is complete");
        }
    }

    private CliHarness.Result resume(Path run) {
        return bayesrg("run", "--resume", run.toString(), "--quiet", "--threads", "2", "--no-report");
    }

    @ParameterizedTest(name = "{1} after {0} recorded members")
    @CsvSource({"0, KILL", "1, KILL", "9, KILL", "23, KILL", "0, TERM", "5, TERM"})
    void aKillAtAnyPointThenResumeGivesTheUninterruptedOutputs(int recorded, String signal) throws Exception {
        Path run = tmp.resolve("killed-" + recorded + "-" + signal);
        Process p = startPausingAt(
                run, recorded == 0 ? PausePoints.CHECKPOINT_OPENED : PausePoints.CHECKPOINT_RECORD + ":" + recorded);
        awaitPause(p);
        kill(p, signal);
        assertTrue(Files.exists(run.resolve("INCOMPLETE")));
        assertEquals(
                recorded,
                Checkpoint.read(run.resolve(Checkpoint.FILE)).members().size(),
                "the checkpoint holds exactly the records written before the pause");

        CliHarness.Result r = resume(run);
        assertEquals(0, r.exitCode(), r::toString);
        assertSameAsReference(run);
    }

    /**
     * A run whose members share the ensemble's metric: the metric is not checkpointed, so the resume
     * trains every member again to form it, and must find the same one (the finished members kept
     * from the checkpoint flowed by it).
     */
    @Test
    void anEnsembleMetricRunKilledAfterSomeMembersResumesToTheUninterruptedOutputs() throws Exception {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(WORKLOAD);
        args.addAll(List.of("--set", "fisher.at=ensemble-average"));
        Path whole = tmp.resolve("whole");
        List<String> wholeArgs = new ArrayList<>(args);
        wholeArgs.addAll(List.of("--out", whole.toString()));
        CliHarness.Result uninterrupted = bayesrg(wholeArgs.toArray(String[]::new));
        assertEquals(0, uninterrupted.exitCode(), uninterrupted::toString);

        Path run = tmp.resolve("killed");
        List<String> killedArgs = new ArrayList<>(args);
        killedArgs.addAll(List.of("--out", run.toString()));
        Process p = new ProcessBuilder(CliHarness.freshJvm(
                        List.of(
                                "--add-modules=jdk.incubator.vector",
                                "-Dbayesrg.pauseAt=" + PausePoints.CHECKPOINT_RECORD + ":9"),
                        killedArgs))
                .redirectOutput(tmp.resolve("killed.log").toFile())
                .start();
        awaitPause(p);
        kill(p, "KILL");
        assertEquals(9, Checkpoint.read(run.resolve(Checkpoint.FILE)).members().size());
        CliHarness.Result r = resume(run);
        assertEquals(0, r.exitCode(), r::toString);
        RunComparison.assertSameRun(whole, run);
    }

    /**
     * The last phase: the data files are written but nnft/ (and the report) are not, or they are and
     * the run has not yet been marked finished. The directory must stay marked unfinished and resumable
     * there, and the resume must complete it to the uninterrupted run's files, nnft/ included.
     */
    @ParameterizedTest(name = "{1} at {0}")
    @CsvSource({"data-written, KILL", "data-written, TERM", "run-completing, KILL", "run-completing, TERM"})
    void aKillInTheLastPhaseThenResumeGivesTheUninterruptedOutputs(String point, String signal) throws Exception {
        Path run = tmp.resolve("late-" + point + "-" + signal);
        Process p = startPausingAt(run, point);
        awaitPause(p);
        kill(p, signal);
        assertTrue(Files.exists(run.resolve("INCOMPLETE")), "a run stopped in its last phase is not finished");
        assertEquals(
                MEMBERS, Checkpoint.read(run.resolve(Checkpoint.FILE)).members().size());

        CliHarness.Result r = resume(run);
        assertEquals(0, r.exitCode(), r::toString);
        assertSameAsReference(run);
        for (String f :
                List.of("nnft/snapshots.json", "nnft/kernels.npy", "nnft/mesh.npy", "nnft/training_kernels.npy")) {
            assertArrayEquals(Files.readAllBytes(reference.resolve(f)), Files.readAllBytes(run.resolve(f)), f);
        }
        assertFalse(Files.exists(run.resolve(RunWriter.RESUME_STATE)), "the resume state goes with the marker");
    }

    /**
     * The other phases: start-up (the resume state written, the marker not yet), writing (some
     * per-member arrays written), the field theory written. Wherever the kill lands, the resume
     * completes the run to the uninterrupted run's files.
     */
    @ParameterizedTest(name = "{1} at {0}")
    @CsvSource({
        "resume-state-written, KILL",
        "resume-state-written, TERM",
        "data-file:2, KILL",
        "data-file:4, TERM",
        "field-theory-written, KILL",
        "field-theory-written, TERM"
    })
    void aKillInAnyOtherPhaseThenResumeGivesTheUninterruptedOutputs(String point, String signal) throws Exception {
        Path run = tmp.resolve("phase-" + point.replace(':', '-') + "-" + signal);
        Process p = startPausingAt(run, point);
        awaitPause(p);
        kill(p, signal);
        assertTrue(Files.exists(run.resolve(RunWriter.RESUME_STATE)), "a stopped run keeps its resume state");
        assertFalse(
                Files.exists(run.resolve(RunWriter.SUMMARY)) && !Files.exists(run.resolve("INCOMPLETE")),
                "a stopped run never looks finished");

        CliHarness.Result r = resume(run);
        assertEquals(0, r.exitCode(), r::toString);
        assertSameAsReference(run);
        assertFalse(Files.exists(run.resolve(RunWriter.RESUME_STATE)));
        assertFalse(Files.exists(run.resolve(dev.bayesrg.io.RunDirectory.LOCK)));
    }

    /**
     * The very last step: the marker is gone (the run is finished) but its resume files are not. The
     * directory reads as the finished run; a resume says there is nothing to resume and removes them.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"KILL", "TERM"})
    void aKillAsTheRunFinishesLeavesTheFinishedRun(String signal) throws Exception {
        Path run = tmp.resolve("finishing-" + signal);
        Process p = startPausingAt(run, PausePoints.RUN_FINISHING);
        awaitPause(p);
        kill(p, signal);
        assertFalse(Files.exists(run.resolve("INCOMPLETE")));
        assertSameAsReference(run.resolve("."), false);
        CliHarness.Result r = resume(run);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("nothing to resume"), r::toString);
        assertSameAsReference(run);
        assertFalse(Files.exists(run.resolve(RunWriter.RESUME_STATE)));
    }

    /**
     * A kill while the report is drawn (some figures written, others not) or just after the field
     * theory: the resume draws the report again, with figures byte-identical to an uninterrupted run's.
     */
    @ParameterizedTest(name = "{1} at {0}")
    @CsvSource({"report-figure:3, KILL", "report-figure:1, TERM", "field-theory-written, TERM"})
    void aKillWhileTheReportIsDrawnThenResumeGivesTheUninterruptedReport(String point, String signal) throws Exception {
        Path withReport = uninterruptedRunWithReport();

        Path run = tmp.resolve("report-" + point.replace(':', '-') + "-" + signal);
        Process p = startPausingAt(run, point, true);
        awaitPause(p);
        kill(p, signal);
        assertTrue(Files.exists(run.resolve("INCOMPLETE")), "a run stopped in its report is not finished");
        CliHarness.Result r = bayesrg("run", "--resume", run.toString(), "--quiet", "--threads", "2");
        assertEquals(0, r.exitCode(), r::toString);
        RunComparison.assertSameRun(withReport, run);
        assertTrue(Files.isRegularFile(run.resolve("report.html")));
        List<String> figures;
        try (var listed = Files.list(withReport.resolve("figures"))) {
            figures = listed.map(f -> f.getFileName().toString()).sorted().toList();
        }
        try (var listed = Files.list(run.resolve("figures"))) {
            assertEquals(
                    figures,
                    listed.map(f -> f.getFileName().toString()).sorted().toList());
        }
        for (String f : figures) {
            assertArrayEquals(
                    Files.readAllBytes(withReport.resolve("figures").resolve(f)),
                    Files.readAllBytes(run.resolve("figures").resolve(f)),
                    f);
        }
    }

    @Test
    void resumeOfARunThatIsStillWritingIsRefusedAndWorksOnceItIsGone() throws Exception {
        Path run = tmp.resolve("live");
        Process p = startPausingAt(run, PausePoints.CHECKPOINT_RECORD + ":3");
        awaitPause(p);
        // the first run holds the directory: a resume now would append to its checkpoint
        CliHarness.Result refused = resume(run);
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("in use by another bayesrg run"), refused::toString);
        assertEquals(3, Checkpoint.read(run.resolve(Checkpoint.FILE)).members().size());
        kill(p, "KILL");
        CliHarness.Result r = resume(run);
        assertEquals(0, r.exitCode(), r::toString);
        assertSameAsReference(run);
        assertFalse(Files.exists(run.resolve(dev.bayesrg.io.RunDirectory.LOCK)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"torn", "corrupt"})
    void aDamagedLastRecordIsRecomputedNotTrusted(String damage) throws Exception {
        Path run = tmp.resolve("damaged-" + damage);
        Process p = startPausingAt(run, PausePoints.CHECKPOINT_RECORD + ":4");
        awaitPause(p);
        kill(p, "KILL");
        Path checkpoint = run.resolve(Checkpoint.FILE);
        Checkpoint.Contents before = Checkpoint.read(checkpoint);
        int intact = before.members().size();
        assertEquals(4, intact);
        long size = before.intactLength();
        long recordLength = size / intact;
        try (RandomAccessFile f = new RandomAccessFile(checkpoint.toFile(), "rw")) {
            f.setLength(size);
            if (damage.equals("torn")) {
                f.setLength(size - recordLength / 2); // the last record cut in the middle
            } else {
                f.seek(size - recordLength / 2); // one byte of the last record flipped
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
