package dev.bayesrg.run;

import dev.bayesrg.brg.FlowEntries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns per-member measurements into the ensemble flow table. */
public final class FlowStatistics {
    private FlowStatistics() {}

    /**
     * The flow table without the predictive quality ({@link PredictiveQuality#UNDEFINED}).
     *
     * @param members        every member, in member order (diverged ones are skipped)
     * @param cutoffs        the schedule, K entries
     * @param trainableCount the number of trainable parameters per member
     */
    public static List<FlowEntry> flow(List<MemberResult> members, List<Double> cutoffs, int trainableCount) {
        return flow(members, cutoffs, trainableCount, null);
    }

    /**
     * The flow table with the predictive quality of the members' test predictions, which they hold.
     *
     * @param targets       the test targets y_i
     * @param noiseVariance σ² of the predictive ({@code fisher.noiseVariance})
     */
    public static List<FlowEntry> flow(
            List<MemberResult> members,
            List<Double> cutoffs,
            int trainableCount,
            double[] targets,
            double noiseVariance) {
        return flow(
                members,
                cutoffs,
                trainableCount,
                targets,
                noiseVariance,
                new PredictiveQuality.Accumulator(cutoffs.size() + 1, targets.length));
    }

    /**
     * As {@link #flow(List, List, int, double[], double)} with the predictive of a run of {@code config}
     * ({@link PredictiveQuality.Accumulator#of}: a classifier's is categorical).
     */
    public static List<FlowEntry> flow(
            List<MemberResult> members,
            List<Double> cutoffs,
            int trainableCount,
            double[] targets,
            double noiseVariance,
            dev.bayesrg.config.ExperimentConfig config) {
        return flow(
                members,
                cutoffs,
                trainableCount,
                targets,
                noiseVariance,
                PredictiveQuality.Accumulator.of(config, cutoffs.size() + 1, targets.length));
    }

    private static List<FlowEntry> flow(
            List<MemberResult> members,
            List<Double> cutoffs,
            int trainableCount,
            double[] targets,
            double noiseVariance,
            PredictiveQuality.Accumulator acc) {
        for (MemberResult m : members) {
            if (!m.diverged()) {
                acc.add(m.predictions());
            }
        }
        return flow(members, cutoffs, trainableCount, acc.result(targets, noiseVariance));
    }

    /**
     * The flow table: one entry for the trained ensemble, then one per cutoff.
     *
     * @param members        every member, in member order (diverged ones are skipped)
     * @param cutoffs        the schedule, K entries
     * @param trainableCount the number of trainable parameters per member
     * @param predictive     the predictive quality per flow entry (null: undefined)
     */
    public static List<FlowEntry> flow(
            List<MemberResult> members, List<Double> cutoffs, int trainableCount, List<PredictiveQuality> predictive) {
        List<MemberResult> used = members.stream().filter(m -> !m.diverged()).toList();
        int b = used.size();
        FlowEntries entries = new FlowEntries(cutoffs);
        List<FlowEntry> flow = new ArrayList<>(entries.size());
        for (int k = 0; k < entries.size(); k++) {
            double[] mse = new double[b];
            double[] probe = new double[b];
            double[] train = new double[b];
            double sloppy = 0;
            for (int m = 0; m < b; m++) {
                MemberResult r = used.get(m);
                mse[m] = r.testMse()[k];
                probe[m] = r.probe()[k];
                train[m] = r.trainMse()[k];
                sloppy += r.coarseGrained()[k];
            }
            Arrays.sort(mse);
            double trainMean = mean(train);
            Arrays.sort(train); // NaN (not measured) sorts last: a median of NaN only where some are NaN
            double mean = mean(probe);
            double m2 = centralMoment(probe, mean, 2);
            double m4 = centralMoment(probe, mean, 4);
            flow.add(new FlowEntry(
                    entries.cutoff(k),
                    b == 0 ? Double.NaN : sloppy / ((double) b * trainableCount),
                    mean(mse),
                    quantile(mse, 0.5),
                    quantile(mse, 0.25),
                    quantile(mse, 0.75),
                    mean,
                    b < 2 ? Double.NaN : m2 * b / (b - 1),
                    m4 / (m2 * m2) - 3.0,
                    b,
                    trainMean,
                    Double.isNaN(trainMean) ? Double.NaN : quantile(train, 0.5),
                    predictive == null ? PredictiveQuality.UNDEFINED : predictive.get(k)));
        }
        return flow;
    }

    /** The sample mean (NaN for no data). */
    public static double mean(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /**
     * The standard error of the sample mean, s/√n with s² the unbiased sample variance (NaN for
     * fewer than two values): the ± of {@link FlowEntry#probeMean}.
     */
    public static double meanStandardError(double[] x) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double m2 = centralMoment(x, mean(x), 2);
        return Math.sqrt(m2 * n / (n - 1.0) / n);
    }

    /**
     * The standard error of the unbiased sample variance s² ({@link FlowEntry#probeVariance}): the
     * square root of its exact sampling variance {@link #unbiasedVarianceSamplingVariance} with the
     * plug-in fourth central moment m4 (normalised by n) and s² in place of μ4 and σ². The same
     * estimate as the measured variance's error of {@link dev.bayesrg.nngp.Corroboration} (NaN for
     * fewer than two values).
     */
    public static double varianceStandardError(double[] x) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mean = mean(x);
        double s2 = centralMoment(x, mean, 2) * n / (n - 1.0);
        double v = unbiasedVarianceSamplingVariance(centralMoment(x, mean, 4), s2, n);
        return Math.sqrt(Math.max(v, 0.0));
    }

    /**
     * Var(s²) of the unbiased sample variance of n i.i.d. values with central moments σ² and μ4:
     * μ4/n − (n − 3) σ⁴/(n(n − 1)) (for a Gaussian 2σ⁴/(n − 1)).
     */
    public static double unbiasedVarianceSamplingVariance(double mu4, double variance, int n) {
        return mu4 / n - (n - 3.0) * variance * variance / ((double) n * (n - 1));
    }

    static double centralMoment(double[] x, double mean, int order) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : x) {
            double d = v - mean;
            double p = d;
            for (int i = 1; i < order; i++) {
                p *= d;
            }
            s += p;
        }
        return s / x.length;
    }

    /** The q-quantile of sorted data, interpolating linearly between order statistics (NumPy's default). */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
