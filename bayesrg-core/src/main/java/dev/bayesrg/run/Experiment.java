package dev.bayesrg.run;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataFactory;
import dev.bayesrg.data.DataSets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

/** The main job: data, then the ensemble through training, Fisher metric and RG flow, then statistics. */
public final class Experiment {
    private Experiment() {
    }

    /**
     * Draws (or reads) the shared data. Bad data input fails here, before any output exists.
     *
     * @param baseDirectory where a relative CSV path is resolved
     */
    public static DataSets prepareData(ExperimentConfig config, Path baseDirectory) {
        return DataFactory.build(config.data(), RandomStreams.data(config.data().seed()), baseDirectory);
    }

    public static RunResult run(ExperimentConfig config, DataSets data, int threads, IntConsumer onMemberDone)
            throws InterruptedException {
        return run(config, data, threads, Shard.ALL, onMemberDone);
    }

    /** Runs the members of one shard; statistics are over those members. */
    public static RunResult run(ExperimentConfig config, DataSets data, int threads, Shard shard,
                                IntConsumer onMemberDone) throws InterruptedException {
        long start = System.nanoTime();
        EnsembleRunner runner = new EnsembleRunner(config, data, threads);
        List<MemberResult> members = runner.run(shard.members(config.ensemble().members()), onMemberDone);
        int trainable = new MemberPipeline(config, data).trainableCount();
        List<FlowEntry> flow = FlowStatistics.flow(members, config.brg().cutoffs(), trainable);
        CriticalScale critical = CriticalScale.of(flow, config.brg().criticalFactor());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RunResult(config, data, members, flow, critical, trainable, seconds, shard);
    }
}
