package dev.bayesrg.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The training loss of every member against the epoch, with the median over the members that did
 * not diverge; diverged members are drawn in red up to their last recorded loss, marked ×.
 *
 * @param members   the loss curves and which members diverged
 * @param lossEvery epochs between the points of a loss curve
 * @param loss      what the training loss is ({@code train.loss})
 */
record TrainingLossFigure(MemberArrays members, int lossEvery, LossLabel loss) {
    static final String NAME = "training_loss";
    /** At most this many members' training curves are drawn (all of them enter the median). */
    static final int MAX_CURVES = 50;

    /** The figure of a squared error. */
    TrainingLossFigure(MemberArrays members, int lossEvery) {
        this(members, lossEvery, LossLabel.MSE);
    }

    FigureFile draw() {
        Plot c = new Plot("Training loss", "training epoch", loss.training());
        boolean[] diverged = members.diverged();
        double[][] curves = members.lossCurves();
        int rows = Math.min(members.size(), curves.length);
        int points = rows == 0 ? 0 : curves[0].length;
        List<Double> all = new ArrayList<>();
        for (int m = 0; m < rows; m++) {
            for (double v : curves[m]) {
                all.add(v);
            }
        }
        boolean logY = all.stream().filter(Double::isFinite).allMatch(v -> v > 0) && Axes.wantsLog(all);
        double[] yRange = Axes.paddedRange(all, logY);
        if (yRange == null || points == 0) {
            c.noData("no training loss recorded");
        } else {
            c.yAxis(yRange, logY);
            if (logY) {
                c.setYAxisTitle(loss.training() + "  (log scale)");
            }
            XYStyler s = c.getStyler();
            s.setXAxisMin(0.0);
            s.setXAxisMax((double) (points - 1) * lossEvery);
            double[] epochs = new double[points];
            for (int i = 0; i < points; i++) {
                epochs[i] = (double) i * lossEvery;
            }
            int used = members.used();
            // few curves are drawn opaque, many translucent so that their density shows
            Color okColour = Palette.translucent(Palette.SKY, used <= 10 ? 230 : used <= 40 ? 160 : 110);
            Color badColour = Palette.translucent(Palette.VERMILLION, 200);
            int drawnOk = 0;
            int drawnBad = 0;
            List<double[]> ends = new ArrayList<>();
            for (int m = 0; m < rows; m++) {
                boolean bad = diverged[m];
                if (bad ? drawnBad >= MAX_CURVES : drawnOk >= MAX_CURVES) {
                    continue;
                }
                boolean first = bad ? drawnBad++ == 0 : drawnOk++ == 0;
                XYSeries curve = c.line(
                        first && !bad ? "members" : "member " + m,
                        epochs,
                        curves[m],
                        bad ? badColour : okColour,
                        bad || used <= 10 ? Palette.THIN : Palette.HAIR,
                        SeriesMarkers.NONE,
                        logY);
                if (curve != null) {
                    curve.setShowInLegend(first && !bad);
                }
                if (bad) {
                    // where the loss was last seen finite (and, on a log axis, positive)
                    for (int i = points - 1; i >= 0; i--) {
                        double v = curves[m][i];
                        if (Double.isFinite(v) && (!logY || v > 0)) {
                            ends.add(new double[] {epochs[i], v});
                            break;
                        }
                    }
                }
            }
            if (!ends.isEmpty()) {
                XYSeries x = c.addSeries(
                        "diverged (" + (members.size() - used) + "): last recorded loss",
                        ends.stream().mapToDouble(e -> e[0]).toArray(),
                        ends.stream().mapToDouble(e -> e[1]).toArray());
                x.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
                x.setMarker(SeriesMarkers.CROSS);
                x.setMarkerColor(Palette.VERMILLION);
            }
            c.unevenTicks(epochs[0], epochs[points - 1], yRange[1]);
            c.line(
                    "median (" + used + " members)",
                    epochs,
                    median(curves, diverged, rows, points),
                    Palette.BLACK,
                    Palette.SOLID,
                    SeriesMarkers.NONE,
                    logY);
            s.setLegendPosition(LegendPosition.InsideNE);
        }
        String shown = rows > MAX_CURVES ? " The first " + MAX_CURVES + " of " + rows + " members are drawn;" : "";
        return new FigureFile(
                NAME,
                "Training loss",
                "Training " + loss.word() + loss.named() + " every " + lossEvery
                        + " epochs for each member and the median over the members"
                        + " that did not diverge; diverged members are drawn in red up to their last recorded loss,"
                        + " marked ×."
                        + shown,
                List.of(c));
    }

    /** The median at each recorded epoch over the members that did not diverge (finite values only). */
    private static double[] median(double[][] curves, boolean[] diverged, int rows, int points) {
        double[] median = new double[points];
        for (int i = 0; i < points; i++) {
            double[] at = new double[rows];
            int n = 0;
            for (int m = 0; m < rows; m++) {
                double v = curves[m][i];
                if (!diverged[m] && Double.isFinite(v)) {
                    at[n++] = v;
                }
            }
            median[i] = Stats.quantile(Arrays.copyOf(at, n), 0.5);
        }
        return median;
    }
}
