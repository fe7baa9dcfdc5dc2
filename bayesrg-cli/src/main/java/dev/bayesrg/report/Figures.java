package dev.bayesrg.report;

import dev.bayesrg.brg.FlowEntries;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's figures, drawn from a {@link RunData}: the paper's Figures 8–11 and the sloppy
 * fraction, Fisher spectrum and training-loss diagnostics. Every figure is 640×480 (single-column
 * size) with fonts of 13–16 px; every chart renders even when a run has a single cutoff, no
 * critical cutoff, or no member left after divergence.
 */
final class Figures {
    static final int WIDTH = 640;
    static final int HEIGHT = 480;

    static final String FIG8 = "fig8_probe_trained";
    static final String FIG9 = "fig9_loss_vs_cutoff";
    static final String FIG10 = "fig10_probe_around_critical";
    static final String FIG11 = "fig11_probe_mean_variance";
    static final String SLOPPY = "sloppy_fraction";
    static final String FISHER = "fisher_spectrum";
    static final String TRAINING = "training_loss";
    /** Every figure, in the report's order. */
    static final List<String> NAMES = List.of(
            FIG8,
            FIG9,
            FIG10,
            FIG11,
            SLOPPY,
            FISHER,
            TRAINING,
            NnftFigures.NON_GAUSSIANITY,
            NnftFigures.KERNELS,
            NnftFigures.CORRESPONDENCE);

    // Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
    static final Color BLUE = new Color(0x0072B2);
    static final Color SKY = new Color(0x56B4E9);
    static final Color ORANGE = new Color(0xE69F00);
    static final Color VERMILLION = new Color(0xD55E00);
    static final Color GREEN = new Color(0x009E73);
    static final Color PURPLE = new Color(0xCC79A7);
    static final Color GREY = new Color(0x555555);
    static final Color BLACK = Color.BLACK;

