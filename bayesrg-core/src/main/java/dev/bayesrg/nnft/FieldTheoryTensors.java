package dev.bayesrg.nnft;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * One ensemble's field theory with its errors: the {@link CouplingEstimate} of all its members,
 * standard errors of every number in it by a delete-a-group jackknife, and the
 * {@link NoiseFloor} tests.
 *
 * <p>Jackknife: the n members (in index order) fall into G = min(n, {@value #MAX_GROUPS})
 * contiguous groups, group g holding members ⌊g·n/G⌋ … ⌊(g+1)·n/G⌋ − 1; θ_(g) is the estimate
 * without group g and SE² = (G − 1)/G · Σ_g (θ_(g) − θ̄)², θ̄ the mean of the θ_(g). No random
 * numbers enter, and each group is accumulated in member order, so the errors are bit-identical for
 * any thread count.
 *
 * @param estimate        from all members
 * @param standardErrors  the jackknife standard error of each number of {@code estimate}, laid out
 *                        the same way (NaN with fewer than three members)
 * @param groups          G
 * @param floor           one test per order of {@link NoiseFloor#orders}
 */
public record FieldTheoryTensors(
        CouplingEstimate estimate, CouplingEstimate standardErrors, int groups, NoiseFloor.Test[] floor) {
    /** The most jackknife groups. */
    public static final int MAX_GROUPS = 32;

    /** The number of jackknife groups for n members. */
    public static int groups(int members) {
        return Math.min(members, MAX_GROUPS);
    }

    /**
     * Measures the configurations {@code fields} (row α = member α) up to order R, with jackknife
     * errors and {@code surrogates} noise-floor surrogates drawn from {@code rng} (0: no test).
     */
    public static FieldTheoryTensors of(
            double[][] fields, int order, int surrogates, double alpha, UniformRandomProvider rng) {
        int n = fields.length;
        int m = fields[0].length;
        int accumulated = Math.max(order, 4);
        int g = groups(n);
        List<MomentAccumulator> parts = new ArrayList<>(g);
        for (int k = 0; k < g; k++) {
            MomentAccumulator acc = new MomentAccumulator(m, accumulated);
            for (int a = start(k, n, g); a < start(k + 1, n, g); a++) {
                acc.add(fields[a]);
            }
            parts.add(acc);
        }
        CouplingEstimate estimate = CouplingEstimate.of(mergeExcept(parts, -1, m, accumulated), order);
        double[] se;
        if (n >= 3) {
            double[][] replicates = new double[g][];
            for (int k = 0; k < g; k++) {
                replicates[k] = CouplingEstimate.of(mergeExcept(parts, k, m, accumulated), order)
                        .toVector();
            }
            se = standardErrors(replicates);
        } else {
            se = new double[estimate.toVector().length];
            java.util.Arrays.fill(se, Double.NaN);
        }
        NoiseFloor.Test[] floor = new NoiseFloor.Test[0];
        if (surrogates > 0) {
            int[] orders = NoiseFloor.orders(order);
            double[] observed = new double[orders.length];
            for (int q = 0; q < orders.length; q++) {
                observed[q] = estimate.scalar(CouplingEstimate.whitened(orders[q]));
            }
            double[][] kernel = new double[m][m];
            for (int i = 0; i < m; i++) {
                System.arraycopy(estimate.kernel(), i * m, kernel[i], 0, m);
                kernel[i][i] += estimate.jitter();
            }
            floor = NoiseFloor.test(estimate.mean(), kernel, n, order, observed, surrogates, alpha, rng);
        }
        return new FieldTheoryTensors(estimate, estimate.withValues(se), g, floor);
    }

    /** The first member of group k of G over n members: ⌊k·n/G⌋. */
    public static int start(int k, int n, int groups) {
        return (int) ((long) k * n / groups);
    }

    /** The groups merged in group order, leaving out group {@code except} (−1: none). */
    private static MomentAccumulator mergeExcept(List<MomentAccumulator> parts, int except, int m, int order) {
        MomentAccumulator total = new MomentAccumulator(m, order);
        for (int k = 0; k < parts.size(); k++) {
            if (k != except) {
                total.merge(parts.get(k));
            }
        }
        return total;
    }

    /** The delete-a-group jackknife standard error of each component of the replicates θ_(g). */
    public static double[] standardErrors(double[][] replicates) {
        int g = replicates.length;
        int size = replicates[0].length;
        double[] se = new double[size];
        for (int i = 0; i < size; i++) {
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

    /** The test of order r, or null when r was not tested. */
    public NoiseFloor.Test test(int r) {
        for (NoiseFloor.Test t : floor) {
            if (t.order() == r) {
                return t;
            }
        }
        return null;
    }
}
