package dev.bayesrg.report;

import dev.bayesrg.run.CriticalInterval;
import dev.bayesrg.run.FlowEntry;
import java.util.List;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's Figure 9: the ensemble's test MSE after coarse graining at each cutoff — median with
 * its interquartile band, and mean — against the trained ensemble and the critical cutoff ε_c, where
 * the median first exceeds {@code criticalFactor} times the trained ensemble's, with its bootstrap
 * interval over members.
 *
 * @param axis           the cutoffs and ε_c
 * @param flow           flow.csv, entry 0 the trained ensemble
 * @param criticalFactor brg.criticalFactor, which defines ε_c
 * @param interval       the bootstrap interval of ε_c, or null (a run written before it existed)
 * @param loss           what the test loss is ({@code train.loss})
 */
record LossVsCutoffFigure(
        CutoffAxis axis, List<FlowEntry> flow, double criticalFactor, CriticalInterval interval, LossLabel loss) {
    static final String NAME = "fig9_loss_vs_cutoff";
    static final String Y_AXIS = "test MSE  ⟨(f(x) − y(x))²⟩";
    /** The y axis of a test loss other than the squared error. */
    static final String Y_AXIS_LOSS = "test loss  ⟨ℓ(f(x), y)⟩";

    /** The figure of a squared error without an interval of ε_c. */
    LossVsCutoffFigure(CutoffAxis axis, List<FlowEntry> flow, double criticalFactor) {
        this(axis, flow, criticalFactor, null);
    }

    /** The figure of a squared error. */
    LossVsCutoffFigure(CutoffAxis axis, List<FlowEntry> flow, double criticalFactor, CriticalInterval interval) {
        this(axis, flow, criticalFactor, interval, LossLabel.MSE);
    }

    /** The y axis of a test loss: {@link #Y_AXIS} for the squared error, else {@link #Y_AXIS_LOSS}. */
    static String yAxis(LossLabel loss) {
        return loss.mse() ? Y_AXIS : Y_AXIS_LOSS;
    }

    FigureFile draw() {
        String yAxis = yAxis(loss);
        Plot c = new Plot("Test loss along the BRG flow", axis.title(), yAxis);
        double[] median = CutoffAxis.perEntry(flow, FlowEntry::testMseMedian);
        double[] mean = CutoffAxis.perEntry(flow, FlowEntry::testMseMean);
        double[] q25 = CutoffAxis.perEntry(flow, FlowEntry::testMseQ25);
        double[] q75 = CutoffAxis.perEntry(flow, FlowEntry::testMseQ75);
        List<Double> ys = Axes.values(median, mean, q25, q75);
        boolean logY = Axes.wantsLog(ys);
        double[] yRange = Axes.paddedRange(ys, logY);
        if (yRange == null) {
            c.noData("no member left: all diverged");
        } else {
            c.yAxis(yRange, logY);
            if (logY) {
                c.setYAxisTitle(yAxis + "  (log scale)");
            }
            axis.band(
                    c,
                    "interquartile range",
                    CutoffAxis.atCutoffs(q25),
                    CutoffAxis.atCutoffs(q75),
                    Palette.translucent(Palette.SKY, 90),
                    logY);
            axis.trainedReference(c, median[0], "trained ensemble (median)");
            axis.line(
                    c, "median", CutoffAxis.atCutoffs(median), Palette.BLUE, Palette.SOLID, SeriesMarkers.CIRCLE, logY);
            axis.line(
                    c, "mean", CutoffAxis.atCutoffs(mean), Palette.ORANGE, Palette.DASHED, SeriesMarkers.DIAMOND, logY);
            axis.criticalInterval(c, interval, yRange);
            axis.criticalLine(c, yRange);
            c.getStyler().setLegendPosition(LegendPosition.InsideNW);
        }
        return new FigureFile(
                NAME,
                "Fig. 9 — test loss against the cutoff",
                "Ensemble " + loss.test() + loss.named()
                        + " after coarse graining every parameter with Fᵢᵢ < ε: median over the members that"
                        + " did not diverge with its interquartile band, and the mean. The dotted line is the trained,"
                        + " un-renormalized ensemble (flow entry 0, no cutoff); the vertical line marks the critical"
                        + " cutoff ε_c, where the median first exceeds " + Format.number(criticalFactor)
                        + " times the trained ensemble's"
                        + (interval == null || (interval.lower() == null && interval.upper() == null)
                                ? "."
                                : ", and the shaded band its " + Format.percent(100 * CriticalInterval.LEVEL)
                                        + " bootstrap interval over members (" + interval.resamples()
                                        + " resamples of the members; a bound beyond the last cutoff is drawn to the"
                                        + " axis' end)."),
                List.of(c));
    }
}
