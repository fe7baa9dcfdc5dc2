package dev.bayesrg.run;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.ingest.ImportedEnsemble;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs the members of an ensemble on a fixed pool of threads. Each thread keeps its own
 * {@link MemberPipeline}; results are gathered by member index, so the outcome is the same for
 * any thread count.
 */
final class EnsembleRunner {
    private final ExperimentConfig config;
    private final DataSets data;
    private final int threads;
    private final EnsembleMetric ensembleMetric;
    private final ImportedEnsemble imported;

    public EnsembleRunner(ExperimentConfig config, DataSets data, int threads) {
        this(config, data, threads, null);
    }

    /** Members whose flows rank by {@code ensembleMetric} (null: each by its own metric). */
    public EnsembleRunner(ExperimentConfig config, DataSets data, int threads, EnsembleMetric ensembleMetric) {
        this(config, data, threads, ensembleMetric, null);
    }

    /** Members read from {@code imported} instead of trained (null: trained here). */
    EnsembleRunner(
            ExperimentConfig config,
            DataSets data,
            int threads,
            EnsembleMetric ensembleMetric,
            ImportedEnsemble imported) {
        this.imported = imported;
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.config = config;
        this.data = data;
        this.threads = threads;
        this.ensembleMetric = ensembleMetric;
    }

    /**
     * Runs the given members.
     *
     * @param onMemberDone called with the number of finished members after each one finishes
     */
    public List<MemberResult> run(int[] members, IntConsumer onMemberDone) throws InterruptedException {
        return run(members, m -> {}, onMemberDone);
    }

    /**
     * Runs the given members, handing each finished one to {@code onFinished} (from the worker
     * thread that computed it, e.g. to checkpoint it) before counting it done.
     */
    public List<MemberResult> run(
            int[] members, java.util.function.Consumer<MemberResult> onFinished, IntConsumer onMemberDone)
            throws InterruptedException {
        MemberResult[] results = new MemberResult[members.length];
        AtomicInteger done = new AtomicInteger();
        ThreadLocal<MemberPipeline> pipelines =
                ThreadLocal.withInitial(() -> new MemberPipeline(config, data, ensembleMetric, imported));
        WorkerPool pool = new WorkerPool("bayesrg-member", threads);
        boolean finished = false;
        try {
            List<Future<?>> futures = new ArrayList<>(members.length);
            for (int i = 0; i < members.length; i++) {
                final int slot = i;
                futures.add(pool.submit(() -> {
                    MemberResult result = pipelines.get().run(members[slot]);
                    results[slot] = result;
                    onFinished.accept(result);
                    onMemberDone.accept(done.incrementAndGet());
                }));
            }
            for (Future<?> f : futures) {
                WorkerPool.result(f);
            }
            finished = true;
        } finally {
            if (!finished) {
                // the members of a failed call are of no use to its caller (a run has checkpointed
                // them): let them go, so that a heap that ran out has room for the shutdown
                java.util.Arrays.fill(results, null);
            }
            pool.close(); // no thread of ours outlives the call, also behind a failure
        }
        return List.of(results);
    }

    /** Members 0..count-1. */
    public static int[] allMembers(int count) {
        int[] m = new int[count];
        for (int i = 0; i < count; i++) {
            m[i] = i;
        }
        return m;
    }
}
