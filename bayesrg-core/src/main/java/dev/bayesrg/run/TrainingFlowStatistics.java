package dev.bayesrg.run;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.train.TrainingCheckpoints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ensemble's Bayesian RG flow during training ({@code brg.duringTraining}): per training
 * checkpoint, medians over the members that did not diverge of the Fisher diagonal's rank
 * correlation with the trained one and of the test MSE at every flow entry, and the critical cutoff
 * ε_c(t) by the run's own rule ({@link CriticalScale#criticalEntry}) against that checkpoint's entry 0,
 * θ_t before any coarse graining. Whether relevant parameters are told apart only late in training
 * (arXiv:2405.17538, Sec. 4.2) reads off how ε_c(t) and the rank correlation move with t.
 *
 * @param members     the members the medians are over
 * @param checkpoints one row per checkpoint, epoch 0 first
 */
public record TrainingFlowStatistics(int members, List<Row> checkpoints) {

    /**
     * The medians at one training checkpoint.
     *
     * @param checkpoint       its index j
     * @param epoch            its epoch, min(jk, T)
     * @param fisherRank       the median Spearman ρ of the Fisher diagonal at θ_t against the trained one
     * @param criticalCutoff   ε_c(t): the smallest cutoff (of {@code brg.cutoffs}) whose median test MSE
     *                         exceeds {@code brg.criticalFactor} times entry 0's; null if none does
     * @param testMse          [K + 1] the median test MSE at every flow entry from θ_t, entry 0 θ_t itself
     */
    public record Row(int checkpoint, int epoch, double fisherRank, Double criticalCutoff, double[] testMse) {}

    /** The statistics of a run's members (those without a training flow count as none). */
    public static TrainingFlowStatistics of(List<MemberResult> members, ExperimentConfig config) {
        boolean[] diverged = new boolean[members.size()];
        List<TrainingFlow> flows = new ArrayList<>(members.size());
        for (int m = 0; m < diverged.length; m++) {
            diverged[m] = members.get(m).diverged();
            flows.add(members.get(m).trainingFlow());
        }
        return of(flows, diverged, config);
    }

    /**
     * The statistics of the members' flows during training (null for a member without one), leaving
     * out the members that diverged; a NaN (a flow the metric had no basis for, a rank correlation of
     * a constant diagonal) is left out of its median.
     */
    public static TrainingFlowStatistics of(List<TrainingFlow> flows, boolean[] diverged, ExperimentConfig config) {
        List<TrainingFlow> used = new ArrayList<>();
        for (int m = 0; m < diverged.length; m++) {
            if (!diverged[m] && flows.get(m) != null) {
                used.add(flows.get(m));
            }
        }
        List<Double> cutoffs = config.brg().cutoffs();
        int count =
                TrainingCheckpoints.count(config.train().epochs(), config.nnft().snapshotEvery());
        List<Row> rows = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            int checkpoint = c;
            double[] testMse = new double[cutoffs.size() + 1];
            for (int k = 0; k < testMse.length; k++) {
                int entry = k;
                testMse[k] = median(used.stream().mapToDouble(f -> f.testMse()[checkpoint][entry]));
            }
            int critical = CriticalScale.criticalEntry(testMse, config.brg().criticalFactor());
            rows.add(new Row(
                    c,
                    TrainingCheckpoints.epoch(
                            c, config.train().epochs(), config.nnft().snapshotEvery()),
                    median(used.stream().mapToDouble(f -> f.fisherRank()[checkpoint])),
                    critical < 0 ? null : cutoffs.get(critical - 1),
                    testMse));
        }
        return new TrainingFlowStatistics(used.size(), List.copyOf(rows));
    }

    /** The median of the values that are not NaN (NaN if none is). */
    private static double median(java.util.stream.DoubleStream values) {
        double[] sorted = values.filter(v -> !Double.isNaN(v)).toArray();
        Arrays.sort(sorted);
        return FlowStatistics.quantile(sorted, 0.5);
    }
}
