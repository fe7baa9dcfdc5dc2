package dev.bayesrg.report;

import dev.bayesrg.run.NnftFile;
import java.util.ArrayList;
import java.util.List;

/** Hand-made nnft/snapshots.json for the field-theory figure tests. */
final class FieldTheoryFigures {
    static final double[] CUTOFFS = {0.1, 1, 10};

    private FieldTheoryFigures() {}

    /** A measured flow entry with the given values on a two-point mesh. */
    static NnftFile.Snapshot entry(int k, double kappa4, double kl, int bestEpoch, double[][] kernel) {
        return new NnftFile.Snapshot(
                k,
                true,
                new double[] {0, 0},
                kernel,
                kappa4,
                Double.NaN,
                Double.NaN,
                kl,
                bestEpoch,
                java.util.Map.of());
    }

    static NnftFile.Snapshot entry(int k, double kappa4, double kl, int bestEpoch) {
        return entry(k, kappa4, kl, bestEpoch, new double[][] {{1, 0}, {0, 1}});
    }

    /**
     * A measured flow entry with couplings: {@code values[r]} = {norm, normSe, t, tSe, floorMean, floorSd}
     * of order r (3, 4, 6; null: not measured), significant when {@code significant[r]}.
     */
    static NnftFile.Snapshot withCouplings(int k, double[][] values, boolean... significant) {
        java.util.Map<Integer, NnftFile.Coupling> couplings = new java.util.HashMap<>();
        for (int r = 0; r < values.length; r++) {
            double[] v = values[r];
            if (v != null) {
                boolean sig = r < significant.length && significant[r];
                couplings.put(
                        r, new NnftFile.Coupling(r, v[0], v[1], v[2], v[3], v[4], v[5], Double.NaN, Double.NaN, sig));
            }
        }
        return new NnftFile.Snapshot(
                k,
                true,
                new double[] {0, 0},
                new double[][] {{1, 0}, {0, 1}},
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                -1,
                couplings);
    }

    /** An entry with fewer than two members: nothing measured. */
    static NnftFile.Snapshot unmeasured(int k) {
        double nan = Double.NaN;
        return new NnftFile.Snapshot(
                k,
                false,
                new double[] {nan, nan},
                new double[][] {{nan, nan}, {nan, nan}},
                nan,
                nan,
                nan,
                nan,
                -1,
                java.util.Map.of());
    }

    /** A file on a line mesh of two points, with training checkpoints when {@code training}. */
    static NnftFile file(List<NnftFile.Snapshot> entries, boolean training) {
        List<NnftFile.Snapshot> checkpoints = new ArrayList<>();
        if (training) {
            checkpoints.add(unmeasured(0));
            checkpoints.add(unmeasured(100));
        }
        return new NnftFile("line", 2, 8, Double.NaN, entries, checkpoints);
    }

    static CutoffAxis axis() {
        return new CutoffAxis(CUTOFFS, 1);
    }
}
