package dev.bayesrg.spark;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.run.RunResult;
import dev.bayesrg.run.RunWriter;
import dev.bayesrg.run.ShardMerge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * An ensemble on Spark: one task per shard writes a shard run directory under
 * {@code OUT/.shards/}, then the driver merges them from their files ({@link ShardMerge}, as
 * {@code bayesrg merge}) into OUT. The large per-member arrays travel through the output location,
 * never through Spark's task results (which carry only each shard's member count), and are streamed
 * row by row from the shard files into the run's, never held whole in the driver's memory.
 */
public final class SparkRun {
    /** Where the tasks publish their shards, inside the run directory until the merge is written. */
    static final String SHARDS = ".shards";

    private final JavaSparkContext spark;
    private final int failFirstAttemptOf;

    public SparkRun(JavaSparkContext spark) {
        this(spark, -1);
    }

    /** With the test hook: the first attempt of shard {@code failFirstAttemptOf} throws. */
    SparkRun(JavaSparkContext spark, int failFirstAttemptOf) {
        this.spark = spark;
        this.failFirstAttemptOf = failFirstAttemptOf;
    }

    /**
     * Computes the ensemble of {@code config} in {@code partitions} shards and writes the merged run
     * into {@code dir} (which must be reachable under the same path from every executor).
     *
     * @param dataBase    where a relative {@code data.csv} path is resolved
     * @param commandLine and {@code preset}: provenance for manifest.json
     */
    public RunResult run(
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
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            indices.add(i);
        }
        int members = config.ensemble().members();
        spark.setJobDescription("bayesrg: " + members + " members in " + partitions + " shards");
        ShardTask task = new ShardTask(config, dataBase, shards, partitions, failFirstAttemptOf);
        long computed = spark.parallelize(indices, partitions).map(task).collect().stream()
                .mapToLong(Integer::longValue)
                .sum();
        if (computed != members) {
            throw new IllegalStateException("the shards hold " + computed + " members, the ensemble " + members);
        }
        List<Path> parts =
                indices.stream().map(i -> ShardTask.published(shards, i)).toList();
        ShardMerge.Merged merged = ShardMerge.merge(parts);
        // the per-member arrays stream from the shard files into the run's: the shards go only after
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
                merged.arrays());
        deleteRecursively(shards);
        return merged.run();
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
