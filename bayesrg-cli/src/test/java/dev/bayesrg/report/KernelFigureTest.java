package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.FieldTheoryFigures.axis;
import static dev.bayesrg.report.FieldTheoryFigures.entry;
import static dev.bayesrg.report.FieldTheoryFigures.file;
import static dev.bayesrg.report.FieldTheoryFigures.unmeasured;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.run.NnftFile;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the kernel heat maps plot from nnft/snapshots.json. */
class KernelFigureTest {
    // not symmetric, so that a transposed map would show
    static final double[][] TRAINED = {{1.0, 0.5}, {0.25, 2.0}};
    static final double[][] LARGEST = {{3.14159, -0.2}, {-0.2, 1.0}};
    /** A kernel proper (symmetric, positive definite), for its inverse. */
    static final double[][] SYMMETRIC = {{2.0, 0.5}, {0.5, 1.0}};

    static FigureFile draw(NnftFile nnft) {
        FigureFile f = new KernelFigure(axis(), nnft).draw();
        assertEquals(KernelFigure.NAME, f.name());
        return f;
    }

    static NnftFile.Snapshot middle(int k) {
        return entry(k, 0, 0, -1, new double[][] {{9, 9}, {9, 9}});
    }

    /** The heat map's cells are K(x_i, x_j), and its colour limits are ±max|K|. */
    static void assertKernel(double[][] k, HeatMap c) {
        double[][] drawn = c.values();
        double max = 0;
        for (int i = 0; i < k.length; i++) {
            assertArrayEquals(k[i], drawn[i]);
            for (double v : k[i]) {
                max = Math.max(max, Math.abs(v));
            }
        }
        assertEquals(max, c.limit());
    }

    @Test
    void heatMapsAreTheKernelsOfTheTrainedEnsembleAndTheLargestCutoff() {
        FigureFile f = draw(
                file(List.of(entry(0, 0, 0, -1, TRAINED), middle(1), middle(2), entry(3, 0, 0, -1, LARGEST)), false));
        assertEquals(2, f.panels().size());
        HeatMap top = assertInstanceOf(HeatMap.class, f.panels().get(0));
        HeatMap bottom = assertInstanceOf(HeatMap.class, f.panels().get(1));
        assertEquals("K(x_i, x_j): trained ensemble", top.getTitle());
        assertEquals("K(x_i, x_j): ε = 10", bottom.getTitle());
        assertKernel(TRAINED, top);
        assertKernel(LARGEST, bottom);
    }

    @Test
    void anEntryWithFewerThanTwoMembersIsAnEmptyPanel() {
        FigureFile f = draw(file(List.of(entry(0, 0, 0, -1, TRAINED), middle(1), middle(2), unmeasured(3)), false));
        assertInstanceOf(HeatMap.class, f.panels().get(0));
        assertEquals("fewer than two members", plot(f, 1).note());
        assertEquals("ε = 10", plot(f, 1).getTitle());
    }

    @Test
    void aRunWithoutCutoffsShowsTheTrainedKernelAlone() {
        NnftFile nnft = file(List.of(entry(0, 0, 0, -1, TRAINED)), false);
        FigureFile f = new KernelFigure(new CutoffAxis(new double[0], -1), nnft).draw();
        assertEquals(1, f.panels().size());
        HeatMap only = assertInstanceOf(HeatMap.class, f.panels().get(0));
        assertEquals("K(x_i, x_j): trained ensemble", only.getTitle());
        assertKernel(TRAINED, only);
        assertEquals("Kernel on the mesh: trained ensemble", f.title());
        assertTrue(f.caption().contains("(the run has no cutoffs)"), f.caption());
    }

