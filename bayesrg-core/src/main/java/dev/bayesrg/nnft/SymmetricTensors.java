package dev.bayesrg.nnft;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Symmetric order-r tensors on an M-point mesh in two layouts: full (M^r numbers, row-major, the
 * last index fastest; what {@link Couplings} works on) and packed (one number per multiset
 * {i_1 ≤ … ≤ i_r}, C(M + r − 1, r) numbers in the lexicographic rank order of {@link Multisets},
 * which is the order of Python's {@code itertools.combinations_with_replacement(range(M), r)};
 * what the run directory stores). The full-to-packed index table of each (M, r) is built once and
 * shared.
 */
public final class SymmetricTensors {
    private static final ConcurrentHashMap<Long, int[]> RANKS = new ConcurrentHashMap<>();

    private SymmetricTensors() {}

    /** For every full (row-major) index of an (M, r) tensor, the rank of its sorted multiset. */
    static int[] ranks(int points, int order) {
        return RANKS.computeIfAbsent(((long) points << 32) | order, key -> {
            Multisets sets = new Multisets(points, order);
            int size = Math.toIntExact(Math.round(Math.pow(points, order)));
            int[] out = new int[size];
            int[] idx = new int[order];
            int[] sorted = new int[order];
            for (int flat = 0; flat < size; flat++) {
                int rest = flat;
                for (int k = order - 1; k >= 0; k--) {
                    idx[k] = rest % points;
                    rest /= points;
                }
                System.arraycopy(idx, 0, sorted, 0, order);
                out[flat] = sets.rank(sorted);
            }
            return out;
        });
    }

    /** The full M^r tensor of a packed symmetric one. */
    public static double[] unpack(double[] packed, int points, int order) {
        int[] ranks = ranks(points, order);
        double[] full = new double[ranks.length];
        for (int k = 0; k < full.length; k++) {
            full[k] = packed[ranks[k]];
        }
        return full;
    }

    /**
     * The packed form of a full M^r tensor: for each multiset the entry at its sorted index (for a
     * tensor symmetric up to rounding, the mean over its permutations would differ in the last bits
     * only).
     */
    public static double[] pack(double[] full, int points, int order) {
        Multisets sets = new Multisets(points, order);
        double[] out = new double[sets.count()];
        int[] s = new int[order];
        int rank = 0;
        do {
            int flat = 0;
            for (int k = 0; k < order; k++) {
                flat = flat * points + s[k];
            }
            out[rank++] = full[flat];
        } while (sets.next(s));
        return out;
    }

    /** The number of distinct orderings of each multiset, r!/Π(multiplicity!), by rank. */
    public static double[] multiplicities(int points, int order) {
        Multisets sets = new Multisets(points, order);
        double[] out = new double[sets.count()];
        int[] s = new int[order];
        int rank = 0;
        do {
            double m = factorial(order);
            int run = 1;
            for (int k = 1; k <= order; k++) {
                if (k < order && s[k] == s[k - 1]) {
                    run++;
                } else {
                    m /= factorial(run);
                    run = 1;
                }
            }
            out[rank++] = m;
        } while (sets.next(s));
        return out;
    }

    /** The Frobenius norm of the full tensor, from its packed form. */
    public static double norm(double[] packed, int points, int order) {
        double[] mult = multiplicities(points, order);
        double sum = 0;
        for (int k = 0; k < packed.length; k++) {
            sum += mult[k] * packed[k] * packed[k];
        }
        return Math.sqrt(sum);
    }

    /** The Frobenius norm of a flat array. */
    public static double norm(double[] full) {
        double sum = 0;
        for (double v : full) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    private static double factorial(int n) {
        double f = 1;
        for (int k = 2; k <= n; k++) {
            f *= k;
        }
        return f;
    }
}
