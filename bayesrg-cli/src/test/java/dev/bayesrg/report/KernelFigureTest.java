package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.FieldTheoryFigures.axis;
import static dev.bayesrg.report.FieldTheoryFigures.entry;
import static dev.bayesrg.report.FieldTheoryFigures.file;
import static dev.bayesrg.report.FieldTheoryFigures.unmeasured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.run.NnftFile;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;

/** What the kernel heat maps plot from nnft/snapshots.json. */
class KernelFigureTest {
    // not symmetric, so that a transposed map would show
    static final double[][] TRAINED = {{1.0, 0.5}, {0.25, 2.0}};
    static final double[][] LARGEST = {{3.14159, -0.2}, {-0.2, 1.0}};

    static FigureFile draw(NnftFile nnft) {
        FigureFile f = new KernelFigure(axis(), nnft).draw();
        assertEquals(KernelFigure.NAME, f.name());
        return f;
    }

    static NnftFile.Snapshot middle(int k) {
        return entry(k, 0, 0, -1, new double[][] {{9, 9}, {9, 9}});
    }

    /** The heat map's cells are K(x_i, x_j), and its colour scale covers them, rounded out to three digits. */
    static void assertKernel(double[][] k, HeatMapChart c) {
        List<? extends Number[]> heat = c.getHeatMapSeries().getHeatData();
        assertEquals(k.length * k.length, heat.size());
        for (Number[] cell : heat) {
            assertEquals(k[cell[0].intValue()][cell[1].intValue()], cell[2].doubleValue());
        }
        double lo = Math.min(Math.min(k[0][0], k[0][1]), Math.min(k[1][0], k[1][1]));
        double hi = Math.max(Math.max(k[0][0], k[0][1]), Math.max(k[1][0], k[1][1]));
        double min = c.getStyler().getMin();
        double max = c.getStyler().getMax();
        assertTrue(min <= lo && min >= lo - 0.01 * Math.abs(lo), min + " vs " + lo);
        assertTrue(max >= hi && max <= hi + 0.01 * Math.abs(hi), max + " vs " + hi);
    }

    @Test
    void heatMapsAreTheKernelsOfTheTrainedEnsembleAndTheLargestCutoff() {
        FigureFile f = draw(
                file(List.of(entry(0, 0, 0, -1, TRAINED), middle(1), middle(2), entry(3, 0, 0, -1, LARGEST)), false));
        assertEquals(2, f.panels().size());
        HeatMapChart top = assertInstanceOf(HeatMapChart.class, f.panels().get(0));
        HeatMapChart bottom = assertInstanceOf(HeatMapChart.class, f.panels().get(1));
        assertEquals("K(x_i, x_j): trained ensemble", top.getTitle());
        assertEquals("K(x_i, x_j): ε = 10", bottom.getTitle());
        assertKernel(TRAINED, top);
        assertKernel(LARGEST, bottom);
    }

    @Test
    void anEntryWithFewerThanTwoMembersIsAnEmptyPanel() {
        FigureFile f = draw(file(List.of(entry(0, 0, 0, -1, TRAINED), middle(1), middle(2), unmeasured(3)), false));
        assertInstanceOf(HeatMapChart.class, f.panels().get(0));
        assertEquals("fewer than two members", plot(f, 1).note());
        assertEquals("ε = 10", plot(f, 1).getTitle());
    }

    @Test
    void aRunWithoutCutoffsShowsTheTrainedKernelAlone() {
        NnftFile nnft = file(List.of(entry(0, 0, 0, -1, TRAINED)), false);
        FigureFile f = new KernelFigure(new CutoffAxis(new double[0], -1), nnft).draw();
        assertEquals(1, f.panels().size());
        HeatMapChart only = assertInstanceOf(HeatMapChart.class, f.panels().get(0));
        assertEquals("K(x_i, x_j): trained ensemble", only.getTitle());
        assertKernel(TRAINED, only);
        assertEquals("Kernel on the mesh: trained ensemble", f.title());
        assertTrue(f.caption().contains("(the run has no cutoffs)"), f.caption());
    }

    @Test
    void aRunWithoutSnapshotsIsOneEmptyPanel() {
        FigureFile f = draw(null);
        assertEquals(1, f.panels().size());
        assertEquals(Snapshots.NONE, plot(f, 0).note());
    }
}
