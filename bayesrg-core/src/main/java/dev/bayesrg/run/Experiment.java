package dev.bayesrg.run;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataFactory;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.data.MeshInputs;
import dev.bayesrg.ingest.ImportedEnsemble;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/** The main job: data, then the ensemble through training, Fisher metric and RG flow, then statistics. */
public final class Experiment {
    private Experiment() {}

    /**
     * Draws (or reads) the shared data and builds the nnft mesh. Bad data input fails here, before
     * any output exists.
     *
     * @param baseDirectory where a relative CSV path is resolved
     */
    public static DataSets prepareData(ExperimentConfig config, Path baseDirectory) {
        if (config.ensemble().imported()) {
            // its kind says where the data are: the ensemble's sets, or an outputs ensemble's mesh
            ImportedEnsemble.manifest(config, baseDirectory);
        }
        DataSets data = config.ensemble().outputsOnly()
                ? DataFactory.meshOnly(config.data(), baseDirectory)
                : DataFactory.build(
                        config.data(), RandomStreams.data(config.data().seed()), baseDirectory);
        if (config.train().loss() == dev.bayesrg.config.TrainConfig.Loss.CROSS_ENTROPY
                && !config.ensemble().outputsOnly()) {
            requireLabels(config, data);
        }
        EnsembleMetric.checkSize(config, data);
        return data.withMesh(MeshInputs.build(config.nnft(), data.test(), data.inputDimension(), baseDirectory));
    }

    /**
     * Cross-entropy on a file's targets: each must be a label 0..K−1, K = {@code data.classes} (one line
     * naming the fields, else).
     */
    private static void requireLabels(ExperimentConfig config, DataSets data) {
        int classes = config.data().classes();
        String bad = dev.bayesrg.data.ClassificationTasks.firstNonLabel(data.train(), "training", classes);
        bad = bad != null ? bad : dev.bayesrg.data.ClassificationTasks.firstNonLabel(data.test(), "test", classes);
        if (bad != null) {
            String field =
                    config.data().source() == dev.bayesrg.config.DataConfig.Source.NPY ? "data.directory" : "data.csv";
            throw new dev.bayesrg.config.ConfigException(
                    field,
                    classes == 2
                            ? "has real-valued targets (" + bad + "), allowed only labels 0 or 1 with train.loss"
                                    + " cross-entropy"
                            : "has a target that is not a label (" + bad + "), allowed only labels 0.." + (classes - 1)
                                    + " with train.loss cross-entropy and data.classes " + classes);
        }
    }

    public static RunResult run(ExperimentConfig config, DataSets data, int threads, IntConsumer onMemberDone)
            throws InterruptedException {
        return run(config, data, threads, Shard.ALL, onMemberDone);
    }

    /** Runs the members of one shard; statistics are over those members. */
    public static RunResult run(
            ExperimentConfig config, DataSets data, int threads, Shard shard, IntConsumer onMemberDone)
            throws InterruptedException {
        return run(config, data, threads, shard, List.of(), m -> {}, onMemberDone);
    }

    /**
     * Runs the members of one shard that are not among {@code finished} (members computed before,
     * e.g. read back from a checkpoint), handing each new one to {@code onFinished}.
     */
    public static RunResult run(
            ExperimentConfig config,
            DataSets data,
            int threads,
            Shard shard,
            List<MemberResult> finished,
            Consumer<MemberResult> onFinished,
            IntConsumer onMemberDone)
            throws InterruptedException {
        return run(config, data, threads, shard, finished, onFinished, onMemberDone, MetricProgress.NONE);
    }

    /**
     * Tells how the ensemble's shared Fisher metric ({@code fisher.at} ensemble-mean or
     * ensemble-average) is coming on: the members it trains before any member flows.
     */
    public interface MetricProgress {
        /** Nobody listens. */
        MetricProgress NONE = new MetricProgress() {
            @Override
            public void start(int members) {}

            @Override
            public void trained(int members) {}
        };

        /** Before the first member is trained for the metric, with how many will be. */
        void start(int members);

        /** After each round, with how many members are trained for the metric so far. */
        void trained(int members);
    }

    /**
     * As {@link #run(ExperimentConfig, DataSets, int, Shard, List, Consumer, IntConsumer)}, telling
     * {@code metricProgress} how the ensemble's shared metric is coming on (when there is one and some
     * member still has to flow).
     */
    public static RunResult run(
            ExperimentConfig config,
            DataSets data,
            int threads,
            Shard shard,
            List<MemberResult> finished,
            Consumer<MemberResult> onFinished,
            IntConsumer onMemberDone,
            MetricProgress metricProgress)
            throws InterruptedException {
        return run(config, data, threads, shard, finished, onFinished, onMemberDone, metricProgress, null);
    }

    /**
     * Opens the ensemble trained elsewhere that {@code config} imports ({@code ensemble.importFrom},
     * relative to {@code baseDirectory}) and checks it against the configuration and {@code data};
     * null when the members are trained here. Bad input fails here, before any output exists.
     */
    public static ImportedEnsemble prepareMembers(ExperimentConfig config, DataSets data, Path baseDirectory) {
        return config.ensemble().imported() ? ImportedEnsemble.open(config, data, baseDirectory) : null;
    }

    /**
     * As {@link #run(ExperimentConfig, DataSets, int, Shard, List, Consumer, IntConsumer, MetricProgress)},
     * the members read from {@code imported} ({@link #prepareMembers}) instead of trained when it is
     * not null.
     */
    public static RunResult run(
            ExperimentConfig config,
            DataSets data,
            int threads,
            Shard shard,
            List<MemberResult> finished,
            Consumer<MemberResult> onFinished,
            IntConsumer onMemberDone,
            MetricProgress metricProgress,
            ImportedEnsemble imported)
            throws InterruptedException {
        if (config.ensemble().imported() != (imported != null)) {
            throw new IllegalArgumentException(
                    config.ensemble().imported()
                            ? "ensemble.importFrom is set: give the ensemble of Experiment.prepareMembers"
                            : "an imported ensemble, but ensemble.importFrom is null");
        }
        long start = System.nanoTime();
        int[] all = shard.members(config.ensemble().members());
        Map<Integer, MemberResult> byMember = new TreeMap<>();
        Set<Integer> wanted = new HashSet<>();
        for (int m : all) {
            wanted.add(m);
        }
        for (MemberResult m : finished) {
            if (wanted.contains(m.member())) {
                byMember.put(m.member(), m);
            }
        }
        int[] todo = java.util.Arrays.stream(all)
                .filter(m -> !byMember.containsKey(m))
                .toArray();
        EnsembleMetric metric = null;
        if (config.fisher().at().shared() && todo.length > 0) {
            metricProgress.start(config.ensemble().members());
            metric = EnsembleMetric.of(config, data, threads, metricProgress::trained);
        }
        EnsembleRunner runner = new EnsembleRunner(config, data, threads, metric, imported);
        int already = byMember.size();
        for (MemberResult m : runner.run(todo, onFinished, done -> onMemberDone.accept(already + done))) {
            byMember.put(m.member(), m);
        }
        List<MemberResult> members = new ArrayList<>(byMember.values());
        int trainable = new MemberPipeline(config, data).flowedCount();
        List<FlowEntry> flow = FlowStatistics.flow(
                members,
                config.brg().cutoffs(),
                trainable,
                data.test().targets(),
                config.fisher().noiseVariance(),
                config);
        CriticalScale critical = CriticalScale.of(members, flow, config);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RunResult(config, data, members, flow, critical, trainable, seconds, shard);
    }
}
