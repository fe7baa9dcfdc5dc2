package dev.bayesrg.report;

import dev.bayesrg.run.FlowEntry;
import java.util.List;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's Figure 11: the sampled one- and two-point functions at the probe along the flow —
 * (a) the ensemble variance v̂(ε) = Var_α f_α(x*), (b) the ensemble mean m̂(ε) with the true value
 * y(x*) — against the trained ensemble and the critical cutoff.
 *
 * @param axis  the cutoffs and ε_c
 * @param probe x* and y(x*)
 * @param flow  flow.csv, entry 0 the trained ensemble
 */
record ProbeMomentsFigure(CutoffAxis axis, Probe probe, List<FlowEntry> flow) {
    static final String NAME = "fig11_probe_mean_variance";

    FigureFile draw() {
        double[] mean = CutoffAxis.perEntry(flow, FlowEntry::probeMean);
        double[] var = CutoffAxis.perEntry(flow, FlowEntry::probeVariance);
        Plot top = new Plot("(a) variance of f(x*)", null, "Var f(x*)");
        Plot bottom = new Plot("(b) mean of f(x*)", axis.title(), "mean f(x*)");
        for (Plot c : List.of(top, bottom)) {
            c.stacked();
            c.getStyler().setLegendPosition(LegendPosition.InsideNW);
        }
        List<Double> vs = Axes.values(var);
        boolean logVar = Axes.wantsLog(vs);
        double[] vRange = Axes.paddedRange(vs, logVar);
        if (vRange == null) {
            top.noData("no variance: fewer than two members");
        } else {
            top.yAxis(vRange, logVar);
            axis.trainedReference(top, var[0], "trained");
            axis.line(
                    top,
                    "v̂(ε)",
                    CutoffAxis.atCutoffs(var),
                    Palette.PURPLE,
                    Palette.SOLID,
                    SeriesMarkers.CIRCLE,
                    logVar);
            axis.criticalLine(top, vRange);
        }
        List<Double> ms = Axes.values(mean);
        boolean anyMean = ms.stream().anyMatch(Double::isFinite);
        if (probe.target() != null) {
            ms.add(probe.target());
        }
        double[] mRange = Axes.paddedRange(ms, false);
        if (!anyMean || mRange == null) {
            bottom.noData("no member left: all diverged");
        } else {
            bottom.getStyler().setYAxisMin(mRange[0]);
            bottom.getStyler().setYAxisMax(mRange[1]);
            axis.trainedReference(bottom, mean[0], "trained");
            if (probe.target() != null) {
                bottom.horizontal(
                        "y(x*) = " + Format.number(probe.target()), probe.target(), Palette.BLACK, Palette.DASHED);
            }
            axis.line(
                    bottom,
                    "m̂(ε)",
                    CutoffAxis.atCutoffs(mean),
                    Palette.GREEN,
                    Palette.SOLID,
                    SeriesMarkers.CIRCLE,
                    false);
            axis.criticalLine(bottom, mRange);
        }
        return new FigureFile(
                NAME,
                "Fig. 11 — probe mean and variance against the cutoff",
                "The sampled one- and two-point functions at the probe " + probe.text() + ": (a) the ensemble"
                        + " variance v̂(ε) = Var_α f_α(x*) (normalised by |B| − 1), (b) the ensemble mean m̂(ε) with"
                        + " the true value y(x*). Dotted lines: the trained ensemble; vertical line: the critical"
                        + " cutoff ε_c.",
                List.of(top, bottom));
    }
}
