package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.io.RunDirectory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The same run made another way, for tests that hold a run's files to the single run's: resumed
 * from a checkpoint of some of its members, and merged from shards; and a member altered in one
 * field, for tests of what a checkpoint may hold.
 */
final class RunVariants {
    private RunVariants() {}

    /**
     * The run of {@code config} started in {@code dir}, stopped before any member, given a checkpoint
     * of {@code recorded} and resumed on two threads.
     */
    static ExperimentRun.Finished resumed(ExperimentConfig config, List<MemberResult> recorded, Path dir)
            throws Exception {
        assertThrows(
                IllegalStateException.class,
                () -> ExperimentRun.of(config)
                        .onRunDirectory(run -> {
                            throw new IllegalStateException("stopped");
                        })
                        .writeTo(dir));
        try (Checkpoint checkpoint = Checkpoint.append(
                dir.resolve(Checkpoint.FILE), 0, ResumeState.read(dir).identity())) {
            for (MemberResult m : recorded) {
                checkpoint.record(m);
            }
        }
        return ExperimentRun.resume(dir, ExperimentRun.of(config).threads(2));
    }

    /** The run of {@code config} as {@code count} shards under {@code tmp}, merged into {@code tmp/merged}. */
    static ShardMerge.Merged merged(ExperimentConfig config, int count, Path tmp) throws Exception {
        DataSets data = Experiment.prepareData(config, Path.of("."));
        List<Path> shards = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            Path dir = tmp.resolve("shard" + s);
            RunWriter.write(
                    RunDirectory.create(dir),
                    Experiment.run(config, data, 2, new Shard(s, count), done -> {}),
                    new RunWriter.Provenance(List.of("test"), "paper", 2, Instant.EPOCH, Instant.EPOCH));
            shards.add(dir);
        }
        ShardMerge.Merged merged = ShardMerge.merge(shards);
        RunWriter.write(
                RunDirectory.create(tmp.resolve("merged")),
                merged.run(),
                new RunWriter.Provenance(List.of("merge"), "paper", 1, Instant.EPOCH, Instant.EPOCH),
                merged.files());
        return merged;
    }

    /** {@code m} as member {@code member} with the flow during training {@code trainingFlow}, all else kept. */
    static MemberResult copy(MemberResult m, int member, TrainingFlow trainingFlow) {
        return new MemberResult(
                member,
                m.diverged(),
                m.predictions(),
                m.testMse(),
                m.probe(),
                m.coarseGrained(),
                m.fisherDiagonal(),
                m.coarseGrainedAt(),
                m.lossCurve(),
                m.finalTrainLoss(),
                m.trainedReadout(),
                m.mesh(),
                m.cutoffs(),
                m.geometry(),
                trainingFlow,
                m.trainMse());
    }
}
