package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.net.OutputLoss;
import dev.bayesrg.run.MemberPipeline.ReadoutSolver;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on losses beyond the squared error: the solver, the classification data and the test loss along the flow. */
class LossRunTest {
    private static ExperimentConfig config(String... overrides) {
        ConfigLayers layers = ConfigLayers.of(Preset.PAPER)
                .withMembers(4)
                .withWidth(24)
                .withEpochs(30)
                .with("data.train=30")
                .with("data.test=20")
                .with("data.fisher=15")
                .with("brg.cutoffs=[0.01, 1, 100]");
        for (String o : overrides) {
            layers = layers.with(o);
        }
        return layers.resolve();
    }

    @Test
    void autoIteratesForEveryLossButTheSquaredError() {
        ConfigLayers paper = ConfigLayers.of(Preset.PAPER);
        assertEquals(ReadoutSolver.TRIDIAGONAL, MemberPipeline.readoutSolver(paper.resolve(), 200, 2048));
        for (String loss : new String[] {"huber", "l1"}) {
            ExperimentConfig c = paper.with("train.loss=" + loss).resolve();
            assertEquals(ReadoutSolver.DUAL, MemberPipeline.readoutSolver(c, 200, 2048));
            assertEquals(ReadoutSolver.PRIMAL, MemberPipeline.readoutSolver(c, 4000, 512));
        }
    }

    @Test
    void theClassificationTasksAreBinaryAndFixedByTheDataSeed() {
        for (String source : new String[] {"two-moons", "blobs"}) {
            ExperimentConfig c = config("data.source=" + source, "train.loss=cross-entropy");
            DataSets a = Experiment.prepareData(c, Path.of(""));
            DataSets b = Experiment.prepareData(c, Path.of(""));
            int ones = 0;
            for (int i = 0; i < a.train().size(); i++) {
                double y = a.train().targets()[i];
                assertTrue(y == 0.0 || y == 1.0, source + " label " + y);
                ones += (int) y;
                assertEquals(a.train().inputs()[i][0], b.train().inputs()[i][0], 0.0);
            }
            assertTrue(ones > 5 && ones < 25, source + ": " + ones + " of 30 labels are 1");
        }
    }

    @Test
    void blobsAreSeparatedAlongTheirMean() {
        ExperimentConfig c =
                config("data.source=blobs", "data.inputCovariance=[[0.01, 0], [0, 0.01]]", "data.train=200");
        DataSets d = Experiment.prepareData(c, Path.of(""));
        for (int i = 0; i < d.train().size(); i++) {
            double[] x = d.train().inputs()[i];
            // means ±(1, 1): label 1 where x0 + x1 > 0, with a margin of 2 against noise of std 0.1·√2
            assertEquals(x[0] + x[1] > 0 ? 1.0 : 0.0, d.train().targets()[i], 0.0);
        }
    }

    @Test
    void crossEntropyOnAFileOfRealValuedTargetsIsRefusedNamingTheFields(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("points.csv");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            rows.append(i * 0.1)
                    .append(',')
                    .append(1 - i * 0.1)
                    .append(',')
                    .append(i == 33 ? 0.5 : i % 2)
                    .append('\n');
        }
        Files.writeString(csv, rows.toString());
        ExperimentConfig c = config("data.source=csv", "data.csv=" + csv, "train.loss=cross-entropy");
        ConfigException e = assertThrows(ConfigException.class, () -> Experiment.prepareData(c, dir));
        assertEquals("data.csv", e.field());
        assertTrue(
                e.getMessage().contains("train.loss cross-entropy")
                        && e.getMessage().contains("0.5"),
                e.getMessage());
        Files.writeString(csv, rows.toString().replace(",0.5\n", ",1\n"));
        assertEquals(30, Experiment.prepareData(c, dir).train().size());
    }

    @Test
    void theFlowsTestLossIsTheChosenLoss() throws Exception {
        for (String loss : new String[] {"cross-entropy", "huber", "l1"}) {
            ExperimentConfig c = config("data.source=two-moons", "train.loss=" + loss, "train.learningRate=1e-3");
            DataSets data = Experiment.prepareData(c, Path.of(""));
            RunResult r = Experiment.run(c, data, 1, m -> {});
            OutputLoss l = OutputLoss.of(c.train());
            for (MemberResult m : r.members()) {
                for (int k = 0; k < m.predictions().length; k++) {
                    assertEquals(
                            l.mean(m.predictions()[k], data.test().targets()),
                            m.testMse()[k],
                            1e-12 * m.testMse()[k],
                            loss + ", member " + m.member() + ", entry " + k);
                }
                // the loss curve starts at the prior draw's mean training loss
                assertTrue(Double.isFinite(m.lossCurve()[0]) && m.lossCurve()[0] > 0, loss);
            }
        }
    }
}
