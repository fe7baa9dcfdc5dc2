package dev.bayesrg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which figures the report leaves out as empty, and the reason it gives. */
class FigureFileEmptyTest {
    private static Plot empty(String note) {
        Plot p = new Plot("t", "", "");
        p.noData(note);
        return p;
    }

    private static Plot withData() {
        Plot p = new Plot("t", "x", "y");
        p.line("y", new double[] {0, 1}, new double[] {1, 2}, Palette.BLUE, Palette.SOLID, null, false);
        return p;
    }

    @Test
    void aFigureIsEmptyWhenEveryPanelIsAndSaysWhyOnce() {
        assertEquals(
                "no data", new FigureFile("f", "F", "c", List.of(empty("no data"), empty("no data"))).emptyReason());
        assertEquals("a; b", new FigureFile("f", "F", "c", List.of(empty("a"), empty("b"))).emptyReason());
    }

    @Test
    void aFigureWithOnePanelOfDataOrAHeatMapIsNotEmpty() {
        assertNull(new FigureFile("f", "F", "c", List.of(empty("a"), withData())).emptyReason());
        assertNull(new FigureFile(
                        "f", "F", "c", List.of(empty("a"), new HeatMap("h", "i", "j", new double[][] {{1}}, 640, 240)))
                .emptyReason());
    }

    /** A figure that could not be drawn stays, showing its error. */
    @Test
    void aFailedFigureIsNotEmpty() {
        assertNull(
                FigureFile.failed("f", "F", new IllegalStateException("boom")).emptyReason());
    }
}
