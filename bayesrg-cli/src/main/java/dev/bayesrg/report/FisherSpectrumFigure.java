package dev.bayesrg.report;

import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The Fisher-diagonal spectrum: the distribution of Fᵢᵢ over every trainable parameter of the
 * members that did not diverge, in logarithmic bins as a share of all parameters, with the critical
 * cutoff marked — everything left of a cutoff ε is coarse grained at ε. Parameters with Fᵢᵢ = 0
 * cannot sit on the log axis and are counted in the legend.
 *
 * @param axis    the cutoffs and ε_c
 * @param members the Fisher diagonals and which members diverged
 */
record FisherSpectrumFigure(CutoffAxis axis, MemberArrays members) {
    static final String NAME = "fisher_spectrum";
    private static final Color FILL = Palette.translucent(Palette.BLUE, 110);

    FigureFile draw() {
        Plot c = new Plot(
                "Fisher-diagonal spectrum", "Fisher diagonal Fᵢᵢ  (log scale)", "share of parameters per bin (%)");
        boolean[] diverged = members.diverged();
        double[][] fisher = members.fisher();
        int rows = Math.min(members.size(), fisher.length);
        long total = 0;
        long zeros = 0;
        // primitive, not boxed: the spectrum has members × parameters values (a million by default)
        int capacity = 0;
        for (int m = 0; m < rows; m++) {
            capacity += diverged[m] ? 0 : fisher[m].length;
        }
        double[] logs = new double[capacity];
        int count = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        // one plain pass (no streams): a report is drawn in a cold JVM, where every pass over a million counts
        for (int m = 0; m < rows; m++) {
            if (diverged[m]) {
                continue;
            }
            for (double v : fisher[m]) {
                if (!Double.isFinite(v)) {
                    continue;
                }
                total++;
                if (v > 0) {
                    double l = Math.log10(v);
                    logs[count++] = l;
                    lo = Math.min(lo, l);
                    hi = Math.max(hi, l);
                } else {
                    zeros++;
                }
            }
        }
        if (count == 0) {
            c.noData(total == 0 ? "no member left: all diverged" : "every Fᵢᵢ is 0");
        } else {
            double[] lv = count == logs.length ? logs : Arrays.copyOf(logs, count);
            if (hi - lo < 1e-9) {
                lo -= 0.5;
                hi += 0.5;
            }
            int bins = Math.max(10, Math.min(60, (int) Math.ceil((hi - lo) * 6)));
            Stats.Histogram h = Stats.histogram(lv, lo, hi, bins);
            double[] xs = new double[2 * bins + 2];
            double[] ys = new double[2 * bins + 2];
            double top = 0;
            for (int i = 0; i < bins; i++) {
                double share = 100.0 * h.counts()[i] / total;
                top = Math.max(top, share);
                xs[2 * i + 1] = Math.pow(10, h.edges()[i]);
                xs[2 * i + 2] = Math.pow(10, h.edges()[i + 1]);
                ys[2 * i + 1] = share;
                ys[2 * i + 2] = share;
            }
            xs[0] = Math.pow(10, lo);
            xs[2 * bins + 1] = Math.pow(10, hi);
            XYStyler s = c.getStyler();
            s.setXAxisLogarithmic(true);
            s.setXAxisMin(Math.pow(10, lo - 0.1));
            s.setXAxisMax(Math.pow(10, hi + 0.1));
            s.setXAxisLogarithmicDecadeOnly(true);
            c.setCustomXAxisTickLabelsFormatter(Axes.decades(lo - 0.1, hi + 0.1));
            s.setYAxisMin(0.0);
            s.setYAxisMax(Axes.headroom(top));
            c.filled("Fᵢᵢ > 0 (" + (total - zeros) + " of " + total + ")", xs, ys, Palette.BLUE, Palette.THIN, FILL);
            if (zeros > 0) {
                XYSeries z = c.addSeries(
                        "Fᵢᵢ = 0: " + Format.percent(100.0 * zeros / total) + " (not on the axis)",
                        new double[] {xs[0]},
                        new double[] {0.0});
                z.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
                z.setMarker(SeriesMarkers.NONE);
                z.setLineColor(Color.WHITE);
                z.setMarkerColor(Color.WHITE);
            }
            if (axis.onFisherDiagonal()) {
                // on a relative scale ε_c is a number c, each member's ε another value of Fᵢᵢ
                axis.criticalLine(c, new double[] {0, Axes.headroom(top)});
            }
            s.setLegendPosition(LegendPosition.InsideNW);
        }
        return new FigureFile(
                NAME,
                "Fisher-diagonal spectrum",
                "Distribution of the Fisher diagonal Fᵢᵢ over every trainable parameter of the members that did not"
                        + " diverge, in logarithmic bins (share of all parameters per bin); parameters with Fᵢᵢ = 0"
                        + " (e.g. read-out weights of dead ReLU units) are counted in the legend. Everything left"
                        + " of a cutoff ε is coarse grained at ε"
                        + (axis.onFisherDiagonal()
                                ? "."
                                : "; the cutoffs are relative to each member's own Fᵢᵢ (brg.cutoffScale "
                                        + axis.scale().id() + "), so ε_c is not a line on this axis."),
                List.of(c));
    }
}
