package dev.bayesrg.nnft;

import java.util.Arrays;

/**
 * Sampled n-point functions of a field on an M-point mesh, accumulated one configuration (one
 * ensemble member's outputs φ_α(x_1..x_M)) at a time: for every order r ≤ R and every multiset
 * {i_1 ≤ … ≤ i_r}, Σ_α Π_k (φ_α(x_{i_k}) − c_{i_k}). The shift c (zeros by default) is a fixed
 * reference that keeps the sums well conditioned when the field's mean is large against its spread;
 * connected correlators do not depend on it. Accumulators with the same mesh size, order and shift
 * merge by adding their sums, so shards of an ensemble can be accumulated apart.
 *
 * <p>A configuration may carry a weight ({@link #add(double[], double)}, e.g. an importance weight):
 * the moments are then Σ_α w_α Π(φ_α − c) / Σ_α w_α, and every correlator built on them is the
 * weighted plug-in estimate. With unit weights (plain {@link #add(double[])}) the sums and moments
 * are the unweighted ones, bit for bit. The unbiased k-statistics of {@link Correlators} assume unit
 * weights.
 */
public final class MomentAccumulator {
    private final Multisets[] multisets;
    private final double[] shift;
    /** sums[r − 1][rank] for order r. */
    private final double[][] sums;

    private final double[] prefix;
    private final int[] counter;
    private long count;
    private double totalWeight;

    public MomentAccumulator(int points, int maxOrder) {
        this(new double[points], maxOrder);
    }

    public MomentAccumulator(double[] shift, int maxOrder) {
        if (maxOrder < 1 || maxOrder > 8) {
            throw new IllegalArgumentException("maxOrder must be in [1, 8], got " + maxOrder);
        }
        this.shift = shift.clone();
        this.multisets = new Multisets[maxOrder];
        this.sums = new double[maxOrder][];
        for (int r = 1; r <= maxOrder; r++) {
            multisets[r - 1] = new Multisets(shift.length, r);
            sums[r - 1] = new double[multisets[r - 1].count()];
        }
        this.prefix = new double[maxOrder + 1];
        this.counter = new int[maxOrder];
    }

    public int points() {
        return shift.length;
    }

    public int maxOrder() {
        return sums.length;
    }

    public long count() {
        return count;
    }

    /** Σ_α w_α over the configurations added (their number, with unit weights). */
    public double totalWeight() {
        return totalWeight;
    }

    public double[] shift() {
        return shift.clone();
    }

    Multisets multisets(int order) {
        return multisets[order - 1];
    }

    /** Adds one field configuration φ(x_1..x_M) with unit weight. */
    public void add(double[] field) {
        add(field, 1.0);
    }

    /**
     * Adds one field configuration φ(x_1..x_M) with weight w (finite, ≥ 0): its products enter every
     * sum multiplied by w, and w enters the normalisation Σ_α w_α.
     */
    public void add(double[] field, double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be finite and >= 0, got " + weight);
        }
        if (field.length != shift.length) {
            throw new IllegalArgumentException("field has " + field.length + " points, the mesh " + shift.length);
        }
        double[] y = new double[field.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = field[i] - shift[i];
        }
        Arrays.fill(counter, 0);
        prefix[0] = weight;
        visit(y, 0, 0);
        count++;
        totalWeight += weight;
    }

    /**
     * Depth-first over sorted multisets; at depth p they are met in lexicographic (rank) order. The
     * deepest level, where almost all the work is, is one contiguous axpy that the JIT vectorises;
     * every sum still receives its products in member order, so the bits do not change.
     */
    private void visit(double[] y, int depth, int from) {
        double[] s = sums[depth];
        double p = prefix[depth];
        int c = counter[depth];
        int length = y.length - from;
        if (depth + 1 == sums.length) {
            for (int k = 0; k < length; k++) {
                s[c + k] += p * y[from + k];
            }
            counter[depth] = c + length;
            return;
        }
        for (int v = from; v < y.length; v++) {
            double product = p * y[v];
            s[counter[depth]++] += product;
            prefix[depth + 1] = product;
            visit(y, depth + 1, v);
        }
    }

    /** Adds another accumulator's configurations (same mesh size, order and shift). */
    public void merge(MomentAccumulator other) {
        if (other.points() != points() || other.maxOrder() != maxOrder() || !Arrays.equals(other.shift, shift)) {
            throw new IllegalArgumentException("accumulators differ in mesh, order or shift");
        }
        for (int r = 0; r < sums.length; r++) {
            for (int k = 0; k < sums[r].length; k++) {
                sums[r][k] += other.sums[r][k];
            }
        }
        count += other.count;
        totalWeight += other.totalWeight;
    }

    /**
     * The sampled moment (1/|B|) Σ_α Π (φ − c) of a multiset of mesh points given in any order
     * (weighted: Σ_α w_α Π (φ − c) / Σ_α w_α).
     */
    public double shiftedMoment(int... indices) {
        if (indices.length == 0) {
            return 1.0;
        }
        int[] sorted = indices.clone();
        return sums[sorted.length - 1][multisets[sorted.length - 1].rank(sorted)] / totalWeight;
    }

    /** The raw sums Σ_α Π (φ − c) of one order, by multiset rank (not a copy: read only). */
    double[] shiftedSums(int order) {
        return sums[order - 1];
    }

    /** All shifted moments of one order, by multiset rank. */
    double[] shiftedMoments(int order) {
        double[] out = sums[order - 1].clone();
        for (int k = 0; k < out.length; k++) {
            out[k] /= totalWeight;
        }
        return out;
    }
}
