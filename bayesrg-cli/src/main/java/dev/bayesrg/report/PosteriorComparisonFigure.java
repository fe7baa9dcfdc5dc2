package dev.bayesrg.report;

import dev.bayesrg.run.FlowEntry;
import dev.bayesrg.run.PosteriorComparison;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code compare-posteriors}' figure: (a) each run's median test MSE and (b) its predictive negative
 * log-likelihood against the cutoff, one line per posterior estimator, with each run's ε_c marked.
 *
 * @param comparison the runs
 */
public record PosteriorComparisonFigure(PosteriorComparison comparison) {
    static final String NAME = "posteriors";

    private static final Color[] COLOURS = {
        Palette.BLUE,
        Palette.VERMILLION,
        Palette.GREEN,
        Palette.PURPLE,
        Palette.ORANGE,
        Palette.SKY,
        Palette.GREY,
        Palette.BLACK
    };

    private static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE,
        SeriesMarkers.DIAMOND,
        SeriesMarkers.SQUARE,
        SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.CROSS
    };

    /** Writes the figure as {@code stem.png} and {@code stem.svg}, each atomically. */
    public void write(Path stem) throws IOException {
        draw().writeTo(stem);
    }

    FigureFile draw() {
        Plot loss = new Plot("(a) test loss", null, "median test MSE");
        Plot nll = new Plot("(b) predictive NLL", "cutoff ε", "NLL per test point (nats)");
        panel(loss, FlowEntry::testMseMedian, true);
        panel(nll, e -> e.predictive().nll(), false);
        return new FigureFile(
                NAME,
                "The flow under each posterior estimator",
                "One line per run (posterior.method) over the cutoffs ε of its flow; the trained ensemble (flow entry 0,"
                        + " no cutoff) is the first row of each run in posteriors.csv. (a) The members' median test"
                        + " MSE, with each run's critical cutoff ε_c as a vertical line of its colour. (b) The negative"
                        + " log-likelihood of the test targets under the renormalized ensemble's Gaussian predictive"
                        + " (per test input the members' mean and variance plus σ²).",
                List.of(loss, nll));
    }

    private void panel(Plot plot, ToDoubleFunction<FlowEntry> value, boolean criticalLines) {
        plot.stacked();
        plot.getStyler().setLegendPosition(LegendPosition.InsideNW);
        List<Double> all = new ArrayList<>();
        List<double[][]> lines = new ArrayList<>();
        for (PosteriorComparison.Run run : comparison.runs()) {
            List<FlowEntry> flow = run.flow();
            double[] x = new double[flow.size()];
            double[] y = new double[flow.size()];
            int n = 0;
            for (FlowEntry e : flow) {
                double v = value.applyAsDouble(e);
                if (e.cutoff() != null && e.cutoff() > 0 && Double.isFinite(v)) {
                    x[n] = e.cutoff();
                    y[n++] = v;
                    all.add(v);
                }
            }
            lines.add(new double[][] {java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n)});
        }
        boolean logY = Axes.wantsLog(all);
        double[] range = Axes.paddedRange(all, logY);
        if (range == null) {
            plot.noData("no run has these values (a run written before they were measured?)");
            return;
        }
        plot.yAxis(range, logY);
        double[] cutoffs = lines.stream()
                .flatMapToDouble(l -> java.util.Arrays.stream(l[0]))
                .distinct()
                .sorted()
                .toArray();
        if (cutoffs.length > 0) {
            new CutoffAxis(cutoffs, -1).applyTo(plot); // decade ticks over every run's cutoffs
        }
        for (int r = 0; r < lines.size(); r++) {
            PosteriorComparison.Run run = comparison.runs().get(r);
            Color colour = COLOURS[r % COLOURS.length];
            plot.line(
                    run.label(),
                    lines.get(r)[0],
                    lines.get(r)[1],
                    colour,
                    Palette.SOLID,
                    MARKERS[r % MARKERS.length],
                    logY);
            if (criticalLines && run.criticalCutoff() != null && run.criticalCutoff() > 0) {
                plot.vertical("ε_c " + run.label(), run.criticalCutoff(), range, colour, Palette.DASHED);
            }
        }
    }
}
