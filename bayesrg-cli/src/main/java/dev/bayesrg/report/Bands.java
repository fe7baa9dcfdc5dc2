package dev.bayesrg.report;

import java.awt.Color;

/** Error bands around values along the cutoff axis, cut at the edges of the panel's y range. */
final class Bands {
    private Bands() {}

    /**
     * A band from {@code centre − k·spread} to {@code centre + k·spread} at the cutoffs (arrays per flow
     * entry, entry 0 the trained ensemble, which has no cutoff), each edge cut to {@code range}.
     */
    static void atCutoffs(
            CutoffAxis axis,
            Plot p,
            String label,
            double[] centre,
            double[] spread,
            double k,
            double[] range,
            boolean log,
            Color colour) {
        double[] c = CutoffAxis.atCutoffs(centre);
        double[] s = CutoffAxis.atCutoffs(spread);
        double[] lower = new double[c.length];
        double[] upper = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            lower[i] = clip(c[i] - k * s[i], range);
            upper[i] = clip(c[i] + k * s[i], range);
        }
        axis.band(p, label, lower, upper, Palette.translucent(colour, 70), log);
    }

    /** {@code v} cut to [range[0], range[1]] (NaN stays NaN). */
    static double clip(double v, double[] range) {
        return Double.isNaN(v) ? v : Math.min(Math.max(v, range[0]), range[1]);
    }

    /**
     * A filled band through points (x, lower, upper), the lower edge forward and the upper back, with
     * its legend entry {@code label}; nothing for fewer than two points.
     */
    static void polygon(Plot c, String label, java.util.List<double[]> points, Color colour) {
        int n = points.size();
        if (n < 2) {
            return;
        }
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = points.get(i)[0];
            py[i] = points.get(i)[1];
            px[2 * n - 1 - i] = points.get(i)[0];
            py[2 * n - 1 - i] = points.get(i)[2];
        }
        Color fill = Palette.translucent(colour, 70);
        c.filled(label, px, py, fill, Palette.HAIR, fill);
    }

    /** A band from y − e to y + e over x (the points with all finite), cut to the y range. */
    static void over(
            Plot c, String label, double[] x, double[] y, double[] e, double[] range, boolean log, Color colour) {
        java.util.List<double[]> points = new java.util.ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            double lo = clip(y[i] - e[i], range);
            double hi = clip(y[i] + e[i], range);
            if (Double.isFinite(lo) && Double.isFinite(hi) && (!log || lo > 0)) {
                points.add(new double[] {x[i], lo, hi});
            }
        }
        polygon(c, label, points, colour);
    }
}
