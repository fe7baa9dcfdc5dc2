package dev.bayesrg.run;

import dev.bayesrg.config.ExperimentConfig;
import java.util.List;

/**
 * Where the coarse-grained ensemble stops describing the data (docs/method.md, "run", step 7). Both
 * cutoffs are measured from the trained ensemble (flow entry 0): a schedule whose first cutoff
 * already spoils the fit has ε_c at that first cutoff, not somewhere later.
 *
 * @param criticalCutoff the smallest cutoff whose median test MSE exceeds {@code factor} times the
 *                       median of the trained ensemble; null if none does
 * @param kneeCutoff     the cutoff at the upper end of the largest rise of log median test MSE
 *                       between neighbouring flow entries (the trained ensemble and the first cutoff
 *                       included); null without a cutoff
 * @param interval       the bootstrap interval of {@code criticalCutoff} over members; null without a
 *                       cutoff (an empty {@code brg.cutoffs}: no flow, only the trained ensemble)
 */
public record CriticalScale(Double criticalCutoff, Double kneeCutoff, CriticalInterval interval) {

    /** The critical scale of a run: its flow's median test MSE, and the bootstrap over its members. */
    public static CriticalScale of(List<MemberResult> members, List<FlowEntry> flow, ExperimentConfig config) {
        double[] medians = flow.stream().mapToDouble(FlowEntry::testMseMedian).toArray();
        int critical = criticalEntry(medians, config.brg().criticalFactor());
        int knee = kneeEntry(medians);
        return new CriticalScale(
                critical < 0 ? null : flow.get(critical).cutoff(),
                knee < 0 ? null : flow.get(knee).cutoff(),
                config.brg().cutoffs().isEmpty()
                        ? null
                        : CriticalInterval.bootstrap(
                                members,
                                config.brg().cutoffs(),
                                config.brg().criticalFactor(),
                                config.ensemble().seed()));
    }

    /**
     * The flow entry of ε_c: the first entry k ≥ 1 whose median exceeds {@code factor} times the
     * median of entry 0, the trained ensemble; -1 if none does (or entry 0's median is NaN).
     *
     * @param medians the median test MSE of every flow entry, entry 0 first
     */
    public static int criticalEntry(double[] medians, double factor) {
        if (medians.length == 0) {
            return -1;
        }
        for (int k = 1; k < medians.length; k++) {
            if (crosses(medians[k], medians[0], factor)) {
                return k;
            }
        }
        return -1;
    }

    /** Whether a median test MSE is above {@code factor} times the trained ensemble's: the one test of ε_c. */
    static boolean crosses(double median, double trainedMedian, double factor) {
        return median > factor * trainedMedian;
    }

    /**
     * The flow entry k ≥ 1 at the upper end of the largest rise of ln median from entry k − 1 to k
     * (the first such on ties), entry 0 → 1 included: a first cutoff that multiplies the loss is
     * the knee; -1 without a cutoff or when no rise is a number.
     */
    public static int kneeEntry(double[] medians) {
        int knee = -1;
        double largest = Double.NEGATIVE_INFINITY;
        for (int k = 1; k < medians.length; k++) {
            double rise = Math.log(medians[k]) - Math.log(medians[k - 1]);
            if (rise > largest) {
                largest = rise;
                knee = k;
            }
        }
        return knee;
    }
}
