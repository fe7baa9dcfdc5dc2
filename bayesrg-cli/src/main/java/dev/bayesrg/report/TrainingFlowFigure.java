package dev.bayesrg.report;

import dev.bayesrg.run.TrainingFlowStatistics;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The Bayesian RG flow during training ({@code brg.duringTraining}): against the training epoch,
 * (a) the critical cutoff ε_c(t) of the flow from θ_t, measured against θ_t itself, and (b) the
 * median rank correlation of the Fisher diagonal at θ_t with the trained one. The paper's claim that
 * the relevant parameters are told apart only near the end of training (arXiv:2405.17538, Sec. 4.2)
 * reads off where the two settle.
 *
 * @param axis     the schedule's cutoffs (the y axis of panel a) and what they measure
 * @param training training_flow.csv's rows, from the members' files
 * @param factor   {@code brg.criticalFactor}, for the legend
 * @param loss     what the test loss is ({@code train.loss})
 */
record TrainingFlowFigure(CutoffAxis axis, TrainingFlowStatistics training, double factor, LossLabel loss) {
    static final String NAME = "training_flow";
    static final String CRITICAL = "ε_c(t)";
    static final String RANK = "median Spearman ρ(Fᵢᵢ(θ_t), Fᵢᵢ(θ_T))";

    /** The figure of a squared error. */
    TrainingFlowFigure(CutoffAxis axis, TrainingFlowStatistics training, double factor) {
        this(axis, training, factor, LossLabel.MSE);
    }

    /** The legend of the checkpoints whose median test loss never crosses: drawn just above the last cutoff. */
    String beyond() {
        return "none: median never above " + Format.number(factor) + "× θ_t's";
    }

    FigureFile draw() {
        Plot top = new Plot("(a) critical cutoff of the flow from θ_t", null, axis.title());
        Plot bottom =
                new Plot("(b) Fisher diagonal at θ_t against the trained one", "training epoch", "rank correlation");
        top.stacked();
        bottom.stacked();
        List<TrainingFlowStatistics.Row> rows = training.checkpoints();
        double[] epochs =
                rows.stream().mapToDouble(TrainingFlowStatistics.Row::epoch).toArray();
        if (training.members() == 0 || rows.isEmpty()) {
            top.noData("no member left: all diverged");
            bottom.noData("no member left: all diverged");
        } else {
            critical(top, rows, epochs);
            rank(bottom, rows, epochs);
        }
        return new FigureFile(
                NAME,
                "The flow during training",
                "At every training checkpoint θ_t (epochs 0, k, 2k, …, T; k = nnft.snapshotEvery), each member"
                        + " is coarse grained along its own cutoffs by the Fisher metric at θ_t: (a) the critical"
                        + " cutoff ε_c(t), the smallest cutoff whose median " + loss.test() + loss.named()
                        + " exceeds "
                        + Format.number(factor) + "× that of θ_t itself (checkpoints where none does are drawn"
                        + " above the last cutoff); (b) the median over members of Spearman's rank correlation"
                        + " between the Fisher diagonal at θ_t and at the trained θ_T. Medians over the "
                        + training.members() + " members that did not diverge; the numbers are training_flow.csv.",
                List.of(top, bottom));
    }

    private void critical(Plot p, List<TrainingFlowStatistics.Row> rows, double[] epochs) {
        boolean log = axis.logarithmic();
        double lo = axis.cutoffs()[0];
        double hi = axis.last();
        double pad = log ? Math.pow(10, 0.25) : hi > lo ? 0.06 * (hi - lo) : Math.max(1, Math.abs(hi)) * 0.5;
        double above = log ? hi * pad : hi + pad;
        p.yAxis(log ? new double[] {lo / pad, above * pad} : new double[] {lo - pad, above + pad}, log);
        xAxis(p, epochs, above);
        double[] crossing = new double[rows.size()];
        List<Double> noneAt = new ArrayList<>();
        for (int c = 0; c < rows.size(); c++) {
            Double eps = rows.get(c).criticalCutoff();
            crossing[c] = eps == null ? Double.NaN : eps;
            if (eps == null) {
                noneAt.add(epochs[c]);
            }
        }
        p.line(CRITICAL, epochs, crossing, Palette.VERMILLION, Palette.SOLID, SeriesMarkers.CIRCLE, log);
        if (!noneAt.isEmpty()) {
            double[] x = noneAt.stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = new double[x.length];
            java.util.Arrays.fill(y, above);
            XYSeries none = p.addSeries(beyond(), x, y);
            none.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            none.setMarker(SeriesMarkers.TRIANGLE_UP);
            none.setMarkerColor(Palette.GREY);
        }
        p.getStyler().setLegendPosition(legendPosition(epochs, crossing, above, lo, log));
    }

    /**
     * Where the legend of panel (a) covers nothing: top right if every point of the later half of
     * training (an ε_c, or a "none" mark at the top) lies in the lower half of the axis, else bottom
     * right.
     */
    static LegendPosition legendPosition(double[] epochs, double[] crossing, double top, double bottom, boolean log) {
        double middle = log ? Math.sqrt(top * bottom) : (top + bottom) / 2;
        double late = epochs[epochs.length - 1] / 2;
        for (int c = 0; c < epochs.length; c++) {
            if (epochs[c] >= late && (Double.isNaN(crossing[c]) || crossing[c] > middle)) {
                return LegendPosition.InsideSE;
            }
        }
        return LegendPosition.InsideNE;
    }

    private static void rank(Plot p, List<TrainingFlowStatistics.Row> rows, double[] epochs) {
        double[] rho = rows.stream()
                .mapToDouble(TrainingFlowStatistics.Row::fisherRank)
                .toArray();
        List<Double> values = Axes.values(rho);
        values.add(1.0);
        double[] range = Axes.paddedRange(values, false);
        if (java.util.Arrays.stream(rho).noneMatch(Double::isFinite)) {
            p.noData("no rank correlation: every Fisher diagonal constant");
            return;
        }
        p.yAxis(new double[] {range[0], Math.max(range[1], 1.05)}, false);
        xAxis(p, epochs, 1.0);
        p.horizontal("ρ = 1: the trained ranking", 1.0, Palette.GREY, Palette.DOTTED);
        p.line(RANK, epochs, rho, Palette.BLUE, Palette.SOLID, SeriesMarkers.CIRCLE, false);
        p.getStyler().setLegendPosition(LegendPosition.InsideSE);
    }

    /** The epochs from 0 to T with a little margin, and ordinary ticks (y: a height on the plot). */
    private static void xAxis(Plot p, double[] epochs, double y) {
        double last = epochs[epochs.length - 1];
        double pad = Math.max(1, 0.04 * last);
        p.getStyler().setXAxisMin(-pad);
        p.getStyler().setXAxisMax(last + pad);
        p.unevenTicks(-pad, last + pad, y);
    }
}
