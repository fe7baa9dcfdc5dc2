package dev.bayesrg.nnft;

import java.util.ArrayList;
import java.util.List;

/**
 * Connected correlators G_c^(r) (cumulants) of the sampled field, r ≤ R, by the moment–cumulant
 * formula on data centred at the sample mean (arXiv:2405.17538, eqs. 37–38): with central moments μ, every partition
 * with a singleton block vanishes, so G_c^(2) = μ2, G_c^(3) = μ3,
 * G_c^(4)(1234) = μ4 − μ2(12)μ2(34) − μ2(13)μ2(24) − μ2(14)μ2(23), and so on over the partitions of
 * the points into blocks of two or more. These are the plain plug-in estimates (normalised by |B|).
 */
public final class Correlators {
    private final MomentAccumulator moments;
    private final double[] mean;
    /** central[r − 1][rank] = μ of that multiset about the sample mean. */
    private final double[][] central;
    /** connected[r − 1][rank]; order 1 holds the mean. */
    private final double[][] connected;

    public Correlators(MomentAccumulator moments) {
        if (moments.count() == 0) {
            throw new IllegalArgumentException("no configurations accumulated");
        }
        this.moments = moments;
        int m = moments.points();
        int orders = moments.maxOrder();
        double[] shifted = moments.shiftedMoments(1);
        double[] shift = moments.shift();
        mean = new double[m];
        for (int i = 0; i < m; i++) {
            mean[i] = shifted[i] + shift[i];
        }
        central = new double[orders][];
        connected = new double[orders][];
        double[][] shiftedSums = new double[orders][];
        for (int r = 1; r <= orders; r++) {
            shiftedSums[r - 1] = moments.shiftedSums(r);
        }
        double count = moments.totalWeight(); // the number of members with unit weights, exactly
        for (int r = 1; r <= orders; r++) {
            Plan plan = Plan.of(m, r);
            int size = plan.multisets.length;
            central[r - 1] = new double[size];
            connected[r - 1] = new double[size];
            for (int rank = 0; rank < size && r > 1; rank++) {
                central[r - 1][rank] = centralMoment(plan, rank, shifted, shiftedSums, count);
            }
        }
        for (int r = 1; r <= orders; r++) {
            Plan plan = Plan.of(m, r);
            for (int rank = 0; rank < plan.multisets.length; rank++) {
                connected[r - 1][rank] = r == 1 ? mean[plan.multisets[rank][0]] : cumulant(plan, rank);
            }
        }
    }

    /**
     * The index work of one (M, r), done once and shared: every multiset, the rank of each of its
     * sub-multisets (by position mask), and the ranks of the blocks of each partition without
     * singletons, so that the correlators of an accumulator are arithmetic alone.
     */
    private static final class Plan {
        private static final java.util.concurrent.ConcurrentHashMap<Long, Plan> CACHE =
                new java.util.concurrent.ConcurrentHashMap<>();

        final int[][] multisets;
        /** subsetRank[rank][mask]: the rank of the positions in mask, in the multisets of their size. */
        final int[][] subsetRank;
        /** blockRanks[rank][partition][block]. */
        final int[][][] blockRanks;
        /** blockOrders[partition][block]: the block's size. */
        final int[][] blockOrders;
        /** The sign and factorial weight (−1)^{|π|−1}(|π|−1)! of each partition. */
        final double[] weights;

