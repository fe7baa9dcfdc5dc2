package dev.bayesrg.report;

import dev.bayesrg.run.GeometryStatistics;
import dev.bayesrg.run.NnftFile;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What a cutoff means (arXiv:2405.17538, eqs. 51–52): the relative entropy each cutoff is predicted
 * to cost a member, D_KL ≈ ½ δθᵀ F δθ with the whole Fisher metric and with its diagonal (medians over
 * the members that measured the geometry), beside the relative entropy the ensemble actually lost on
 * the nnft mesh, the KL divergence of each entry's Gaussian part from the trained ensemble's.
 *
 * @param axis     the cutoffs and ε_c
 * @param geometry the ensemble's geometry medians
 * @param nnft     nnft/snapshots.json, or null if the run has none
 */
record RelativeEntropyFigure(CutoffAxis axis, GeometryStatistics geometry, NnftFile nnft) {
    static final String NAME = "relative_entropy";

    FigureFile draw() {
        Plot c = new Plot("Relative entropy of the coarse graining", axis.title(), "relative entropy  (nats)");
        double[] predicted = column(GeometryStatistics.Row::predictedKl);
        double[] diagonal = column(GeometryStatistics.Row::predictedKlDiagonal);
        double[] measured = CutoffAxis.atCutoffs(Snapshots.perEntry(nnft, axis, NnftFile.Snapshot::klToTrained));
        List<Double> ys = Axes.values(predicted, diagonal, measured);
        boolean log = Axes.wantsLog(ys);
        double[] range = Axes.paddedRange(ys, log);
        if (range == null) {
            c.noData("no member measured the geometry and no field theory was recorded");
        } else {
            c.yAxis(range, log);
            axis.line(
                    c,
                    "predicted ½ δθᵀFδθ (median)",
                    predicted,
                    Palette.BLUE,
                    Palette.SOLID,
                    SeriesMarkers.CIRCLE,
                    log);
            axis.line(
                    c,
                    "diagonal approximation ½ Σ Fᵢᵢ δθᵢ² (median)",
                    diagonal,
                    Palette.ORANGE,
                    Palette.DASHED,
                    SeriesMarkers.DIAMOND,
                    log);
            axis.line(
                    c,
                    "ensemble, mesh: Gaussian-part KL",
                    measured,
                    Palette.GREEN,
                    Palette.DOTTED,
                    SeriesMarkers.SQUARE,
                    log);
            axis.criticalLine(c, range);
            c.getStyler().setLegendPosition(LegendPosition.InsideNW);
        }
        return new FigureFile(
                NAME,
                "Relative entropy of the coarse graining",
                "Blue and orange: the relative entropy a cutoff is predicted to cost a member, D_KL ≈ ½ δθᵀFδθ"
                        + " (eqs. 51–52) with the whole Fisher metric and with its diagonal, δθ the change the flow"
                        + " made to the trained parameters (medians over the members that measured the geometry)."
                        + " Green: what the ensemble lost on the nnft mesh ("
                        + Snapshots.meshText(nnft) + "), the KL divergence of each entry's Gaussian part from the"
                        + " trained ensemble's. The first two are per member, the last is between ensembles.",
                List.of(c));
    }

    private double[] column(java.util.function.ToDoubleFunction<GeometryStatistics.Row> value) {
        double[] v = geometry.column(value);
        if (v.length == axis.cutoffs().length) {
            return v;
        }
        double[] none = new double[axis.cutoffs().length];
        Arrays.fill(none, Double.NaN);
        return none;
    }
}
