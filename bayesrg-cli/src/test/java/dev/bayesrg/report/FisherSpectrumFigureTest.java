package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.edges;
import static dev.bayesrg.report.Drawn.filled;
import static dev.bayesrg.report.Drawn.hasSeriesStartingWith;
import static dev.bayesrg.report.Drawn.heights;
import static dev.bayesrg.report.Drawn.legend;
import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.verticalAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.BrgConfig.CutoffScale;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the Fisher-diagonal spectrum plots. */
class FisherSpectrumFigureTest {
    /** Fᵢᵢ of three members; member 2 diverged. Six positive values, two zeros, one NaN. */
    static final double[][] FISHER = {{2e-6, 3e-4, 0, 5e-3, 0.7}, {4.0, 0, Double.NaN, 2e-2}, {1e5, 1e6}};

    static final boolean[] DIVERGED = {false, false, true};
    static final double[] POSITIVE = {2e-6, 3e-4, 5e-3, 0.7, 4.0, 2e-2};

    static Plot draw(double[] cutoffs, int criticalIndex, double[][] fisher, boolean[] diverged) {
        int n = diverged.length;
        MemberArrays members = new MemberArrays(diverged, new double[n][0], fisher, new double[n][0]);
        FigureFile f = new FisherSpectrumFigure(new CutoffAxis(cutoffs, criticalIndex), members).draw();
        assertEquals(FisherSpectrumFigure.NAME, f.name());
        return plot(f, 0);
    }

    static Plot draw() {
        return draw(new double[] {1e-3, 0.1}, 1, FISHER, DIVERGED);
    }

    @Test
    void everyPositiveFisherValueOfTheMembersUsedFillsItsOwnBinWithItsShareOfAllParameters() {
        Plot p = draw();
        var spectrum = filled(p, "Fᵢᵢ > 0 (6 of 8)");
        double[] h = heights(spectrum);
        double[] e = edges(spectrum);
        double share = 100.0 / 8;
        assertEquals(100.0 * 6 / 8, Drawn.sum(h), 1e-9);
        assertEquals(6, Arrays.stream(h).filter(v -> v > 0).count());
        for (double v : POSITIVE) {
            boolean found = false;
            for (int i = 0; i < h.length; i++) {
                found |= e[i] <= v * (1 + 1e-12) && v <= e[i + 1] * (1 + 1e-12) && Math.abs(h[i] - share) < 1e-9;
            }
            assertTrue(found, v + " has a bin of share " + share);
        }
    }

    @Test
    void relativeCutoffsAreNotDrawnOnTheFisherAxis() {
        int n = DIVERGED.length;
        MemberArrays members = new MemberArrays(DIVERGED, new double[n][0], FISHER, new double[n][0]);
        FigureFile f = new FisherSpectrumFigure(
                        new CutoffAxis(new double[] {0.1, 0.5}, 1, CutoffScale.QUANTILE), members)
                .draw();
        assertFalse(hasSeriesStartingWith(plot(f, 0), "ε_c"), "a quantile 0.5 is no value of Fᵢᵢ");
        assertTrue(f.caption().contains("relative to each member's own Fᵢᵢ"), f.caption());
        assertTrue(hasSeriesStartingWith(draw(), "ε_c"), "an absolute ε_c is");
    }

    @Test
    void fisherValuesAreOnALogAxisThatLeavesOutTheDivergedMember() {
        Plot p = draw();
        assertTrue(p.getStyler().isXAxisLogarithmic());
        assertFalse(p.getStyler().isYAxisLogarithmic());
        assertEquals("Fisher diagonal Fᵢᵢ  (log scale)", p.getXAxisTitle());
        assertEquals("share of parameters per bin (%)", p.getYAxisTitle());
        assertTrue(p.getStyler().getXAxisMin() < 2e-6 && p.getStyler().getXAxisMax() > 4.0);
        assertTrue(
                p.getStyler().getXAxisMax() < 1e5,
                "member 2 diverged: " + p.getStyler().getXAxisMax());
        assertEquals(0.0, p.getStyler().getYAxisMin());
    }

    @Test
    void zerosAreCountedInTheLegendAndTheCriticalCutoffMarked() {
        Plot p = draw();
        assertEquals(List.of("Fᵢᵢ > 0 (6 of 8)", "Fᵢᵢ = 0: 25% (not on the axis)", "ε_c = 0.1"), legend(p));
        assertEquals(0.1, verticalAt(p, "ε_c = 0.1"));
        assertFalse(hasSeriesStartingWith(draw(new double[] {1e-3, 0.1}, -1, FISHER, DIVERGED), "ε_c"));
    }

    @Test
    void aZeroCriticalCutoffCannotSitOnTheLogAxis() {
        assertFalse(hasSeriesStartingWith(draw(new double[] {0, 1}, 0, FISHER, DIVERGED), "ε_c"));
    }

    @Test
    void emptySpectraSayWhy() {
        double[][] zeros = {{0, 0}, {0}, {1.0}};
        assertEquals(
                "every Fᵢᵢ is 0", draw(new double[] {1}, -1, zeros, DIVERGED).note());
        assertEquals(
                "no member left: all diverged",
                draw(new double[] {1}, -1, FISHER, new boolean[] {true, true, true})
                        .note());
    }
}
