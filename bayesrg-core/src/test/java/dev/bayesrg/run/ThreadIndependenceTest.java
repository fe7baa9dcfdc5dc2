package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Results depend on (seed, member) only: one thread and two threads give bit-identical members. */
class ThreadIndependenceTest {

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of(
                        "paper, last layer, gd",
                        List.of(
                                "network.hidden[2].width=32",
                                "train.epochs=20",
                                "data.train=40",
                                "data.test=30",
                                "data.fisher=20",
                                "ensemble.members=24")),
                Arguments.of(
                        "more data than width, read-out bias: the primal tridiagonal iteration",
                        List.of(
                                "network.hidden[2].width=8",
                                "network.outputBias=true",
                                "train.epochs=40",
                                "nnft.snapshotEvery=7",
                                "brg.duringTraining=true",
                                "data.train=60",
                                "data.test=20",
                                "data.fisher=20",
                                "ensemble.members=8")),
                Arguments.of(
                        "reference-code style, all layers, sgd, gaussian mode",
                        List.of(
                                "network.hidden[2].width=16",
                                "network.trainable=all",
                                "train.optimizer=sgd",
                                "train.epochs=3",
                                "data.train=15",
                                "data.test=10",
                                "data.fisher=8",
                                "brg.mode=gaussian",
                                "brg.sloppyVariance=0.5",
                                "ensemble.members=10")),
                Arguments.of(
                        "paper, eigenbasis flow, every member's geometry",
                        List.of(
                                "network.hidden[2].width=32",
                                "train.epochs=20",
                                "data.train=40",
                                "data.test=30",
                                "data.fisher=20",
                                "brg.basis=eigen",
                                "fisher.geometryMembers=null",
                                "ensemble.members=12")),
                Arguments.of(
                        "all layers, eigenbasis over every parameter, fan-in prior with biases",
                        List.of(
                                "network.hidden=[{width: 6, activation: tanh, bias: true}, {width: 5, activation:"
                                        + " relu, bias: true}]",
                                "network.init.scheme=fan-in",
                                "network.outputBias=true",
                                "network.trainable=all",
                                "brg.scope=all",
                                "brg.basis=eigen",
                                "train.epochs=3",
                                "data.train=15",
                                "data.test=10",
                                "data.fisher=8",
                                "fisher.geometryMembers=3",
                                "ensemble.members=6")),
                Arguments.of(
                        "every layer, the flow during training",
                        List.of(
                                "network.hidden[2].width=8",
                                "network.trainable=all",
                                "network.init.scheme=fan-in",
                                "train.learningRate=0.01",
                                "train.epochs=6",
                                "nnft.snapshotEvery=2",
                                "brg.duringTraining=true",
                                "data.train=15",
                                "data.test=10",
                                "data.fisher=8",
                                "ensemble.members=6")),
                Arguments.of(
                        "Langevin read-out chains of two members, minibatches",
                        List.of(
                                "network.hidden[2].width=16",
                                "posterior.method=langevin",
                                "posterior.langevin.steps=30",
                                "posterior.langevin.thinning=5",
                                "posterior.langevin.chainMembers=2",
                                "posterior.langevin.batchSize=7",
                                "data.train=20",
                                "data.test=10",
                                "data.fisher=8",
                                "ensemble.members=7")),
                Arguments.of(
                        "Langevin over every layer",
                        List.of(
                                "network.hidden[2].width=8",
                                "network.trainable=all",
                                "network.init.scheme=fan-in",
                                "posterior.method=langevin",
                                "posterior.langevin.stepSize=1e-3",
                                "posterior.langevin.steps=12",
                                "data.train=15",
                                "data.test=10",
                                "data.fisher=8",
                                "ensemble.members=6")));
    }

    static void assertSameMember(MemberResult a, MemberResult b) {
        assertEquals(a.member(), b.member());
        assertEquals(a.diverged(), b.diverged());
        assertTrue(
                java.util.Arrays.deepEquals(a.predictions(), b.predictions()), "predictions of member " + a.member());
        assertArrayEquals(a.testMse(), b.testMse());
        assertArrayEquals(a.probe(), b.probe());
        assertArrayEquals(a.coarseGrained(), b.coarseGrained());
        assertArrayEquals(a.fisherDiagonal(), b.fisherDiagonal());
        assertArrayEquals(a.coarseGrainedAt(), b.coarseGrainedAt());
        assertArrayEquals(a.lossCurve(), b.lossCurve());
        assertEquals(Double.doubleToRawLongBits(a.finalTrainLoss()), Double.doubleToRawLongBits(b.finalTrainLoss()));
        assertEquals(a.geometry() == null, b.geometry() == null, "geometry of member " + a.member());
        if (a.geometry() != null) {
            assertArrayEquals(
                    a.geometry().geometry().spectrum(), b.geometry().geometry().spectrum());
            assertArrayEquals(a.geometry().row(), b.geometry().row());
        }
        assertEquals(a.trainingFlow() == null, b.trainingFlow() == null, "flow during training of " + a.member());
        if (a.trainingFlow() != null) {
            assertTrue(java.util.Arrays.deepEquals(
                    a.trainingFlow().testMse(), b.trainingFlow().testMse()));
            assertArrayEquals(a.trainingFlow().fisherRank(), b.trainingFlow().fisherRank());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void oneAndTwoThreadsGiveIdenticalMemberResults(String name, List<String> overrides) throws InterruptedException {
        ExperimentConfig config =
                ConfigLoader.fromPreset(Preset.PAPER).with(overrides).load();
        DataSets data = Experiment.prepareData(config, Path.of("."));
        AtomicInteger callbacks = new AtomicInteger();
        RunResult one = Experiment.run(config, data, 1, done -> callbacks.incrementAndGet());
        RunResult two = Experiment.run(config, data, 2, done -> {});
        int members = config.ensemble().members();
        assertEquals(members, callbacks.get());
        assertEquals(members, one.members().size());
        assertEquals(members, two.members().size());
        for (int i = 0; i < members; i++) {
            assertEquals(i, one.members().get(i).member(), "results are in member order");
            assertSameMember(one.members().get(i), two.members().get(i));
        }
        assertEquals(one.flow(), two.flow());
        assertEquals(one.critical(), two.critical());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void memberRunOnAReusedPipelineEqualsMemberRunOnAFreshOne(String name, List<String> overrides) {
        ExperimentConfig config =
                ConfigLoader.fromPreset(Preset.PAPER).with(overrides).load();
        DataSets data = Experiment.prepareData(config, Path.of("."));
        MemberPipeline reused = new MemberPipeline(config, data);
        reused.run(0);
        reused.run(5);
        MemberResult again = reused.run(3);
        MemberResult fresh = new MemberPipeline(config, data).run(3);
        assertSameMember(fresh, again);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void sameDataSeedGivesSameDataAndEnsembleSeedChangesMembers(String name, List<String> overrides) {
        ExperimentConfig config =
                ConfigLoader.fromPreset(Preset.PAPER).with(overrides).load();
        DataSets a = Experiment.prepareData(config, Path.of("."));
        DataSets b = Experiment.prepareData(config, Path.of("."));
        assertTrue(java.util.Arrays.deepEquals(a.train().inputs(), b.train().inputs()));
        ExperimentConfig other = ConfigLoader.fromPreset(Preset.PAPER)
                .with(overrides)
                .with("ensemble.seed=99")
                .load();
        MemberResult m0 = new MemberPipeline(config, a).run(0);
        MemberResult m1 = new MemberPipeline(other, a).run(0);
        assertTrue(
                !java.util.Arrays.equals(m0.fisherDiagonal(), m1.fisherDiagonal()),
                "another ensemble seed, another prior draw");
    }
}
