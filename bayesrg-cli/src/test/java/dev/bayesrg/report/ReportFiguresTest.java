package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.plot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The figure list's builders: a figure that cannot be drawn becomes a stand-in naming the error. */
class ReportFiguresTest {
    @Test
    void aFigureThatThrowsBecomesAStandInNamingTheError() {
        var builder = new ReportFigures.Builder("fig9_loss_vs_cutoff", () -> {
            throw new IllegalStateException("flow.csv has no column 'test_mse_median'\nsecond line");
        });
        FigureFile f = builder.get();
        assertEquals("fig9_loss_vs_cutoff", f.name());
        assertEquals(
                "could not draw: flow.csv has no column 'test_mse_median'",
                plot(f, 0).note());
        assertTrue(f.caption().startsWith("This figure could not be drawn: "), f.caption());
        String longer = "x".repeat(100);
        FigureFile g = new ReportFigures.Builder("sloppy_fraction", () -> {
                    throw new IllegalArgumentException(longer);
                })
                .get();
        assertEquals("could not draw: " + "x".repeat(67) + "...", plot(g, 0).note());
    }
}
