package dev.bayesrg.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.run.ExperimentRun;
import dev.bayesrg.run.RunComparison;
import dev.bayesrg.run.SmallRuns;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ensemble computed by Spark tasks equals the one {@code bayesrg run} computes in one process,
 * file for file, also when a task dies and Spark recomputes it.
 */
class SparkRunTest {
    /** A small, fast experiment with diverged members (divergenceLoss 3000), so merging them is exercised. */
    private static final List<String> SMALL = List.of(
            "--members",
            "6",
            "--width",
            "32",
            "--epochs",
            "20",
            "--set",
            "data.train=40",
            "--set",
            "data.test=30",
            "--set",
            "data.fisher=20",
            "--set",
            "train.divergenceLoss=3000",
            "--no-report",
            "--quiet");
    /** The field-theory snapshots are drawn from the data files: equal data, equal snapshots. */
    private static final List<String> NNFT_FILES = List.of("nnft/snapshots.json", "nnft/kernels.npy", "nnft/mesh.npy");

    @TempDir
    static Path shared;

    private static JavaSparkContext spark;
    /** {@code bayesrg run} of {@link #SMALL}: the truth every Spark run is held to. */
    private static Path plainRun;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSparkAndRunThePlainEnsemble() {
        // local[2,2]: two task slots, and a task may fail once and be retried (local mode's maxFailures)
        spark = new JavaSparkContext(new SparkConf()
                .setMaster("local[2,2]")
                .setAppName("bayesrg-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1"));
        plainRun = shared.resolve("plain");
        // the run 'bayesrg run SMALL' makes (the command is core's ExperimentRun plus flags)
        ExperimentConfig config = SmallRuns.withDivergedMembers().resolve();
        try {
            ExperimentRun.of(config)
                    .provenance("paper", List.of("bayesrg", "run"))
                    .writeTo(plainRun);
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result sparkMain(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkMain.execute(
                new SparkMain(spark),
                args.toArray(String[]::new),
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private static void assertSameAsPlainRun(Path sparkRun) throws IOException {
        RunComparison.assertSameRun(plainRun, sparkRun);
        for (String f : NNFT_FILES) {
            assertArrayEquals(Files.readAllBytes(plainRun.resolve(f)), Files.readAllBytes(sparkRun.resolve(f)), f);
        }
        assertEquals(listing(plainRun), listing(sparkRun), "the same files, and no shards left behind");
        assertTrue(
                Files.readString(plainRun.resolve("members.csv")).contains(",true,"),
                "the run must include diverged members, so that merging them is exercised");
    }

    @Test
    void aLocalSparkRunWritesTheRunDirectoryOfBayesrgRunByteForByte() throws IOException {
        Path out = tmp.resolve("spark");
        List<String> args = new ArrayList<>(SMALL);
        args.addAll(List.of("--partitions", "4", "--out", out.toString(), "--timings"));
        Result r = sparkMain(args);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Results in " + out), r.out());
        assertTrue(r.err().contains("bayesrg-spark: timings: tasks "), r.err());
        assertTrue(r.err().contains(" ms a member), field theory "), r.err());
        assertSameAsPlainRun(out);
        assertEquals(
                "bayesrg-spark",
                Json.read(out.resolve("manifest.json"))
                        .get("command_line")
                        .get(0)
                        .asText());
    }

    /** An ensemble trained elsewhere: the tasks read their members from it, as 'bayesrg import' does. */
    @Test
    void anImportedEnsembleRunsOnSparkAsTheRunItWasExportedFrom() throws IOException {
        Path ensemble = tmp.resolve("ensemble");
        dev.bayesrg.run.EnsembleExport.mlp(SmallRuns.withDivergedMembers().resolve(), ensemble);
        Files.writeString(ensemble.resolve("config.yaml"), """
                network:
                  hidden:
                    - {width: 10, activation: identity, bias: false}
                    - {width: 10, activation: relu, bias: false}
                    - {width: 32, activation: relu, bias: false}
                train:
                  divergenceLoss: 3000
                """);
        Path out = tmp.resolve("imported");
        Result r = sparkMain(List.of(
                "--import",
                ensemble.toString(),
                "--partitions",
                "3",
                "--no-report",
                "--quiet",
                "--out",
                out.toString()));
        assertEquals(0, r.exitCode(), r::toString);
        for (String file : List.of("predictions.npy", "fisher.npy", "mesh_outputs.npy", "flow.csv", "cutoffs.npy")) {
            assertArrayEquals(Files.readAllBytes(plainRun.resolve(file)), Files.readAllBytes(out.resolve(file)), file);
        }
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"importFrom\""));
    }

    /** The tasks keep their arrays in their shards, and the driver copies them as 'bayesrg merge' does. */
    @Test
    void withTheArraysViaTheDriverTheRunDirectoryIsTheSame() throws IOException {
        Path out = tmp.resolve("via-driver");
        List<String> args = new ArrayList<>(SMALL);
        args.addAll(List.of("--partitions", "3", "--arrays-via-driver", "--out", out.toString()));
        Result r = sparkMain(args);
        assertEquals(0, r.exitCode(), r::toString);
        assertSameAsPlainRun(out);
    }

    @Test
    void aTaskThatFailsOnItsFirstAttemptIsRetriedAndTheRunIsUnchanged() throws IOException {
        ExperimentConfig config = ConfigLoader.fromTree(
                Json.read(plainRun.resolve("summary.json")).get("config"));
        Path out = tmp.resolve("retried");
        int injectedBefore = ShardTask.INJECTED_FAILURES.get();
        RunDirectory directory = RunDirectory.create(out);
        new SparkRun(spark, 1, false)
                .run(config, Path.of("").toAbsolutePath(), directory, 3, List.of("bayesrg-spark", "test"), "paper");
        assertEquals(injectedBefore + 1, ShardTask.INJECTED_FAILURES.get(), "the hook must have killed one attempt");
        // SparkRun writes the data files (SparkMain adds nnft/ and the report, then marks the run
        // finished): the marker says the data are complete, and they are the run's
        assertTrue(RunDirectory.dataWritten(out), "the data files are complete, the run is not yet");
        dev.bayesrg.run.RunWriter.finish(directory);
        RunComparison.assertSameRun(plainRun, out);
        assertFalse(Files.exists(out.resolve(SparkRun.SHARDS)), "the shards, the dead attempt's included, are gone");
    }

    @Test
    void helpListsRunsConfigurationOptionsAndTheSparkOnes() {
        Result r = sparkMain(List.of("--help"));
        assertEquals(0, r.exitCode(), r::toString);
        for (String option : List.of(
                "--preset",
                "--config",
                "--set",
                "--members",
                "--width",
                "--epochs",
                "--seed",
                "--out",
                "--partitions",
                "--master",
                "--no-report",
                "--quiet",
                "--timings",
                "--arrays-via-driver")) {
            assertTrue(r.out().contains(option), "--help does not mention " + option + ":\n" + r.out());
        }
    }

    @Test
    void aShardThatRanOutOfHeapIsOneLineOfTheJobsFailure() {
        String task = ShardTask.outOfHeap(new dev.bayesrg.run.Shard(3, 8), new OutOfMemoryError("Java heap space"));
        assertTrue(task.startsWith("out of memory in shard 3/8 (Java heap space): the executor's heap of"), task);
        // as Spark reports a failed job: the task's exception with its stack trace, then the driver's
        String job = "Job aborted due to stage failure: Task 3 in stage 0.0 failed 1 times, most recent failure:"
                + " Lost task 3.0 in stage 0.0 (TID 3) (localhost executor driver): java.lang.IllegalStateException: "
                + task + "\n\tat dev.bayesrg.spark.ShardTask.call(ShardTask.java:80)\n\nDriver stacktrace:";
        assertEquals(task, SparkMain.taskOutOfHeap(job));
        assertNull(SparkMain.taskOutOfHeap("Job aborted due to stage failure: something else"));
    }

    @Test
    void badInputIsOneLineWithExitCodeTwoAndNoOutput() throws IOException {
        Path occupied = tmp.resolve("occupied");
        Files.createDirectories(occupied);
        Files.writeString(occupied.resolve("keep.txt"), "x");
        Path fresh = tmp.resolve("fresh");
        List<List<String>> cases = List.of(
                List.of("--partitions", "0", "--out", fresh.toString()),
                List.of("--members", "0", "--out", fresh.toString()),
                List.of("--set", "train.learningRate=-1", "--out", fresh.toString()),
                List.of("--out", occupied.toString()),
                // fifty million members: the driver's merge would not fit its heap
                List.of("--members", "50000000", "--out", fresh.toString()));
        List<String> flags = List.of("--partitions", "--members", "train.learningRate", "--out", "--members");
        for (int c = 0; c < cases.size(); c++) {
            Result r = sparkMain(cases.get(c));
            assertEquals(2, r.exitCode(), r::toString);
            assertEquals(1, r.err().lines().filter(l -> !l.isBlank()).count(), r.err());
            assertTrue(r.err().contains(flags.get(c)), r.err());
            assertFalse(Files.exists(fresh), "no output for bad input");
        }
        assertEquals(List.of("", "keep.txt"), listing(occupied));
    }
}
