package dev.bayesrg.nnft;

import java.util.ArrayList;
import java.util.List;

/**
 * The field theory of one ensemble on an M-point mesh up to order R (2 ≤ R ≤ 6), as measured: mean
 * G^(1), kernel K = G_c^(2), its inverse, the connected correlators G_c^(3..R), the couplings of the
 * inverse Feynman rules ({@link Couplings}: Λ3 for R ≥ 3; Λ4 and the quadratic correction δK⁻¹ for
 * R ≥ 4; the tree-level Λ6 for R = 6) and scalar summaries. Symmetric tensors are packed
 * ({@link SymmetricTensors}); matrices are M×M row-major. An absent piece (its order above R) is an
 * empty array, an absent scalar NaN.
 *
 * <p>The same record holds standard errors, piece by piece ({@link #withValues}).
 *
 * @param points              M
 * @param order               R
 * @param mean                G^(1), [M]
 * @param kernel              K = G_c^(2) as sampled (without jitter), [M·M]
 * @param inverseKernel       (K + εI)⁻¹, [M·M]
 * @param jitter              ε, what K's diagonal needed to factor it (0 normally; not jackknifed)
 * @param connected           G_c^(r) packed, for r = 3..R (R − 2 arrays)
 * @param cubic               Λ3 packed
 * @param quartic             Λ4 packed
 * @param quadraticCorrection δK⁻¹, [M·M]
 * @param sextic              Λ6 (tree level) packed
 * @param scalars             the summaries, indexed by {@link Scalar}
 */