    private static final String FONT = Font.SANS_SERIF;
    static final BasicStroke SOLID = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke THIN = new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke HAIR = new BasicStroke(0.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke DASHED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
    private static final BasicStroke DOTTED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2.5f, 4f}, 0f);
    /** At most this many members' training curves are drawn (all of them enter the median). */
    static final int MAX_CURVES = 50;

    static final String EPS_AXIS = "cutoff ε on Fᵢᵢ";
    static final String PROBE_AXIS = "f(x*)";

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final RunData run;
    /** The cutoffs as x coordinates and whether the x axis is logarithmic (all cutoffs positive). */
    private final boolean logX;

    private final String probeText;

    Figures(RunData run) {
        this.run = run;
        this.logX = Arrays.stream(run.cutoffs).allMatch(c -> c > 0);
        this.probeText = "x* = " + vector(run.probeInput);
    }

    /** A figure to draw: its name under figures/ and how to build it. */
    record Builder(String name, Supplier<FigureFile> build) {
        /** The figure, or a stand-in naming the error if building it failed. */
        FigureFile get() {
            try {
                return build.get();
            } catch (RuntimeException e) {
                return failed(name, name, e);
            }
        }
    }

    /** The figures drawn from the run's own files, in the order of {@link #NAMES}. */
    List<Builder> runFigures() {
        return List.of(
                new Builder(FIG8, this::fig8),
                new Builder(FIG9, this::fig9),
                new Builder(FIG10, this::fig10),
                new Builder(FIG11, this::fig11),
                new Builder(SLOPPY, this::sloppy),
                new Builder(FISHER, this::fisher),
                new Builder(TRAINING, this::training));
    }

    /** The field-theory figures, from nnft/snapshots.json (null: the run has none), in the order of {@link #NAMES}. */
    List<Builder> nnftFigures(dev.bayesrg.run.NnftFile snapshots) {
        NnftFigures nnft = new NnftFigures(run, this, snapshots);
        return List.of(
                new Builder(NnftFigures.NON_GAUSSIANITY, nnft::nonGaussianity),
                new Builder(NnftFigures.KERNELS, nnft::kernels),
                new Builder(NnftFigures.CORRESPONDENCE, nnft::correspondence));
    }

    /**
     * A stand-in for a figure that could not be drawn, naming the error, so that one bad figure
     * never costs the report (or a finished run) the others.
     */
    static FigureFile failed(String name, String title, RuntimeException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        why = why.lines().findFirst().orElse(why);
        if (why.length() > 70) {
            why = why.substring(0, 67) + "...";
        }
        XYChart c = chart(title, "", "");
        noData(c, "could not draw: " + why);
        return new FigureFile(name, title, "This figure could not be drawn: " + e, WIDTH, HEIGHT, List.of(c));
    }

    // ------------------------------------------------------------------ Fig. 8

    FigureFile fig8() {
        XYChart c = chart(
                "Trained ensemble at " + probeText, PROBE_AXIS + "  (network output at the probe)", "members per bin");
        double[] v = run.probeAt(0);
        if (v.length == 0) {
            noData(c, "no member left: all diverged");
        } else {
            double[] range = symmetricRange(List.of(v));
            Stats.Histogram h = Stats.histogram(v, range[0], range[1], Stats.bins(v, range[1] - range[0]));
            histogram(c, "trained members (n = " + v.length + ")", v, h, BLUE);
            double top = gaussian(c, v, h, BLUE, "Gaussian fit");
            trueValue(c, Math.max(top, h.maxCount()));
            c.getStyler().setXAxisMin(range[0]);
            c.getStyler().setXAxisMax(range[1]);
            c.getStyler().setYAxisMin(0.0);
            c.getStyler().setYAxisMax(headroom(Math.max(top, h.maxCount())));
        }
        return new FigureFile(
                FIG8,
                "Fig. 8 — probe output of the trained ensemble",
                "Histogram over the " + v.length + " members that did not diverge of the network output f(x*) at the"
                        + " fixed probe " + probeText + " after training, before any coarse graining, with the"
                        + " maximum-likelihood Gaussian (sample mean, standard deviation with ddof 0) scaled to"
                        + " the counts and the true value y(x*) as a vertical line.",
                WIDTH,
                HEIGHT,
                List.of(c));
    }

    // ------------------------------------------------------------------ Fig. 9

    FigureFile fig9() {
        XYChart c = chart("Test loss along the BRG flow", epsAxis(), "test MSE  ⟨(f(x) − y(x))²⟩");
        double[] median = run.flow.column("test_mse_median");
        double[] mean = run.flow.column("test_mse_mean");
        double[] q25 = run.flow.column("test_mse_q25");
        double[] q75 = run.flow.column("test_mse_q75");
        List<Double> ys = new ArrayList<>();
        for (double[] col : List.of(median, mean, q25, q75)) {
            for (double y : col) {
                ys.add(y);
            }
        }
        boolean logY = wantsLog(ys);
        double[] yRange = paddedRange(ys, logY);
        if (yRange == null) {
            noData(c, "no member left: all diverged");
        } else {
            yAxis(c, yRange, logY);
            if (logY) {
                c.setYAxisTitle("test MSE  ⟨(f(x) − y(x))²⟩  (log scale)");
            }
            double[] x = run.cutoffs;
            band(c, "interquartile range", x, tail(q25), tail(q75), new Color(0x56, 0xB4, 0xE9, 90), logY);
            trainedReference(c, median[0], "trained ensemble (median)");
            line(c, "median", x, tail(median), BLUE, SOLID, SeriesMarkers.CIRCLE, logY);
            line(c, "mean", x, tail(mean), ORANGE, DASHED, SeriesMarkers.DIAMOND, logY);
            criticalLine(c, yRange);
            c.getStyler().setLegendPosition(LegendPosition.InsideNW);
        }
        return new FigureFile(
                FIG9,
                "Fig. 9 — test loss against the cutoff",
                "Ensemble test MSE after coarse graining every parameter with Fᵢᵢ < ε: median over the members that"
                        + " did not diverge with its interquartile band, and the mean. The dotted line is the trained,"
                        + " un-renormalized ensemble (flow entry 0, no cutoff); the vertical line marks the critical"
                        + " cutoff ε_c, where the median first exceeds " + factorText() + " times its value at the"
                        + " first cutoff.",
                WIDTH,
                HEIGHT,
                List.of(c));
    }

    // ------------------------------------------------------------------ Fig. 10

    FigureFile fig10() {
        int crit = run.criticalIndex();
        int above;
        int below;
        String title;
        String caption;
        if (crit >= 0) {
            above = crit + 1;
            below = crit;
            title = "Probe output on either side of ε_c = " + Format.cutoff(run.cutoffs[crit]);
            caption = "Histograms of f(x*) at the last entry below the critical cutoff ("
                    + entryName(below) + ") and at the critical cutoff ε_c = " + Format.cutoff(run.cutoffs[crit])
                    + ", each with its Gaussian fit, and the true value y(x*).";
        } else {
            above = run.cutoffs.length;
            below = 0;
            title = "No critical cutoff: trained vs ε = " + Format.cutoff(run.cutoffs[above - 1]);
            caption = "This run has no critical cutoff, so the histograms compare the trained ensemble with the"
                    + " largest cutoff ε = " + Format.cutoff(run.cutoffs[above - 1])
                    + ", each with its Gaussian fit, and the true value y(x*).";
        }
        XYChart c = chart(title, PROBE_AXIS + "  at " + probeText, "members per bin");
        double[] a = run.probeAt(below);
        double[] b = run.probeAt(above);
        if (a.length == 0 && b.length == 0) {
            noData(c, "no member left: all diverged");
        } else {
            double[] range = symmetricRange(List.of(a, b));
            double[] pooled = java.util.stream.DoubleStream.concat(Arrays.stream(a), Arrays.stream(b))
                    .toArray();
            int bins = Stats.bins(pooled, range[1] - range[0]);
            Stats.Histogram ha = Stats.histogram(a, range[0], range[1], bins);
            Stats.Histogram hb = Stats.histogram(b, range[0], range[1], bins);
            histogram(c, entryName(below), a, ha, BLUE);
            histogram(c, entryName(above) + (crit >= 0 ? " = ε_c" : ""), b, hb, VERMILLION);
            double top = Math.max(ha.maxCount(), hb.maxCount());
            top = Math.max(top, gaussian(c, a, ha, BLUE, "fit"));
            top = Math.max(top, gaussian(c, b, hb, VERMILLION, "fit"));
            trueValue(c, top);
            c.getStyler().setXAxisMin(range[0]);
            c.getStyler().setXAxisMax(range[1]);
            c.getStyler().setYAxisMin(0.0);
            c.getStyler().setYAxisMax(headroom(top));
        }
        return new FigureFile(
                FIG10, "Fig. 10 — probe output around the critical cutoff", caption, WIDTH, HEIGHT, List.of(c));
    }

    // ------------------------------------------------------------------ Fig. 11

    FigureFile fig11() {
        double[] mean = run.flow.column("probe_mean");
        double[] var = run.flow.column("probe_variance");
        XYChart top = chart("(a) variance of f(x*)", null, "Var f(x*)");
        XYChart bottom = chart("(b) mean of f(x*)", epsAxis(), "mean f(x*)");
        for (XYChart c : List.of(top, bottom)) {
            XYStyler s = c.getStyler();
            s.setChartTitleFont(new Font(FONT, Font.BOLD, 14));
            s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 14));
            s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 13));
            s.setLegendFont(new Font(FONT, Font.PLAIN, 12));
            s.setLegendPadding(4);
            s.setLegendPosition(LegendPosition.InsideNW);
            s.setYAxisLeftWidthHint(64);
        }
        List<Double> vs = boxed(var);
        boolean logVar = wantsLog(vs);
        double[] vRange = paddedRange(vs, logVar);
        if (vRange == null) {
            noData(top, "no variance: fewer than two members");
        } else {
            yAxis(top, vRange, logVar);
            trainedReference(top, var[0], "trained");
            line(top, "v̂(ε)", run.cutoffs, tail(var), PURPLE, SOLID, SeriesMarkers.CIRCLE, logVar);
            criticalLine(top, vRange);
        }
        List<Double> ms = boxed(mean);
        boolean anyMean = ms.stream().anyMatch(Double::isFinite);
        if (run.probeTarget != null) {
            ms.add(run.probeTarget);
        }
        double[] mRange = paddedRange(ms, false);
        if (!anyMean || mRange == null) {
            noData(bottom, "no member left: all diverged");
        } else {
            bottom.getStyler().setYAxisMin(mRange[0]);
            bottom.getStyler().setYAxisMax(mRange[1]);
            trainedReference(bottom, mean[0], "trained");
            if (run.probeTarget != null) {
                horizontal(bottom, "y(x*) = " + Format.number(run.probeTarget), run.probeTarget, BLACK, DASHED);
            }
            line(bottom, "m̂(ε)", run.cutoffs, tail(mean), GREEN, SOLID, SeriesMarkers.CIRCLE, false);
            criticalLine(bottom, mRange);
        }
        return new FigureFile(
                FIG11,
                "Fig. 11 — probe mean and variance against the cutoff",
                "The sampled one- and two-point functions at the probe " + probeText + ": (a) the ensemble variance"
                        + " v̂(ε) = Var_α f_α(x*) (normalised by |B| − 1), (b) the ensemble mean m̂(ε) with the true"
                        + " value y(x*). Dotted lines: the trained ensemble; vertical line: the critical cutoff ε_c.",
                WIDTH,
                HEIGHT,
                List.of(top, bottom));
    }

    // ------------------------------------------------------------------ sloppy fraction

    FigureFile sloppy() {
        XYChart c = chart("Coarse-grained share of the parameters", epsAxis(), "sloppy fraction  #{i : Fᵢᵢ < ε} / N");
        double[] f = run.flow.column("sloppy_fraction");
        if (Arrays.stream(tail(f)).noneMatch(Double::isFinite)) {
            noData(c, "no member left: all diverged");
        } else {
            c.getStyler().setYAxisMin(0.0);
            c.getStyler().setYAxisMax(1.05);
            line(
                    c,
                    "fraction of parameters coarse grained",
                    run.cutoffs,
                    tail(f),
                    BLUE,
                    SOLID,
                    SeriesMarkers.CIRCLE,
                    false);
            criticalLine(c, new double[] {0.0, 1.05});
            c.getStyler().setLegendPosition(LegendPosition.InsideNW);
        }
        return new FigureFile(
                SLOPPY,
                "Sloppy fraction against the cutoff",
                "Fraction of the trainable parameters (averaged over the members that did not diverge) whose Fisher"
                        + " diagonal lies below the cutoff, i.e. that are coarse grained at ε.",
                WIDTH,
                HEIGHT,
                List.of(c));
    }

    // ------------------------------------------------------------------ Fisher spectrum

    FigureFile fisher() {
        XYChart c = chart(
                "Fisher-diagonal spectrum", "Fisher diagonal Fᵢᵢ  (log scale)", "share of parameters per bin (%)");
        int rows = Math.min(run.members, run.fisher.length);
        long total = 0;
        long zeros = 0;
        // primitive, not boxed: the spectrum has members × parameters values (a million by default)
        int capacity = 0;
        for (int m = 0; m < rows; m++) {
            capacity += run.diverged[m] ? 0 : run.fisher[m].length;
        }
        double[] logs = new double[capacity];
        int count = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        // one plain pass (no streams): a report is drawn in a cold JVM, where every pass over a million counts
        for (int m = 0; m < rows; m++) {
            if (run.diverged[m]) {
                continue;
            }
            for (double v : run.fisher[m]) {
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
            noData(c, total == 0 ? "no member left: all diverged" : "every Fᵢᵢ is 0");
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
            c.setCustomXAxisTickLabelsFormatter(decades(lo - 0.1, hi + 0.1));
            s.setYAxisMin(0.0);
            s.setYAxisMax(headroom(top));
            String label = "Fᵢᵢ > 0 (" + (total - zeros) + " of " + total + ")";
            XYSeries poly = c.addSeries(label + " ", xs, ys);
            poly.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
            poly.setFillColor(new Color(0, 0x72, 0xB2, 110));
            poly.setLineColor(BLUE);
            poly.setLineStyle(THIN);
            poly.setMarker(SeriesMarkers.NONE);
            poly.setShowInLegend(false);
            swatch(c, label, new Color(0, 0x72, 0xB2, 110));
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
            int crit = run.criticalIndex();
            if (crit >= 0 && run.cutoffs[crit] > 0) {
                vertical(
                        c,
                        "ε_c = " + Format.cutoff(run.cutoffs[crit]),
                        run.cutoffs[crit],
                        new double[] {0, headroom(top)},
                        VERMILLION,
                        DASHED);
            }
            s.setLegendPosition(LegendPosition.InsideNW);
        }
        return new FigureFile(
                FISHER,
                "Fisher-diagonal spectrum",
                "Distribution of the Fisher diagonal Fᵢᵢ over every trainable parameter of the members that did not"
                        + " diverge, in logarithmic bins (share of all parameters per bin); parameters with Fᵢᵢ = 0"
                        + " (e.g. read-out weights of dead ReLU units) are counted in the legend. Everything left"
                        + " of a cutoff ε is coarse grained at ε.",
                WIDTH,
                HEIGHT,
                List.of(c));
    }

    // ------------------------------------------------------------------ training loss

    FigureFile training() {
        XYChart c = chart("Training loss", "training epoch", "training MSE");
        int rows = Math.min(run.members, run.lossCurves.length);
        int points = rows == 0 ? 0 : run.lossCurves[0].length;
        List<Double> all = new ArrayList<>();
        for (int m = 0; m < rows; m++) {
            for (double v : run.lossCurves[m]) {
                all.add(v);
            }
        }
        boolean logY = all.stream().filter(Double::isFinite).allMatch(v -> v > 0) && wantsLog(all);
        double[] yRange = paddedRange(all, logY);
        if (yRange == null || points == 0) {
            noData(c, "no training loss recorded");
        } else {
            yAxis(c, yRange, logY);
            if (logY) {
                c.setYAxisTitle("training MSE  (log scale)");
            }
            XYStyler s = c.getStyler();
            s.setXAxisMin(0.0);
            s.setXAxisMax((double) (points - 1) * run.lossEvery);
            double[] epochs = new double[points];
            for (int i = 0; i < points; i++) {
                epochs[i] = (double) i * run.lossEvery;
            }
            int used = run.usedMembers();
            // few curves are drawn opaque, many translucent so that their density shows
            Color okColour = new Color(0x56, 0xB4, 0xE9, used <= 10 ? 230 : used <= 40 ? 160 : 110);
            Color badColour = new Color(0xD5, 0x5E, 0x00, 200);
            int drawnOk = 0;
            int drawnBad = 0;
            List<double[]> ends = new ArrayList<>();
            for (int m = 0; m < rows; m++) {
                boolean bad = run.diverged[m];
                if (bad ? drawnBad >= MAX_CURVES : drawnOk >= MAX_CURVES) {
                    continue;
                }
                boolean first = bad ? drawnBad++ == 0 : drawnOk++ == 0;
                XYSeries curve = line(
                        c,
                        first && !bad ? "members" : "member " + m,
                        epochs,
                        run.lossCurves[m],
                        bad ? badColour : okColour,
                        bad || used <= 10 ? THIN : HAIR,
                        SeriesMarkers.NONE,
                        logY);
                if (curve != null) {
                    curve.setShowInLegend(first && !bad);
                }
                if (bad) {
                    // where the loss was last seen finite (and, on a log axis, positive)
                    for (int i = points - 1; i >= 0; i--) {
                        double v = run.lossCurves[m][i];
                        if (Double.isFinite(v) && (!logY || v > 0)) {
                            ends.add(new double[] {epochs[i], v});
                            break;
                        }
                    }
                }
            }
            if (!ends.isEmpty()) {
                XYSeries x = c.addSeries(
                        "diverged (" + run.divergedCount + "): last recorded loss",
                        ends.stream().mapToDouble(e -> e[0]).toArray(),
                        ends.stream().mapToDouble(e -> e[1]).toArray());
                x.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
                x.setMarker(SeriesMarkers.CROSS);
                x.setMarkerColor(VERMILLION);
            }
            unevenTicks(c, epochs[0], epochs[points - 1], yRange[1]);
            double[] median = new double[points];
            for (int i = 0; i < points; i++) {
                double[] at = new double[rows];
                int n = 0;
                for (int m = 0; m < rows; m++) {
                    double v = run.lossCurves[m][i];
                    if (!run.diverged[m] && Double.isFinite(v)) {
                        at[n++] = v;
                    }
                }
                median[i] = Stats.quantile(Arrays.copyOf(at, n), 0.5);
            }
            line(
                    c,
                    "median (" + run.usedMembers() + " members)",
                    epochs,
                    median,
                    BLACK,
                    SOLID,
                    SeriesMarkers.NONE,
                    logY);
            s.setLegendPosition(LegendPosition.InsideNE);
        }
        String shown = rows > MAX_CURVES ? " The first " + MAX_CURVES + " of " + rows + " members are drawn;" : "";
        return new FigureFile(
                TRAINING,
                "Training loss",
                "Training MSE every " + run.lossEvery + " epochs for each member and the median over the members"
                        + " that did not diverge; diverged members are drawn in red up to their last recorded loss,"
                        + " marked ×."
                        + shown,
                WIDTH,
                HEIGHT,
                List.of(c));
    }

    // ------------------------------------------------------------------ building blocks

    static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart c = new XYChart(WIDTH, HEIGHT);
        c.setTitle(title);
        c.setXAxisTitle(xTitle == null ? "" : xTitle);
        c.setYAxisTitle(yTitle);
        XYStyler s = c.getStyler();
        s.setLocale(Locale.ROOT);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(new Color(0x999999));
        s.setPlotGridLinesColor(new Color(0xEBEBEB));
        s.setPlotGridLinesStroke(new BasicStroke(0.8f));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 15));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 14));
        s.setLegendFont(new Font(FONT, Font.PLAIN, 13));
        s.setLegendBorderColor(new Color(0xBBBBBB));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 225));
        s.setLegendPadding(6);
        s.setLegendSeriesLineLength(28);
        s.setLegendPosition(LegendPosition.InsideNE);
        s.setChartPadding(10);
        s.setMarkerSize(7);
        s.setAntiAlias(true);
        s.setTextAntiAlias(true);
        s.setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setXAxisTitleVisible(xTitle != null);
        s.setAxisTitlePadding(6);
        s.setYAxisDecimalPattern("#,##0.###");
        s.setXAxisDecimalPattern("#,##0.###");
        return c;
    }

    String epsAxis() {
        return logX ? EPS_AXIS + "  (log scale)" : EPS_AXIS;
    }

    /** Turns on the log cutoff axis, with a little margin beyond the first and last cutoff. */
    private void cutoffAxis(XYChart c) {
        XYStyler s = c.getStyler();
        double[] x = run.cutoffs;
        if (logX) {
            s.setXAxisLogarithmic(true);
            double lo = x[0];
            double hi = x[x.length - 1];
            double pad = x.length == 1 ? Math.sqrt(10) : Math.pow(10, 0.25);
            s.setXAxisMin(lo / pad);
            s.setXAxisMax(hi * pad);
            s.setXAxisLogarithmicDecadeOnly(Math.log10(hi / lo) >= 2);
            c.setCustomXAxisTickLabelsFormatter(decades(Math.log10(lo / pad), Math.log10(hi * pad)));
        } else {
            double lo = x[0];
            double hi = x[x.length - 1];
            double pad = hi > lo ? 0.04 * (hi - lo) : Math.max(1, Math.abs(hi)) * 0.5;
            s.setXAxisMin(lo - pad);
            s.setXAxisMax(hi + pad);
            if (c.getSeriesCollection().isEmpty()) {
                Double y = s.getYAxisMin();
                unevenTicks(c, lo - pad, hi + pad, y == null ? 1.0 : y);
            }
        }
    }

    /** A logarithmic y axis over {@code range} with labels at (some) powers of ten. */
    /** Fixes the y axis to {@code range}, on a log scale with decade labels when {@code log}. */
    static void yAxis(XYChart c, double[] range, boolean log) {
        if (log) {
            c.getStyler().setYAxisLogarithmic(true);
            c.getStyler().setYAxisLogarithmicDecadeOnly(true);
            c.setCustomYAxisTickLabelsFormatter(decades(Math.log10(range[0]), Math.log10(range[1])));
        }
        c.getStyler().setYAxisMin(range[0]);
        c.getStyler().setYAxisMax(range[1]);
    }

    /**
     * Tick labels for a log axis spanning log10 values lo..hi: powers of ten as 10⁻⁴, every decade
     * up to 10 of them, else every second, third, … so the labels never crowd.
     */
    static Function<Double, String> decades(double lo, double hi) {
        int step = Math.max(1, (int) Math.ceil((hi - lo) / 10.0));
        return v -> {
            if (!(v > 0)) {
                return "";
            }
            double e = Math.log10(v);
            long r = Math.round(e);
            if (Math.abs(e - r) > 1e-6) {
                return step == 1 && hi - lo < 1.5 ? Format.number(v) : "";
            }
            return Math.floorMod(r, step) == 0 ? Format.tick(v) : "";
        };
    }

    /** A line through the finite points (and, on a log axis, the positive ones); null if none is left. */
    XYSeries line(
            XYChart c,
            String name,
            double[] x,
            double[] y,
            Color colour,
            BasicStroke stroke,
            Marker marker,
            boolean logY) {
        if (x == run.cutoffs) {
            cutoffAxis(c);
        }
        double[][] p = points(x, y, logY);
        if (p[0].length == 0) {
            return null;
        }
        XYSeries s = c.addSeries(name, p[0], p[1]);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setLineColor(colour);
        s.setLineStyle(stroke);
        s.setMarker(marker);
        s.setMarkerColor(colour);
        return s;
    }

    /** The interquartile band as a filled polygon (lower edge forward, upper edge back). */
    private void band(XYChart c, String name, double[] x, double[] lower, double[] upper, Color fill, boolean logY) {
        cutoffAxis(c);
        List<double[]> fwd = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            boolean ok = Double.isFinite(lower[i])
                    && Double.isFinite(upper[i])
                    && (!logY || lower[i] > 0)
                    && (!logX || x[i] > 0);
            if (ok) {
                fwd.add(new double[] {x[i], lower[i], upper[i]});
            }
        }
        if (fwd.isEmpty()) {
            return;
        }
        int n = fwd.size();
        double[] px;
        double[] py;
        if (n == 1) {
            // a single cutoff: a thin vertical bar from q25 to q75
            double[] p = fwd.get(0);
            double w = logX ? Math.pow(10, 0.05) : 1e-3 * Math.max(1, Math.abs(p[0]));
            double a = logX ? p[0] / w : p[0] - w;
            double b = logX ? p[0] * w : p[0] + w;
            px = new double[] {a, b, b, a};
            py = new double[] {p[1], p[1], p[2], p[2]};
        } else {
            px = new double[2 * n];
            py = new double[2 * n];
            for (int i = 0; i < n; i++) {
                px[i] = fwd.get(i)[0];
                py[i] = fwd.get(i)[1];
                px[2 * n - 1 - i] = fwd.get(i)[0];
                py[2 * n - 1 - i] = fwd.get(i)[2];
            }
        }
        XYSeries s = c.addSeries(name + " ", px, py);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(fill);
        s.setLineColor(fill);
        s.setLineStyle(HAIR);
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
        swatch(c, name, fill);
    }

    /** The trained ensemble (flow entry 0) as a dotted horizontal reference across the cutoff axis. */
    void trainedReference(XYChart c, double y, String name) {
        cutoffAxis(c);
        if (!Double.isFinite(y)) {
            return;
        }
        horizontal(c, name, y, GREY, DOTTED);
    }

    /**
     * A horizontal line across the whole plot: its ends lie far outside the (fixed) x range and are
     * clipped by the plot, so it always spans the full width.
     */
    private void horizontal(XYChart c, String name, double y, Color colour, BasicStroke stroke) {
        XYStyler s = c.getStyler();
        double[] x = beyond(s.getXAxisMin(), s.getXAxisMax(), s.isXAxisLogarithmic());
        XYSeries h = c.addSeries(name, x, new double[] {y, y});
        h.setLineColor(colour);
        h.setLineStyle(stroke);
        h.setMarker(SeriesMarkers.NONE);
    }

    /** A vertical line across the whole plot (see {@link #horizontal}); yRange is the plot's y range. */
    private void vertical(XYChart c, String name, double x, double[] yRange, Color colour, BasicStroke stroke) {
        double[] y = beyond(yRange[0], yRange[1], c.getStyler().isYAxisLogarithmic());
        XYSeries v = c.addSeries(name, new double[] {x, x}, y);
        v.setLineColor(colour);
        v.setLineStyle(stroke);
        v.setMarker(SeriesMarkers.NONE);
    }

    /** Two coordinates well outside [lo, hi], on a linear or a log axis. */
    private static double[] beyond(double lo, double hi, boolean log) {
        if (log) {
            return new double[] {lo / 1e3, hi * 1e3};
        }
        double w = Math.max(hi - lo, 1e-12);
        return new double[] {lo - 10 * w, hi + 10 * w};
    }

    /**
     * XChart uses the data's x values themselves as ticks when they are equally spaced (every epoch
     * of a loss curve), which crowds the labels; one invisible, unevenly spaced series restores its
     * ordinary "nice" ticks.
     */
    private static void unevenTicks(XYChart c, double xMin, double xMax, double y) {
        XYSeries d =
                c.addSeries("\u200b", new double[] {xMin, xMin + 0.3137 * (xMax - xMin), xMax}, new double[] {y, y, y});
        d.setLineColor(new Color(0, 0, 0, 0));
        d.setMarker(SeriesMarkers.NONE);
        d.setShowInLegend(false);
    }

    private void criticalLine(XYChart c, double[] yRange) {
        int crit = run.criticalIndex();
        if (crit < 0 || (logX && run.cutoffs[crit] <= 0)) {
            return;
        }
        vertical(c, "ε_c = " + Format.cutoff(run.cutoffs[crit]), run.cutoffs[crit], yRange, VERMILLION, DASHED);
    }

    /**
     * A legend entry drawn as a thick line in a fill colour, for a filled series: XChart sizes a
     * legend that mixes box and line entries too narrow, so every entry is a line. The series
     * itself lies outside the plot and is clipped away.
     */
    private static void swatch(XYChart c, String name, Color fill) {
        XYSeries s = c.addSeries(name, new double[] {Double.MAX_VALUE / 4, Double.MAX_VALUE / 2}, new double[] {
            Double.MAX_VALUE / 4, Double.MAX_VALUE / 2
        });
        s.setLineColor(fill);
        s.setLineStyle(new BasicStroke(11f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        s.setMarker(SeriesMarkers.NONE);
    }

    /** A histogram as a filled step outline ("stepfilled"). */
    private static void histogram(XYChart c, String name, double[] data, Stats.Histogram h, Color colour) {
        int bins = h.counts().length;
        double[] xs = new double[2 * bins + 2];
        double[] ys = new double[2 * bins + 2];
        xs[0] = h.edges()[0];
        for (int i = 0; i < bins; i++) {
            xs[2 * i + 1] = h.edges()[i];
            xs[2 * i + 2] = h.edges()[i + 1];
            ys[2 * i + 1] = h.counts()[i];
            ys[2 * i + 2] = h.counts()[i];
        }
        xs[2 * bins + 1] = h.edges()[bins];
        String label = name + (data.length == 0 ? " (no members)" : "");
        Color fill = new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 95);
        XYSeries s = c.addSeries(label + " ", xs, ys);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(fill);
        s.setLineColor(colour);
        s.setLineStyle(THIN);
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
        swatch(c, label, fill);
    }

    /**
     * The maximum-likelihood Gaussian of the data (mean, std with ddof 0) scaled to counts per bin;
     * returns its peak height (0 if it cannot be drawn).
     */
    private static double gaussian(XYChart c, double[] data, Stats.Histogram h, Color colour, String what) {
        if (data.length < 2) {
            return 0;
        }
        double mu = Stats.mean(data);
        double sigma = Stats.stdMle(data);
        if (!(sigma > 0)) {
            return 0;
        }
        double lo = h.edges()[0];
        double hi = h.edges()[h.edges().length - 1];
        int n = 241;
        double[] x = new double[n];
        double[] y = new double[n];
        double scale = data.length * h.binWidth();
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * i / (n - 1);
            y[i] = scale * Stats.normalPdf(x[i], mu, sigma);
        }
        XYSeries s = c.addSeries(what + ": μ = " + Format.number(mu) + ", σ = " + Format.number(sigma), x, y);
        s.setLineColor(colour.darker());
        s.setLineStyle(SOLID);
        s.setMarker(SeriesMarkers.NONE);
        return scale * Stats.normalPdf(mu, mu, sigma);
    }

    private void trueValue(XYChart c, double top) {
        if (run.probeTarget == null) {
            return;
        }
        vertical(
                c,
                "true value y(x*) = " + Format.number(run.probeTarget),
                run.probeTarget,
                new double[] {0, headroom(top)},
                BLACK,
                DASHED);
    }

    /** An axis-free note in the middle of an empty chart. */
    static void noData(XYChart c, String message) {
        XYSeries s = c.addSeries(" ", new double[] {0, 1}, new double[] {0, 1});
        s.setShowInLegend(false);
        s.setLineColor(Color.WHITE);
        s.setMarker(SeriesMarkers.NONE);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLogarithmic(false);
        c.getStyler().setYAxisLogarithmic(false);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(1.0);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.setCustomXAxisTickLabelsFormatter(v -> "");
        c.setCustomYAxisTickLabelsFormatter(v -> "");
        c.getStyler().setAnnotationTextFont(new Font(FONT, Font.ITALIC, 18));
        c.getStyler().setAnnotationTextFontColor(GREY);
        c.addAnnotation(new AnnotationText(message, 0.5, 0.5, false));
    }

    /** x limits symmetric about the true value (about the data's mean without one), covering all data. */
    private double[] symmetricRange(List<double[]> sets) {
        double centre;
        if (run.probeTarget != null && Double.isFinite(run.probeTarget)) {
            centre = run.probeTarget;
        } else {
            centre = Stats.mean(sets.stream().flatMapToDouble(Arrays::stream).toArray());
        }
        double half = 0;
        for (double[] s : sets) {
            for (double v : s) {
                half = Math.max(half, Math.abs(v - centre));
            }
        }
        half = half > 0 ? half * 1.08 : Math.max(1.0, Math.abs(centre) * 0.1);
        if (!Double.isFinite(centre - half) || !Double.isFinite(centre + half)) {
            throw new IllegalArgumentException("values too large to plot (|f(x*)| near " + Format.number(half) + ")");
        }
        return new double[] {centre - half, centre + half};
    }

    private static double headroom(double top) {
        return top > 0 ? top * 1.45 : 1.0;
    }

    /** Whether a positive quantity spans enough decades (≥ 2) to be drawn on a log axis. */
    static boolean wantsLog(List<Double> ys) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double y : ys) {
            if (!Double.isFinite(y)) {
                continue;
            }
            if (y <= 0) {
                return false;
            }
            lo = Math.min(lo, y);
            hi = Math.max(hi, y);
        }
        return hi > 0 && hi / lo >= 100;
    }

    /** The finite range of ys with a margin (multiplicative on a log axis); null if nothing is finite. */
    static double[] paddedRange(List<Double> ys, boolean log) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double y : ys) {
            if (Double.isFinite(y) && (!log || y > 0)) {
                lo = Math.min(lo, y);
                hi = Math.max(hi, y);
            }
        }
        if (lo > hi) {
            return null;
        }
        if (log) {
            double f = Math.pow(hi / lo, 0.06) * 1.05;
            return new double[] {lo / f, hi * f};
        }
        double pad = hi > lo ? 0.08 * (hi - lo) : Math.max(Math.abs(hi) * 0.1, 1e-3);
        // a non-negative quantity (an MSE, a variance) keeps its axis at or above zero
        double bottom = lo >= 0 ? Math.max(0, lo - pad) : lo - pad;
        return new double[] {bottom, hi + pad * (hi > lo ? 2.5 : 1)};
    }

    private double[][] points(double[] x, double[] y, boolean logY) {
        double[] px = new double[x.length];
        double[] py = new double[x.length];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            boolean xOk = Double.isFinite(x[i]) && (x != run.cutoffs || !logX || x[i] > 0);
            if (xOk && Double.isFinite(y[i]) && (!logY || y[i] > 0)) {
                px[n] = x[i];
                py[n] = y[i];
                n++;
            }
        }
        return new double[][] {Arrays.copyOf(px, n), Arrays.copyOf(py, n)};
    }

    private String entryName(int entry) {
        return FlowEntries.isTrained(entry) ? "trained" : "ε = " + Format.cutoff(run.flowEntries.cutoff(entry));
    }

    private String factorText() {
        double f = run.summary.config().brg().criticalFactor();
        return Format.number(f);
    }

    /** Flow entries 1..K (the cutoffs), without entry 0 (the trained ensemble). */
    static double[] tail(double[] column) {
        return Arrays.copyOfRange(column, 1, column.length);
    }

    static List<Double> boxed(double[] v) {
        List<Double> l = new ArrayList<>();
        for (double x : v) {
            l.add(x);
        }
        return l;
    }

    private static String vector(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Format.number(v[i]));
        }
        return sb.append(')').toString();
    }
}
