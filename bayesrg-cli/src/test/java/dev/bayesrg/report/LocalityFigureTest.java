package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.filled;
import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.nnft.Locality;
import dev.bayesrg.run.LocalityTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the locality figure plots from nnft/locality.csv, and when it is left out. */
class LocalityFigureTest {
    static final double[] SEPARATIONS = {0, 0.5, 1.0};

    /** Entries 0, 1 and 2 (cutoffs 0.1, 10); |K⁻¹| = (3, 1, 0.2)·(k + 1), |Λ4| = (2, 0.5, 0.1)/(k + 1). */
    static List<LocalityTable.Row> rows() {
        List<LocalityTable.Row> rows = new ArrayList<>();
        double[] cutoffs = {Double.NaN, 0.1, 10};
        double[] inverse = {3, 1, 0.2};
        double[] quartic = {2, 0.5, 0.1};
        for (int k = 0; k < 3; k++) {
            for (int s = 0; s < 3; s++) {
                rows.add(new LocalityTable.Row(
                        k,
                        cutoffs[k],
                        new Locality.Row(SEPARATIONS[s], 4, -1, inverse[s] * (k + 1), 0, quartic[s] / (k + 1), 16),
                        new Locality.Row(SEPARATIONS[s], 4, Double.NaN, 0.1 * (s + 1), 0, 0.01 * (s + 1), 16)));
            }
        }
        return rows;
    }

    @Test
    void theTrainedEnsembleAndTheLargestCutoffAgainstTheSeparationWithTheirErrorBounds() {
        FigureFile f = new LocalityFigure("line", rows()).draw();
        assertEquals(LocalityFigure.NAME, f.name());
        Plot top = plot(f, 0);
        Plot bottom = plot(f, 1);
        assertArrayEquals(SEPARATIONS, series(top, "trained").getXData());
        assertArrayEquals(new double[] {3, 1, 0.2}, series(top, "trained").getYData());
        assertArrayEquals(
                new double[] {9, 3, 0.6000000000000001}, series(top, "ε = 10").getYData(), 1e-12);
        assertArrayEquals(
                new double[] {2.0 / 3, 0.5 / 3, 0.1 / 3},
                series(bottom, "ε = 10").getYData(),
                1e-12);
        assertNull(top.getSeries("ε = 0.1"), "only the trained ensemble and the largest cutoff");
        // the band is ± the bound, at the separations (lower edge forward, upper edge back)
        var band = filled(top, LocalityFigure.BOUND + " (trained)");
        double[] x = band.getXData();
        double[] y = band.getYData();
        assertArrayEquals(new double[] {0, 0.5, 1.0, 1.0, 0.5, 0}, x);
        double[] value = {3, 1, 0.2};
        double[] bound = {0.1, 0.2, 0.3};
        double lo = top.getStyler().getYAxisMin();
        for (int s = 0; s < 3; s++) {
            assertEquals(Math.max(value[s] - bound[s], lo), y[s], 1e-12);
            assertEquals(value[s] + bound[s], y[5 - s], 1e-12);
        }
        assertTrue(f.caption().contains("upper bound on the jackknife error"), f.caption());
    }

    @Test
    void onlyALineOrGridMeshHasTheFigure() {
        assertNull(new LocalityFigure("grid", rows()).draw().emptyReason());
        String test = new LocalityFigure("test", List.of()).draw().emptyReason();
        assertTrue(test.startsWith("the nnft mesh is test, not a line or a grid"), test);
        assertEquals(
                "the nnft mesh is csv, not a line or a grid (nnft.mesh), so its points have no lattice separations",
                new LocalityFigure("csv", rows()).draw().emptyReason());
        assertTrue(new LocalityFigure("line", List.of()).draw().emptyReason().startsWith("no nnft/locality.csv"));
        assertEquals(Snapshots.NONE, new LocalityFigure(null, List.of()).draw().emptyReason());
    }
}
