package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.args;
import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.cli.WriterFixtures.Runs;
import dev.bayesrg.cli.WriterFixtures.State;
import dev.bayesrg.cli.WriterFixtures.Writer;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.io.TreeSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No command writes outside the directory it was given, whatever that directory holds. A run
 * directory from elsewhere (a tarball, say) may carry a link at any entry a command writes — the
 * data files, {@code members.checkpoint}, {@code report.html}, {@code figures/} and every figure,
 * {@code nnft/} and its files, the lock, the temporary files' names, the directory itself — pointing
 * at a file or folder outside. For every such entry of a run in every state and every command that
 * writes into it, the command is refused with one line naming the link, exit code 2, before it
 * writes anything, and nothing outside changes.
 */
class PlantedSymlinksTest {
    /** Target directories the commands create when missing. */
    private static final Set<String> CREATED_DIRECTORIES = Set.of("figures", "nnft", "nngp");

    /** In a planted name: this process's id and the thread's, as the temporary names once held them. */
    private static final String PID = "{pid}";

    private static final String THREAD = "{thread}";

    @TempDir
    Path tmp;

    /** Symbolic or hard link. */
    enum Kind {
        SYMLINK,
        HARD_LINK
    }

    /**
     * Every entry of {@code state}'s directory, nested ones included, the directory itself (""),
     * what a finished run holds that it lacks (what a resume writes), the lock, nngp/, and the
     * names of temporary files.
     */
    private static List<String> entries(State state) throws IOException {
        Path dir = Runs.shared().of(state);
        Set<String> names = new TreeSet<>();
        names.add("");
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> !p.equals(dir))
                    .forEach(p -> names.add(dir.relativize(p).toString()));
        }
        try (Stream<Path> top = Files.list(Runs.shared().of(State.FINISHED))) {
            top.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.add(RunDirectory.LOCK);
        names.add("nngp");
        names.add(".report.html." + PID + "." + THREAD + ".tmp");
        names.add(".summary.json." + PID + "." + THREAD + ".tmp");
        names.add(".INCOMPLETE." + PID + "." + THREAD + ".tmp");
        names.add(".report.html.0123456789abcdef.bayesrg-tmp");
        if (Files.isDirectory(dir.resolve("nnft"))) {
            names.add("nnft/.snapshots.json." + PID + "." + THREAD + ".tmp");
        }
        return List.copyOf(names);
    }

    /**
     * Every command that writes into a run in each state, with a link at each entry of it: at each
     * top-level entry of a finished run for every command, of an unfinished one for its resume and
     * for one of the others in turn (they take the same path as on a finished run), at each entry
     * inside a folder for one command in turn; and a hard link at each file written in place.
     */
    static Stream<Arguments> plantedLinks() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (State state : State.values()) {
            List<Writer> writers = state.writers();
            List<Writer> others =
                    writers.stream().filter(w -> w != Writer.RESUME).toList();
            int turn = 0;
            for (String entry : entries(state)) {
                if (entry.contains("/")) {
                    cases.add(Arguments.of(state, writers.get(turn++ % writers.size()), entry, Kind.SYMLINK));
                    continue;
                }
                List<Writer> these = new ArrayList<>(state == State.FINISHED ? writers : List.of());
                if (state != State.FINISHED) {
                    these.add(Writer.RESUME);
                    if (!others.isEmpty()) {
                        these.add(others.get(turn++ % others.size()));
                    }
                }
                for (Writer writer : these) {
                    cases.add(Arguments.of(state, writer, entry, Kind.SYMLINK));
                }
            }
            for (Writer writer : writers) {
                for (String inPlace : List.of(RunDirectory.LOCK, "members.checkpoint")) {
                    cases.add(Arguments.of(state, writer, inPlace, Kind.HARD_LINK));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} on a {0} run with a {3} at ''{2}''")
    @MethodSource("plantedLinks")
    void aCommandRefusesARunDirectoryHoldingALinkAndWritesNothing(State state, Writer writer, String entry, Kind kind)
            throws IOException {
        Path run = tmp.resolve("run");
        ReportTest.copyTree(Runs.shared().of(state), run);
        String name = entry.replace(PID, Long.toString(ProcessHandle.current().pid()))
                .replace(THREAD, Long.toString(Thread.currentThread().getId()));
        Path link = plant(run, tmp.resolve("outside"), name, kind);
        TreeSnapshot.age(tmp);
        TreeSnapshot before = TreeSnapshot.of(tmp);

        CliHarness.Result r = bayesrg(writer.args(run));

        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(1, r.errLines().size(), () -> "one line: " + r);
        String what = kind == Kind.SYMLINK ? "is a symbolic link" : "has another hard link";
        assertTrue(
                r.err().contains(link + ": " + what + "; bayesrg does not write through links in a run directory"),
                r::toString);
        assertEquals("", r.out(), r::toString);
        TreeSnapshot now = TreeSnapshot.of(tmp);
        assertEquals(before, now, () -> "nothing written, in the directory or outside it:" + before.changesTo(now));
    }

    /**
     * Plants a link at {@code entry} of {@code run} to a target in {@code outside}: the entry itself,
     * moved out (so the directory reads the same through the link), or else a copy of what a
     * finished run holds there, an empty folder for a folder the commands create, a new empty file
     * for a hard link, or nothing (a dangling link). Returns the link.
     */
    private static Path plant(Path run, Path outside, String entry, Kind kind) throws IOException {
        Files.createDirectories(outside);
        Path link = entry.isEmpty() ? run : run.resolve(entry);
        Path target = outside.resolve("target");
        Path counterpart = Runs.shared().of(State.FINISHED).resolve(entry);
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(link, target);
        } else if (kind == Kind.HARD_LINK) {
            Files.writeString(target, "");
        } else if (!entry.isEmpty() && Files.exists(counterpart)) {
            ReportTest.copyTree(counterpart, target);
        } else if (CREATED_DIRECTORIES.contains(entry)) {
            Files.createDirectory(target);
        }
        if (kind == Kind.SYMLINK) {
            Files.createSymbolicLink(link, target);
        } else {
            Files.createLink(link, target);
        }
        return link;
    }

    /** What an output directory that is a link points to. */
    enum OutTarget {
        EMPTY_DIRECTORY,
        FILE,
        NOTHING
    }

    static Stream<Arguments> linkedOutputs() {
        List<Arguments> cases = new ArrayList<>();
        for (String command : List.of("run", "merge")) {
            for (OutTarget target : OutTarget.values()) {
                cases.add(Arguments.of(command, target));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} --out a link to {1}")
    @MethodSource("linkedOutputs")
    void aNewRunDirectoryThatIsALinkIsRefused(String command, OutTarget pointsTo) throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path target = outside.resolve("target");
        switch (pointsTo) {
            case EMPTY_DIRECTORY -> Files.createDirectory(target);
            case FILE -> Files.writeString(target, "sentinel\n");
            case NOTHING -> {}
        }
        Path out = Files.createSymbolicLink(tmp.resolve("out"), target);
        TreeSnapshot.age(tmp);
        TreeSnapshot before = TreeSnapshot.of(tmp);

        CliHarness.Result r = command.equals("run")
                ? bayesrg(args(List.of("run"), WriterFixtures.TINY, List.of("--no-report", "--out", out.toString())))
                : bayesrg(
                        "merge",
                        Runs.shared().shard(0).toString(),
                        Runs.shared().shard(1).toString(),
                        "--out",
                        out.toString(),
                        "--quiet");

        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(1, r.errLines().size(), () -> "one line: " + r);
        assertTrue(
                r.err().contains(out + " is a symbolic link; bayesrg does not write through links in a run directory"),
                r::toString);
        TreeSnapshot now = TreeSnapshot.of(tmp);
        assertEquals(before, now, () -> "nothing written:" + before.changesTo(now));
    }
}