        private Plan(int m, int r) {
            Multisets sets = new Multisets(m, r);
            Multisets[] sub = new Multisets[r + 1];
            for (int q = 1; q <= r; q++) {
                sub[q] = new Multisets(m, q);
            }
            int count = sets.count();
            multisets = new int[count][];
            subsetRank = new int[count][1 << r];
            List<int[][]> partitions = partitionsWithoutSingletons(r);
            blockOrders = new int[partitions.size()][];
            weights = new double[partitions.size()];
            for (int p = 0; p < partitions.size(); p++) {
                int[][] partition = partitions.get(p);
                blockOrders[p] = new int[partition.length];
                for (int b = 0; b < partition.length; b++) {
                    blockOrders[p][b] = partition[b].length;
                }
                int blocks = partition.length;
                weights[p] = ((blocks - 1) % 2 == 0 ? 1 : -1) * factorial(blocks - 1);
            }
            blockRanks = new int[count][partitions.size()][];
            int[] s = new int[r];
            int rank = 0;
            do {
                multisets[rank] = s.clone();
                for (int mask = 1; mask < (1 << r); mask++) {
                    int[] subset = new int[Integer.bitCount(mask)];
                    int k = 0;
                    for (int p = 0; p < r; p++) {
                        if ((mask & (1 << p)) != 0) {
                            subset[k++] = s[p];
                        }
                    }
                    subsetRank[rank][mask] = sub[subset.length].rank(subset);
                }
                for (int p = 0; p < partitions.size(); p++) {
                    int[][] partition = partitions.get(p);
                    blockRanks[rank][p] = new int[partition.length];
                    for (int b = 0; b < partition.length; b++) {
                        int[] points = new int[partition[b].length];
                        for (int k = 0; k < points.length; k++) {
                            points[k] = s[partition[b][k]];
                        }
                        blockRanks[rank][p][b] = sub[points.length].rank(points);
                    }
                }
                rank++;
            } while (sets.next(s));
        }

        static Plan of(int m, int r) {
            return CACHE.computeIfAbsent(((long) m << 32) | r, key -> new Plan(m, r));
        }
    }

    /** μ_S = E[Π_{k∈S}(y_k − ȳ_k)] = Σ_{T⊆S} (−1)^{|S∖T|} E[Π_T y] Π_{S∖T} ȳ, from moments about the shift. */
    private static double centralMoment(
            Plan plan, int rank, double[] shiftedMean, double[][] shiftedSums, double count) {
        int[] s = plan.multisets[rank];
        int r = s.length;
        double total = 0;
        for (int mask = 0; mask < (1 << r); mask++) {
            int size = Integer.bitCount(mask);
            double rest = 1.0;
            for (int p = 0; p < r; p++) {
                if ((mask & (1 << p)) == 0) {
                    rest *= shiftedMean[s[p]];
                }
            }
            double moment = size == 0 ? 1.0 : shiftedSums[size - 1][plan.subsetRank[rank][mask]] / count;
            double term = moment * rest;
            total += ((r - size) % 2 == 0) ? term : -term;
        }
        return total;
    }

    private double cumulant(Plan plan, int rank) {
        double total = 0;
        int[][] ranks = plan.blockRanks[rank];
        for (int p = 0; p < ranks.length; p++) {
            double product = 1.0;
            for (int b = 0; b < ranks[p].length; b++) {
                product *= central[plan.blockOrders[p][b] - 1][ranks[p][b]];
            }
            total += plan.weights[p] * product;
        }
        return total;
    }

    /**
     * The unbiased estimate (k-statistic) of G_c^(r) for r ≤ 4: E[k] equals the true cumulant for
     * any number of members n, where the plug-in estimate of {@link #connected} is biased at O(1/n).
     * With central sample moments m (normalised by n):
     * k2 = n/(n−1) m2;  k3 = n²/((n−1)(n−2)) m3;
     * k4 = n²[(n+1) m_abcd − (n−1)(m_ab m_cd + m_ac m_bd + m_ad m_bc)] / ((n−1)(n−2)(n−3)).
     */
    public double unbiasedConnected(int... indices) {
        long n = moments.count();
        switch (indices.length) {
            case 1 -> {
                return connected(indices);
            }
            case 2 -> {
                requireMembers(n, 2);
                return n / (n - 1.0) * centralMoment(indices);
            }
            case 3 -> {
                requireMembers(n, 3);
                return (double) n * n / ((n - 1.0) * (n - 2.0)) * centralMoment(indices);
            }
            case 4 -> {
                requireMembers(n, 4);
                int a = indices[0];
                int b = indices[1];
                int c = indices[2];
                int d = indices[3];
                double pairs = centralMoment(a, b) * centralMoment(c, d)
                        + centralMoment(a, c) * centralMoment(b, d)
                        + centralMoment(a, d) * centralMoment(b, c);
                return (double) n
                        * n
                        * ((n + 1.0) * centralMoment(indices) - (n - 1.0) * pairs)
                        / ((n - 1.0) * (n - 2.0) * (n - 3.0));
            }
            default ->
                throw new IllegalArgumentException(
                        "unbiased estimates are implemented up to order 4, asked " + indices.length);
        }
    }

