package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.horizontalAt;
import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.run.TrainingFlowStatistics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.style.Styler.LegendPosition;

/** What the figure of the flow during training plots from training_flow.csv's rows. */
class TrainingFlowFigureTest {
    static final double[] CUTOFFS = {1e-4, 1e-2, 1, 100};

    /** Rows at epochs 0, 100, …: ε_c (null: none) and the median rank correlation of each. */
    static TrainingFlowStatistics training(int members, Double[] critical, double[] rank) {
        List<TrainingFlowStatistics.Row> rows = new ArrayList<>();
        for (int c = 0; c < rank.length; c++) {
            rows.add(new TrainingFlowStatistics.Row(c, 100 * c, rank[c], critical[c], new double[CUTOFFS.length + 1]));
        }
        return new TrainingFlowStatistics(members, rows);
    }

    static FigureFile draw(double[] cutoffs, TrainingFlowStatistics training) {
        FigureFile f = new TrainingFlowFigure(new CutoffAxis(cutoffs, -1), training, 2.0).draw();
        assertEquals(TrainingFlowFigure.NAME, f.name());
        return f;
    }

    @Test
    void plotsTheCriticalCutoffAndTheRankCorrelationAgainstTheEpoch() {
        FigureFile f = draw(
                CUTOFFS, training(5, new Double[] {null, 100.0, 1.0, 1.0}, new double[] {0.25, 0.5, Double.NaN, 1.0}));
        Plot top = plot(f, 0);
        var critical = series(top, TrainingFlowFigure.CRITICAL);
        assertArrayEquals(new double[] {100, 200, 300}, critical.getXData(), "the checkpoints with an ε_c");
        assertArrayEquals(new double[] {100, 1, 1}, critical.getYData());
        assertTrue(top.getStyler().isYAxisLogarithmic(), "positive cutoffs: a log axis");
        var none = series(top, new TrainingFlowFigure(new CutoffAxis(CUTOFFS, -1), null, 2.0).beyond());
        assertArrayEquals(new double[] {0}, none.getXData(), "the checkpoint whose median never crossed");
        assertTrue(
                none.getYData()[0] > 100 && none.getYData()[0] < top.getStyler().getYAxisMax(), "above ε_K");
        assertTrue(top.getStyler().getYAxisMin() < 1e-4, "the whole schedule in view");

        Plot bottom = plot(f, 1);
        var rank = series(bottom, TrainingFlowFigure.RANK);
        assertArrayEquals(new double[] {0, 100, 300}, rank.getXData(), "the NaN median is left out");
        assertArrayEquals(new double[] {0.25, 0.5, 1.0}, rank.getYData());
        assertEquals(1.0, horizontalAt(bottom, "ρ = 1: the trained ranking"));
        assertEquals("training epoch", bottom.getXAxisTitle());
        assertFalse(bottom.getStyler().isYAxisLogarithmic());
        assertTrue(bottom.getStyler().getYAxisMax() >= 1.05);
    }

    @Test
    void theLegendOfTheCriticalCutoffGoesWhereTheLaterCheckpointsAreNot() {
        Plot low = plot(draw(CUTOFFS, training(3, new Double[] {null, 1e-4, 1e-4}, new double[] {0.5, 0.9, 1})), 0);
        assertEquals(LegendPosition.InsideNE, low.getStyler().getLegendPosition());
        Plot high = plot(draw(CUTOFFS, training(3, new Double[] {1e-4, 1e-4, 100.0}, new double[] {0.5, 0.9, 1})), 0);
        assertEquals(LegendPosition.InsideSE, high.getStyler().getLegendPosition());
        Plot none = plot(draw(CUTOFFS, training(3, new Double[] {1e-4, 1e-4, null}, new double[] {0.5, 0.9, 1})), 0);
        assertEquals(
                LegendPosition.InsideSE,
                none.getStyler().getLegendPosition(),
                "a late checkpoint without ε_c is marked at the top");
    }

    @Test
    void aZeroCutoffPutsTheCriticalCutoffOnALinearAxis() {
        Plot top =
                plot(draw(new double[] {0, 0.5, 1}, training(3, new Double[] {0.5, 0.0}, new double[] {0.9, 1.0})), 0);
        assertFalse(top.getStyler().isYAxisLogarithmic());
        assertArrayEquals(
                new double[] {0.5, 0.0},
                series(top, TrainingFlowFigure.CRITICAL).getYData());
        assertTrue(top.getStyler().getYAxisMin() < 0 && top.getStyler().getYAxisMax() > 1);
        Plot single = plot(draw(new double[] {0}, training(3, new Double[] {0.0, null}, new double[] {0.9, 1.0})), 0);
        assertTrue(single.getStyler().getYAxisMin() < 0 && single.getStyler().getYAxisMax() > 0, "a single cutoff 0");
    }

    @Test
    void missingInputsSayWhatIsMissing() {
        FigureFile empty = draw(CUTOFFS, training(0, new Double[] {null}, new double[] {Double.NaN}));
        assertEquals("no member left: all diverged", plot(empty, 0).note());
        assertEquals("no member left: all diverged", plot(empty, 1).note());
        FigureFile constant =
                draw(CUTOFFS, training(2, new Double[] {1.0, 1.0}, new double[] {Double.NaN, Double.NaN}));
        assertEquals(
                "no rank correlation: every Fisher diagonal constant",
                plot(constant, 1).note());
    }
}
