package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.legend;
import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the training-loss figure plots. */
class TrainingLossFigureTest {
    static final double[] EPOCHS = {0, 10, 20, 30, 40};
    /** Loss every 10 epochs of four members; member 2 diverged after epoch 20. */
    static final double[][] CURVES = {
        {1, 0.1, 0.01, 0.005, 0.004},
        {2, 0.3, 0.02, 0.01, 0.008},
        {1, 5, 1e3, Double.NaN, Double.NaN},
        {1.5, 0.2, 0.015, 0.007, 0.006}
    };

    static final boolean[] DIVERGED = {false, false, true, false};

    static FigureFile draw(double[][] curves, boolean[] diverged) {
        int n = diverged.length;
        FigureFile f = new TrainingLossFigure(
                        new MemberArrays(diverged, new double[n][0], new double[n][0], curves), 10)
                .draw();
        assertEquals(TrainingLossFigure.NAME, f.name());
        return f;
    }

    /** The median of three or more values, by sorting. */
    static double median(double... v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    @Test
    void medianIsOverTheMembersThatDidNotDivergeAtEveryRecordedEpoch() {
        Plot p = plot(draw(CURVES, DIVERGED), 0);
        var median = series(p, "median (3 members)");
        assertArrayEquals(EPOCHS, median.getXData());
        double[] expected = new double[EPOCHS.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = median(CURVES[0][i], CURVES[1][i], CURVES[3][i]);
        }
        assertArrayEquals(expected, median.getYData());
    }

    @Test
    void everyMemberIsACurveAndTheDivergedOneEndsInACrossAtItsLastFiniteLoss() {
        Plot p = plot(draw(CURVES, DIVERGED), 0);
        assertArrayEquals(CURVES[0], series(p, "members").getYData());
        assertArrayEquals(CURVES[1], series(p, "member 1").getYData());
        assertArrayEquals(new double[] {1, 5, 1e3}, series(p, "member 2").getYData(), "drawn up to its last loss");
        assertArrayEquals(CURVES[3], series(p, "member 3").getYData());
        assertEquals(
                Palette.VERMILLION.getRGB() & 0xFFFFFF,
                series(p, "member 2").getLineColor().getRGB() & 0xFFFFFF);
        var crosses = series(p, "diverged (1): last recorded loss");
        assertArrayEquals(new double[] {20}, crosses.getXData());
        assertArrayEquals(new double[] {1e3}, crosses.getYData());
        assertEquals(List.of("members", "diverged (1): last recorded loss", "median (3 members)"), legend(p));
    }

    @Test
    void lossSpanningDecadesIsOnALogAxisOverTheEpochs() {
        Plot p = plot(draw(CURVES, DIVERGED), 0);
        assertTrue(p.getStyler().isYAxisLogarithmic());
        assertEquals("training MSE  (log scale)", p.getYAxisTitle());
        assertEquals("training epoch", p.getXAxisTitle());
        assertFalse(p.getStyler().isXAxisLogarithmic());
        assertEquals(0.0, p.getStyler().getXAxisMin());
        assertEquals(40.0, p.getStyler().getXAxisMax());
        assertTrue(p.getStyler().getYAxisMin() < 0.004 && p.getStyler().getYAxisMax() > 1e3);
    }

    @Test
    void atMostFiftyCurvesAreDrawnButEveryMemberEntersTheMedian() {
        int n = 60;
        double[][] curves = new double[n][];
        for (int m = 0; m < n; m++) {
            curves[m] = new double[] {m + 1, (m + 1) / 2.0};
        }
        FigureFile f = draw(curves, new boolean[n]);
        Plot p = plot(f, 0);
        long drawn = Drawn.names(p).stream()
                .filter(s -> s.equals("members") || s.startsWith("member "))
                .count();
        assertEquals(TrainingLossFigure.MAX_CURVES, drawn);
        double all = (n + 1) / 2.0; // the median of 1..60
        assertArrayEquals(
                new double[] {all, all / 2}, series(p, "median (60 members)").getYData());
        assertTrue(f.caption().contains("The first 50 of 60 members are drawn;"), f.caption());
    }

    @Test
    void runsWithoutLossCurvesSaySo() {
        assertEquals(
                "no training loss recorded",
                plot(draw(new double[2][0], new boolean[2]), 0).note());
    }
}
