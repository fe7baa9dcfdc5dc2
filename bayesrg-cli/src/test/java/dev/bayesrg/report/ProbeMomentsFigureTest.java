package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.filled;
import static dev.bayesrg.report.Drawn.hasSeriesStartingWith;
import static dev.bayesrg.report.Drawn.horizontalAt;
import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static dev.bayesrg.report.Drawn.verticalAt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.run.FlowEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fig. 11: what the probe's mean and variance along the flow plot. */
class ProbeMomentsFigureTest {
    static final double[] CUTOFFS = {0.01, 0.1, 1, 10};
    /** Per flow entry (0: trained): the variance grows by three decades, the mean drifts from y(x*) = 1. */
    static final double[] VARIANCE = {0.02, 0.021, 0.03, 0.5, 40};

    static final double[] MEAN = {0.98, 0.97, 0.95, 0.7, -0.4};

    static FigureFile draw(Double target, List<FlowEntry> flow) {
        return new ProbeMomentsFigure(new CutoffAxis(CUTOFFS, 2), new Probe(new double[] {0.25, 0.75}, target), flow)
                .draw();
    }

    static List<FlowEntry> flow() {
        return new FlowBuilder(CUTOFFS).probeMean(MEAN).probeVariance(VARIANCE).build();
    }

    @Test
    void topPanelIsTheVarianceAtEachCutoffOnALogAxis() {
        FigureFile f = draw(1.0, flow());
        assertEquals(ProbeMomentsFigure.NAME, f.name());
        assertEquals(2, f.panels().size());
        Plot top = plot(f, 0);
        assertEquals("(a) variance of f(x*)", top.getTitle());
        assertArrayEquals(CUTOFFS, series(top, "v̂(ε)").getXData());
        assertArrayEquals(
                new double[] {0.021, 0.03, 0.5, 40}, series(top, "v̂(ε)").getYData());
        assertTrue(top.getStyler().isYAxisLogarithmic(), "the variance spans three decades");
        assertEquals(VARIANCE[0], horizontalAt(top, "trained"));
        assertEquals(1.0, verticalAt(top, "ε_c = 1"));
        assertFalse(top.getStyler().isXAxisTitleVisible(), "the panel below names the cutoff axis");
    }

    @Test
    void bottomPanelIsTheMeanAtEachCutoffWithTheTrueValue() {
        Plot bottom = plot(draw(1.0, flow()), 1);
        assertEquals("(b) mean of f(x*)", bottom.getTitle());
        assertEquals("cutoff ε on Fᵢᵢ  (log scale)", bottom.getXAxisTitle());
        assertTrue(bottom.getStyler().isXAxisTitleVisible());
        assertArrayEquals(CUTOFFS, series(bottom, "m̂(ε)").getXData());
        assertArrayEquals(
                new double[] {0.97, 0.95, 0.7, -0.4}, series(bottom, "m̂(ε)").getYData());
        assertFalse(bottom.getStyler().isYAxisLogarithmic(), "a mean may be negative");
        assertEquals(1.0, horizontalAt(bottom, "y(x*) = 1"));
        assertEquals(MEAN[0], horizontalAt(bottom, "trained"));
        assertEquals(1.0, verticalAt(bottom, "ε_c = 1"));
        assertTrue(bottom.getStyler().getYAxisMin() < -0.4 && bottom.getStyler().getYAxisMax() > 1.0);
    }

    /**
     * Members whose probe outputs at entry k are k + {0, 1, 3} (and a diverged member far off): mean
     * k + 4/3, s² = 7/3, so the mean's band is ± √(7/9) and the variance's ± √(m4/3 − 0) with
     * m4 = ((4/3)⁴ + (1/3)⁴ + (5/3)⁴)/3 (n = 3: the σ⁴ term vanishes).
     */
    @Test
    void bothPanelsCarryBandsOfOneStandardErrorOverTheMembersThatDidNotDiverge() {
        int entries = CUTOFFS.length + 1;
        double[][] probe = new double[4][entries];
        double[] mean = new double[entries];
        double[] variance = new double[entries];
        for (int k = 0; k < entries; k++) {
            probe[0][k] = k;
            probe[1][k] = k + 1;
            probe[2][k] = k + 3;
            probe[3][k] = 1e6;
            mean[k] = k + 4.0 / 3;
            variance[k] = 7.0 / 3;
        }
        MemberArrays members =
                new MemberArrays(new boolean[] {false, false, false, true}, probe, new double[4][0], new double[4][0]);
        FigureFile f = new ProbeMomentsFigure(
                        new CutoffAxis(CUTOFFS, 2),
                        new Probe(new double[] {0.25, 0.75}, 1.0),
                        new FlowBuilder(CUTOFFS)
                                .probeMean(mean)
                                .probeVariance(variance)
                                .build(),
                        members)
                .draw();
        double meanSe = Math.sqrt(7.0 / 9);
        double m4 = (Math.pow(4.0 / 3, 4) + Math.pow(1.0 / 3, 4) + Math.pow(5.0 / 3, 4)) / 3;
        double varSe = Math.sqrt(m4 / 3);
        double[][] meanBand = band(plot(f, 1), CUTOFFS);
        double[][] varBand = band(plot(f, 0), CUTOFFS);
        for (int i = 0; i < CUTOFFS.length; i++) {
            assertEquals(mean[i + 1] - meanSe, meanBand[0][i], 1e-12);
            assertEquals(mean[i + 1] + meanSe, meanBand[1][i], 1e-12);
            assertEquals(7.0 / 3 - varSe, varBand[0][i], 1e-12);
            assertEquals(7.0 / 3 + varSe, varBand[1][i], 1e-12);
        }
        assertTrue(f.caption().contains("± 1 standard error"), f.caption());
    }

    /** A band's lower and upper edge at the cutoffs, read from its polygon, checked to lie at the cutoffs. */
    static double[][] band(Plot p, double[] cutoffs) {
        var s = filled(p, ProbeMomentsFigure.BAND);
        double[] x = s.getXData();
        double[] y = s.getYData();
        int n = x.length / 2;
        double[][] edges = new double[2][n];
        for (int i = 0; i < n; i++) {
            assertEquals(cutoffs[i], x[i]);
            assertEquals(cutoffs[i], x[2 * n - 1 - i]);
            edges[0][i] = y[i];
            edges[1][i] = y[2 * n - 1 - i];
        }
        return edges;
    }

    @Test
    void varianceWithinADecadeIsOnALinearAxis() {
        double[] variance = {1, 1.5, 2, 3, 4};
        Plot top = plot(
                draw(
                        1.0,
                        new FlowBuilder(CUTOFFS)
                                .probeMean(MEAN)
                                .probeVariance(variance)
                                .build()),
                0);
        assertFalse(top.getStyler().isYAxisLogarithmic());
    }

    @Test
    void withoutATrueValueNoLineIsDrawnForIt() {
        assertFalse(hasSeriesStartingWith(plot(draw(null, flow()), 1), "y(x*)"));
    }

    @Test
    void fewerThanTwoMembersLeaveTheVariancePanelEmptyAndTheMeanDrawn() {
        FigureFile f = draw(1.0, new FlowBuilder(CUTOFFS).probeMean(MEAN).build());
        assertEquals("no variance: fewer than two members", plot(f, 0).note());
        assertNull(plot(f, 1).note());
        FigureFile none = draw(1.0, new FlowBuilder(CUTOFFS).build());
        assertEquals("no member left: all diverged", plot(none, 1).note());
    }
}
