package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.filled;
import static dev.bayesrg.report.Drawn.hasSeriesStartingWith;
import static dev.bayesrg.report.Drawn.horizontalAt;
import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static dev.bayesrg.report.FieldTheoryFigures.CUTOFFS;
import static dev.bayesrg.report.FieldTheoryFigures.axis;
import static dev.bayesrg.report.FieldTheoryFigures.entry;
import static dev.bayesrg.report.FieldTheoryFigures.file;
import static dev.bayesrg.report.FieldTheoryFigures.withCouplings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.run.NnftFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the couplings figure plots from nnft/snapshots.json: norms and whitened norms with their bands. */
class CouplingsFigureTest {
    /** Per flow entry, order 4: {norm, normSe, t, tSe, floorMean, floorSd}. */
    static final double[][] QUARTIC = {
        {2.0, 0.2, 5.0, 0.5, 3.0, 0.4},
        {1.5, 0.1, 4.0, 0.3, 3.0, 0.4},
        {1.0, 0.2, 3.5, 0.3, 3.1, 0.5},
        {0.8, 0.3, 3.0, 0.2, 3.2, 0.5}
    };

    /** Order 3, entries 0..3. */
    static final double[][] CUBIC = {
        {0.5, 0.05, 2.0, 0.1, 1.9, 0.2},
        {0.4, 0.05, 1.8, 0.1, 1.9, 0.2},
        {0.3, 0.04, 2.1, 0.2, 1.9, 0.2},
        {0.2, 0.04, 1.7, 0.2, 1.9, 0.2}
    };

    static NnftFile snapshots() {
        List<NnftFile.Snapshot> entries = new java.util.ArrayList<>();
        for (int k = 0; k < 4; k++) {
            // entries 0 and 1 above the floor at order 4, none at order 3
            entries.add(withCouplings(
                    k, new double[][] {null, null, null, CUBIC[k], QUARTIC[k]}, false, false, false, false, k <= 1));
        }
        return file(entries, false);
    }

    static FigureFile draw(NnftFile nnft) {
        FigureFile f = new CouplingsFigure(axis(), nnft).draw();
        assertEquals(CouplingsFigure.NAME, f.name());
        return f;
    }

    private static double[] column(double[][] rows, int j) {
        double[] out = new double[rows.length - 1];
        for (int k = 1; k < rows.length; k++) {
            out[k - 1] = rows[k][j];
        }
        return out;
    }

    /** A band's lower and upper edge at the cutoffs, read from the polygon of legend entry {@code label}. */
    private static double[][] band(Plot p, String label) {
        var s = filled(p, label);
        double[] x = s.getXData();
        double[] y = s.getYData();
        int n = x.length / 2;
        double[][] edges = new double[2][n];
        for (int i = 0; i < n; i++) {
            assertEquals(CUTOFFS[i], x[i]);
            assertEquals(CUTOFFS[i], x[2 * n - 1 - i]);
            edges[0][i] = y[i];
            edges[1][i] = y[2 * n - 1 - i];
        }
        return edges;
    }

    @Test
    void theNormsOfEveryMeasuredOrderCarryTheirStandardErrorBands() {
        Plot top = plot(draw(snapshots()), 0);
        for (Object[] o : new Object[][] {{"‖Λ₄‖", QUARTIC}, {"‖Λ₃‖", CUBIC}}) {
            String name = (String) o[0];
            double[][] rows = (double[][]) o[1];
            var s = series(top, name);
            assertArrayEquals(CUTOFFS, s.getXData());
            assertArrayEquals(column(rows, 0), s.getYData());
            assertEquals(rows[0][0], horizontalAt(top, "trained " + name));
            double[][] band = band(top, ProbeMomentsFigure.BAND + " " + name);
            double min = top.getStyler().getYAxisMin();
            double max = top.getStyler().getYAxisMax();
            for (int i = 0; i < CUTOFFS.length; i++) {
                double v = rows[i + 1][0];
                double se = rows[i + 1][1];
                assertEquals(Bands.clip(v - se, new double[] {min, max}), band[0][i], 1e-15);
                assertEquals(Bands.clip(v + se, new double[] {min, max}), band[1][i], 1e-15);
            }
        }
        assertFalse(hasSeriesStartingWith(top, "‖Λ₆‖"), "order 6 was not measured");
        assertTrue(draw(snapshots()).caption().contains("± 1 standard error"));
    }

    @Test
    void theWhitenedNormsSitBesideTheNoiseFloorWithTheSignificantEntriesMarked() {
        Plot bottom = plot(draw(snapshots()), 1);
        var t = series(bottom, "t₄");
        assertArrayEquals(column(QUARTIC, 2), t.getYData());
        double[][] tBand = band(bottom, ProbeMomentsFigure.BAND + " t₄");
        double[][] floor = band(bottom, CouplingsFigure.FLOOR + " (t₄)");
        for (int i = 0; i < CUTOFFS.length; i++) {
            double[] q = QUARTIC[i + 1];
            assertEquals(q[2] - q[3], tBand[0][i], 1e-15);
            assertEquals(q[2] + q[3], tBand[1][i], 1e-15);
            assertEquals(q[4] - 2 * q[5], floor[0][i], 1e-15);
            assertEquals(q[4] + 2 * q[5], floor[1][i], 1e-15);
        }
        // only entry 1 (ε = 0.1) of the cutoffs is above the floor; entry 0 has no cutoff
        var marked = series(bottom, CouplingsFigure.SIGNIFICANT + " (t₄)");
        assertArrayEquals(new double[] {CUTOFFS[0]}, marked.getXData());
        assertArrayEquals(new double[] {QUARTIC[1][2]}, marked.getYData());
        assertNull(bottom.getSeries(CouplingsFigure.SIGNIFICANT + " (t₃)"), "no order-3 entry is above the floor");
        // the floor lies within the axis
        assertTrue(bottom.getStyler().getYAxisMin() <= 3.0 - 0.8
                && bottom.getStyler().getYAxisMax() >= 3.2 + 1.0);
    }

    @Test
    void aRunWithoutCouplingsOrSnapshotsIsEmptyAndSaysWhy() {
        FigureFile none = draw(null);
        assertEquals(Snapshots.NONE, none.emptyReason());
        // snapshots written before the tensors: no coupling errors nor tests
        FigureFile old = draw(file(List.of(entry(0, 0.1, 0, -1), entry(1, 0.2, 0.1, -1)), false));
        assertEquals(CouplingsFigure.NO_COUPLINGS, old.emptyReason());
        assertNull(draw(snapshots()).emptyReason());
    }
}
