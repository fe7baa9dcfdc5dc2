package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.run.GeometryStatistics;
import dev.bayesrg.run.GeometryStatistics.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the relative entropy of the coarse graining plots. */
class RelativeEntropyFigureTest {
    private static final double[] CUTOFFS = {0.01, 1, 100};

    @Test
    void predictedRelativeEntropyWithTheWholeMetricAndWithItsDiagonalAtTheCutoffs() {
        GeometryStatistics g = new GeometryStatistics(
                4,
                3,
                1.2,
                1.5,
                0.9,
                new double[] {10, 1, 0.1},
                300.0,
                List.of(
                        new Row(0.01, 0.1, 0.9, 1.0, 300, 301, 0.002, 0.003),
                        new Row(1, 0.2, 0.95, 1.0, 310, 302, 0.5, 0.9),
                        new Row(100, 0.9, 0.99, 1.0, 9000, 400, 40, 300)));
        FigureFile f = new RelativeEntropyFigure(new CutoffAxis(CUTOFFS, 2), g, null).draw();
        assertEquals(RelativeEntropyFigure.NAME, f.name());
        Plot p = plot(f, 0);
        var whole = series(p, "predicted ½ δθᵀFδθ (median)");
        assertArrayEquals(CUTOFFS, whole.getXData());
        assertArrayEquals(new double[] {0.002, 0.5, 40}, whole.getYData());
        assertArrayEquals(
                new double[] {0.003, 0.9, 300},
                series(p, "diagonal approximation ½ Σ Fᵢᵢ δθᵢ² (median)").getYData());
        assertTrue(p.getStyler().isYAxisLogarithmic(), "five decades");
    }

    @Test
    void withoutGeometryOrFieldTheoryItSaysSo() {
        GeometryStatistics none = new GeometryStatistics(
                0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, new double[0], Double.NaN, List.of());
        Plot p = plot(new RelativeEntropyFigure(new CutoffAxis(CUTOFFS, -1), none, null).draw(), 0);
        assertTrue(p.note().startsWith("no member measured the geometry"), p.note());
    }
}
