package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.hasSeriesStartingWith;
import static dev.bayesrg.report.Drawn.horizontalAt;
import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static dev.bayesrg.report.FieldTheoryFigures.CUTOFFS;
import static dev.bayesrg.report.FieldTheoryFigures.axis;
import static dev.bayesrg.report.FieldTheoryFigures.entry;
import static dev.bayesrg.report.FieldTheoryFigures.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.run.NnftFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the non-Gaussianity figure plots from nnft/snapshots.json. */
class NonGaussianityFigureTest {
    static final double[] KAPPA4 = {0.05, 0.01, 0.2, 3.0};
    static final double[] KL = {0, 0.001, 0.05, 2.0};

    static NnftFile snapshots() {
        return file(
                List.of(
                        entry(0, KAPPA4[0], KL[0], -1),
                        entry(1, KAPPA4[1], KL[1], -1),
                        entry(2, KAPPA4[2], KL[2], -1),
                        entry(3, KAPPA4[3], KL[3], -1)),
                false);
    }

    static FigureFile draw(NnftFile nnft) {
        FigureFile f = new NonGaussianityFigure(axis(), nnft).draw();
        assertEquals(NonGaussianityFigure.NAME, f.name());
        return f;
    }

    @Test
    void topPanelIsTheNormalisedFourPointFunctionOfEachCutoffEntry() {
        Plot top = plot(draw(snapshots()), 0);
        var s = series(top, "‖κ4‖/‖Wick‖(ε)");
        assertArrayEquals(CUTOFFS, s.getXData());
        assertArrayEquals(new double[] {KAPPA4[1], KAPPA4[2], KAPPA4[3]}, s.getYData());
        assertEquals(KAPPA4[0], horizontalAt(top, "trained"));
        assertTrue(top.getStyler().isYAxisLogarithmic(), "0.01 to 3 spans more than two decades");
    }

    @Test
    void bottomPanelIsTheKlDivergenceToTheTrainedEnsemble() {
        Plot bottom = plot(draw(snapshots()), 1);
        var s = series(bottom, "KL(ε ‖ trained)");
        assertArrayEquals(CUTOFFS, s.getXData());
        assertArrayEquals(new double[] {KL[1], KL[2], KL[3]}, s.getYData());
        assertFalse(hasSeriesStartingWith(bottom, "trained"), "the trained entry's KL to itself is 0");
        assertEquals("cutoff ε on Fᵢᵢ  (log scale)", bottom.getXAxisTitle());
        assertEquals("KL(entry ‖ trained)", bottom.getYAxisTitle());
    }

    @Test
    void entriesTheFileLacksAreLeftOut() {
        NnftFile short_ = file(List.of(entry(0, 0.05, 0, -1), entry(1, 0.1, 0.01, -1), entry(2, 0.2, 0.02, -1)), false);
        var s = series(plot(draw(short_), 0), "‖κ4‖/‖Wick‖(ε)");
        assertArrayEquals(new double[] {0.1, 1}, s.getXData());
        assertArrayEquals(new double[] {0.1, 0.2}, s.getYData());
        assertFalse(plot(draw(short_), 0).getStyler().isYAxisLogarithmic());
    }

    @Test
    void aRunWithoutSnapshotsSaysHowToMakeThem() {
        FigureFile f = draw(null);
        assertEquals(Snapshots.NONE, plot(f, 0).note());
        assertEquals(Snapshots.NONE, plot(f, 1).note());
        assertTrue(f.caption().contains("nnft mesh (none)"), f.caption());
        assertTrue(draw(snapshots()).caption().contains("nnft mesh (line, 2 points)"));
    }

    @Test
    void aPanelWithoutFiniteValuesSaysSo() {
        double nan = Double.NaN;
        NnftFile f = file(List.of(entry(0, nan, 0, -1), entry(1, nan, 0.1, -1)), false);
        assertEquals("no finite values", plot(draw(f), 0).note());
    }

    /** Given standard errors, panel (a) carries a ± 1 s.e. band at the cutoffs (clipped to a log axis' bottom). */
    @Test
    void theFourPointStatisticCarriesItsStandardErrorBand() {
        double[] se = {0.001, 0.002, 0.05, 0.5};
        FigureFile f = new NonGaussianityFigure(axis(), snapshots(), se).draw();
        Plot top = plot(f, 0);
        double[][] band = ProbeMomentsFigureTest.band(top, CUTOFFS);
        double min = top.getStyler().getYAxisMin();
        double max = top.getStyler().getYAxisMax();
        for (int i = 0; i < CUTOFFS.length; i++) {
            assertEquals(Math.min(Math.max(KAPPA4[i + 1] - se[i + 1], min), max), band[0][i], 1e-15);
            assertEquals(Math.min(Math.max(KAPPA4[i + 1] + se[i + 1], min), max), band[1][i], 1e-15);
        }
        // the axis follows the values; a band wider than it is cut at its edges
        FigureFile wide = new NonGaussianityFigure(axis(), snapshots(), new double[] {0, 1e6, 1e6, 1e6}).draw();
        Plot w = plot(wide, 0);
        assertTrue(w.getStyler().getYAxisMax() < 10, "the axis keeps to the values");
        assertEquals(w.getStyler().getYAxisMax(), ProbeMomentsFigureTest.band(w, CUTOFFS)[1][0]);
        assertTrue(f.caption().contains("± 1 standard error"), f.caption());
        assertFalse(hasSeriesStartingWith(plot(f, 1), ProbeMomentsFigure.BAND), "no band on the KL");
    }
}