    private static void requireMembers(long n, int order) {
        if (n <= order) {
            throw new IllegalArgumentException(
                    "an unbiased order-" + order + " estimate needs more than " + order + " members, got " + n);
        }
    }

    /** The central sample moment (normalised by n) of a multiset of mesh points. */
    public double centralMoment(int... indices) {
        int[] sorted = indices.clone();
        return central[sorted.length - 1][moments.multisets(sorted.length).rank(sorted)];
    }

    /** G_c^(r) at every multiset of mesh points, in the rank order of {@link Multisets} (a copy). */
    public double[] connectedPacked(int order) {
        return connected[order - 1].clone();
    }

    /** The sample mean G^(1)(x_i). */
    public double mean(int i) {
        return mean[i];
    }

    /** G_c^(r)(x_{i_1}, …, x_{i_r}) for r = indices.length ≤ R (r = 1: the mean). */
    public double connected(int... indices) {
        int[] sorted = indices.clone();
        return connected[sorted.length - 1][moments.multisets(sorted.length).rank(sorted)];
    }

    /**
     * G_c^(4)(abcd) relative to its Wick (Gaussian) scale G_c^(2)(ab)G_c^(2)(cd) + two permutations:
     * zero for a Gaussian field, O(1/N) for width-N networks at initialisation.
     */
    public double normalisedConnected4(int a, int b, int c, int d) {
        double wick = connected(a, b) * connected(c, d)
                + connected(a, c) * connected(b, d)
                + connected(a, d) * connected(b, c);
        return connected(a, b, c, d) / wick;
    }

    public int points() {
        return mean.length;
    }

    /** R, the highest order measured. */
    public int maxOrder() {
        return connected.length;
    }

    public long samples() {
        return moments.count();
    }

    /** Set partitions of {0..r−1} into blocks of size ≥ 2, each block ascending. */
    static List<int[][]> partitionsWithoutSingletons(int r) {
        List<int[][]> out = new ArrayList<>();
        partition(new int[r], 0, 0, r, out);
        return out;
    }

    /** Restricted-growth strings: label[p] ≤ max label so far + 1. */
    private static void partition(int[] label, int p, int blocks, int r, List<int[][]> out) {
        if (p == r) {
            int[] sizes = new int[blocks];
            for (int l : label) {
                sizes[l]++;
            }
            for (int size : sizes) {
                if (size < 2) {
                    return;
                }
            }
            int[][] partition = new int[blocks][];
            int[] fill = new int[blocks];
            for (int b = 0; b < blocks; b++) {
                partition[b] = new int[sizes[b]];
            }
            for (int q = 0; q < r; q++) {
                partition[label[q]][fill[label[q]]++] = q;
            }
            out.add(partition);
            return;
        }
        for (int l = 0; l <= blocks; l++) {
            label[p] = l;
            partition(label, p + 1, Math.max(blocks, l + 1), r, out);
        }
    }

    private static double factorial(int n) {
        double f = 1;
        for (int k = 2; k <= n; k++) {
            f *= k;
        }
        return f;
    }
}
