package dev.bayesrg.report;

import dev.bayesrg.run.NnftFile;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/** What the field-theory figures read from nnft/snapshots.json, and what they say when a run has none. */
final class Snapshots {
    /** The note of a field-theory panel of a run without nnft/. */
    static final String NONE = "no nnft/ snapshots in this run directory (bayesrg nnft RUN_DIR writes them)";

    private Snapshots() {}

    /** One value of every flow entry (entry 0: trained; NaN where the file has none or is null). */
    static double[] perEntry(NnftFile nnft, CutoffAxis axis, ToDoubleFunction<NnftFile.Snapshot> value) {
        double[] v = new double[axis.cutoffs().length + 1];
        Arrays.fill(v, Double.NaN);
        if (nnft != null) {
            for (int k = 0; k < Math.min(v.length, nnft.entries().size()); k++) {
                v[k] = value.applyAsDouble(nnft.entries().get(k));
            }
        }
        return v;
    }

    /**
     * The jackknife standard error of ‖G_c⁽⁴⁾‖/‖Wick‖ at every flow entry, as {@link #perEntry}; null
     * when the snapshots hold none (written before the errors were), so that no band is drawn.
     */
    static double[] kappa4Errors(NnftFile nnft, CutoffAxis axis) {
        if (nnft == null || nnft.entries().stream().noneMatch(e -> Double.isFinite(e.normalisedKappa4Se()))) {
            return null;
        }
        return perEntry(nnft, axis, NnftFile.Snapshot::normalisedKappa4Se);
    }

    /** The mesh as a caption names it: {@code line, 6 points}. */
    static String meshText(NnftFile nnft) {
        return nnft == null ? "none" : nnft.mesh() + ", " + nnft.meshPoints() + " points";
    }
}
