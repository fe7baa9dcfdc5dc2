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
}
