package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.cli.WriterFixtures.Runs;
import dev.bayesrg.cli.WriterFixtures.State;
import dev.bayesrg.cli.WriterFixtures.Writer;
import dev.bayesrg.io.AtomicFiles;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.io.TreeSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One writer at a time in a run directory, and no trace of a killed one. A report, nnft/, nngp/ or a
 * resume started while another bayesrg command holds the directory is refused with one line, exit
 * code 2, and writes nothing — not even deleting what looks like a stale temporary file, which may be
 * the holder's write under way. Once the directory is free the same command runs, clears the
 * temporary files that killed writes left behind, and leaves a finished directory with the files it
 * had plus its own and no lock file.
 */
class RunDirectoryWritersTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> writersOfEveryState() {
        List<Arguments> cases = new ArrayList<>();
        for (State state : State.values()) {
            for (Writer writer : state.writers()) {
                cases.add(Arguments.of(state, writer));
            }
        }
        return cases.stream();
    }

    /** Temporary files as a write killed midway (or one under way) leaves them, in every folder written. */
    private static List<Path> leftovers(Path run) {
        List<Path> files = new ArrayList<>(List.of(
                run.resolve(".report.html.0123456789abcdef.bayesrg-tmp"),
                run.resolve(".summary.json.4242.1.tmp"))); // an older version's name
        for (String folder : List.of("figures", "nnft")) {
            if (Files.isDirectory(run.resolve(folder))) {
                files.add(run.resolve(folder).resolve(".kernels.npy.fedcba9876543210.bayesrg-tmp"));
            }
        }
        return files;
    }

    @ParameterizedTest(name = "{1} on a {0} run")
    @MethodSource("writersOfEveryState")
    void aSecondWriterIsRefusedWhileTheFirstHoldsTheDirectoryAndTouchesNothing(State state, Writer writer)
            throws IOException {
        Path run = tmp.resolve("run");
        ReportTest.copyTree(Runs.shared().of(state), run);
        RunDirectory first = RunDirectory.forUpdate(run); // as the first writer takes it
        for (Path p : leftovers(run)) {
            Files.writeString(p, "the first writer's file under way");
        }
        TreeSnapshot.age(tmp); // leaves the lock file alone
        TreeSnapshot held = TreeSnapshot.of(tmp);

        CliHarness.Result refused = bayesrg(writer.args(run));
        TreeSnapshot after = TreeSnapshot.of(tmp);
        first.endUpdate();

        assertEquals(2, refused.exitCode(), refused::toString);
        assertEquals(1, refused.errLines().size(), () -> "one line: " + refused);
        assertTrue(refused.err().contains(run + ": is in use by another bayesrg"), refused::toString);
        assertEquals(
                held, after, () -> "nothing written or deleted while the directory is held:" + held.changesTo(after));
    }

    /** Each command once on a finished run, and the resumes of both unfinished ones. */
    static Stream<Arguments> writersOnceFree() {
        return writersOfEveryState().filter(a -> a.get()[0] != State.DATA_WRITTEN || a.get()[1] == Writer.RESUME);
    }

    @ParameterizedTest(name = "{1} on a {0} run")
    @MethodSource("writersOnceFree")
    void theNextWriterClearsWhatKilledWritesLeftAndAddsOnlyItsOwnFiles(State state, Writer writer) throws IOException {
        Path run = tmp.resolve("run");
        ReportTest.copyTree(Runs.shared().of(state), run);
        Set<String> entries = new TreeSet<>(TreeSnapshot.of(run).entries().keySet());
        List<Path> leftovers = leftovers(run);
        for (Path p : leftovers) {
            Files.writeString(p, "torn by a kill");
        }

        CliHarness.Result r = bayesrg(writer.args(run));

        assertEquals(0, r.exitCode(), r::toString);
        for (Path p : leftovers) {
            assertFalse(Files.exists(p, LinkOption.NOFOLLOW_LINKS), p + " is cleared");
        }
        Set<String> after = new TreeSet<>(TreeSnapshot.of(run).entries().keySet());
        after.forEach(
                e -> assertFalse(AtomicFiles.isLeftover(Path.of(e).getFileName().toString()), e));
        assertFalse(after.contains(RunDirectory.LOCK), "a finished directory has no lock file");
        assertFalse(after.contains(RunDirectory.INCOMPLETE));
        if (state == State.FINISHED) {
            Set<String> added = new TreeSet<>(after);
            added.removeAll(entries);
            Set<String> removed = new TreeSet<>(entries);
            removed.removeAll(after);
            assertEquals(Set.of(), removed, "a finished directory keeps its files");
            assertTrue(
                    added.stream().allMatch(e -> e.startsWith("nngp")),
                    () -> "only the command's own files are added: " + added);
        }
    }

    /**
     * The lock holds against other processes too, and a writer refused in the holder's own process
     * does not give it up on the way (closing any channel on the lock file would, under POSIX).
     */
    @Test
    void aReportInAnotherProcessIsRefusedWhileThisOneHoldsTheDirectory() throws Exception {
        Path run = tmp.resolve("run");
        ReportTest.copyTree(Runs.shared().of(State.FINISHED), run);
        TreeSnapshot.age(run);
        RunDirectory holder = RunDirectory.forUpdate(run);
        TreeSnapshot before = TreeSnapshot.of(run);
        CliHarness.Result here = bayesrg(Writer.REPORT.args(run));
        Process report = new ProcessBuilder(CliHarness.freshJvm(List.of(), Writer.REPORT.args(run)))
                .redirectErrorStream(true)
                .start();
        String printed = new String(report.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(report.waitFor(10, TimeUnit.MINUTES), "the report outlived its deadline");
        TreeSnapshot after = TreeSnapshot.of(run);
        holder.endUpdate();

        assertEquals(2, here.exitCode(), here::toString);
        assertEquals(2, report.exitValue(), printed);
        assertEquals(1, printed.lines().filter(l -> !l.isBlank()).count(), printed);
        assertTrue(printed.contains(run + ": is in use by another bayesrg"), printed);
        assertEquals(before, after, () -> "nothing written while the directory is held:" + before.changesTo(after));
    }
}
