package dev.bayesrg.report;

import dev.bayesrg.brg.FlowEntries;
import dev.bayesrg.config.BrgConfig.CutoffScale;
import dev.bayesrg.run.CriticalInterval;
import dev.bayesrg.run.FlowEntry;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;

/**
 * The x axis of every figure drawn along the BRG flow: the cutoffs ε_1 &lt; … &lt; ε_K on the Fisher
 * diagonal (or, on a relative {@code brg.cutoffScale}, the numbers c_k each member turns into its
 * own ε_k), on a log scale when all are positive, with the critical cutoff ε_c marked and the
 * trained ensemble (flow entry 0, no cutoff) as a horizontal reference.
 *
 * @param cutoffs       ε_1..ε_K; {@code cutoffs[i]} is the cutoff of flow entry i + 1
 * @param criticalIndex the index of ε_c in {@code cutoffs}, or -1 if the run has none
 * @param scale         what the cutoffs are measured in
 * @param eigenbasis    whether the flow ranks the Fisher metric's eigenvalues λ rather than F_ii
 */
record CutoffAxis(double[] cutoffs, int criticalIndex, CutoffScale scale, boolean eigenbasis) {
    static final String TITLE = "cutoff ε on Fᵢᵢ";

    /** An axis of cutoffs on F_ii itself (the absolute scale). */
    CutoffAxis(double[] cutoffs, int criticalIndex) {
        this(cutoffs, criticalIndex, CutoffScale.ABSOLUTE);
    }

    /** An axis of cutoffs on F_ii (the diagonal flow). */
    CutoffAxis(double[] cutoffs, int criticalIndex, CutoffScale scale) {
        this(cutoffs, criticalIndex, scale, false);
    }

    static CutoffAxis of(RunData run) {
        return new CutoffAxis(
                run.cutoffs,
                run.criticalIndex(),
                run.summary.config().brg().cutoffScale(),
                run.summary.config().brg().basis() == dev.bayesrg.config.BrgConfig.Basis.EIGEN);
    }

    /** Whether the cutoffs are values of F_ii, the same for every member (they can be drawn on an F_ii axis). */
    boolean onFisherDiagonal() {
        return scale == CutoffScale.ABSOLUTE && !eigenbasis;
    }

    /** What the flow calls sloppy, as an axis label: the coordinates below ε, or the dimensions. */
    String sloppyFraction() {
        return eigenbasis ? "sloppy fraction  dim{λ < ε} / P" : "sloppy fraction  #{i : Fᵢᵢ < ε} / N";
    }

    /** Whether the axis is logarithmic: every cutoff is positive. */
    boolean logarithmic() {
        return Arrays.stream(cutoffs).allMatch(c -> c > 0);
    }

    /** The axis title, saying what the cutoffs measure and when the scale is logarithmic. */
    String title() {
        String stiffness = eigenbasis ? "eigenvalues λ" : "Fᵢᵢ";
        String what = switch (scale) {
            case ABSOLUTE -> eigenbasis ? "cutoff ε on the Fisher eigenvalues λ" : TITLE;
            case MEAN_EIGENVALUE -> "cutoff c: ε = c × each member's mean Fᵢᵢ";
            case QUANTILE -> "cutoff c: quantile of each member's " + stiffness;
        };
        return logarithmic() ? what + "  (log scale)" : what;
    }

    /** ε_c, or null if the run has no critical cutoff. */
    Double critical() {
        return criticalIndex < 0 ? null : cutoffs[criticalIndex];
    }

    /** The largest cutoff ε_K. */
    double last() {
        return cutoffs[cutoffs.length - 1];
    }

    /** A flow entry as a legend names it: {@code trained} or {@code ε = 0.1}. */
    String entryName(int entry) {
        return FlowEntries.isTrained(entry) ? "trained" : "ε = " + Format.cutoff(cutoffs[entry - 1]);
    }

    /** One value per flow entry (entry 0: the trained ensemble). */
    static double[] perEntry(List<FlowEntry> flow, ToDoubleFunction<FlowEntry> value) {
        return flow.stream().mapToDouble(value).toArray();
    }

    /** Flow entries 1..K (the cutoffs), without entry 0 (the trained ensemble). */
    static double[] atCutoffs(double[] perEntry) {
        return Arrays.copyOfRange(perEntry, 1, perEntry.length);
    }

