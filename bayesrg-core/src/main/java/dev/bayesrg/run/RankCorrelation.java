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
        return against(y).applyAsDouble(x);
    }

    /**
     * ρ(x, y) of any sample x against this one y, whose ranks are found once: for many samples
     * compared with one (each training checkpoint's Fisher diagonal with the trained one).
     */
    public static java.util.function.ToDoubleFunction<double[]> against(double[] y) {
        double[] ry = y.length < 2 || hasNaN(y) ? null : ranks(y);
        return x -> {
            if (x.length != y.length) {
                throw new IllegalArgumentException(x.length + " values against " + y.length);
            }
            return ry == null || hasNaN(x) ? Double.NaN : pearson(ranks(x), ry);
        };
    }

    /** Pearson's correlation of two rankings of n values (whose mean is (n + 1)/2 with or without ties). */
    private static double pearson(double[] rx, double[] ry) {
        double mean = (rx.length + 1) / 2.0;
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

    /**
     * Ranks 1..n in increasing order of value, ties given the mean of the ranks they span: a value
     * with b values below it and e equal to it (itself included) has rank b + (e + 1)/2. No NaN.
     */
    static double[] ranks(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted); // primitive order puts −0.0 before 0.0, but side by side: one tie to == below
        double[] rank = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int below = firstNotBelow(sorted, v[i]);
            int upTo = firstAbove(sorted, v[i]);
            rank[i] = below + (upTo - below + 1) / 2.0;
        }
        return rank;
    }

    /** The first index whose value is not below x (the length if none). */
    private static int firstNotBelow(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index whose value is above x (the length if none). */
    private static int firstAbove(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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
