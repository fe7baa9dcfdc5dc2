package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A resume continues exactly the run it was asked to, or refuses: members of another run (another
 * configuration, seed, shard or data), data files that changed or moved since the run started, an
 * edited resume state or one of another build never enter the result. And a run stopped at any
 * moment of its start-up, or of its last step, leaves a directory that a resume (or a new run)
 * handles.
 */
class ResumeSafetyTest {
    private static final int MEMBERS = 6;

    @TempDir
    static Path shared;

    private static Path csv;
    private static ExperimentConfig csvRun;
    /** The uninterrupted CSV run, for byte comparisons. */
    private static Path whole;

    @TempDir
    Path tmp;

    /** A small run on a CSV data set (so that its input file matters). */
    @BeforeAll
    static void uninterruptedRun() throws Exception {
        csv = shared.resolve("data/points.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, points(80, 1));
        csvRun = csvLayers().resolve();
        whole = ExperimentRun.of(csvRun)
                .threads(1)
                .baseDirectory(csv.getParent())
                .writeTo(shared.resolve("whole"))
                .directory();
    }

    /** {@code rows} labelled points x0,x1,y from a seeded stream. */
    private static String points(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder("x0,x1,y\n");
        for (int i = 0; i < rows; i++) {
            double x0 = random.nextDouble(-1, 1);
            double x1 = random.nextDouble(-1, 1);
            text.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f%n", x0, x1, Math.sin(x0 + x1)));
        }
        return text.toString();
    }

    /** A run of {@code config} stopped as soon as its directory exists: resumable, nothing computed. */
    private static Path stopped(ExperimentConfig config, Path base, Path dir) {
        assertThrows(
                IllegalStateException.class,
                () -> ExperimentRun.of(config)
                        .baseDirectory(base)
                        .onRunDirectory(d -> {
                            throw new IllegalStateException("stopped");
                        })
                        .writeTo(dir));
        return dir;
    }

    private Path stoppedCsvRun() {
        return stopped(csvRun, csv.getParent(), tmp.resolve("stopped"));
    }

    private static ConfigException resumeRefused(Path dir) {
        return assertThrows(ConfigException.class, () -> ExperimentRun.resume(dir, ExperimentRun.of(csvRun)));
    }

    private static void assertNothingWritten(Path dir) {
        assertFalse(Files.exists(dir.resolve(RunWriter.SUMMARY)), "a refused resume writes no data file");
        assertFalse(Files.exists(dir.resolve(RunWriter.PREDICTIONS)), "a refused resume writes no data file");
    }

    static Stream<Arguments> otherRuns() {
        return Stream.of(
                Arguments.of("another ensemble seed", (UnaryOperator<ConfigLayers>) c -> c.withSeed(99L)),
                Arguments.of("another width", (UnaryOperator<ConfigLayers>) c -> c.withWidth(12)),
                Arguments.of("more members", (UnaryOperator<ConfigLayers>) c -> c.withMembers(MEMBERS + 3)),
                Arguments.of("another data seed", (UnaryOperator<ConfigLayers>) c -> c.with("data.seed=5")),
                Arguments.of("another test set size", (UnaryOperator<ConfigLayers>) c -> c.with("data.test=15")),
                Arguments.of("other cutoffs", (UnaryOperator<ConfigLayers>) c -> c.with("brg.cutoffs=[1e-6, 1e-3]")),
                Arguments.of("other epochs", (UnaryOperator<ConfigLayers>) c -> c.withEpochs(25)));
    }

    private static ConfigLayers csvLayers() {
        return ConfigLayers.of(Preset.PAPER)
                .withMembers(MEMBERS)
                .withWidth(16)
                .withEpochs(20)
                .with("data.source=csv")
                .with("data.csv=points.csv")
                .with("data.train=40")
                .with("data.test=20")
                .with("data.fisher=20");
    }

    /**
     * The members of another run copied into this run's checkpoint, stamped with the other run's
     * identity (a checkpoint copied over), or with this run's (a forged or mixed-up header, caught by
     * the records' shapes and indices where they differ), or with none at all.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("otherRuns")
    void aCheckpointOfAnotherRunIsRefusedBeforeAnythingIsWritten(String what, UnaryOperator<ConfigLayers> change)
            throws Exception {
        ExperimentConfig other = change.apply(csvLayers()).resolve();
        Path otherDir = stopped(other, csv.getParent(), tmp.resolve("other"));
        String otherIdentity = ResumeState.read(otherDir).identity();
        RunResult otherMembers = Experiment.run(other, Experiment.prepareData(other, csv.getParent()), 1, d -> {});

        for (String header : List.of("the other run's", "none")) {
            Path dir = stopped(csvRun, csv.getParent(), tmp.resolve("target-" + header.length()));
            String identity = header.equals("none") ? null : otherIdentity;
            writeCheckpoint(dir, identity, otherMembers.members().subList(0, 3));
            ConfigException refused = resumeRefused(dir);
            assertEquals(dir.resolve(Checkpoint.FILE).toString(), refused.field(), what + ", header " + header);
            assertTrue(
                    refused.getMessage().contains("does not belong to this run")
                            || refused.getMessage().contains("belongs to another run"),
                    refused.getMessage());
            assertNothingWritten(dir);
        }
    }

    private static void writeCheckpoint(Path dir, String identity, List<MemberResult> members) throws IOException {
        Path file = dir.resolve(Checkpoint.FILE);
        Files.deleteIfExists(file);
        if (identity == null) {
            // a header-less checkpoint, as runs before identities wrote them
            try (var out = Files.newOutputStream(file)) {
                for (MemberResult m : members) {
                    out.write(Checkpoint.encodeRecord(m));
                }
            }
            return;
        }
        try (Checkpoint checkpoint = Checkpoint.append(file, 0, identity)) {
            for (MemberResult m : members) {
                checkpoint.record(m);
            }
        }
    }

    /** Records of this very run, but one repeated or one of a member this shard does not compute. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"repeated member", "member of another shard"})
    void recordsThatDoNotFitTheRunAreRefused(String damage) throws Exception {
        ExperimentConfig config = csvLayers().resolve();
        RunResult own = Experiment.run(config, Experiment.prepareData(config, csv.getParent()), 1, d -> {});
        Path dir = stoppedCsvRun();
        List<MemberResult> records = new ArrayList<>(own.members().subList(0, 2));
        if (damage.equals("repeated member")) {
            records.add(own.members().get(0));
        } else {
            MemberResult m = own.members().get(2);
            records.add(RunVariants.copy(m, MEMBERS + 4, m.trainingFlow()));
        }
        writeCheckpoint(dir, ResumeState.read(dir).identity(), records);
        ConfigException refused = resumeRefused(dir);
        assertTrue(refused.detail().startsWith("record 3 "), refused.getMessage());
        assertNothingWritten(dir);
    }

    static Stream<Arguments> dataChanges() {
        return Stream.of(
                Arguments.of("a row appended", (DataChange)
                        f -> Files.writeString(f, "0.5,0.5,0.5\n", java.nio.file.StandardOpenOption.APPEND)),
                Arguments.of("one digit changed", (DataChange) f -> {
                    String text = Files.readString(f);
                    int at = text.indexOf('\n') + 3;
                    char digit = text.charAt(at) == '1' ? '2' : '1';
                    Files.writeString(f, text.substring(0, at) + digit + text.substring(at + 1));
                }),
                Arguments.of("rows reordered", (DataChange) f -> {
                    List<String> lines = new ArrayList<>(Files.readAllLines(f));
                    java.util.Collections.swap(lines, 1, 2);
                    Files.write(f, lines);
                }),
                Arguments.of("the file deleted", (DataChange) Files::delete),
                Arguments.of("the file moved away", (DataChange) f -> Files.move(f, f.resolveSibling("moved.csv"))),
                Arguments.of("replaced by another data set", (DataChange) f -> Files.writeString(f, points(80, 2))));
    }

    @FunctionalInterface
    interface DataChange {
        void apply(Path file) throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataChanges")
    void aResumeOnChangedDataIsRefusedNamingTheFile(String what, DataChange change) throws Exception {
        Path base = tmp.resolve("data");
        Files.createDirectories(base);
        Path file = base.resolve("points.csv");
        Files.copy(csv, file);
        Path dir = stopped(csvRun, base, tmp.resolve("run"));
        change.apply(file);
        ConfigException refused = resumeRefused(dir);
        assertEquals(dir.toString(), refused.field());
        assertTrue(refused.getMessage().contains("data.csv " + file.toAbsolutePath()), refused.getMessage());
        assertNothingWritten(dir);
        // with the very bytes back in place, the resume goes on and gives the uninterrupted run
        Files.deleteIfExists(file);
        Files.copy(csv, file);
        ExperimentRun.Finished resumed = ExperimentRun.resume(dir, ExperimentRun.of(csvRun));
        RunComparison.assertSameRun(whole, resumed.directory());
    }

    @Test
    void aResumeReadsTheDataWhereTheRunReadItWhateverItsOwnBaseDirectory() throws Exception {
        Path dir = stopped(csvRun, csv.getParent(), tmp.resolve("run"));
        // another directory with a different file of the same relative name: a resume started there
        // (a relative path re-read from the new working directory) would train on other data
        Path elsewhere = tmp.resolve("elsewhere");
        Files.createDirectories(elsewhere);
        Files.writeString(elsewhere.resolve("points.csv"), points(80, 3));
        ExperimentRun.Finished resumed =
                ExperimentRun.resume(dir, ExperimentRun.of(csvRun).baseDirectory(elsewhere));
        RunComparison.assertSameRun(whole, resumed.directory());
        RunManifest manifest = RunFiles.open(resumed.directory()).manifest();
        assertEquals(1, manifest.inputs().files().size());
        assertEquals(
                csv.toAbsolutePath().normalize().toString(),
                manifest.inputs().files().get(0).path());
        assertEquals(RunInputs.sha256(csv), manifest.inputs().files().get(0).sha256());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"members", "seed", "build", "build of an older format"})
    void anEditedResumeStateOrOneOfAnotherBuildIsRefused(String edit) throws Exception {
        Path dir = stoppedCsvRun();
        Path file = dir.resolve(RunWriter.RESUME_STATE);
        ObjectNode state = (ObjectNode) Json.read(file);
        switch (edit) {
            case "members" -> ((ObjectNode) state.get("config").get("ensemble")).put("members", MEMBERS + 1);
            case "seed" -> ((ObjectNode) state.get("config").get("ensemble")).put("seed", 12345);
            case "build" -> state.put("build", "0.0.1 0123456789abcdef0123456789abcdef01234567");
            default -> {
                // as a build of format 2 wrote it, with the identity it computed from that format and
                // configuration: this build computes another one, which is no sign of an edit
                state.put(RunFormat.KEY, 2);
                ((ObjectNode) state.get("config").get("brg")).remove("cutoffScale");
                state.put("identity", "2".repeat(64));
                state.put("build", "0.0.1 0123456789abcdef0123456789abcdef01234567");
            }
        }
        Files.writeString(file, Json.toString(state), StandardCharsets.UTF_8);
        ConfigException refused = resumeRefused(dir);
        assertTrue(
                refused.getMessage()
                        .contains(edit.startsWith("build") ? "resume it with the build that started it" : "edited"),
                refused.getMessage());
        assertNothingWritten(dir);
    }

    @Test
    void aRunStoppedBeforeItsMarkerIsResumed() throws Exception {
        Path dir = stoppedCsvRun();
        // as a kill between the resume state and the marker leaves it
        Files.delete(dir.resolve(RunDirectory.INCOMPLETE));
        Files.deleteIfExists(dir.resolve(Checkpoint.FILE));
        ExperimentRun.Finished resumed = ExperimentRun.resume(dir, ExperimentRun.of(csvRun));
        RunComparison.assertSameRun(whole, resumed.directory());
        assertFalse(Files.exists(dir.resolve(RunDirectory.INCOMPLETE)));
    }

    @Test
    void aDirectoryHoldingOnlyALockIsNoRunButTakesANewOne() throws Exception {
        Path dir = tmp.resolve("first-instant");
        Files.createDirectories(dir);
        Files.createFile(dir.resolve(RunDirectory.LOCK)); // a run killed as it claimed the directory
        ConfigException refused = resumeRefused(dir);
        assertTrue(refused.getMessage().contains("holds no run"), refused.getMessage());
        ExperimentRun.Finished run =
                ExperimentRun.of(csvRun).baseDirectory(csv.getParent()).writeTo(dir);
        RunComparison.assertSameRun(whole, run.directory());
    }

    @Test
    void aFinishedRunWithLeftoverResumeFilesIsNotResumedAndLosesThem() throws Exception {
        Path dir = tmp.resolve("finished");
        ExperimentRun.of(csvRun).baseDirectory(csv.getParent()).writeTo(dir);
        Path stopped = stoppedCsvRun();
        // as a kill between removing the marker and removing the resume files leaves it
        Files.copy(stopped.resolve(RunWriter.RESUME_STATE), dir.resolve(RunWriter.RESUME_STATE));
        Checkpoint.append(
                        dir.resolve(Checkpoint.FILE),
                        0,
                        ResumeState.read(stopped).identity())
                .close();
        ConfigException refused = resumeRefused(dir);
        assertTrue(refused.getMessage().contains("nothing to resume"), refused.getMessage());
        assertFalse(Files.exists(dir.resolve(RunWriter.RESUME_STATE)));
        assertFalse(Files.exists(dir.resolve(Checkpoint.FILE)));
        RunComparison.assertSameRun(whole, dir);
    }

    /** Shards computed on two copies of the data that differ (two nodes, say) are not merged into one run. */
    @Test
    void shardsThatReadDifferentDataAreNotMerged() throws Exception {
        Path nodeA = Files.createDirectories(tmp.resolve("nodeA"));
        Path nodeB = Files.createDirectories(tmp.resolve("nodeB"));
        Files.copy(csv, nodeA.resolve("points.csv"));
        Files.copy(csv, nodeB.resolve("points.csv"));
        Path first = ExperimentRun.of(csvRun)
                .shard(new Shard(0, 2))
                .baseDirectory(nodeA)
                .writeTo(tmp.resolve("s0"))
                .directory();
        Path same = ExperimentRun.of(csvRun)
                .shard(new Shard(1, 2))
                .baseDirectory(nodeB)
                .writeTo(tmp.resolve("s1"))
                .directory();
        // the same bytes at other paths merge
        assertEquals(
                MEMBERS, ShardMerge.merge(List.of(first, same)).run().members().size());
        Files.writeString(nodeB.resolve("points.csv"), points(80, 4));
        Path other = ExperimentRun.of(csvRun)
                .shard(new Shard(1, 2))
                .baseDirectory(nodeB)
                .writeTo(tmp.resolve("s1-other"))
                .directory();
        ConfigException refused = assertThrows(ConfigException.class, () -> ShardMerge.merge(List.of(first, other)));
        assertEquals(other.toString(), refused.field());
        assertTrue(refused.detail().contains("members trained on two data sets"), refused.getMessage());
    }
}
