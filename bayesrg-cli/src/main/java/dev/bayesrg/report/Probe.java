package dev.bayesrg.report;

import java.util.Arrays;
import java.util.List;

/**
 * The fixed probe point x* at which the figures follow the network output f(x*), and the true
 * value y(x*) there.
 *
 * @param input  x*
 * @param target y(x*), or null if the target is unknown (CSV data)
 */
record Probe(double[] input, Double target) {
    /** The quantity on a histogram's x axis. */
    static final String AXIS = "f(x*)";

    static Probe of(RunData run) {
        return new Probe(run.probeInput, run.probeTarget);
    }

    /** {@code x* = (0.5, -1)}. */
    String text() {
        StringBuilder sb = new StringBuilder("x* = (");
        for (int i = 0; i < input.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Format.number(input[i]));
        }
        return sb.append(')').toString();
    }

    /** x limits symmetric about the true value (about the data's mean without one), covering all data. */
    double[] symmetricRange(List<double[]> sets) {
        double centre;
        if (target != null && Double.isFinite(target)) {
            centre = target;
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

    /** The true value y(x*) as a dashed vertical line over a histogram whose tallest bar is {@code top}. */
    void trueValue(Plot p, double top) {
        if (target == null) {
            return;
        }
        p.vertical(
                "true value y(x*) = " + Format.number(target),
                target,
                new double[] {0, Axes.headroom(top)},
                Palette.BLACK,
                Palette.DASHED);
    }
}
