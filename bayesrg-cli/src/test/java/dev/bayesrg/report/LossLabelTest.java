package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.Preset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The figures name the run's loss: under {@code train.loss: mse} the words of before ("test MSE"),
 * under another loss "loss", and a classifier's (cross-entropy's) predictive panel its credible sets
 * and Brier score.
 */
class LossLabelTest {
    private static final LossLabel HUBER = new LossLabel("huber", false);
    private static final LossLabel SOFTMAX = new LossLabel("cross-entropy", true);

    @Test
    void theLabelComesFromTheConfiguration() {
        assertEquals(
                LossLabel.MSE,
                LossLabel.of(ConfigLoader.fromPreset(Preset.PAPER).load()));
        assertEquals(
                SOFTMAX,
                LossLabel.of(ConfigLoader.fromPreset(Preset.PAPER)
                        .with(List.of("train.loss=cross-entropy", "data.source=blobs", "data.classes=3"))
                        .load()));
        assertEquals(
                new LossLabel("cross-entropy", true),
                LossLabel.of(ConfigLoader.fromPreset(Preset.PAPER)
                        .with(List.of("train.loss=cross-entropy", "data.source=blobs"))
                        .load()),
                "two classes: one logit, still a classifier with a categorical predictive");
        assertEquals(
                new LossLabel("huber", false),
                LossLabel.of(ConfigLoader.fromPreset(Preset.PAPER)
                        .with(List.of("train.loss=huber"))
                        .load()),
                "a regression loss: the Gaussian predictive");
        assertEquals("test MSE", LossLabel.MSE.test());
        assertEquals("training loss", HUBER.training());
        assertEquals(" (train.loss huber)", HUBER.named());
        assertEquals("", LossLabel.MSE.named());
    }

    @Test
    void lossAgainstTheCutoffSaysLossUnlessItIsTheSquaredError() {
        FigureFile mse = new LossVsCutoffFigure(
                        new CutoffAxis(LossVsCutoffFigureTest.CUTOFFS, 3), LossVsCutoffFigureTest.flow(), 2.0)
                .draw();
        FigureFile huber = new LossVsCutoffFigure(
                        new CutoffAxis(LossVsCutoffFigureTest.CUTOFFS, 3),
                        LossVsCutoffFigureTest.flow(),
                        2.0,
                        null,
                        HUBER)
                .draw();
        assertEquals("test MSE  ⟨(f(x) − y(x))²⟩  (log scale)", plot(mse, 0).getYAxisTitle());
        assertEquals("test loss  ⟨ℓ(f(x), y)⟩  (log scale)", plot(huber, 0).getYAxisTitle());
        assertTrue(mse.caption().startsWith("Ensemble test MSE after coarse graining"), mse.caption());
        assertTrue(
                huber.caption().startsWith("Ensemble test loss (train.loss huber) after coarse graining"),
                huber.caption());
    }

    @Test
    void trainingLossSaysLossUnlessItIsTheSquaredError() {
        MemberArrays members = new MemberArrays(
                TrainingLossFigureTest.DIVERGED, new double[4][0], new double[4][0], TrainingLossFigureTest.CURVES);
        FigureFile mse = new TrainingLossFigure(members, 10).draw();
        FigureFile softmax = new TrainingLossFigure(members, 10, SOFTMAX).draw();
        assertEquals("training MSE  (log scale)", plot(mse, 0).getYAxisTitle());
        assertEquals("training loss  (log scale)", plot(softmax, 0).getYAxisTitle());
        assertTrue(mse.caption().startsWith("Training MSE every 10 epochs"), mse.caption());
        assertTrue(
                softmax.caption().startsWith("Training loss (train.loss cross-entropy) every 10 epochs"),
                softmax.caption());
    }

    @Test
    void theTestLossOfBothBasesAndTheFlowDuringTrainingSayLoss() {
        FigureFile both = new FisherGeometryFigure(
                        new CutoffAxis(new double[] {0.01, 1, 100}, -1),
                        new dev.bayesrg.run.GeometryStatistics(
                                1,
                                1,
                                1.0,
                                1.0,
                                1.0,
                                new double[] {1},
                                1.0,
                                List.of(
                                        new dev.bayesrg.run.GeometryStatistics.Row(0.01, 0.1, 0.1, 1, 1, 2, 0, 0),
                                        new dev.bayesrg.run.GeometryStatistics.Row(1, 0.5, 0.5, 1, 1, 2, 0, 0),
                                        new dev.bayesrg.run.GeometryStatistics.Row(100, 0.9, 0.9, 1, 3, 4, 0, 0))),
                        new double[][] {{1}},
                        new boolean[] {false},
                        dev.bayesrg.config.BrgConfig.Basis.DIAGONAL,
                        SOFTMAX)
                .drawTestLoss();
        assertEquals("test loss  ⟨ℓ(f(x), y)⟩", plot(both, 0).getYAxisTitle());
        assertTrue(both.caption().startsWith("The median test loss (train.loss cross-entropy) when"), both.caption());
        FigureFile during = new TrainingFlowFigure(
                        new CutoffAxis(TrainingFlowFigureTest.CUTOFFS, -1),
                        TrainingFlowFigureTest.training(3, new Double[] {1e-2, 1.0}, new double[] {0.5, 1.0}),
                        2.0,
                        HUBER)
                .draw();
        assertTrue(
                during.caption().contains("whose median test loss (train.loss huber) exceeds 2× that of θ_t"),
                during.caption());
    }

    @Test
    void aClassifiersPredictiveHasCredibleSetsAndTheBrierScore() {
        List<dev.bayesrg.run.FlowEntry> flow = PredictiveQualityFigureTest.flow(true);
        CutoffAxis axis = new CutoffAxis(PredictiveQualityFigureTest.CUTOFFS, 2);
        FigureFile mse = new PredictiveQualityFigure(axis, flow, 1.0).draw();
        FigureFile softmax = new PredictiveQualityFigure(axis, flow, 1.0, SOFTMAX).draw();
        FigureFile huber = new PredictiveQualityFigure(axis, flow, 1.0, HUBER).draw();
        assertEquals(
                "(b) coverage of the predictive's central intervals",
                plot(mse, 1).getTitle());
        assertEquals(
                "(b) coverage of the predictive's credible sets",
                plot(softmax, 1).getTitle());
        assertArrayEquals(
                series(plot(mse, 1), "90% interval").getYData(),
                series(plot(softmax, 1), "90% set").getYData());
        assertEquals("(c) bias² and variance of the test MSE", plot(mse, 2).getTitle());
        assertEquals(
                "(c) bias² and variance of the Brier score", plot(softmax, 2).getTitle());
        assertTrue(
                plot(softmax, 2).getYAxisTitle().startsWith("Brier score"),
                plot(softmax, 2).getYAxisTitle());
        assertArrayEquals(
                series(plot(mse, 2), "bias² (ensemble-mean MSE)").getYData(),
                series(plot(softmax, 2), "bias² (ensemble-mean Brier)").getYData());
        assertArrayEquals(
                series(plot(mse, 2), "training MSE (mean)").getYData(),
                series(plot(huber, 2), "training loss (mean)").getYData());
        assertTrue(mse.caption().contains("training MSE after the same coarse graining"), mse.caption());
        assertTrue(huber.caption().contains("training loss (train.loss huber) after the same"), huber.caption());
        assertTrue(softmax.caption().contains("credible sets"), softmax.caption());
        assertFalse(softmax.caption().contains("Gaussian"), softmax.caption());
    }
}
