package dev.bayesrg.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's statistics and number formatting. */
class ReportUnitsTest {
    @Test
    void gaussianFitIsTheMaximumLikelihoodOneWithDdofZero() {
        double[] x = {1, 2, 3, 4};
        assertEquals(2.5, Stats.mean(x), 1e-15);
        assertEquals(Math.sqrt(1.25), Stats.stdMle(x), 1e-15); // numpy.std(x), ddof 0
        assertEquals(1 / Math.sqrt(2 * Math.PI), Stats.normalPdf(0, 0, 1), 1e-15);
    }

    @Test
    void quantilesInterpolateLikeNumpy() {
        double[] x = {4, 1, 3, 2};
        assertEquals(1.75, Stats.quantile(x, 0.25), 1e-15);
        assertEquals(2.5, Stats.quantile(x, 0.5), 1e-15);
        assertTrue(Double.isNaN(Stats.quantile(new double[0], 0.5)));
    }

    @Test
    void histogramCountsEveryValueInRangeOnce() {
        double[] x = {-1, -0.5, 0, 0.25, 0.5, 1, 7};
        Stats.Histogram h = Stats.histogram(x, -1, 1, 4);
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1}, h.edges(), 1e-15);
        assertArrayEquals(new int[] {1, 1, 2, 2}, h.counts()); // 7 is outside; 1 falls in the last bin
        assertEquals(0.5, h.binWidth(), 1e-15);
        assertEquals(5, Stats.bins(1));
        assertEquals(8, Stats.bins(58));
        assertEquals(16, Stats.bins(512));
        // Freedman–Diaconis: 1..8 has IQR 3.5, n^(1/3) = 2, bin width 3.5 -> 20 / 3.5 -> 6 bins
        assertEquals(6, Stats.bins(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 20));
        assertEquals(5, Stats.bins(new double[] {1, 1, 1, 1}, 20)); // no spread: Rice, at least 5
    }

    @Test
    void numbersAreFormattedIndependentlyOfTheLocale() {
        assertEquals("0.936", Format.number(0.93602));
        assertEquals("54.57", Format.number(54.5675));
        assertEquals("1.049e+05", Format.number(104_900));
        assertEquals("nan", Format.number(Double.NaN));
        assertEquals("1e-04", Format.cutoff(1e-4));
        assertEquals("0.0075", Format.cutoff(0.0075));
        assertEquals("5", Format.cutoff(5.0));
        assertEquals("1e+05", Format.cutoff(1e5));
        assertEquals("524.15", Format.table(524.1496910081521));
        assertEquals("1.1485e+05", Format.table(114850.3));
    }

    @Test
    void logTicksArePowersOfTenWithSuperscripts() {
        assertEquals("10⁻⁴", Format.tick(1e-4));
        assertEquals("1", Format.tick(1));
        assertEquals("10", Format.tick(10));
        assertEquals("10⁵", Format.tick(1e5));
        // 20 decades: every second one is labelled, the others stay blank
        var f = Axes.decades(-12, 8);
        assertEquals("10²", f.apply(100.0));
        assertEquals("", f.apply(1000.0));
        assertEquals("", f.apply(300.0));
    }

    @Test
    void logAxesOnlyForPositiveDataSpanningTwoDecades() {
        assertTrue(Axes.wantsLog(List.of(1.0, 150.0, Double.NaN)));
        assertFalse(Axes.wantsLog(List.of(1.0, 50.0)));
        assertFalse(Axes.wantsLog(List.of(-1.0, 500.0)));
        double[] r = Axes.paddedRange(List.of(10.0, 1000.0), true);
        assertTrue(r[0] < 10 && r[0] > 0 && r[1] > 1000, Arrays.toString(r));
        assertEquals(null, Axes.paddedRange(List.of(Double.NaN), false));
    }

    @Test
    void aFigureThatCannotBeDrawnBecomesALabelledPlaceholder() throws Exception {
        FigureFile f = FigureFile.failed("fig8_probe_trained", "Fig. 8", new IllegalStateException("boom"));
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(f.png()));
        assertEquals(640, image.getWidth());
        assertEquals(480, image.getHeight());
        assertTrue(f.caption().contains("boom"), f.caption());
        assertTrue(new String(f.svg(), java.nio.charset.StandardCharsets.UTF_8).contains("<svg"));
    }

    @Test
    void htmlIsEscaped() {
        assertEquals("a&lt;b&gt;&amp;&quot;&#39;", HtmlReport.esc("a<b>&\"'"));
    }
}
