package dev.bayesrg.nnft;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * One ensemble's field theory with its errors: the {@link CouplingEstimate} of all its members,
 * standard errors of every number in it by a delete-a-group jackknife, and the
 * {@link NoiseFloor} tests.
 *
 * <p>Jackknife: the n members (in index order) fall into G = min(n, {@value #MAX_GROUPS})
 * contiguous groups, group g holding members ⌊g·n/G⌋ … ⌊(g+1)·n/G⌋ − 1 (or, with {@link #ofGroups},
 * the groups accumulated already); θ_(g) is the estimate
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
        int m = fields[0].length;
        int accumulated = Math.max(order, 4);
        MomentAccumulator[] parts =
                Jackknife.groupMoments(fields, null, new double[m], accumulated, groups(fields.length));
        return ofGroups(parts, order, surrogates, alpha, rng);
    }

    /**
     * As {@link #of} from moments already accumulated in groups of consecutive members ({@code parts},
     * in member order, each of order ≥ R and with the same shift; e.g. the blocks of
     * {@link BlockedMoments}): the jackknife leaves out one part at a time, so G is the number of parts,
     * and the surrogate ensembles have as many configurations as the parts hold together. Errors are
     * NaN with fewer than two parts or three members.
     */
    public static FieldTheoryTensors ofGroups(
            MomentAccumulator[] parts, int order, int surrogates, double alpha, UniformRandomProvider rng) {
        int g = parts.length;
        long members = 0;
        for (MomentAccumulator part : parts) {
            members += part.count();
        }
        CouplingEstimate estimate = CouplingEstimate.of(Jackknife.leaveOut(parts, -1), order);
        int m = estimate.points();
        double[] se;
        if (members >= 3 && g >= 2) {
            double[][] replicates = new double[g][];
            for (int k = 0; k < g; k++) {
                replicates[k] =
                        CouplingEstimate.of(Jackknife.leaveOut(parts, k), order).toVector();
            }
            se = Jackknife.standardErrors(replicates);
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
            floor = NoiseFloor.test(
                    estimate.mean(), kernel, Math.toIntExact(members), order, observed, surrogates, alpha, rng);
        }
        return new FieldTheoryTensors(estimate, estimate.withValues(se), g, floor);
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
