package dev.bayesrg.report;

import dev.bayesrg.run.FlowEntry;
import dev.bayesrg.run.FlowStatistics;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's Figure 11: the sampled one- and two-point functions at the probe along the flow —
 * (a) the ensemble variance v̂(ε) = Var_α f_α(x*), (b) the ensemble mean m̂(ε) with the true value
 * y(x*) — against the trained ensemble and the critical cutoff, each with a band of ± 1 standard
 * error over the members ({@link FlowStatistics#meanStandardError},
 * {@link FlowStatistics#varianceStandardError}).
 *
 * @param axis    the cutoffs and ε_c
 * @param probe   x* and y(x*)
 * @param flow    flow.csv, entry 0 the trained ensemble
 * @param members the members' probe outputs for the standard errors, or null to draw no bands
 */
record ProbeMomentsFigure(CutoffAxis axis, Probe probe, List<FlowEntry> flow, MemberArrays members) {
    static final String NAME = "fig11_probe_mean_variance";

    /** The legend entry of a band: how many standard errors it spans. */
    static final String BAND = "± 1 s.e.";

    /** The figure without standard errors. */
    ProbeMomentsFigure(CutoffAxis axis, Probe probe, List<FlowEntry> flow) {
        this(axis, probe, flow, null);
    }

    FigureFile draw() {
        double[] mean = CutoffAxis.perEntry(flow, FlowEntry::probeMean);
        double[] var = CutoffAxis.perEntry(flow, FlowEntry::probeVariance);
        double[] meanSe = standardErrors(FlowStatistics::meanStandardError, mean.length);
        double[] varSe = standardErrors(FlowStatistics::varianceStandardError, var.length);
        double[] meanLo = shifted(mean, meanSe, -1);
        double[] meanHi = shifted(mean, meanSe, 1);
        double[] varLo = shifted(var, varSe, -1);
        double[] varHi = shifted(var, varSe, 1);
        Plot top = new Plot("(a) variance of f(x*)", null, "Var f(x*)");
        Plot bottom = new Plot("(b) mean of f(x*)", axis.title(), "mean f(x*)");
        for (Plot c : List.of(top, bottom)) {
            c.stacked();
            c.getStyler().setLegendPosition(LegendPosition.InsideNW);
        }
        List<Double> vs = Axes.values(var);
        boolean logVar = Axes.wantsLog(vs);
        List<Double> vBand = Axes.values(var, CutoffAxis.atCutoffs(varHi));
        if (!logVar) {
            vBand.addAll(Axes.values(CutoffAxis.atCutoffs(varLo)));
        }
        double[] vRange = Axes.paddedRange(vBand, logVar);
        if (vRange == null) {
            top.noData("no variance: fewer than two members");
        } else {
            top.yAxis(vRange, logVar);
            if (logVar) {
                // a band reaching below zero runs off the bottom of a log axis
                for (int k = 0; k < varLo.length; k++) {
                    varLo[k] = Math.max(varLo[k], vRange[0]);
                }
            }
            axis.band(
                    top,
                    BAND,
                    CutoffAxis.atCutoffs(varLo),
                    CutoffAxis.atCutoffs(varHi),
                    Palette.translucent(Palette.PURPLE, 70),
                    logVar);
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
        ms.addAll(Axes.values(CutoffAxis.atCutoffs(meanLo), CutoffAxis.atCutoffs(meanHi)));
        double[] mRange = Axes.paddedRange(ms, false);
        if (!anyMean || mRange == null) {
            bottom.noData("no member left: all diverged");
        } else {
            bottom.getStyler().setYAxisMin(mRange[0]);
            bottom.getStyler().setYAxisMax(mRange[1]);
            axis.band(
                    bottom,
                    BAND,
                    CutoffAxis.atCutoffs(meanLo),
                    CutoffAxis.atCutoffs(meanHi),
                    Palette.translucent(Palette.GREEN, 70),
                    false);
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
                        + " the true value y(x*)"
                        + (members == null
                                ? ""
                                : ", each with a shaded band of ± 1 standard error over the members (s/√|B| for"
                                        + " the mean, the exact sampling error of the unbiased variance with the"
                                        + " sample's fourth moment for the variance): a wiggle inside the band is"
                                        + " noise")
                        + ". Dotted lines: the trained ensemble; vertical line: the critical cutoff ε_c.",
                List.of(top, bottom));
    }

    /** A standard error of the members' probe outputs at every flow entry (NaN without members). */
    private double[] standardErrors(ToDoubleFunction<double[]> se, int entries) {
        double[] out = new double[entries];
        for (int k = 0; k < entries; k++) {
            out[k] = members == null ? Double.NaN : se.applyAsDouble(members.probeAt(k));
        }
        return out;
    }

    /** value + sign × error, entry by entry. */
    private static double[] shifted(double[] value, double[] error, int sign) {
        double[] out = new double[value.length];
        for (int k = 0; k < value.length; k++) {
            out[k] = value[k] + sign * error[k];
        }
        return out;
    }
}
