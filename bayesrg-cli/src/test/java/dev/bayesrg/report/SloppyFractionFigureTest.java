package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static dev.bayesrg.report.Drawn.verticalAt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the sloppy fraction against the cutoff plots. */
class SloppyFractionFigureTest {
    static final double[] CUTOFFS = {1e-4, 1e-2, 1, 100};
    static final double[] FRACTION = {0, 0.05, 0.3, 0.8, 1.0};

    static Plot draw(double[] cutoffs, int criticalIndex, double[] fraction) {
        FigureFile f = new SloppyFractionFigure(
                        new CutoffAxis(cutoffs, criticalIndex),
                        new FlowBuilder(cutoffs).sloppy(fraction).build())
                .draw();
        assertEquals(SloppyFractionFigure.NAME, f.name());
        return plot(f, 0);
    }

    @Test
    void plotsTheFractionCoarseGrainedAtEachCutoffOnAFixedUnitAxis() {
        Plot p = draw(CUTOFFS, 2, FRACTION);
        var s = series(p, "fraction of parameters coarse grained");
        assertArrayEquals(CUTOFFS, s.getXData());
        assertArrayEquals(new double[] {0.05, 0.3, 0.8, 1.0}, s.getYData());
        assertEquals(0.0, p.getStyler().getYAxisMin());
        assertEquals(1.05, p.getStyler().getYAxisMax());
        assertFalse(p.getStyler().isYAxisLogarithmic());
        assertTrue(p.getStyler().isXAxisLogarithmic());
        assertEquals(1.0, verticalAt(p, "ε_c = 1"));
    }

    @Test
    void aZeroCutoffPutsTheCutoffsOnALinearAxis() {
        double[] cutoffs = {0, 0.5, 1};
        Plot p = draw(cutoffs, 0, new double[] {0, 0.1, 0.2, 0.4});
        assertFalse(p.getStyler().isXAxisLogarithmic());
        assertEquals("cutoff ε on Fᵢᵢ", p.getXAxisTitle());
        assertArrayEquals(
                cutoffs, series(p, "fraction of parameters coarse grained").getXData());
        assertEquals(0.0, verticalAt(p, "ε_c = 0"), "a zero ε_c is drawn on a linear axis");
        assertTrue(p.getStyler().getXAxisMin() < 0 && p.getStyler().getXAxisMax() > 1);
    }

    @Test
    void aFlowWithoutAnyFiniteFractionSaysEveryMemberDiverged() {
        double[] nan = {0.0, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        assertEquals("no member left: all diverged", draw(CUTOFFS, -1, nan).note());
    }

    @Test
    void anEigenbasisRunCountsDimensionsBelowTheEigenvalueCutoff() {
        FigureFile f = new SloppyFractionFigure(
                        new CutoffAxis(CUTOFFS, 2, dev.bayesrg.config.BrgConfig.CutoffScale.ABSOLUTE, true),
                        new FlowBuilder(CUTOFFS).sloppy(FRACTION).build())
                .draw();
        Plot p = plot(f, 0);
        assertEquals("sloppy fraction  dim{λ < ε} / P", p.getYAxisTitle());
        assertEquals("cutoff ε on the Fisher eigenvalues λ  (log scale)", p.getXAxisTitle());
        assertArrayEquals(
                new double[] {0.05, 0.3, 0.8, 1.0},
                series(p, "fraction of parameters coarse grained").getYData());
    }
}
