package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.filled;
import static dev.bayesrg.report.Drawn.hasSeriesStartingWith;
import static dev.bayesrg.report.Drawn.horizontalAt;
import static dev.bayesrg.report.Drawn.legend;
import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static dev.bayesrg.report.Drawn.verticalAt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.BrgConfig.CutoffScale;
import dev.bayesrg.run.CriticalInterval;
import dev.bayesrg.run.FlowEntry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fig. 9: what the test loss against the cutoff plots. */
class LossVsCutoffFigureTest {
    static final double[] CUTOFFS = {1e-3, 1e-2, 0.1, 1, 10};
    /** Per flow entry (0: trained): the median test MSE climbs three decades after ε = 0.1. */
    static final double[] MEDIAN = {0.010, 0.011, 0.012, 0.02, 0.5, 3.0};

    static final double[] MEAN = {0.012, 0.013, 0.015, 0.03, 0.8, 4.0};
    static final double[] Q25 = {0.008, 0.009, 0.010, 0.015, 0.3, 2.0};
    static final double[] Q75 = {0.013, 0.014, 0.016, 0.03, 0.9, 5.0};

    static List<FlowEntry> flow() {
        return new FlowBuilder(CUTOFFS)
                .median(MEDIAN)
                .mean(MEAN)
                .q25(Q25)
                .q75(Q75)
                .build();
    }

    static Plot draw(int criticalIndex, List<FlowEntry> flow) {
        return plot(new LossVsCutoffFigure(new CutoffAxis(CUTOFFS, criticalIndex), flow, 2.0).draw(), 0);
    }

    static double[] atCutoffs(double[] perEntry) {
        return Arrays.copyOfRange(perEntry, 1, perEntry.length);
    }

    @Test
    void medianAndMeanAreTheFlowsTestMseAtEachCutoff() {
        Plot p = draw(3, flow());
        assertArrayEquals(CUTOFFS, series(p, "median").getXData());
        assertArrayEquals(atCutoffs(MEDIAN), series(p, "median").getYData());
        assertArrayEquals(CUTOFFS, series(p, "mean").getXData());
        assertArrayEquals(atCutoffs(MEAN), series(p, "mean").getYData());
    }

    @Test
    void interquartileBandRunsAlongTheFirstQuartileAndBackAlongTheThird() {
        Plot p = draw(3, flow());
        var band = filled(p, "interquartile range");
        int k = CUTOFFS.length;
        double[] x = band.getXData();
        double[] y = band.getYData();
        assertEquals(2 * k, x.length);
        for (int i = 0; i < k; i++) {
            assertEquals(CUTOFFS[i], x[i]);
            assertEquals(Q25[i + 1], y[i]);
            assertEquals(CUTOFFS[i], x[2 * k - 1 - i]);
            assertEquals(Q75[i + 1], y[2 * k - 1 - i]);
        }
    }

    @Test
    void lossSpanningDecadesIsOnLogAxesCoveringEveryValue() {
        Plot p = draw(3, flow());
        assertTrue(p.getStyler().isYAxisLogarithmic());
        assertTrue(p.getStyler().isXAxisLogarithmic());
        assertEquals("test MSE  ⟨(f(x) − y(x))²⟩  (log scale)", p.getYAxisTitle());
        assertEquals("cutoff ε on Fᵢᵢ  (log scale)", p.getXAxisTitle());
        assertTrue(p.getStyler().getYAxisMin() < 0.008 && p.getStyler().getYAxisMax() > 5.0);
        assertTrue(p.getStyler().getXAxisMin() < 1e-3 && p.getStyler().getXAxisMax() > 10);
    }

    @Test
    void lossWithinADecadeIsOnALinearAxis() {
        double[] flat = {1.0, 1.1, 1.2, 1.3, 1.5, 2.0};
        Plot p = draw(
                3,
                new FlowBuilder(CUTOFFS)
                        .median(flat)
                        .mean(flat)
                        .q25(flat)
                        .q75(flat)
                        .build());
        assertFalse(p.getStyler().isYAxisLogarithmic());
        assertEquals("test MSE  ⟨(f(x) − y(x))²⟩", p.getYAxisTitle());
        assertTrue(p.getStyler().isXAxisLogarithmic(), "the cutoffs still span four decades");
    }

