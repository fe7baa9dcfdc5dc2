package dev.bayesrg.report;

import dev.bayesrg.run.FlowEntry;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The sloppy fraction along the flow: the share of the trainable parameters whose Fisher diagonal
 * lies below the cutoff, #{i : Fᵢᵢ &lt; ε} / N, averaged over the members that did not diverge.
 *
 * @param axis the cutoffs and ε_c
 * @param flow flow.csv, entry 0 the trained ensemble
 */
record SloppyFractionFigure(CutoffAxis axis, List<FlowEntry> flow) {
    static final String NAME = "sloppy_fraction";

    FigureFile draw() {
        Plot c = new Plot("Coarse-grained share of the parameters", axis.title(), axis.sloppyFraction());
        double[] f = CutoffAxis.atCutoffs(CutoffAxis.perEntry(flow, FlowEntry::sloppyFraction));
        if (Arrays.stream(f).noneMatch(Double::isFinite)) {
            c.noData("no member left: all diverged");
        } else {
            c.getStyler().setYAxisMin(0.0);
            c.getStyler().setYAxisMax(1.05);
            axis.line(
                    c,
                    "fraction of parameters coarse grained",
                    f,
                    Palette.BLUE,
                    Palette.SOLID,
                    SeriesMarkers.CIRCLE,
                    false);
            axis.criticalLine(c, new double[] {0.0, 1.05});
            c.getStyler().setLegendPosition(LegendPosition.InsideNW);
        }
        return new FigureFile(
                NAME,
                "Sloppy fraction against the cutoff",
                "Fraction of the trainable parameters (averaged over the members that did not diverge) whose Fisher"
                        + " diagonal lies below the cutoff, i.e. that are coarse grained at ε.",
                List.of(c));
    }
}
