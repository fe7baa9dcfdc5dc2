package dev.bayesrg.spark;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.ingest.ImportedEnsemble;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.run.Experiment;
import dev.bayesrg.run.PlacedArrays;
import dev.bayesrg.run.RunInputs;
import dev.bayesrg.run.RunResult;
import dev.bayesrg.run.RunWriter;
import dev.bayesrg.run.Shard;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * One Spark task: computes shard {@code index}/{@code count} of the ensemble with the engine and
 * publishes it as a shard run directory. The shard is written in a directory private to this task
 * attempt and renamed into place in one step, so a failed, retried or speculative attempt never
 * leaves a half shard where the driver looks; twin attempts compute identical bytes, and whichever
 * renames first wins.
 */
final class ShardTask implements Function<Integer, Integer> {
    private static final long serialVersionUID = 1L;

    /** How often the test hook threw (in this JVM: local mode runs tasks in the driver's JVM). */
    static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();

    /** The configuration as JSON: records travel to executors as text, rebuilt by the same loader. */
    private final String configJson;
    /** The driver's working directory, against which a relative data.csv path resolves. */
    private final String dataBase;

    /** The driver's input files, field=SHA-256 each: every executor must read the same bytes. */
    private final List<String> inputHashes;

    private final String shardsDirectory;
    /** Where the shards place the ensemble's per-member arrays, or null: each shard keeps its own. */
    private final String arraysDirectory;

    private final int count;
    /** Test hook: this shard's first attempt writes its shard, then throws before publishing (-1: none). */
    private final int failFirstAttemptOf;

    ShardTask(
            ExperimentConfig config,
            Path dataBase,
            Path shardsDirectory,
            Path arraysDirectory,
            int count,
            int failFirstAttemptOf) {
        this.configJson = Json.toString(ConfigLoader.toTree(config));
        this.dataBase = dataBase.toAbsolutePath().toString();
        this.inputHashes = RunInputs.of(config, dataBase).contents();
        this.shardsDirectory = shardsDirectory.toAbsolutePath().toString();
        this.arraysDirectory = arraysDirectory == null
                ? null
                : arraysDirectory.toAbsolutePath().toString();
        this.count = count;
        this.failFirstAttemptOf = failFirstAttemptOf;
    }

    /** What a task's failure says when its shard ran out of heap: the driver finds it by this start. */
    static final String OUT_OF_HEAP = "out of memory in shard ";

    static String outOfHeap(Shard shard, OutOfMemoryError e) {
        long heap = Runtime.getRuntime().maxMemory();
        return OUT_OF_HEAP + shard + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
                + ": the executor's heap of " + dev.bayesrg.run.MemoryEstimate.format(heap)
                + " is too small for it; give the executors more memory (spark.executor.memory) or cut the run into"
                + " more --partitions";
    }

    /** Where shard {@code index} is published. */
    static Path published(Path shardsDirectory, int index) {
        return shardsDirectory.resolve(String.format("part-%05d", index));
    }

    @Override
    public Integer call(Integer index) throws Exception {
        // an executor is a launcher of members: the Vector API kernels if its JVM has the module
        dev.bayesrg.linalg.Kernels.useAsConfigured();
        ExperimentConfig config = ConfigLoader.fromTree(Json.MAPPER.readTree(configJson));
        Shard shard = new Shard(index, count);
        int members = shard.members(config.ensemble().members()).length;
        Path target = published(Path.of(shardsDirectory), index);
        if (Files.isDirectory(target)) {
            return members; // a twin attempt published it already
        }
        TaskContext task = TaskContext.get();
        Instant start = Instant.now();
        // spark.task.cpus threads per task; the results do not depend on it
        int threads = task == null ? 1 : Math.max(1, task.cpus());
        RunInputs inputs = RunInputs.of(config, Path.of(dataBase));
        if (!inputs.contents().equals(inputHashes)) {
            // an executor whose copy of the data differs would train its members on another data set
            throw new ConfigException(
                    "data.csv",
                    "the input files on this executor (" + inputs.files() + ") are not the driver's (" + inputHashes
                            + "); give every node the same files");
        }
        RunResult result;
        try {
            DataSets data = Experiment.prepareData(config, Path.of(dataBase));
            try (ImportedEnsemble imported = Experiment.prepareMembers(config, data, Path.of(dataBase))) {
                result = Experiment.run(
                        config,
                        data,
                        threads,
                        shard,
                        java.util.List.of(),
                        m -> {},
                        done -> {},
                        Experiment.MetricProgress.NONE,
                        imported);
            }
        } catch (OutOfMemoryError e) {
            // an Error would make Spark end the executor's JVM (the driver's own, in local mode) with
            // its exit code 52: a task failure instead, which the driver reports in one line
            throw new IllegalStateException(outOfHeap(shard, e));
        }
        Path attempt = Path.of(shardsDirectory)
                .resolve(".attempt-" + index + "-"
                        + (task == null ? ProcessHandle.current().pid() : task.taskAttemptId()));
        RunDirectory shardDirectory = RunDirectory.create(attempt);
        RunWriter.Provenance provenance = new RunWriter.Provenance(
                List.of("bayesrg-spark", "shard", shard.toString()),
                "spark-task",
                threads,
                start,
                Instant.now(),
                inputs);
        if (arraysDirectory == null) {
            RunWriter.write(shardDirectory, result, provenance);
        } else {
            // the rows go straight to their places in the ensemble's files: the driver only moves them
            PlacedArrays.writeShard(shardDirectory, result, provenance, Path.of(arraysDirectory));
        }
        RunWriter.finish(shardDirectory); // a shard has no nnft/ or report of its own
        if (index == failFirstAttemptOf && task != null && task.attemptNumber() == 0) {
            INJECTED_FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure of shard " + shard + " (test hook), after writing "
                    + attempt + " and before publishing it");
        }
        publish(attempt, target);
        return members;
    }

    private static void publish(Path attempt, Path target) throws IOException {
        try {
            Files.move(attempt, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            // rename(2) onto a non-empty directory fails (ENOTEMPTY/EEXIST): a twin attempt won the
            // race with the same bytes
            if (!Files.isDirectory(target)) {
                throw e;
            }
            SparkRun.deleteRecursively(attempt);
        }
    }
}
