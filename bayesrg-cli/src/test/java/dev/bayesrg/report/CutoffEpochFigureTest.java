package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.horizontalAt;
import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
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

/** What the cutoff ↔ training-epoch figure plots from nnft/snapshots.json. */
class CutoffEpochFigureTest {
    static Plot draw(NnftFile nnft) {
        FigureFile f = new CutoffEpochFigure(axis(), nnft).draw();
        assertEquals(CutoffEpochFigure.NAME, f.name());
        return plot(f, 0);
    }

    static NnftFile matched(int... epochs) {
        return file(
                List.of(
                        entry(0, 0, 0, epochs[0]),
                        entry(1, 0, 0, epochs[1]),
                        entry(2, 0, 0, epochs[2]),
                        entry(3, 0, 0, epochs[3])),
                true);
    }

    @Test
    void plotsTheBestMatchingEpochOfEachCutoffLeavingOutCutoffsWithoutOne() {
        Plot p = draw(matched(300, 250, 100, -1));
        var s = series(p, "epoch with the smallest KL(ε ‖ epoch)");
        assertArrayEquals(new double[] {0.1, 1}, s.getXData());
        assertArrayEquals(new double[] {250, 100}, s.getYData());
        assertEquals(300, horizontalAt(p, "trained ensemble's match"));
        assertEquals("best-matching training epoch", p.getYAxisTitle());
    }

    @Test
    void epochAxisIsLinearFromZero() {
        Plot p = draw(matched(300, 250, 100, 20));
        assertFalse(p.getStyler().isYAxisLogarithmic());
        assertEquals(0.0, p.getStyler().getYAxisMin());
        assertTrue(p.getStyler().getYAxisMax() > 300);
    }

    @Test
    void missingInputsSayWhatIsMissing() {
        assertEquals(Snapshots.NONE, draw(null).note());
        NnftFile untrained = file(List.of(entry(0, 0, 0, -1), entry(1, 0, 0, -1)), false);
        assertEquals(
                "no training checkpoints: set nnft.snapshotEvery > 0",
                draw(untrained).note());
        assertEquals("no finite KL divergences", draw(matched(-1, -1, -1, -1)).note());
    }
}
