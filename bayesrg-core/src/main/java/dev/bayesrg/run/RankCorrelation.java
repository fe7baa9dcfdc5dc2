package dev.bayesrg.run;

import java.util.Arrays;

/**
 * Spearman's rank correlation: the Pearson correlation of the ranks, tied values sharing the mean of
 * the ranks they span (so that the many equal entries of a Fisher diagonal, e.g. the zeros of dead
 * relu units, count as one tie, not in an arbitrary order).
 */
public final class RankCorrelation {
    private RankCorrelation() {}

    /**
     * ρ of two equally long samples, in [−1, 1] (exactly 1 for two equal samples); NaN if either
     * holds a NaN, is constant (its ranks have no variance) or has fewer than two values.
     */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " values against " + y.length);
        }
        if (x.length < 2 || hasNaN(x) || hasNaN(y)) {
            return Double.NaN;
        }
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mean = (x.length + 1) / 2.0; // the mean rank, with or without ties
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < rx.length; i++) {
            double a = rx[i] - mean;
            double b = ry[i] - mean;
            sxy += a * b;
            sxx += a * a;
            syy += b * b;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        // √(sxx·syy) rather than √sxx·√syy: for equal samples it is sxx itself, and ρ exactly 1
        return Math.max(-1.0, Math.min(1.0, sxy / Math.sqrt(sxx * syy)));
    }

    /** Ranks 1..n in increasing order of value, ties given the mean of the ranks they span. */
    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] rank = new double[v.length];
        int start = 0;
        while (start < order.length) {
            int end = start + 1;
            // Double.compare: −0.0 and 0.0 are different values to a sort; to a rank they are one
            while (end < order.length && v[order[end]] == v[order[start]]) {
                end++;
            }
            double shared = (start + 1 + end) / 2.0; // the mean of ranks start+1..end
            for (int k = start; k < end; k++) {
                rank[order[k]] = shared;
            }
            start = end;
        }
        return rank;
    }

    private static boolean hasNaN(double[] v) {
        for (double x : v) {
            if (Double.isNaN(x)) {
                return true;
            }
        }
        return false;
    }
}
