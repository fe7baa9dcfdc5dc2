package dev.bayesrg.report;

import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;

/**
 * The paper's Figure 10: histograms of the probe output f(x*) on either side of the critical
 * cutoff — at the last cutoff below ε_c (or the trained ensemble) and at ε_c — each with its
 * Gaussian fit, and the true value y(x*). Without ε_c it compares the trained ensemble with the
 * largest cutoff.
 */
record ProbeAroundCriticalFigure(CutoffAxis axis, Probe probe, MemberArrays members) {
    static final String NAME = "fig10_probe_around_critical";

    FigureFile draw() {
        int crit = axis.criticalIndex();
        int above;
        int below;
        String title;
        String caption;
        if (crit >= 0) {
            above = crit + 1;
            below = crit;
            title = "Probe output on either side of ε_c = " + Format.cutoff(axis.cutoffs()[crit]);
            caption = "Histograms of f(x*) at the last entry below the critical cutoff ("
                    + axis.entryName(below) + ") and at the critical cutoff ε_c = "
                    + Format.cutoff(axis.cutoffs()[crit])
                    + ", each with its Gaussian fit, and the true value y(x*).";
        } else {
            above = axis.cutoffs().length;
            below = 0;
            title = "No critical cutoff: trained vs ε = " + Format.cutoff(axis.last());
            caption = "This run has no critical cutoff, so the histograms compare the trained ensemble with the"
                    + " largest cutoff ε = " + Format.cutoff(axis.last())
                    + ", each with its Gaussian fit, and the true value y(x*).";
        }
        Plot c = new Plot(title, Probe.AXIS + "  at " + probe.text(), "members per bin");
        double[] a = members.probeAt(below);
        double[] b = members.probeAt(above);
        if (a.length == 0 && b.length == 0) {
            c.noData("no member left: all diverged");
        } else {
            double[] range = probe.symmetricRange(List.of(a, b));
            double[] pooled =
                    DoubleStream.concat(Arrays.stream(a), Arrays.stream(b)).toArray();
            int bins = Stats.bins(pooled, range[1] - range[0]);
            Stats.Histogram ha = Stats.histogram(a, range[0], range[1], bins);
            Stats.Histogram hb = Stats.histogram(b, range[0], range[1], bins);
            c.histogram(axis.entryName(below), a.length, ha, Palette.BLUE);
            c.histogram(axis.entryName(above) + (crit >= 0 ? " = ε_c" : ""), b.length, hb, Palette.VERMILLION);
            double top = Math.max(ha.maxCount(), hb.maxCount());
            top = Math.max(top, c.gaussian(a, ha, Palette.BLUE, "fit"));
            top = Math.max(top, c.gaussian(b, hb, Palette.VERMILLION, "fit"));
            probe.trueValue(c, top);
            c.getStyler().setXAxisMin(range[0]);
            c.getStyler().setXAxisMax(range[1]);
            c.getStyler().setYAxisMin(0.0);
            c.getStyler().setYAxisMax(Axes.headroom(top));
        }
        return new FigureFile(NAME, "Fig. 10 — probe output around the critical cutoff", caption, List.of(c));
    }
}
