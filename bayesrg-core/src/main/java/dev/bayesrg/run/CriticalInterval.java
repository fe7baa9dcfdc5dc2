package dev.bayesrg.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A bootstrap confidence interval of the critical cutoff ε_c over the ensemble's members
 * (docs/method.md, "run", step 7). The members that did not diverge (as in the flow's statistics)
 * are resampled with replacement, as many as there are, {@value #RESAMPLES} times; each resample's
 * median test MSE at every flow entry gives its own ε_c by {@link CriticalScale#criticalEntry}. A
 * resample whose median never crosses counts as lying beyond the last cutoff. The bounds are the
 * 2.5 % and 97.5 % percentiles of the resamples' ε_c on the schedule's discrete cutoffs: the
 * ⌈0.025 B⌉-th and ⌈0.975 B⌉-th smallest of the B values (the inverted empirical distribution
 * function, so a bound is always one of the cutoffs, or null when it lies beyond the last one).
 *
 * <p>The draws come from one stream of the ensemble seed ({@link RandomStreams.Purpose#CRITICAL_BOOTSTRAP}),
 * resample after resample, each drawing {@code n} member positions with {@code nextInt(n)}: the
 * interval depends on the members' test MSE in member order alone, so a run on any number of
 * threads and the merge of its shards give the same one.
 *
 * @param lower           the 2.5 % percentile of ε_c, or null when more than 97.5 % of the resamples
 *                        never cross (it lies beyond the last cutoff)
 * @param upper           the 97.5 % percentile of ε_c, or null when more than 2.5 % of the resamples
 *                        never cross
 * @param resamples       B, the number of resamples
 * @param withoutCrossing how many resamples never cross
 */
public record CriticalInterval(Double lower, Double upper, int resamples, int withoutCrossing) {
    /** B: enough for the 2.5 % and 97.5 % percentiles to rest on 25 resamples each. */
    public static final int RESAMPLES = 1000;

    /** The interval's coverage. */
    public static final double LEVEL = 0.95;

    /** The bootstrap interval of a run's ε_c, from its members' test MSE (diverged ones left out). */
    public static CriticalInterval bootstrap(
            List<MemberResult> members, List<Double> cutoffs, double factor, long seed) {
        double[][] mse = members.stream()
                .filter(m -> !m.diverged())
                .map(MemberResult::testMse)
                .toArray(double[][]::new);
        int[] entries = resampledCriticalEntries(
                mse,
                cutoffs.size() + 1,
                factor,
                RandomStreams.ensemble(seed, RandomStreams.Purpose.CRITICAL_BOOTSTRAP),
                RESAMPLES);
        return of(entries, cutoffs);
    }

    /**
     * The flow entry of each resample's ε_c, K + 1 for a resample that never crosses.
     *
     * @param mse     [member][entry] test MSE of the members resampled, entries 0..K
     * @param entries K + 1
     */
    static int[] resampledCriticalEntries(
            double[][] mse, int entries, double factor, UniformRandomProvider rng, int resamples) {
        int n = mse.length;
        int[] result = new int[resamples];
        int[] counts = new int[n];
        List<int[]> orders = new ArrayList<>();
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[rng.nextInt(n)]++;
            }
            result[b] = entries;
            if (n > 0) {
                // entry by entry, only as far as the first crossing
                double trained = median(mse, order(mse, 0, orders), counts, 0);
                for (int k = 1; k < entries; k++) {
                    if (CriticalScale.crosses(median(mse, order(mse, k, orders), counts, k), trained, factor)) {
                        result[b] = k;
                        break;
                    }
                }
            }
        }
        return result;
    }

    /** The members sorted by their test MSE at {@code entry} (as Arrays.sort orders doubles), computed once. */
    private static int[] order(double[][] mse, int entry, List<int[]> orders) {
        while (orders.size() <= entry) {
            orders.add(null);
        }
        if (orders.get(entry) == null) {
            orders.set(
                    entry,
                    IntStream.range(0, mse.length)
                            .boxed()
                            .sorted(Comparator.comparingDouble(m -> mse[m][entry]))
                            .mapToInt(Integer::intValue)
                            .toArray());
        }
        return orders.get(entry);
    }

    /**
     * The median at {@code entry} of the resample that holds member i {@code counts[i]} times: the
     * values at the two middle ranks found by walking the members in order, then interpolated
     * exactly as {@link FlowStatistics#quantile} interpolates the sorted resample.
     */
    private static double median(double[][] mse, int[] order, int[] counts, int entry) {
        int n = order.length;
        double h = (n - 1) * 0.5;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        double atLo = Double.NaN;
        double atHi = Double.NaN;
        boolean foundLo = false;
        int seen = 0; // ranks 0..seen-1 of the sorted resample are behind us
        for (int m : order) {
            seen += counts[m];
            if (!foundLo && lo < seen) {
                atLo = mse[m][entry];
                foundLo = true;
            }
            if (hi < seen) {
                atHi = mse[m][entry];
                break;
            }
        }
        return atLo + (h - lo) * (atHi - atLo);
    }

    /**
     * The interval of the resamples' critical entries (K + 1: none).
     *
     * @param cutoffs ε_1..ε_K
     */
    static CriticalInterval of(int[] entries, List<Double> cutoffs) {
        int b = entries.length;
        int[] sorted = entries.clone();
        Arrays.sort(sorted);
        int without =
                (int) Arrays.stream(entries).filter(e -> e > cutoffs.size()).count();
        // ⌈0.025 B⌉ and ⌈0.975 B⌉ in integers, 1-based
        int lowerRank = Math.max(1, (b * 25 + 999) / 1000);
        int upperRank = Math.max(1, (b * 975 + 999) / 1000);
        return new CriticalInterval(
                b == 0 ? null : cutoffAt(sorted[lowerRank - 1], cutoffs),
                b == 0 ? null : cutoffAt(sorted[upperRank - 1], cutoffs),
                b,
                without);
    }

    private static Double cutoffAt(int entry, List<Double> cutoffs) {
        return entry > cutoffs.size() ? null : cutoffs.get(entry - 1);
    }
}
