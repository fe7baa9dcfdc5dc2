package dev.bayesrg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.awt.image.BufferedImage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The report's plot style where XChart's defaults fail. */
class PlotTest {
    private static void paint(Plot p) {
        // the deadline only keeps a regression from hanging the build: XChart's default labels on
        // such an axis never finished
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            BufferedImage img = new BufferedImage(640, 240, BufferedImage.TYPE_INT_ARGB);
            p.paint(img.createGraphics(), 640, 240);
        });
    }

    @Test
    void linearAxisOfHugeValuesGetsScientificLabelsAndPaints() {
        // the KL divergences of a run whose trained kernel on the mesh is singular
        Plot p = new Plot("KL", "cutoff", "KL");
        p.yAxis(new double[] {6.036950318794535e36, 1.7894523174279242e37}, false);
        p.line(
                "KL",
                new double[] {1e-4, 1e-2, 1, 100},
                new double[] {1.07e37, 6.78e36, 1.6e37, 1.03e37},
                Palette.BLUE,
                Palette.SOLID,
                org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE,
                false);
        p.getStyler().setXAxisLogarithmic(true);
        paint(p);
        assertEquals(Plot.SCIENTIFIC, p.getStyler().getYAxisDecimalPattern());
        // the logarithmic x axis keeps its own labels
        assertNotEquals(Plot.SCIENTIFIC, p.getStyler().getXAxisDecimalPattern());
    }

    @Test
    void ordinaryAxesKeepXChartsLabels() {
        Plot p = new Plot("MSE", "x", "y");
        p.line(
                "y",
                new double[] {0, 1, 2},
                new double[] {3, 9e14, 5},
                Palette.BLUE,
                Palette.SOLID,
                org.knowm.xchart.style.markers.SeriesMarkers.NONE,
                false);
        String before = p.getStyler().getYAxisDecimalPattern();
        paint(p);
        assertEquals(before, p.getStyler().getYAxisDecimalPattern());
        assertEquals(before, p.getStyler().getXAxisDecimalPattern());
    }
}
