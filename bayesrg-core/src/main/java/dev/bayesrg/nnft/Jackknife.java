package dev.bayesrg.nnft;

import java.util.function.ToDoubleFunction;

/**
 * The delete-a-group jackknife that every standard error of this package uses: the n members, in
 * index order, fall into G contiguous groups (group g: members ⌊g·n/G⌋ … ⌊(g+1)·n/G⌋ − 1); a
 * statistic θ is recomputed G times with one group left out, θ_(g), and
 * SE² = (G − 1)/G · Σ_g (θ_(g) − θ̄)², θ̄ the mean of the θ_(g). With G = n it is the delete-one
 * jackknife (for the mean exactly s/√n). Each group's moments are accumulated once, in member
 * order, and a leave-out is a merge of the other groups' sums in group order, so the price is G
 * evaluations of the statistic, not G passes over the members; no random numbers enter, and the
 * errors are bit-identical for any thread count.
 */
public final class Jackknife {
    private Jackknife() {}

    /** The first member of group k of G over n members: ⌊k·n/G⌋ (k = G gives n). */
    public static int groupStart(int k, int n, int groups) {
        return (int) ((long) k * n / groups);
    }

    /**
     * The moments of each group, accumulated in member order about {@code shift}.
     *
     * @param fields   the configurations, row α = member α
     * @param weights  each member's weight, or null for unit weights
     * @param shift    the reference the moments are taken about (see {@link MomentAccumulator})
     * @param maxOrder the highest order accumulated
     * @param groups   G, 1..n
     */
    public static MomentAccumulator[] groupMoments(
            double[][] fields, double[] weights, double[] shift, int maxOrder, int groups) {
        int n = fields.length;
        if (groups < 1 || groups > n) {
            throw new IllegalArgumentException("groups must be in [1, " + n + "], got " + groups);
        }
        MomentAccumulator[] parts = new MomentAccumulator[groups];
        for (int g = 0; g < groups; g++) {
            parts[g] = new MomentAccumulator(shift, maxOrder);
            for (int a = groupStart(g, n, groups); a < groupStart(g + 1, n, groups); a++) {
                parts[g].add(fields[a], weights == null ? 1.0 : weights[a]);
            }
        }
        return parts;
    }

    /** Every group but {@code except} (−1: all of them), merged in group order. */
    public static MomentAccumulator leaveOut(MomentAccumulator[] parts, int except) {
        MomentAccumulator rest = new MomentAccumulator(parts[0].shift(), parts[0].maxOrder());
        for (int g = 0; g < parts.length; g++) {
            if (g != except) {
                rest.merge(parts[g]);
            }
        }
        return rest;
    }

    /** The jackknife standard error of each component of the leave-one-group-out values θ_(g). */
    public static double[] standardErrors(double[][] replicates) {
        int g = replicates.length;
        double[] se = new double[replicates[0].length];
        for (int i = 0; i < se.length; i++) {
            double mean = 0;
            for (double[] r : replicates) {
                mean += r[i];
            }
            mean /= g;
            double ss = 0;
            for (double[] r : replicates) {
                ss += (r[i] - mean) * (r[i] - mean);
            }
            se[i] = Math.sqrt((g - 1.0) / g * ss);
        }
        return se;
    }

    /**
     * The jackknife standard error of {@code statistic} of the configurations {@code fields}
     * ([members][mesh points]), with min(groups, members) groups; NaN with fewer than three members
     * or when a leave-one-group-out value is not finite.
     *
     * @param maxOrder  the highest order of correlators the statistic reads
     * @param groups    G ≥ 2, the number of groups
     * @param statistic a function of the correlators of the members left in
     */
    public static double standardError(
            double[][] fields, int maxOrder, int groups, ToDoubleFunction<Correlators> statistic) {
        if (groups < 2) {
            throw new IllegalArgumentException("a jackknife needs at least 2 groups, got " + groups);
        }
        int n = fields.length;
        if (n < 3) {
            return Double.NaN;
        }
        int g = Math.min(groups, n);
        MomentAccumulator[] parts = groupMoments(fields, null, new double[fields[0].length], maxOrder, g);
        double[][] theta = new double[g][1];
        for (int left = 0; left < g; left++) {
            theta[left][0] = statistic.applyAsDouble(new Correlators(leaveOut(parts, left)));
            if (!Double.isFinite(theta[left][0])) {
                return Double.NaN;
            }
        }
        return standardErrors(theta)[0];
    }
}
