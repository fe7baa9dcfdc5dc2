package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.countInBins;
import static dev.bayesrg.report.Drawn.edges;
import static dev.bayesrg.report.Drawn.filled;
import static dev.bayesrg.report.Drawn.hasSeriesStartingWith;
import static dev.bayesrg.report.Drawn.heights;
import static dev.bayesrg.report.Drawn.legend;
import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.verticalAt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYSeries;

/** Fig. 8: what the histogram of the trained ensemble's probe output plots. */
class TrainedProbeFigureTest {
    static final double[] X_STAR = {0.5, -1};
    /** f(x*) of nine members at the trained entry; member 2 diverged, member 5's output is not finite. */
    static final double[] TRAINED = {0.9, 1.1, 100, 0.95, 1.3, Double.NaN, 0.7, 1.05, 1.02};
    /** The seven outputs the figure may use. */
    static final double[] USED = {0.9, 1.1, 0.95, 1.3, 0.7, 1.05, 1.02};

    static MemberArrays members(double[] trained, int divergedMember) {
        int n = trained.length;
        boolean[] diverged = new boolean[n];
        if (divergedMember >= 0) {
            diverged[divergedMember] = true;
        }
        double[][] probe = new double[n][];
        for (int m = 0; m < n; m++) {
            probe[m] = new double[] {trained[m], 0.0};
        }
        return new MemberArrays(diverged, probe, new double[n][0], new double[n][0]);
    }

    static FigureFile draw(Double target, MemberArrays members) {
        return new TrainedProbeFigure(new Probe(X_STAR, target), members).draw();
    }

    @Test
    void histogramCountsEveryMemberThatDidNotDivergeAndHasAFiniteOutputOnce() {
        Plot p = plot(draw(1.0, members(TRAINED, 2)), 0);
        XYSeries h = filled(p, "trained members (n = 7)");
        assertEquals(USED.length, Drawn.sum(heights(h)), 0);
        assertArrayEquals(countInBins(USED, edges(h)), heights(h));
    }

    @Test
    void gaussianIsTheMaximumLikelihoodFitScaledToCountsPerBin() {
        Plot p = plot(draw(1.0, members(TRAINED, 2)), 0);
        double mu = Arrays.stream(USED).average().orElseThrow();
        double sigma =
                Math.sqrt(Arrays.stream(USED).map(v -> (v - mu) * (v - mu)).sum() / USED.length); // ddof 0
        double[] e = edges(filled(p, "trained members (n = 7)"));
        double binWidth = e[1] - e[0];
        XYSeries fit = p.getSeriesCollection().stream()
                .filter(s -> s.getName().startsWith("Gaussian fit: μ = "))
                .findFirst()
                .orElseThrow();
        double[] x = fit.getXData();
        double[] y = fit.getYData();
        int top = 0;
        for (int i = 1; i < y.length; i++) {
            top = y[i] > y[top] ? i : top;
        }
        double peak = USED.length * binWidth / (sigma * Math.sqrt(2 * Math.PI));
        assertEquals(peak, y[top], 1e-3 * peak);
        assertEquals(mu, x[top], x[1] - x[0]);
        // the curve spans the histogram's bins
        assertEquals(e[0], x[0], 1e-12);
        assertEquals(e[e.length - 1], x[x.length - 1], 1e-12);
    }

    @Test
    void xRangeIsSymmetricAboutTheTrueValueMarkedByAVerticalLine() {
        Plot p = plot(draw(1.0, members(TRAINED, 2)), 0);
        double lo = p.getStyler().getXAxisMin();
        double hi = p.getStyler().getXAxisMax();
        assertEquals(1.0, (lo + hi) / 2, 1e-12);
        assertTrue(lo <= 0.7 && hi >= 1.3, lo + ".." + hi);
        assertTrue(hi < 2, "the diverged member's output is left out: " + hi);
        assertEquals(1.0, verticalAt(p, "true value y(x*) = 1"));
        assertEquals(
                List.of("trained members (n = 7)", "true value y(x*) = 1"),
                legend(p).stream().filter(n -> !n.startsWith("Gaussian fit")).toList());
    }

    @Test
    void axesAreLinearCountsFromZeroWithTheProbeInTheTitle() {
        FigureFile f = draw(1.0, members(TRAINED, 2));
        Plot p = plot(f, 0);
        assertEquals(TrainedProbeFigure.NAME, f.name());
        assertEquals("Trained ensemble at x* = (0.5, -1)", p.getTitle());
        assertEquals("f(x*)  (network output at the probe)", p.getXAxisTitle());
        assertEquals("members per bin", p.getYAxisTitle());
        assertFalse(p.getStyler().isXAxisLogarithmic());
        assertFalse(p.getStyler().isYAxisLogarithmic());
        assertEquals(0.0, p.getStyler().getYAxisMin());
        double tallest = Arrays.stream(heights(filled(p, "trained members (n = 7)")))
                .max()
                .orElseThrow();
        assertTrue(p.getStyler().getYAxisMax() > tallest);
        assertTrue(f.caption().contains("over the 7 members that did not diverge"), f.caption());
        assertNull(p.note());
    }

    @Test
    void withoutATrueValueTheRangeIsCentredOnTheMeanAndNoLineIsDrawn() {
        Plot p = plot(draw(null, members(TRAINED, 2)), 0);
        double mean = Arrays.stream(USED).average().orElseThrow();
        assertEquals(mean, (p.getStyler().getXAxisMin() + p.getStyler().getXAxisMax()) / 2, 1e-12);
        assertFalse(hasSeriesStartingWith(p, "true value"));
    }

    @Test
    void aRunWhoseMembersAllDivergedSaysSo() {
        MemberArrays none = members(new double[] {1, 2}, 0);
        none.diverged()[1] = true;
        FigureFile f = draw(1.0, none);
        assertEquals("no member left: all diverged", plot(f, 0).note());
        assertTrue(legend(plot(f, 0)).isEmpty());
        assertTrue(f.caption().contains("over the 0 members"), f.caption());
    }
}