    /** Puts the plot's x axis on the cutoffs, with a little margin beyond the first and last. */
    void applyTo(Plot p) {
        XYStyler s = p.getStyler();
        double[] x = cutoffs;
        if (logarithmic()) {
            s.setXAxisLogarithmic(true);
            double lo = x[0];
            double hi = x[x.length - 1];
            double pad = x.length == 1 ? Math.sqrt(10) : Math.pow(10, 0.25);
            s.setXAxisMin(lo / pad);
            s.setXAxisMax(hi * pad);
            s.setXAxisLogarithmicDecadeOnly(Math.log10(hi / lo) >= 2);
            p.setCustomXAxisTickLabelsFormatter(Axes.decades(Math.log10(lo / pad), Math.log10(hi * pad)));
        } else {
            double lo = x[0];
            double hi = x[x.length - 1];
            double pad = hi > lo ? 0.04 * (hi - lo) : Math.max(1, Math.abs(hi)) * 0.5;
            s.setXAxisMin(lo - pad);
            s.setXAxisMax(hi + pad);
            if (p.getSeriesCollection().isEmpty()) {
                Double y = s.getYAxisMin();
                p.unevenTicks(lo - pad, hi + pad, y == null ? 1.0 : y);
            }
        }
    }

    /** A quantity against the cutoffs ({@code y[i]} at {@code cutoffs[i]}); null if no point is drawable. */
    XYSeries line(Plot p, String name, double[] y, Color colour, BasicStroke stroke, Marker marker, boolean logY) {
        applyTo(p);
        return p.line(name, cutoffs, y, colour, stroke, marker, logY);
    }

    /** A band between {@code lower} and {@code upper} at the cutoffs (lower edge forward, upper edge back). */
    void band(Plot p, String name, double[] lower, double[] upper, Color fill, boolean logY) {
        applyTo(p);
        double[] x = cutoffs;
        List<double[]> fwd = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(lower[i]) && Double.isFinite(upper[i]) && (!logY || lower[i] > 0)) {
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
            // a single cutoff: a thin vertical bar from lower to upper
            boolean logX = logarithmic();
            double[] q = fwd.get(0);
            double w = logX ? Math.pow(10, 0.05) : 1e-3 * Math.max(1, Math.abs(q[0]));
            double a = logX ? q[0] / w : q[0] - w;
            double b = logX ? q[0] * w : q[0] + w;
            px = new double[] {a, b, b, a};
            py = new double[] {q[1], q[1], q[2], q[2]};
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
        p.filled(name, px, py, fill, Palette.HAIR, fill);
    }

    /** The trained ensemble (flow entry 0) as a dotted horizontal reference across the cutoff axis. */
    void trainedReference(Plot p, double y, String name) {
        applyTo(p);
        if (!Double.isFinite(y)) {
            return;
        }
        p.horizontal(name, y, Palette.GREY, Palette.DOTTED);
    }

    /**
     * The bootstrap interval of ε_c as a translucent vertical band from its lower to its upper bound,
     * a bound beyond the last cutoff drawn to the axis' end (none without a bound on the schedule).
     */
    void criticalInterval(Plot p, CriticalInterval interval, double[] yRange) {
        if (interval == null || (interval.lower() == null && interval.upper() == null)) {
            return;
        }
        applyTo(p);
        double max = p.getStyler().getXAxisMax();
        double lower = interval.lower() == null ? max : interval.lower();
        double upper = interval.upper() == null ? max : interval.upper();
        boolean logX = p.getStyler().isXAxisLogarithmic();
        if (lower == upper) {
            // one cutoff: a narrow band around it, as the band of a single cutoff is drawn
            double w = logX ? Math.pow(10, 0.05) : 1e-3 * Math.max(1, Math.abs(lower));
            lower = logX ? lower / w : lower - w;
            upper = logX ? upper * w : upper + w;
        }
        p.verticalBand(
                Format.percent(100 * CriticalInterval.LEVEL) + " interval of ε_c over members",
                lower,
                upper,
                yRange,
                Palette.translucent(Palette.VERMILLION, 60),
                Palette.translucent(Palette.VERMILLION, 40));
    }

    /**
     * The critical cutoff as a dashed vertical line named {@code ε_c = …} over the plot's y range
     * (none without ε_c, or where a log x axis cannot show it).
     */
    void criticalLine(Plot p, double[] yRange) {
        Double eps = critical();
        if (eps == null || (p.getStyler().isXAxisLogarithmic() && eps <= 0)) {
            return;
        }
        p.vertical("ε_c = " + Format.cutoff(eps), eps, yRange, Palette.VERMILLION, Palette.DASHED);
    }
}
