package dev.bayesrg.nnft;

/**
 * Multisets {i_1 ≤ i_2 ≤ … ≤ i_r} of r mesh points out of M, in lexicographic order, with their
 * rank: a symmetric r-point function needs one number per multiset, C(M + r − 1, r) of them,
 * instead of M^r.
 */
public final class Multisets {
    private final int points;
    private final int order;
    /** binomial[a][b] = C(a, b). */
    private final long[][] binomial;

    public Multisets(int points, int order) {
        if (points < 1 || order < 1) {
            throw new IllegalArgumentException("points and order must be >= 1");
        }
        this.points = points;
        this.order = order;
        int n = points + order + 1;
        binomial = new long[n + 1][order + 2];
        for (int a = 0; a <= n; a++) {
            binomial[a][0] = 1;
            for (int b = 1; b <= Math.min(a, order + 1); b++) {
                binomial[a][b] = binomial[a - 1][b - 1] + (b <= a - 1 ? binomial[a - 1][b] : 0);
            }
        }
    }

    public int points() {
        return points;
    }

    public int order() {
        return order;
    }

    /** C(M + r − 1, r), the number of multisets. */
    public int count() {
        return Math.toIntExact(multichoose(points, order));
    }

    private long multichoose(int m, int r) {
        return r == 0 ? 1 : binomial[m + r - 1][r];
    }

    /**
     * The rank of a multiset given in any order (it is sorted in place): the number of sorted
     * multisets that precede it lexicographically.
     */
    public int rank(int[] indices) {
        java.util.Arrays.sort(indices);
        long rank = 0;
        int previous = 0;
        for (int p = 0; p < order; p++) {
            int remaining = order - p - 1;
            for (int v = previous; v < indices[p]; v++) {
                // multisets whose position p holds v (> all later entries' minimum v): values v..M-1 for the rest
                rank += multichoose(points - v, remaining);
            }
            previous = indices[p];
        }
        return Math.toIntExact(rank);
    }

    /** Advances a sorted multiset to the next one in lexicographic order; false after the last. */
    public boolean next(int[] indices) {
        for (int p = order - 1; p >= 0; p--) {
            if (indices[p] < points - 1) {
                int v = indices[p] + 1;
                for (int q = p; q < order; q++) {
                    indices[q] = v;
                }
                return true;
            }
        }
        return false;
    }
}
