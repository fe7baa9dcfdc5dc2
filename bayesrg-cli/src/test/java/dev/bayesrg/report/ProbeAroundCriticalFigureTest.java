package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.countInBins;
import static dev.bayesrg.report.Drawn.edges;
import static dev.bayesrg.report.Drawn.filled;
import static dev.bayesrg.report.Drawn.heights;
import static dev.bayesrg.report.Drawn.legend;
import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.verticalAt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fig. 10: what the histograms on either side of the critical cutoff plot. */
class ProbeAroundCriticalFigureTest {
    static final double[] CUTOFFS = {0.1, 1, 10};
    /** f(x*) per member at flow entries 0 (trained) to 3; member 5 diverged. */
    static final double[][] PROBE = {
        {1.0, 1.0, 0.5, 0.1},
        {1.1, 1.2, 1.6, 2.5},
        {0.9, 0.8, 0.2, -1.0},
        {1.05, 1.1, 1.9, 3.0},
        {0.95, Double.NaN, 1.2, 0.0},
        {50, 50, 50, 50}
    };

    static final boolean[] DIVERGED = {false, false, false, false, false, true};

    static final double[] TRAINED = {1.0, 1.1, 0.9, 1.05, 0.95};
    static final double[] AT_0_1 = {1.0, 1.2, 0.8, 1.1};
    static final double[] AT_1 = {0.5, 1.6, 0.2, 1.9, 1.2};
    static final double[] AT_10 = {0.1, 2.5, -1.0, 3.0, 0.0};

    static FigureFile draw(int criticalIndex, double[][] probe, boolean[] diverged) {
        int n = probe.length;
        MemberArrays members = new MemberArrays(diverged, probe, new double[n][0], new double[n][0]);
        return new ProbeAroundCriticalFigure(
                        new CutoffAxis(CUTOFFS, criticalIndex), new Probe(new double[] {0.5}, 1.0), members)
                .draw();
    }

    /** Both histograms count their members once each, in the same bins. */
    static void assertHistograms(Plot p, String below, double[] belowValues, String above, double[] aboveValues) {
        var a = filled(p, below);
        var b = filled(p, above);
        assertArrayEquals(edges(a), edges(b), "one set of bins");
        assertEquals(belowValues.length, Drawn.sum(heights(a)), 0);
        assertEquals(aboveValues.length, Drawn.sum(heights(b)), 0);
        assertArrayEquals(countInBins(belowValues, edges(a)), heights(a));
        assertArrayEquals(countInBins(aboveValues, edges(b)), heights(b));
    }

    @Test
    void comparesTheLastCutoffBelowTheCriticalOneWithTheCriticalCutoff() {
        FigureFile f = draw(1, PROBE, DIVERGED);
        Plot p = plot(f, 0);
        assertEquals(ProbeAroundCriticalFigure.NAME, f.name());
        assertEquals("Probe output on either side of ε_c = 1", p.getTitle());
        assertEquals("f(x*)  at x* = (0.5)", p.getXAxisTitle());
        assertHistograms(p, "ε = 0.1", AT_0_1, "ε = 1 = ε_c", AT_1);
        assertEquals(
                2, legend(p).stream().filter(n -> n.startsWith("fit: μ = ")).count(), "a fit to each");
        assertEquals(1.0, verticalAt(p, "true value y(x*) = 1"));
    }

    @Test
    void xRangeIsSymmetricAboutTheTrueValueAndCoversBothSamples() {
        Plot p = plot(draw(1, PROBE, DIVERGED), 0);
        double lo = p.getStyler().getXAxisMin();
        double hi = p.getStyler().getXAxisMax();
        assertEquals(1.0, (lo + hi) / 2, 1e-12);
        assertTrue(lo <= 0.2 && hi >= 1.9, lo + ".." + hi);
        assertTrue(hi < 50, "the diverged member is left out: " + hi);
    }

    @Test
    void aCriticalFirstCutoffIsComparedWithTheTrainedEnsemble() {
        assertHistograms(plot(draw(0, PROBE, DIVERGED), 0), "trained", TRAINED, "ε = 0.1 = ε_c", AT_0_1);
    }

    @Test
    void withoutACriticalCutoffTheTrainedEnsembleIsComparedWithTheLargestCutoff() {
        FigureFile f = draw(-1, PROBE, DIVERGED);
        Plot p = plot(f, 0);
        assertEquals("No critical cutoff: trained vs ε = 10", p.getTitle());
        assertHistograms(p, "trained", TRAINED, "ε = 10", AT_10);
        assertTrue(f.caption().startsWith("This run has no critical cutoff"), f.caption());
    }

    @Test
    void aSideWithoutMembersIsLabelledSo() {
        double[][] probe = new double[PROBE.length][];
        for (int m = 0; m < probe.length; m++) {
            probe[m] = PROBE[m].clone();
            probe[m][1] = Double.NaN;
        }
        assertHistograms(plot(draw(1, probe, DIVERGED), 0), "ε = 0.1 (no members)", new double[0], "ε = 1 = ε_c", AT_1);
    }

    @Test
    void aRunWhoseMembersAllDivergedSaysSo() {
        boolean[] all = new boolean[PROBE.length];
        java.util.Arrays.fill(all, true);
        Plot p = plot(draw(1, PROBE, all), 0);
        assertEquals("no member left: all diverged", p.note());
        assertEquals(List.of(), legend(p));
    }
}
