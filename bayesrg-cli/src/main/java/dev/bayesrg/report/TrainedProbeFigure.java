package dev.bayesrg.report;

import java.util.List;

/**
 * The paper's Figure 8: the distribution over the trained ensemble of the network output f(x*) at
 * the probe, before any coarse graining — a histogram over the members that did not diverge, its
 * maximum-likelihood Gaussian and the true value y(x*).
 */
record TrainedProbeFigure(Probe probe, MemberArrays members) {
    static final String NAME = "fig8_probe_trained";

    FigureFile draw() {
        Plot c = new Plot(
                "Trained ensemble at " + probe.text(),
                Probe.AXIS + "  (network output at the probe)",
                "members per bin");
        double[] v = members.probeAt(0);
        if (v.length == 0) {
            c.noData("no member left: all diverged");
        } else {
            double[] range = probe.symmetricRange(List.of(v));
            Stats.Histogram h = Stats.histogram(v, range[0], range[1], Stats.bins(v, range[1] - range[0]));
            c.histogram("trained members (n = " + v.length + ")", v.length, h, Palette.BLUE);
            double top = c.gaussian(v, h, Palette.BLUE, "Gaussian fit");
            probe.trueValue(c, Math.max(top, h.maxCount()));
            c.getStyler().setXAxisMin(range[0]);
            c.getStyler().setXAxisMax(range[1]);
            c.getStyler().setYAxisMin(0.0);
            c.getStyler().setYAxisMax(Axes.headroom(Math.max(top, h.maxCount())));
        }
        return new FigureFile(
                NAME,
                "Fig. 8 — probe output of the trained ensemble",
                "Histogram over the " + v.length + " members that did not diverge of the network output f(x*) at the"
                        + " fixed probe " + probe.text() + " after training, before any coarse graining, with the"
                        + " maximum-likelihood Gaussian (sample mean, standard deviation with ddof 0) scaled to"
                        + " the counts and the true value y(x*) as a vertical line.",
                List.of(c));
    }
}
