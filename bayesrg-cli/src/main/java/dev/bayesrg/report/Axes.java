package dev.bayesrg.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How the report scales an axis: logarithmic only for a positive quantity spanning two decades or
 * more, the data's range with a margin, decade tick labels that never crowd, and headroom above a
 * histogram for its legend.
 */
final class Axes {
    private Axes() {}

    /** Every value of {@code columns}, one list, for {@link #wantsLog} and {@link #paddedRange}. */
    static List<Double> values(double[]... columns) {
        List<Double> ys = new ArrayList<>();
        for (double[] column : columns) {
            for (double y : column) {
                ys.add(y);
            }
        }
        return ys;
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

    /** The top of a histogram's y axis: room above the tallest bar for the legend. */
    static double headroom(double top) {
        return top > 0 ? top * 1.45 : 1.0;
    }
}
