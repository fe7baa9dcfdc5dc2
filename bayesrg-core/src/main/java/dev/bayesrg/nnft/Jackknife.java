package dev.bayesrg.nnft;

import java.util.function.ToDoubleFunction;

/**
 * Grouped (delete-a-group) jackknife standard errors of a statistic of sampled correlators: the
 * members are split into G contiguous groups, the statistic is recomputed G times with one group
 * left out (θ_g), and SE² = (G − 1)/G Σ_g (θ_g − θ̄)². With G equal to the number of members it is
 * the delete-one jackknife (for the mean exactly s/√n). Leaving a group out costs one merge of
 * accumulated moment sums, not a pass over the members, so the price is G evaluations of the
 * statistic. Deterministic: no random stream.
 */
public final class Jackknife {
    /** The groups a report uses when the members allow it: enough for a stable SE, few enough to be cheap. */
    public static final int DEFAULT_GROUPS = 16;

    private Jackknife() {}

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
        int points = fields[0].length;
        MomentAccumulator[] parts = new MomentAccumulator[g];
        for (int k = 0; k < g; k++) {
            parts[k] = new MomentAccumulator(points, maxOrder);
            for (int b = group(k, n, g); b < group(k + 1, n, g); b++) {
                parts[k].add(fields[b]);
            }
        }
        double[] theta = new double[g];
        double sum = 0;
        for (int left = 0; left < g; left++) {
            MomentAccumulator rest = new MomentAccumulator(points, maxOrder);
            for (int k = 0; k < g; k++) {
                if (k != left) {
                    rest.merge(parts[k]);
                }
            }
            theta[left] = statistic.applyAsDouble(new Correlators(rest));
            if (!Double.isFinite(theta[left])) {
                return Double.NaN;
            }
            sum += theta[left];
        }
        double mean = sum / g;
        double ss = 0;
        for (double t : theta) {
            ss += (t - mean) * (t - mean);
        }
        return Math.sqrt((g - 1.0) / g * ss);
    }

    /** The first member of group k of g over n members (group g: n). */
    static int group(int k, int n, int g) {
        return (int) ((long) k * n / g);
    }
}
