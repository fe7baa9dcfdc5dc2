package dev.bayesrg.report;

import dev.bayesrg.run.NnftFile;
import java.awt.Color;
import java.util.List;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Non-Gaussianity along the flow, on the nnft mesh: (a) the connected four-point function relative
 * to its Wick scale, ‖G_c⁽⁴⁾‖ / ‖Wick‖ over the mesh (ratio of norms) (0 for a Gaussian field), (b) the KL
 * divergence of each entry's Gaussian part N(G⁽¹⁾, K) from the trained ensemble's.
 *
 * @param axis the cutoffs
 * @param nnft nnft/snapshots.json, or null if the run has none
 */
record NonGaussianityFigure(CutoffAxis axis, NnftFile nnft) {
    static final String NAME = "nnft_non_gaussianity";

    FigureFile draw() {
        Plot top = new Plot("(a) ‖G_c⁽⁴⁾‖ / ‖Wick‖ on the mesh", null, "‖κ4‖ / ‖Wick‖");
        Plot bottom =
                new Plot("(b) KL of the Gaussian part to the trained ensemble's", axis.title(), "KL(entry ‖ trained)");
        if (nnft == null) {
            top.noData(Snapshots.NONE);
            bottom.noData(Snapshots.NONE);
        } else {
            series(
                    top,
                    Snapshots.perEntry(nnft, axis, NnftFile.Snapshot::normalisedKappa4),
                    "trained",
                    "‖κ4‖/‖Wick‖(ε)",
                    Palette.PURPLE);
            series(
                    bottom,
                    Snapshots.perEntry(nnft, axis, NnftFile.Snapshot::klToTrained),
                    null,
                    "KL(ε ‖ trained)",
                    Palette.BLUE);
        }
        return new FigureFile(
                NAME,
                "Non-Gaussianity along the flow",
                "On the nnft mesh (" + Snapshots.meshText(nnft) + "), over the members that did not diverge: (a) the"
                        + " connected four-point function relative to its Wick scale, the ratio of their"
                        + " norms over every quadruple of mesh points (0 for a Gaussian field; dotted: the trained ensemble); (b) the"
                        + " KL divergence of each entry's Gaussian part N(G⁽¹⁾, K) from the trained ensemble's.",
                List.of(top, bottom));
    }

    /** The values at the cutoffs, and the trained entry's as a reference when {@code trainedName} is not null. */
    private void series(Plot c, double[] values, String trainedName, String name, Color colour) {
        double[] atCutoffs = CutoffAxis.atCutoffs(values);
        List<Double> ys = Axes.values(atCutoffs);
        boolean log = Axes.wantsLog(ys);
        double[] range = Axes.paddedRange(ys, log);
        if (range == null) {
            c.noData("no finite values");
            return;
        }
        c.yAxis(range, log);
        if (trainedName != null) {
            axis.trainedReference(c, values[0], trainedName);
        }
        axis.line(c, name, atCutoffs, colour, Palette.SOLID, SeriesMarkers.CIRCLE, log);
    }
}
