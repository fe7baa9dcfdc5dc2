package dev.bayesrg.brg;

import dev.bayesrg.config.BrgConfig;
import dev.bayesrg.config.BrgConfig.CutoffScale;
import java.util.Arrays;
import java.util.List;

/**
 * The cutoff schedule c_1 &lt; … &lt; c_K of {@code brg.cutoffs} on its {@code brg.cutoffScale}, and
 * the one place where it becomes a member's absolute cutoffs ε_1 ≤ … ≤ ε_K on its stiffness values
 * (the values a flow compares with ε: the Fisher diagonal over the flowed parameters, or the
 * eigenvalues of the Fisher metric, zeros included, for a flow in its eigenbasis). A parameter is
 * coarse grained at the first k with stiffness &lt; ε_k.
 *
 * <ul>
 *   <li>{@code absolute}: ε_k = c_k for every member;
 *   <li>{@code mean-eigenvalue}: ε_k = c_k × (Σ_i s_i / P), the member's mean stiffness, which is
 *       trace F / P, the mean eigenvalue of its Fisher metric over the P flowed parameters;
 *   <li>{@code quantile}: with j = ⌈c_k P⌉ and s_(j) the j-th smallest stiffness, ε_k is the
 *       smallest double above s_(j), so that s_i &lt; ε_k exactly when s_i ≤ s_(j): the j softest
 *       parameters (and any that tie with the j-th) are coarse grained by cutoff k, c_k = 1 all.
 * </ul>
 *
 * A non-finite stiffness value (a diverged member's) may make a relative cutoff NaN, which coarse
 * grains nothing, or infinite; such members are left out of every statistic anyway.
 *
 * @param cutoffs the numbers c_k as configured, ascending
 * @param scale   what they are measured in
 */
public record CutoffSchedule(List<Double> cutoffs, CutoffScale scale) {
    /** Keeps an unmodifiable copy of the schedule. */
    public CutoffSchedule {
        cutoffs = List.copyOf(cutoffs);
    }

    /** The schedule of a configuration. */
    public static CutoffSchedule of(BrgConfig brg) {
        return new CutoffSchedule(brg.cutoffs(), brg.cutoffScale());
    }

    /**
     * The member's absolute cutoffs ε_1..ε_K.
     *
     * @param stiffness the member's stiffness values over its P flowed parameters (not changed)
     */
    public double[] resolve(double[] stiffness) {
        double[] c = cutoffs.stream().mapToDouble(Double::doubleValue).toArray();
        switch (scale) {
            case ABSOLUTE -> {
                return c;
            }
            case MEAN_EIGENVALUE -> {
                double mean = Arrays.stream(stiffness).average().orElse(Double.NaN); // trace F / P
                for (int k = 0; k < c.length; k++) {
                    c[k] *= mean;
                }
                return c;
            }
            case QUANTILE -> {
                double[] sorted = stiffness.clone();
                Arrays.sort(sorted);
                for (int k = 0; k < c.length; k++) {
                    c[k] = sorted.length == 0 ? Double.NaN : Math.nextUp(sorted[rank(c[k], sorted.length) - 1]);
                }
                return c;
            }
        }
        throw new AssertionError(scale);
    }

    /**
     * j = ⌈c P⌉, at least 1 and at most P: how many of P parameters the quantile c coarse grains.
     * Computed in decimal, as c is written: in binary 0.3 × 10 is 3.0000000000000004, whose ceiling
     * would be 4.
     */
    static int rank(double c, int count) {
        long j = java.math.BigDecimal.valueOf(c)
                .multiply(java.math.BigDecimal.valueOf(count))
                .setScale(0, java.math.RoundingMode.CEILING)
                .longValueExact();
        return (int) Math.max(1, Math.min(count, j));
    }
}
