package dev.bayesrg.spark;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.run.PlacedArrays;
import dev.bayesrg.run.RunResult;
import dev.bayesrg.run.RunWriter;
import dev.bayesrg.run.ShardMerge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * An ensemble on Spark: one task per shard computes its members, writes their rows in place into
 * the ensemble's per-member arrays under {@code OUT/.shards/arrays/} ({@link PlacedArrays}) and the
 * rest of its shard as a shard run directory under {@code OUT/.shards/}; the driver then merges the
 * shards from their files ({@link ShardMerge}, as {@code bayesrg merge}), moving the finished arrays
 * into OUT. The large per-member arrays travel through the output location only, never through
 * Spark's task results (which carry only each shard's member count), and the driver neither reads
 * nor writes a row of them: what it does per member is reading the member's scalars placed beside
 * the arrays, copying its rows of members.csv and taking the ensemble's statistics. With {@code arraysViaDriver} the tasks keep their arrays in
 * their shards and the driver copies them row by row, as {@code bayesrg merge} does (for a file
 * system on which several nodes cannot write one file).
 */
public final class SparkRun {
    /** Where the tasks publish their shards, inside the run directory until the merge is written. */
    static final String SHARDS = ".shards";

    /** Where, under {@link #SHARDS}, the tasks place the ensemble's per-member arrays. */
    static final String ARRAYS = "arrays";

    /**
     * A finished run and where the driver's time went.
     *
     * @param result the run
     * @param tasks  from the job's start to its last task's end
     * @param merge  the driver's merge of the shards into the run directory's data files
     */
    public record Finished(RunResult result, Duration tasks, Duration merge) {}

    private final JavaSparkContext spark;
    private final int failFirstAttemptOf;
    private final boolean arraysViaDriver;

    public SparkRun(JavaSparkContext spark) {
        this(spark, false);
    }

    /**
     * A run on {@code spark}; with {@code arraysViaDriver} the shards keep their own arrays, which
     * the driver copies, instead of placing them in the ensemble's files.
     */
    public SparkRun(JavaSparkContext spark, boolean arraysViaDriver) {
        this(spark, -1, arraysViaDriver);
    }

    /** With the test hook: the first attempt of shard {@code failFirstAttemptOf} throws. */
    SparkRun(JavaSparkContext spark, int failFirstAttemptOf, boolean arraysViaDriver) {
        this.spark = spark;
        this.failFirstAttemptOf = failFirstAttemptOf;
        this.arraysViaDriver = arraysViaDriver;
    }

    /**
     * Computes the ensemble of {@code config} in {@code partitions} shards and writes the merged run
     * into {@code dir} (which must be reachable under the same path from every executor).
     *
     * @param dataBase    where a relative {@code data.csv} path is resolved
     * @param commandLine and {@code preset}: provenance for manifest.json
     */
    public Finished run(
            ExperimentConfig config,
            Path dataBase,
            RunDirectory dir,
            int partitions,
            List<String> commandLine,
            String preset)
            throws IOException {
        Instant start = Instant.now();
        Path shards = dir.path().toAbsolutePath().resolve(SHARDS);
        Files.createDirectories(shards);
        Path arrays = arraysViaDriver ? null : shards.resolve(ARRAYS);
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            indices.add(i);
        }
        int members = config.ensemble().members();
        spark.setJobDescription("bayesrg: " + members + " members in " + partitions + " shards");
        ShardTask task = new ShardTask(config, dataBase, shards, arrays, partitions, failFirstAttemptOf);
        long computed = spark.parallelize(indices, partitions).map(task).collect().stream()
                .mapToLong(Integer::longValue)
                .sum();
        if (computed != members) {
            throw new IllegalStateException("the shards hold " + computed + " members, the ensemble " + members);
        }
        Instant merging = Instant.now();
        List<Path> parts =
                indices.stream().map(i -> ShardTask.published(shards, i)).toList();
        // the shards go once the run is written: arrays they placed are moved into it, not copied
        ShardMerge.Merged merged = ShardMerge.mergeConsuming(parts);
        RunWriter.write(
                dir,
                merged.run(),
                new RunWriter.Provenance(
                        commandLine,
                        preset,
                        spark.defaultParallelism(),
                        start,
                        Instant.now(),
                        dev.bayesrg.run.RunInputs.of(config, dataBase)),
                merged.files());
        Instant merged0 = Instant.now();
        deleteRecursively(shards);
        return new Finished(merged.run(), Duration.between(start, merging), Duration.between(merging, merged0));
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
