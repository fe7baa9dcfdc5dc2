package dev.bayesrg.report;

import dev.bayesrg.run.NnftFile;
import java.awt.Color;
import java.util.List;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Non-Gaussianity along the flow, on the nnft mesh: (a) the connected four-point function relative
 * to its Wick scale, ‖G_c⁽⁴⁾‖ / ‖Wick‖ over the mesh (a ratio of norms; 0 for a Gaussian field), (b) the KL
 * divergence of each entry's Gaussian part N(G⁽¹⁾, K) from the trained ensemble's. The four-point
 * statistic carries a band of ± 1 jackknife standard error when the snapshots hold one.
 *
 * @param axis     the cutoffs
 * @param nnft     nnft/snapshots.json, or null if the run has none
 * @param kappa4Se the jackknife standard error of (a) at every flow entry, or null for no band
 */
record NonGaussianityFigure(CutoffAxis axis, NnftFile nnft, double[] kappa4Se) {
    static final String NAME = "nnft_non_gaussianity";

    /** The figure without standard errors. */
    NonGaussianityFigure(CutoffAxis axis, NnftFile nnft) {
        this(axis, nnft, null);
    }

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
                    Palette.PURPLE,
                    kappa4Se);
            series(
                    bottom,
                    Snapshots.perEntry(nnft, axis, NnftFile.Snapshot::klToTrained),
                    null,
                    "KL(ε ‖ trained)",
                    Palette.BLUE,
                    null);
        }
        return new FigureFile(
                NAME,
                "Non-Gaussianity along the flow",
                "On the nnft mesh (" + Snapshots.meshText(nnft) + "), over the members that did not diverge: (a) the"
                        + " connected four-point function relative to its Wick scale, the ratio of their norms over"
                        + " every quadruple of mesh points (0 for a Gaussian field; dotted: the trained ensemble)"
                        + (kappa4Se == null
                                ? ""
                                : ", with a shaded band of ± 1 standard error (the jackknife of nnft/snapshots.json;"
                                        + " a band wider than the axis is cut at its edges)")
                        + "; (b) the KL divergence of each entry's Gaussian part N(G⁽¹⁾, K) from the trained"
                        + " ensemble's.",
                List.of(top, bottom));
    }

    /** The values at the cutoffs, and the trained entry's as a reference when {@code trainedName} is not null. */
    private void series(Plot c, double[] values, String trainedName, String name, Color colour, double[] se) {
        double[] atCutoffs = CutoffAxis.atCutoffs(values);
        List<Double> ys = Axes.values(atCutoffs);
        boolean log = Axes.wantsLog(ys);
        double[] lower = new double[atCutoffs.length];
        double[] upper = new double[atCutoffs.length];
        for (int i = 0; i < atCutoffs.length; i++) {
            double e = se == null || i + 1 >= se.length ? Double.NaN : se[i + 1];
            lower[i] = atCutoffs[i] - e;
            upper[i] = atCutoffs[i] + e;
        }
        // the axis follows the values, not the band: a ratio to a Wick scale near 0 can have a jackknife
        // error far above the values themselves, and the band then runs off the axis (cut at its edges)
        double[] range = Axes.paddedRange(ys, log);
        if (range == null) {
            c.noData("no finite values");
            return;
        }
        c.yAxis(range, log);
        if (se != null) {
            for (int i = 0; i < lower.length; i++) {
                lower[i] = Math.min(Math.max(lower[i], range[0]), range[1]);
                upper[i] = Math.min(Math.max(upper[i], range[0]), range[1]);
            }
            axis.band(c, ProbeMomentsFigure.BAND, lower, upper, Palette.translucent(colour, 70), log);
        }
        if (trainedName != null) {
            axis.trainedReference(c, values[0], trainedName);
        }
        axis.line(c, name, atCutoffs, colour, Palette.SOLID, SeriesMarkers.CIRCLE, log);
    }
}