    /** 0 is the neutral colour, ±max the ends of the map, beyond them clamped; NaN grey. */
    @Test
    void theColourMapIsDivergingAndCentredAtZero() {
        assertEquals(HeatMap.NEUTRAL, HeatMap.colour(0, 3));
        assertEquals(HeatMap.POSITIVE, HeatMap.colour(3, 3));
        assertEquals(HeatMap.NEGATIVE, HeatMap.colour(-3, 3));
        assertEquals(HeatMap.POSITIVE, HeatMap.colour(30, 3));
        assertEquals(HeatMap.NEGATIVE, HeatMap.colour(-30, 3));
        assertEquals(HeatMap.MISSING, HeatMap.colour(Double.NaN, 3));
        assertEquals(HeatMap.NEUTRAL, HeatMap.colour(0, 0), "an all-zero matrix is neutral");
        // red grows with v > 0, blue with v < 0, symmetrically
        for (double v = 0.25; v <= 3; v += 0.25) {
            Color up = HeatMap.colour(v, 3);
            Color down = HeatMap.colour(-v, 3);
            assertTrue(up.getRed() >= up.getBlue() && down.getBlue() >= down.getRed(), v + ": " + up + " " + down);
        }
        // a kernel with only positive entries still has its limits at ±max: its smallest entry is pale
        HeatMap positive = new HeatMap("t", "i", "j", LARGEST, 640, 240);
        assertEquals(3.14159, positive.limit());
        assertEquals(List.of("3.142", "1.571", "0", "-1.571", "-3.142"), List.of(positive.legendLabels()));
    }

    /**
     * The colour bar and its labels lie inside the canvas: painted onto a larger white image, nothing
     * lands right of or below the panel nor touches its right edge (where it would be cut off), and
     * the legend's laid-out bounds are inside it — for labels of every length, down to a half-height
     * panel.
     */
    @Test
    void theLegendIsDrawnInsideTheCanvas() {
        for (double scale : new double[] {1, -123456.789, 1e-7, 8.13e5}) {
            double[][] k = {{scale, -0.5 * scale, 0}, {-0.5 * scale, 2 * scale, 0.1}, {0, 0.1, Double.NaN}};
            for (int[] size : new int[][] {{640, 240}, {640, 480}, {400, 200}}) {
                HeatMap map = new HeatMap("K(x_i, x_j): trained ensemble", "mesh point i", "j", k, size[0], size[1]);
                BufferedImage image = new BufferedImage(size[0] + 200, size[1] + 200, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, image.getWidth(), image.getHeight());
                map.paint(g, size[0], size[1]);
                Rectangle legend = map.legendBounds(g, size[0], size[1]);
                g.dispose();
                assertTrue(
                        new Rectangle(0, 0, size[0], size[1]).contains(legend),
                        scale + " " + size[0] + "x" + size[1] + ": legend " + legend);
                int rightmost = -1;
                for (int x = 0; x < image.getWidth(); x++) {
                    for (int y = 0; y < image.getHeight(); y++) {
                        if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
                            assertTrue(x < size[0] && y < size[1], scale + ": drawn at " + x + "," + y);
                            rightmost = Math.max(rightmost, x);
                        }
                    }
                }
                assertTrue(rightmost >= legend.x + legend.width - 12, "the labels reach the legend's right edge");
                // drawing up to the last column means it was cut off there (XChart's heat map reached 639 of 640)
                assertTrue(rightmost < size[0] - 2, "a margin is left at the right edge: " + rightmost);
            }
        }
    }

    /** K⁻¹ from the core's free action: K⁻¹ K = 1; a singular K's title names the jitter it needed. */
    @Test
    void inverseHeatMapsAreTheInverseKernels() {
        FigureFile f = new KernelFigure(
                        axis(),
                        file(
                                List.of(
                                        entry(0, 0, 0, -1, SYMMETRIC),
                                        middle(1),
                                        middle(2),
                                        entry(3, 0, 0, -1, new double[][] {{1, 1}, {1, 1}})),
                                false))
                .drawInverse();
        assertEquals(KernelFigure.INVERSE, f.name());
        HeatMap top = assertInstanceOf(HeatMap.class, f.panels().get(0));
        assertEquals("K⁻¹(x_i, x_j): trained ensemble", top.getTitle());
        double[][] inv = top.values();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double p = inv[i][0] * SYMMETRIC[0][j] + inv[i][1] * SYMMETRIC[1][j];
                assertEquals(i == j ? 1 : 0, p, 1e-12);
            }
        }
        HeatMap bottom = assertInstanceOf(HeatMap.class, f.panels().get(1));
        assertTrue(bottom.getTitle().startsWith("K⁻¹(x_i, x_j): ε = 10 (jitter "), bottom.getTitle());
        assertTrue(f.caption().contains("jitter"), f.caption());
    }

    @Test
    void aRunWithoutSnapshotsIsOneEmptyPanel() {
        FigureFile f = draw(null);
        assertEquals(1, f.panels().size());
        assertEquals(Snapshots.NONE, plot(f, 0).note());
    }
}