public record CouplingEstimate(
        int points,
        int order,
        double[] mean,
        double[] kernel,
        double[] inverseKernel,
        double jitter,
        double[][] connected,
        double[] cubic,
        double[] quartic,
        double[] quadraticCorrection,
        double[] sextic,
        double[] scalars) {

    /** The scalar summaries; a norm is the Frobenius norm of the full tensor. */
    public enum Scalar {
        /** ‖Λ3‖. */
        CUBIC_NORM(0),
        /** ‖Λ4‖. */
        QUARTIC_NORM(1),
        /** ‖Λ6‖ (tree level). */
        SEXTIC_NORM(2),
        /** ‖δK⁻¹‖. */
        QUADRATIC_CORRECTION_NORM(3),
        /** ‖G_c^(4)‖ / ‖Wick4‖, Wick4_abcd = K_ab K_cd + K_ac K_bd + K_ad K_bc: O(1/N). */
        NORMALISED_KAPPA4(4),
        /** ‖G_c^(6)‖ / ‖Wick6‖, Wick6 the 15 pairings K K K: O(1/N²). */
        NORMALISED_KAPPA6(5),
        /** ‖G_c^(3)·(K^{-1/2})^{⊗3}‖, the dimensionless (whitened, K = 1) cubic cumulant. */
        WHITENED_3(6),
        /** ‖G_c^(4)·(K^{-1/2})^{⊗4}‖ = ‖Λ4‖ in the basis where K = 1. */
        WHITENED_4(7),
        /** ‖G_c^(6)·(K^{-1/2})^{⊗6}‖. */
        WHITENED_6(8);

        /** How many there are. */
        public static final int COUNT = 9;

        /** The slot in {@link #scalars()}. */
        public final int slot;

        Scalar(int slot) {
            this.slot = slot;
        }
    }

    /** The whitened norm of G_c^(r), r ∈ {3, 4, 6}. */
    public static Scalar whitened(int r) {
        return switch (r) {
            case 3 -> Scalar.WHITENED_3;
            case 4 -> Scalar.WHITENED_4;
            case 6 -> Scalar.WHITENED_6;
            default -> throw new IllegalArgumentException("whitened norms of orders 3, 4 and 6, asked " + r);
        };
    }

    /** One summary. */
    public double scalar(Scalar s) {
        return scalars[s.slot];
    }

    /** G_c^(r) packed, 3 ≤ r ≤ R. */
    public double[] connected(int r) {
        return connected[r - 3];
    }

    /**
     * Measures the configurations accumulated in {@code moments} (of order ≥ R, at least two).
     *
     * @param order R, 2..6
     */
    public static CouplingEstimate of(MomentAccumulator moments, int order) {
        return of(new Correlators(moments), order);
    }

    /** As {@link #of(MomentAccumulator, int)} from correlators of order ≥ R. */
    public static CouplingEstimate of(Correlators c, int order) {
        if (order < 2 || order > 6 || order > c.maxOrder()) {
            throw new IllegalArgumentException("order must be in [2, min(6, accumulated order)], got " + order);
        }
        int m = c.points();
        FreeAction free = FreeAction.of(c);
        double[] mean = new double[m];
        for (int i = 0; i < m; i++) {
            mean[i] = c.mean(i);
        }
        double[][] k = free.kernel();
        double[][] inv = free.inverseKernel();
        double[][] connected = new double[order - 2][];
        for (int r = 3; r <= order; r++) {
            connected[r - 3] = c.connectedPacked(r);
        }
        double[] scalars = new double[Scalar.COUNT];
        java.util.Arrays.fill(scalars, Double.NaN);
        double[] cubic = new double[0];
        double[] quartic = new double[0];
        double[] correction = new double[0];
        double[] sextic = new double[0];
        if (order >= 3) {
            double[] k3 = SymmetricTensors.unpack(connected[0], m, 3);
            double[] l3 = Couplings.cubic(k3, inv);
            cubic = SymmetricTensors.pack(l3, m, 3);
            scalars[Scalar.CUBIC_NORM.slot] = SymmetricTensors.norm(l3);
            scalars[Scalar.WHITENED_3.slot] = Math.sqrt(Math.max(0, -dot(k3, l3)));
        }
        double[] k4 = null;
        if (order >= 4) {
            k4 = SymmetricTensors.unpack(connected[1], m, 4);
            double[] l4 = Couplings.quartic(k4, inv);
            quartic = SymmetricTensors.pack(l4, m, 4);
            scalars[Scalar.QUARTIC_NORM.slot] = SymmetricTensors.norm(l4);
            scalars[Scalar.WHITENED_4.slot] = Math.sqrt(Math.max(0, -dot(k4, l4)));
            correction = flatten(Couplings.quadraticCorrection(k4, inv));
            scalars[Scalar.QUADRATIC_CORRECTION_NORM.slot] = SymmetricTensors.norm(correction);
            scalars[Scalar.NORMALISED_KAPPA4.slot] =
                    SymmetricTensors.norm(connected[1], m, 4) / SymmetricTensors.norm(wick(k, 4), m, 4);
        }
        if (order >= 6) {
            double[] k6 = SymmetricTensors.unpack(connected[3], m, 6);
            double[] t6 = Couplings.transformAllIndices(k6, inv, 6);
            double[] l6 = Couplings.sexticTreeFromTransformed(
                    t6, SymmetricTensors.unpack(quartic, m, 4), free.kernelWithJitter());
            sextic = SymmetricTensors.pack(l6, m, 6);
            scalars[Scalar.SEXTIC_NORM.slot] = SymmetricTensors.norm(l6);
            scalars[Scalar.WHITENED_6.slot] = Math.sqrt(Math.max(0, dot(k6, t6)));
            scalars[Scalar.NORMALISED_KAPPA6.slot] =
                    SymmetricTensors.norm(connected[3], m, 6) / SymmetricTensors.norm(wick(k, 6), m, 6);
        }
        return new CouplingEstimate(
                m,
                order,
                mean,
                flatten(k),
                flatten(inv),
                free.jitter(),
                connected,
                cubic,
                quartic,
                correction,
                sextic,
                scalars);
    }

    /**
     * Only the whitened norms ‖G_c^(r)·(K^{-1/2})^{⊗r}‖ for r ∈ {3, 4, 6}, r ≤ R (NaN above): the
     * noise floor's statistics, without the couplings' cost. Indexed like {@link NoiseFloor#orders}.
     */
    public static double[] whitenedNorms(MomentAccumulator moments, int order) {
        Correlators c = new Correlators(moments);
        int m = c.points();
        double[][] inv = FreeAction.of(c).inverseKernel();
        int[] orders = NoiseFloor.orders(order);
        double[] out = new double[orders.length];
        for (int q = 0; q < orders.length; q++) {
            int r = orders[q];
            double[] kr = SymmetricTensors.unpack(c.connectedPacked(r), m, r);
            out[q] = Math.sqrt(Math.max(0, dot(kr, Couplings.transformAllIndices(kr, inv, r))));
        }
        return out;
    }

    /** The Wick (Gaussian) tensor of order 4 or 6 from K, packed. */
    static double[] wick(double[][] k, int order) {
        int m = k.length;
        Multisets sets = new Multisets(m, order);
        int[][][] pairings = pairings(order);
        double[] out = new double[sets.count()];
        int[] s = new int[order];
        int rank = 0;
        do {
            double sum = 0;
            for (int[][] pairing : pairings) {
                double p = 1;
                for (int[] pair : pairing) {
                    p *= k[s[pair[0]]][s[pair[1]]];
                }
                sum += p;
            }
            out[rank++] = sum;
        } while (sets.next(s));
        return out;
    }

    /** The perfect matchings of {0..r−1} (3 for r = 4, 15 for r = 6). */
    static int[][][] pairings(int r) {
        List<int[][]> out = new ArrayList<>();
        match(new boolean[r], new int[r / 2][], 0, out);
        return out.toArray(int[][][]::new);
    }

    private static void match(boolean[] used, int[][] pairs, int filled, List<int[][]> out) {
        int first = -1;
        for (int i = 0; i < used.length && first < 0; i++) {
            if (!used[i]) {
                first = i;
            }
        }
        if (first < 0) {
            int[][] copy = new int[pairs.length][];
            for (int p = 0; p < pairs.length; p++) {
                copy[p] = pairs[p].clone();
            }
            out.add(copy);
            return;
        }
        used[first] = true;
        for (int j = first + 1; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                pairs[filled] = new int[] {first, j};
                match(used, pairs, filled + 1, out);
                used[j] = false;
            }
        }
        used[first] = false;
    }

    /** Every measured number except the jitter, in a fixed order (for the jackknife). */
    public double[] toVector() {
        List<double[]> parts = parts();
        int size = 0;
        for (double[] p : parts) {
            size += p.length;
        }
        double[] out = new double[size];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** A record of the same shape holding {@code values} (laid out as {@link #toVector}), jitter 0. */
    public CouplingEstimate withValues(double[] values) {
        int[] at = {0};
        java.util.function.Function<double[], double[]> take = p -> {
            double[] out = java.util.Arrays.copyOfRange(values, at[0], at[0] + p.length);
            at[0] += p.length;
            return out;
        };
        double[] mean2 = take.apply(mean);
        double[] kernel2 = take.apply(kernel);
        double[] inverse2 = take.apply(inverseKernel);
        double[][] connected2 = new double[connected.length][];
        for (int r = 0; r < connected.length; r++) {
            connected2[r] = take.apply(connected[r]);
        }
        double[] cubic2 = take.apply(cubic);
        double[] quartic2 = take.apply(quartic);
        double[] correction2 = take.apply(quadraticCorrection);
        double[] sextic2 = take.apply(sextic);
        double[] scalars2 = take.apply(scalars);
        if (at[0] != values.length) {
            throw new IllegalArgumentException("expected " + at[0] + " values, got " + values.length);
        }
        return new CouplingEstimate(
                points,
                order,
                mean2,
                kernel2,
                inverse2,
                0,
                connected2,
                cubic2,
                quartic2,
                correction2,
                sextic2,
                scalars2);
    }

    private List<double[]> parts() {
        List<double[]> parts = new ArrayList<>(List.of(mean, kernel, inverseKernel));
        parts.addAll(List.of(connected));
        parts.addAll(List.of(cubic, quartic, quadraticCorrection, sextic, scalars));
        return parts;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] flatten(double[][] a) {
        int m = a.length;
        double[] out = new double[m * m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a[i], 0, out, i * m, m);
        }
        return out;
    }
}
