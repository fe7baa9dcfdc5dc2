package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.nnft.Correlators;
import dev.bayesrg.nnft.MomentAccumulator;
import dev.bayesrg.nnft.NnftSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** κ4 along training per loss: the same prior ensemble for every loss, and κ4 as a run's own snapshots measure it. */
class LossCumulantsTest {
    private static ExperimentConfig base(String... overrides) {
        ConfigLayers layers = ConfigLayers.of(Preset.PAPER)
                .withWidth(16)
                .withEpochs(20)
                .with("data.source=two-moons")
                .with("data.train=25")
                .with("data.test=12")
                .with("data.fisher=10")
                .with("nnft.points=4")
                .with("network.init.scheme=fan-in")
                .with("train.learningRate=0.05")
                // every member kept under every loss (non-finite losses only): the same prior field at epoch 0
                .with("train.divergenceFactor=null");
        for (String o : overrides) {
            layers = layers.with(o);
        }
        return layers.resolve();
    }

    @Test
    void everyLossStartsFromTheSamePriorAndMeasuresItsOwnCheckpoints() throws Exception {
        ExperimentConfig base = base("nnft.snapshotEvery=10");
        List<LossCumulants.Row> seen = new ArrayList<>();
        LossCumulants.Result r = LossCumulants.measure(
                base, List.of(TrainConfig.Loss.MSE, TrainConfig.Loss.CROSS_ENTROPY), 12, 2, seen::add);
        assertEquals(2, seen.size());
        assertEquals(4, r.meshPoints());
        LossCumulants.Row mse = r.rows().get(0);
        LossCumulants.Row ce = r.rows().get(1);
        assertEquals(
                List.of(0, 10, 20),
                mse.checkpoints().stream().map(LossCumulants.Checkpoint::epoch).toList());
        // epoch 0 is the prior draw: the same members, the same field, whatever the loss
        assertEquals(mse.first().kappa4(), ce.first().kappa4(), 0.0);
        assertTrue(mse.last().kappa4() != ce.last().kappa4());

        // the estimate is the plug-in ratio of norms that a run's nnft snapshot reports
        ExperimentConfig config = LossCumulants.variant(base, TrainConfig.Loss.CROSS_ENTROPY, 12);
        assertTrue(config.brg().cutoffs().isEmpty());
        DataSets data = Experiment.prepareData(config, Path.of(""));
        RunResult run = Experiment.run(config, data, 1, m -> {});
        for (int j = 0; j < 3; j++) {
            MomentAccumulator acc = new MomentAccumulator(4, 4);
            for (MemberResult m : run.members()) {
                if (!m.diverged()) {
                    acc.add(m.mesh().training()[j]);
                }
            }
            double expected = NnftSnapshot.normalisedKappa4(new Correlators(acc));
            assertEquals(expected, ce.checkpoints().get(j).kappa4(), 1e-9 * expected, "checkpoint " + j);
        }
        assertTrue(r.verdict().contains("cross-entropy vs mse after training"), r.verdict());
    }

    @Test
    void withoutCheckpointsTenAreTakenAndBadParametersAreNamed() {
        ExperimentConfig config = LossCumulants.variant(base(), TrainConfig.Loss.HUBER, 5);
        assertEquals(2, config.nnft().snapshotEvery());
        assertEquals(TrainConfig.Loss.HUBER, config.train().loss());
        assertEquals(5, config.ensemble().members());
        assertEquals(
                LossCumulants.MEMBERS,
                assertThrows(
                                ConfigException.class,
                                () -> LossCumulants.measure(base(), List.of(TrainConfig.Loss.MSE), 2, 1, row -> {}))
                        .field());
        ExperimentConfig regression =
                ConfigLayers.of(Preset.PAPER).withWidth(16).resolve();
        assertEquals(
                "train.loss",
                assertThrows(
                                ConfigException.class,
                                () -> LossCumulants.measure(
                                        regression, List.of(TrainConfig.Loss.CROSS_ENTROPY), 5, 1, row -> {}))
                        .field());
    }

    /** A loss whose members all diverged is named as unmeasured, not called Gaussian, and not compared. */
    @Test
    void aLossWithEveryMemberDivergedIsReportedAsUnmeasured() {
        List<LossCumulants.Checkpoint> none = List.of(
                new LossCumulants.Checkpoint(0, Double.NaN, Double.NaN, Double.NaN, false),
                new LossCumulants.Checkpoint(10, Double.NaN, Double.NaN, Double.NaN, false));
        List<LossCumulants.Checkpoint> some = List.of(
                new LossCumulants.Checkpoint(0, 0.03, 0.01, 0.2, false),
                new LossCumulants.Checkpoint(10, 0.05, 0.01, 0.5, false));
        LossCumulants.Result r = new LossCumulants.Result(
                List.of(
                        new LossCumulants.Row(TrainConfig.Loss.MSE, 0, 40, Double.NaN, none),
                        new LossCumulants.Row(TrainConfig.Loss.CROSS_ENTROPY, 40, 0, 0.6, some)),
                4);
        String verdict = r.verdict();
        assertTrue(verdict.contains("mse: 40 of 40 members diverged, too few left to measure"), verdict);
        assertTrue(!verdict.contains("noise floor (z = NaN)") && !verdict.contains("vs mse"), verdict);
    }
}
