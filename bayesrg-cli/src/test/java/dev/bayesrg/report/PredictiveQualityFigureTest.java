package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.horizontalAt;
import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static dev.bayesrg.report.Drawn.verticalAt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.run.FlowEntry;
import dev.bayesrg.run.PredictiveQuality;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The predictive-quality figure: what its three panels plot from flow.csv's predictive columns. */
class PredictiveQualityFigureTest {
    static final double[] CUTOFFS = {0.01, 0.1, 1, 10};
    static final double[] NLL = {1.5, 1.5, 1.7, 3.0, 9.0};
    static final double[] COVER95 = {0.96, 0.95, 0.9, 0.6, 0.2};
    static final double[] BIAS = {0.5, 0.5, 0.7, 5, 300};
    static final double[] VARIANCE = {0.2, 0.2, 0.3, 4, 100};
    static final double[] TRAIN = {0.01, 0.02, 0.1, 3, 350};

    static List<FlowEntry> flow(boolean measured) {
        List<FlowEntry> base = new FlowBuilder(CUTOFFS).build();
        List<FlowEntry> flow = new ArrayList<>();
        for (int k = 0; k < base.size(); k++) {
            FlowEntry e = base.get(k);
            flow.add(new FlowEntry(
                    e.cutoff(),
                    e.sloppyFraction(),
                    e.testMseMean(),
                    e.testMseMedian(),
                    e.testMseQ25(),
                    e.testMseQ75(),
                    e.probeMean(),
                    e.probeVariance(),
                    e.probeExcessKurtosis(),
                    e.members(),
                    measured ? TRAIN[k] : Double.NaN,
                    measured ? TRAIN[k] : Double.NaN,
                    measured
                            ? new PredictiveQuality(
                                    NLL[k], COVER95[k] / 2, COVER95[k] - 0.05, COVER95[k], BIAS[k], VARIANCE[k])
                            : PredictiveQuality.UNDEFINED));
        }
        return flow;
    }

    static FigureFile draw(List<FlowEntry> flow) {
        return new PredictiveQualityFigure(new CutoffAxis(CUTOFFS, 2), flow, 1.0).draw();
    }

    @Test
    void theNllPanelPlotsEachCutoffsNllAgainstTheTrainedEnsemble() {
        FigureFile f = draw(flow(true));
        assertEquals(PredictiveQualityFigure.NAME, f.name());
        assertEquals(3, f.panels().size());
        Plot nll = plot(f, 0);
        assertArrayEquals(CUTOFFS, series(nll, "NLL").getXData());
        assertArrayEquals(new double[] {1.5, 1.7, 3.0, 9.0}, series(nll, "NLL").getYData());
        assertEquals(NLL[0], horizontalAt(nll, "trained"));
        assertEquals(1.0, verticalAt(nll, "ε_c = 1"));
    }

    @Test
    void theCoveragePanelPlotsEachLevelBesideItsNominalValue() {
        Plot coverage = plot(draw(flow(true)), 1);
        assertArrayEquals(
                new double[] {0.95, 0.9, 0.6, 0.2},
                series(coverage, "95% interval").getYData());
        assertArrayEquals(
                new double[] {0.475, 0.45, 0.3, 0.1},
                series(coverage, "50% interval").getYData(),
                1e-15);
        assertEquals(0.5, horizontalAt(coverage, "nominal 50%"));
        assertEquals(0.9, horizontalAt(coverage, "nominal 90%"));
        assertEquals(0.95, horizontalAt(coverage, "nominal 95%"));
    }

    @Test
    void theMsePanelPlotsBiasVarianceAndTrainingMseOnALogAxis() {
        Plot mse = plot(draw(flow(true)), 2);
        assertArrayEquals(
                new double[] {0.5, 0.7, 5, 300},
                series(mse, "bias² (ensemble-mean MSE)").getYData());
        assertArrayEquals(
                new double[] {0.2, 0.3, 4, 100}, series(mse, "variance").getYData());
        assertArrayEquals(
                new double[] {0.02, 0.1, 3, 350},
                series(mse, "training MSE (mean)").getYData());
        assertTrue(mse.getStyler().isYAxisLogarithmic(), "four decades");
    }

    @Test
    void aFlowWithoutThePredictiveColumnsDrawsEmptyPanelsSayingWhy() {
        FigureFile f = draw(flow(false));
        for (int i = 0; i < 3; i++) {
            assertNotNull(plot(f, i).note(), "panel " + i);
        }
        assertNull(plot(draw(flow(true)), 0).note());
    }
}
