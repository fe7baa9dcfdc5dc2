package dev.bayesrg.report;

import dev.bayesrg.run.NnftFile;
import java.util.List;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Which training epoch each cutoff undoes (the paper's commutative diagram): for every cutoff ε,
 * the training checkpoint whose Gaussian part on the nnft mesh is nearest in KL divergence,
 * KL(ε ‖ epoch).
 *
 * @param axis the cutoffs
 * @param nnft nnft/snapshots.json, or null if the run has none
 */
record CutoffEpochFigure(CutoffAxis axis, NnftFile nnft) {
    static final String NAME = "nnft_cutoff_epoch";

    FigureFile draw() {
        Plot c = new Plot("Which training epoch each cutoff undoes", axis.title(), "best-matching training epoch");
        if (nnft == null || !nnft.hasTraining()) {
            c.noData(nnft == null ? Snapshots.NONE : "no training checkpoints: set nnft.snapshotEvery > 0");
        } else {
            double[] epochs =
                    Snapshots.perEntry(nnft, axis, e -> e.bestMatchingEpoch() < 0 ? Double.NaN : e.bestMatchingEpoch());
            double[] range = Axes.paddedRange(Axes.values(epochs), false);
            if (range == null) {
                c.noData("no finite KL divergences");
            } else {
                c.yAxis(new double[] {Math.min(0, range[0]), range[1]}, false);
                axis.trainedReference(c, epochs[0], "trained ensemble's match");
                axis.line(
                        c,
                        "epoch with the smallest KL(ε ‖ epoch)",
                        CutoffAxis.atCutoffs(epochs),
                        Palette.GREEN,
                        Palette.SOLID,
                        SeriesMarkers.CIRCLE,
                        false);
            }
        }
        return new FigureFile(
                NAME,
                "Cutoff ↔ training epoch",
                "For every cutoff ε, the training checkpoint (epochs 0, k, 2k, …, T; k = nnft.snapshotEvery) whose"
                        + " Gaussian part on the nnft mesh is nearest in KL divergence, KL(ε ‖ epoch): how far back in"
                        + " training the coarse graining takes the ensemble (the paper's commutative diagram)."
                        + " The full matrix is nnft/kl_cutoff_vs_epoch.npy.",
                List.of(c));
    }
}
