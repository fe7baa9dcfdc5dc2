package dev.bayesrg.report;

import static dev.bayesrg.report.Palette.FONT;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Arrays;
import java.util.Locale;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One panel of a figure: an XChart {@link XYChart} in the report's style (white, framed, fonts of
 * 13–16 px) with the vocabulary the figures draw in — lines, filled histograms and bands, the
 * Gaussian fit of a sample, reference lines across the plot and a note where there is no data. What
 * a panel plots stays readable after it is drawn: its series ({@link #getSeries}, with their x and
 * y values), axis titles, scales and ranges ({@link #getStyler}), and its {@link #note()}.
 */
final class Plot extends XYChart {
    /** The note of an empty panel, or null if it plots data. */
    private String note;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * Linear axes whose labels would exceed this magnitude get scientific tick labels: XChart's own
     * labels loop forever on such an axis (seen with KL divergences near 1e37, a report that never
     * finished).
     */
    static final double HUGE = 1e15;

    /** The scientific tick-label pattern of a {@link #HUGE} axis. */
    static final String SCIENTIFIC = "0.###E0";

    @Override
    public void paint(java.awt.Graphics2D g, int width, int height) {
        XYStyler s = getStyler();
        if (!s.isYAxisLogarithmic() && huge(false)) {
            s.setYAxisDecimalPattern(SCIENTIFIC);
        }
        if (!s.isXAxisLogarithmic() && huge(true)) {
            s.setXAxisDecimalPattern(SCIENTIFIC);
        }
        super.paint(g, width, height);
    }

    /** Whether the x (or y) axis reaches {@link #HUGE}: its set limits, else its series' extent. */
    private boolean huge(boolean x) {
        XYStyler s = getStyler();
        Double min = x ? s.getXAxisMin() : s.getYAxisMin();
        Double max = x ? s.getXAxisMax() : s.getYAxisMax();
        double lo = min != null ? min : Double.POSITIVE_INFINITY;
        double hi = max != null ? max : Double.NEGATIVE_INFINITY;
        if (min == null || max == null) {
            for (XYSeries series : getSeriesCollection()) {
                lo = Math.min(lo, x ? series.getXMin() : series.getYMin());
                hi = Math.max(hi, x ? series.getXMax() : series.getYMax());
            }
        }
        return Math.abs(lo) >= HUGE || Math.abs(hi) >= HUGE;
    }

    /** An empty panel; a null {@code xTitle} hides the x-axis title (a panel stacked above another). */
    Plot(String title, String xTitle, String yTitle) {
        super(FigureFile.WIDTH, FigureFile.HEIGHT);
        setTitle(title);
        setXAxisTitle(xTitle == null ? "" : xTitle);
        setYAxisTitle(yTitle);
        XYStyler s = getStyler();
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
    }

    /**
     * The style of a panel stacked with others in one figure: smaller fonts, and a fixed width left
     * of the y axis so that the panels' axes line up.
     */
    void stacked() {
        XYStyler s = getStyler();
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 14));
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 13));
        s.setLegendFont(new Font(FONT, Font.PLAIN, 12));
        s.setLegendPadding(4);
        s.setYAxisLeftWidthHint(64);
    }

    /** Why this panel plots nothing (e.g. every member diverged), or null if it plots data. */
    String note() {
        return note;
    }

    /** Fixes the y axis to {@code range}, on a log scale with decade labels when {@code log}. */
    void yAxis(double[] range, boolean log) {
        if (log) {
            getStyler().setYAxisLogarithmic(true);
            getStyler().setYAxisLogarithmicDecadeOnly(true);
            setCustomYAxisTickLabelsFormatter(Axes.decades(Math.log10(range[0]), Math.log10(range[1])));
        }
        getStyler().setYAxisMin(range[0]);
        getStyler().setYAxisMax(range[1]);
    }

    /** A line through the finite points (and, on a log axis, the positive ones); null if none is left. */
    XYSeries line(String name, double[] x, double[] y, Color colour, BasicStroke stroke, Marker marker, boolean logY) {
        double[][] p = points(x, y, logY);
        if (p[0].length == 0) {
            return null;
        }
        XYSeries s = addSeries(name, p[0], p[1]);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setLineColor(colour);
        s.setLineStyle(stroke);
        s.setMarker(marker);
        s.setMarkerColor(colour);
        return s;
    }

    private static double[][] points(double[] x, double[] y, boolean logY) {
        double[] px = new double[x.length];
        double[] py = new double[x.length];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logY || y[i] > 0)) {
                px[n] = x[i];
                py[n] = y[i];
                n++;
            }
        }
        return new double[][] {Arrays.copyOf(px, n), Arrays.copyOf(py, n)};
    }

    /**
     * A filled polygon through (xs, ys) with its legend entry: the series itself is named
     * {@code label + " "} and kept out of the legend, {@code label} is its swatch.
     */
    void filled(String label, double[] xs, double[] ys, Color edge, BasicStroke edgeStroke, Color fill) {
        XYSeries s = addSeries(label + " ", xs, ys);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(fill);
        s.setLineColor(edge);
        s.setLineStyle(edgeStroke);
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
        swatch(label, fill);
    }

    /**
     * A histogram of {@code members} values as a filled step outline ("stepfilled"), named
     * {@code name}, or {@code name (no members)} when there are none.
     */
    void histogram(String name, int members, Stats.Histogram h, Color colour) {
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
        String label = name + (members == 0 ? " (no members)" : "");
        filled(label, xs, ys, colour, Palette.THIN, Palette.translucent(colour, 95));
    }

    /**
     * The maximum-likelihood Gaussian of the data (mean, std with ddof 0) scaled to counts per bin,
     * named {@code what: μ = …, σ = …}; returns its peak height (0 if it cannot be drawn).
     */
    double gaussian(double[] data, Stats.Histogram h, Color colour, String what) {
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
        XYSeries s = addSeries(what + ": μ = " + Format.number(mu) + ", σ = " + Format.number(sigma), x, y);
        s.setLineColor(colour.darker());
        s.setLineStyle(Palette.SOLID);
        s.setMarker(SeriesMarkers.NONE);
        return scale * Stats.normalPdf(mu, mu, sigma);
    }

    /**
     * A horizontal line across the whole plot: its ends lie far outside the (fixed) x range and are
     * clipped by the plot, so it always spans the full width.
     */
    void horizontal(String name, double y, Color colour, BasicStroke stroke) {
        XYStyler s = getStyler();
        double[] x = beyond(s.getXAxisMin(), s.getXAxisMax(), s.isXAxisLogarithmic());
        XYSeries h = addSeries(name, x, new double[] {y, y});
        h.setLineColor(colour);
        h.setLineStyle(stroke);
        h.setMarker(SeriesMarkers.NONE);
    }

    /** A vertical line across the whole plot (see {@link #horizontal}); yRange is the plot's y range. */
    void vertical(String name, double x, double[] yRange, Color colour, BasicStroke stroke) {
        double[] y = beyond(yRange[0], yRange[1], getStyler().isYAxisLogarithmic());
        XYSeries v = addSeries(name, new double[] {x, x}, y);
        v.setLineColor(colour);
        v.setLineStyle(stroke);
        v.setMarker(SeriesMarkers.NONE);
    }

    /** A vertical band from x0 to x1 across the whole plot (see {@link #vertical}), with its legend swatch. */
    void verticalBand(String label, double x0, double x1, double[] yRange, Color edge, Color fill) {
        double[] y = beyond(yRange[0], yRange[1], getStyler().isYAxisLogarithmic());
        filled(label, new double[] {x0, x1, x1, x0}, new double[] {y[0], y[0], y[1], y[1]}, edge, Palette.HAIR, fill);
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
    void unevenTicks(double xMin, double xMax, double y) {
        XYSeries d =
                addSeries("\u200b", new double[] {xMin, xMin + 0.3137 * (xMax - xMin), xMax}, new double[] {y, y, y});
        d.setLineColor(new Color(0, 0, 0, 0));
        d.setMarker(SeriesMarkers.NONE);
        d.setShowInLegend(false);
    }

    /**
     * A legend entry drawn as a thick line in a fill colour, for a filled series: XChart sizes a
     * legend that mixes box and line entries too narrow, so every entry is a line. The series
     * itself lies outside the plot and is clipped away.
     */
    private void swatch(String name, Color fill) {
        XYSeries s = addSeries(name, new double[] {Double.MAX_VALUE / 4, Double.MAX_VALUE / 2}, new double[] {
            Double.MAX_VALUE / 4, Double.MAX_VALUE / 2
        });
        s.setLineColor(fill);
        s.setLineStyle(new BasicStroke(11f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        s.setMarker(SeriesMarkers.NONE);
    }

    /** An axis-free note in the middle of the empty panel. */
    void noData(String message) {
        note = message;
        XYSeries s = addSeries(" ", new double[] {0, 1}, new double[] {0, 1});
        s.setShowInLegend(false);
        s.setLineColor(Color.WHITE);
        s.setMarker(SeriesMarkers.NONE);
        XYStyler st = getStyler();
        st.setLegendVisible(false);
        st.setXAxisLogarithmic(false);
        st.setYAxisLogarithmic(false);
        st.setXAxisMin(0.0);
        st.setXAxisMax(1.0);
        st.setYAxisMin(0.0);
        st.setYAxisMax(1.0);
        setCustomXAxisTickLabelsFormatter(v -> "");
        setCustomYAxisTickLabelsFormatter(v -> "");
        st.setAnnotationTextFont(new Font(FONT, Font.ITALIC, 18));
        st.setAnnotationTextFontColor(Palette.GREY);
        addAnnotation(new AnnotationText(message, 0.5, 0.5, false));
    }
}