    @Test
    void criticalCutoffIsAVerticalLineAtItAndTheTrainedEnsembleAHorizontalOne() {
        Plot p = draw(3, flow());
        assertEquals(1.0, verticalAt(p, "ε_c = 1"));
        assertEquals(MEDIAN[0], horizontalAt(p, "trained ensemble (median)"));
        assertEquals(
                List.of("interquartile range", "trained ensemble (median)", "median", "mean", "ε_c = 1"), legend(p));
        assertFalse(hasSeriesStartingWith(draw(-1, flow()), "ε_c"));
    }

    @Test
    void criticalIntervalIsABandFromItsLowerToItsUpperCutoff() {
        Plot p = plot(
                new LossVsCutoffFigure(
                                new CutoffAxis(CUTOFFS, 3), flow(), 2.0, new CriticalInterval(0.1, 10.0, 1000, 3))
                        .draw(),
                0);
        var band = filled(p, "95% interval of ε_c over members");
        assertArrayEquals(new double[] {0.1, 10.0, 10.0, 0.1}, band.getXData());
        double[] y = band.getYData();
        assertTrue(
                y[0] < p.getStyler().getYAxisMin() && y[2] > p.getStyler().getYAxisMax(),
                "the band spans the plot's whole height");
        // an upper bound beyond the last cutoff reaches the axis' end
        Plot open = plot(
                new LossVsCutoffFigure(
                                new CutoffAxis(CUTOFFS, 3), flow(), 2.0, new CriticalInterval(1.0, null, 1000, 40))
                        .draw(),
                0);
        double[] x = filled(open, "95% interval of ε_c over members").getXData();
        assertEquals(1.0, x[0]);
        assertEquals(open.getStyler().getXAxisMax(), x[1]);
        assertFalse(
                hasSeriesStartingWith(draw(3, flow()), "95%"), "no band for a run written before intervals existed");
    }

    @Test
    void theAxisSaysWhatRelativeCutoffsMeasure() {
        assertEquals(
                "cutoff c: ε = c × each member's mean Fᵢᵢ  (log scale)",
                plot(
                                new LossVsCutoffFigure(
                                                new CutoffAxis(CUTOFFS, 3, CutoffScale.MEAN_EIGENVALUE), flow(), 2.0)
                                        .draw(),
                                0)
                        .getXAxisTitle());
        assertEquals(
                "cutoff c: quantile of each member's Fᵢᵢ",
                new CutoffAxis(new double[] {0, 0.5, 1}, -1, CutoffScale.QUANTILE).title());
    }

    @Test
    void cutoffsWithoutAFiniteMedianAreLeftOut() {
        double[] median = MEDIAN.clone();
        median[2] = Double.NaN;
        median[4] = Double.POSITIVE_INFINITY;
        Plot p = draw(
                3,
                new FlowBuilder(CUTOFFS)
                        .median(median)
                        .mean(MEAN)
                        .q25(Q25)
                        .q75(Q75)
                        .build());
        assertArrayEquals(new double[] {1e-3, 0.1, 10}, series(p, "median").getXData());
        assertArrayEquals(new double[] {0.011, 0.02, 3.0}, series(p, "median").getYData());
    }

    @Test
    void aFlowWithoutAnyFiniteLossSaysEveryMemberDiverged() {
        FigureFile f =
                new LossVsCutoffFigure(new CutoffAxis(CUTOFFS, -1), new FlowBuilder(CUTOFFS).build(), 2.0).draw();
        assertEquals("no member left: all diverged", plot(f, 0).note());
        assertNull(draw(3, flow()).note());
    }

    @Test
    void captionNamesTheCriticalFactor() {
        FigureFile f = new LossVsCutoffFigure(new CutoffAxis(CUTOFFS, 3), flow(), 2.5).draw();
        assertEquals(LossVsCutoffFigure.NAME, f.name());
        assertTrue(f.caption().contains("first exceeds 2.5 times the trained ensemble's"), f.caption());
    }
}
