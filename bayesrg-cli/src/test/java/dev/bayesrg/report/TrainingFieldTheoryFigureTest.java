package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static dev.bayesrg.report.FieldTheoryFigures.entry;
import static dev.bayesrg.report.FieldTheoryFigures.unmeasured;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.run.NnftFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the field theory along training plots from nnft/snapshots.json's checkpoints. */
class TrainingFieldTheoryFigureTest {
    static NnftFile withCheckpoints(List<NnftFile.Snapshot> checkpoints) {
        return new NnftFile("test", 2, 8, Double.NaN, List.of(entry(0, 0.5, 0, -1)), checkpoints);
    }

    static FigureFile draw(NnftFile nnft) {
        FigureFile f = new TrainingFieldTheoryFigure(nnft).draw();
        assertEquals(TrainingFieldTheoryFigure.NAME, f.name());
        return f;
    }

    @Test
    void theMeanVarianceAndTheNormalisedFourPointFunctionAtEveryCheckpointEpoch() {
        // tr K / M of {{1, 0.3}, {0.3, 3}} is 2, of {{4, 0}, {0, 6}} is 5, of {{0.5, 0}, {0, 0.5}} is 0.5
        FigureFile f = draw(withCheckpoints(List.of(
                entry(0, 0.02, Double.NaN, -1, new double[][] {{1, 0.3}, {0.3, 3}}),
                entry(40, 0.1, Double.NaN, -1, new double[][] {{4, 0}, {0, 6}}),
                entry(70, 0.3, Double.NaN, -1, new double[][] {{0.5, 0}, {0, 0.5}}))));
        var variance = series(plot(f, 0), "tr K / M");
        assertArrayEquals(new double[] {0, 40, 70}, variance.getXData());
        assertArrayEquals(new double[] {2, 5, 0.5}, variance.getYData());
        var kappa = series(plot(f, 1), "‖κ4‖/‖Wick‖");
        assertArrayEquals(new double[] {0, 40, 70}, kappa.getXData());
        assertArrayEquals(new double[] {0.02, 0.1, 0.3}, kappa.getYData());
        assertEquals("training epoch", plot(f, 1).getXAxisTitle());
    }

    @Test
    void aCheckpointWithFewerThanTwoMembersIsLeftOutAndNoneLeftIsANote() {
        FigureFile f = draw(withCheckpoints(List.of(
                entry(0, 0.02, Double.NaN, -1, new double[][] {{1, 0}, {0, 1}}),
                unmeasured(10),
                entry(20, 0.3, Double.NaN, -1, new double[][] {{3, 0}, {0, 3}}))));
        assertArrayEquals(new double[] {0, 20}, series(plot(f, 0), "tr K / M").getXData());
        FigureFile none = draw(withCheckpoints(List.of(unmeasured(0), unmeasured(10))));
        assertEquals(
                "no finite values (fewer than two members at every checkpoint)",
                plot(none, 0).note());
        assertEquals(
                "no finite values (fewer than two members at every checkpoint)",
                plot(none, 1).note());
    }

    /** κ4 along training carries a band of ± its jackknife error (checkpoints' normalised_kappa4_se). */
    @Test
    void theFourPointStatisticCarriesItsStandardErrorBand() {
        double[][] k = {{1, 0}, {0, 1}};
        double[] kappa = {0.2, 0.3, 0.4};
        double[] se = {0.01, 0.05, 0.02};
        List<NnftFile.Snapshot> checkpoints = new java.util.ArrayList<>();
        int[] epochs = {0, 10, 20};
        for (int j = 0; j < 3; j++) {
            checkpoints.add(new NnftFile.Snapshot(
                    epochs[j], true, new double[] {0, 0}, k, kappa[j], se[j], 0, 0, -1, java.util.Map.of()));
        }
        FigureFile f = draw(withCheckpoints(checkpoints));
        var band = Drawn.filled(plot(f, 1), ProbeMomentsFigure.BAND);
        assertArrayEquals(new double[] {0, 10, 20, 20, 10, 0}, band.getXData());
        for (int j = 0; j < 3; j++) {
            assertEquals(kappa[j] - se[j], band.getYData()[j], 1e-15);
            assertEquals(kappa[j] + se[j], band.getYData()[5 - j], 1e-15);
        }
        org.junit.jupiter.api.Assertions.assertTrue(f.caption().contains("± 1 standard error"), f.caption());
        // without errors (an older directory): no band
        FigureFile old =
                draw(withCheckpoints(List.of(entry(0, 0.2, Double.NaN, -1, k), entry(10, 0.3, Double.NaN, -1, k))));
        org.junit.jupiter.api.Assertions.assertNull(plot(old, 1).getSeries(ProbeMomentsFigure.BAND + " "));
    }
}
