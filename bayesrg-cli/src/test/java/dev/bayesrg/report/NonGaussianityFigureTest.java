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
}
