package dev.bayesrg.nnft;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Bootstrap standard errors of sampled connected correlators: the members are resampled with
 * replacement, the correlators recomputed, and the spread over resamples reported. The random
 * stream is the caller's, so results are reproducible.
 */
public final class Bootstrap {
    private Bootstrap() {}

    /**
     * Standard errors of G_c^(order) at every multiset of mesh points (in rank order of
     * {@link Multisets}), from {@code resamples} bootstrap resamples of the configurations.
     */
    public static double[] standardErrors(double[][] fields, int order, int resamples, UniformRandomProvider rng) {
        int n = fields.length;
        int m = fields[0].length;
        Multisets sets = new Multisets(m, order);
        int count = sets.count();
        double[] sum = new double[count];
        double[] sumSquares = new double[count];
        int[] s = new int[order];
        for (int b = 0; b < resamples; b++) {
            MomentAccumulator acc = new MomentAccumulator(m, order);
            for (int k = 0; k < n; k++) {
                acc.add(fields[rng.nextInt(n)]);
            }
            Correlators c = new Correlators(acc);
            java.util.Arrays.fill(s, 0);
            int rank = 0;
            do {
                double v = c.connected(s);
                sum[rank] += v;
                sumSquares[rank] += v * v;
                rank++;
            } while (sets.next(s));
        }
        double[] se = new double[count];
        for (int k = 0; k < count; k++) {
            double mean = sum[k] / resamples;
            se[k] = Math.sqrt(Math.max(0, (sumSquares[k] / resamples - mean * mean) * resamples / (resamples - 1.0)));
        }
        return se;
    }
}
