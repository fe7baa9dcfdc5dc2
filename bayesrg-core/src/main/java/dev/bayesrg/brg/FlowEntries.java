package dev.bayesrg.brg;

import java.util.List;

/**
 * The entries of a Bayesian RG flow and the cutoffs they belong to: entry {@value #TRAINED} is the
 * trained ensemble, before any coarse graining, and entry k ≥ 1 the ensemble at the k-th cutoff
 * ε_k of the schedule. Every flow file (flow.csv, members.csv, predictions.npy, mesh_outputs.npy,
 * nnft/) counts its entries this way, so this is the one place that turns an entry into a cutoff.
 *
 * @param cutoffs the schedule ε_1 &lt; … &lt; ε_K
 */
public record FlowEntries(List<Double> cutoffs) {
    /** The entry of the trained ensemble. */
    public static final int TRAINED = 0;

    /** Keeps an unmodifiable copy of the schedule. */
    public FlowEntries {
        cutoffs = List.copyOf(cutoffs);
    }

    /** The schedule given as an array. */
    public static FlowEntries of(double[] cutoffs) {
        return new FlowEntries(java.util.Arrays.stream(cutoffs).boxed().toList());
    }

    /** K + 1: the trained entry and one per cutoff. */
    public int size() {
        return cutoffs.size() + 1;
    }

    /** Whether {@code entry} is the trained ensemble. */
    public static boolean isTrained(int entry) {
        return entry == TRAINED;
    }

    /** The cutoff of {@code entry}, or null for the trained entry. */
    public Double cutoff(int entry) {
        check(entry);
        return entry == TRAINED ? null : cutoffs.get(entry - 1);
    }

    /** The cutoff of {@code entry}, or NaN for the trained entry (for arrays of numbers). */
    public double cutoffOrNaN(int entry) {
        Double c = cutoff(entry);
        return c == null ? Double.NaN : c;
    }

    private void check(int entry) {
        if (entry < 0 || entry > cutoffs.size()) {
            throw new IndexOutOfBoundsException("flow entry " + entry + " of " + size());
        }
    }
}
