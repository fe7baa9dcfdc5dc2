package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.fisher.FisherEigenbasis;
import dev.bayesrg.fisher.FisherMatrix;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.Network;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code fisher.at: ensemble-mean | ensemble-average} against a brute force: the dense P × P
 * metric of every member by backpropagation, averaged (or taken at the averaged parameters), and
 * its full EJML eigendecomposition; the shared sloppy set; the same members for any thread count,
 * shard or resume.
 */
class EnsembleMetricTest {

    /** A read-out of 8 weights, 3 Fisher inputs: 2 members stack their gradients (6 ≤ 8), 4 need the dense average. */
    private static List<String> small(int members, String at) {
        return List.of(
                "network.hidden[2].width=8",
                "train.epochs=15",
                "data.train=12",
                "data.test=6",
                "data.fisher=3",
                "fisher.geometryMembers=null",
                "fisher.at=" + at,
                "ensemble.members=" + members);
    }

    /** Every layer trained from shared hidden layers (the ensemble mean is a network of the ensemble). */
    private static List<String> everyLayerShared(String at) {
        return List.of(
                "network.hidden=[{width: 4, activation: tanh, bias: true}, {width: 3, activation: relu, bias: true}]",
                "network.init.scheme=fan-in",
                "network.outputBias=true",
                "network.trainable=all",
                "network.sharedHidden=true",
                "train.learningRate=0.01",
                "train.epochs=5",
                "data.train=10",
                "data.test=6",
                "data.fisher=4",
                "fisher.geometryMembers=2",
                "fisher.at=" + at,
                "ensemble.members=5");
    }

    static Stream<Arguments> ensembles() {
        return Stream.of(
                Arguments.of("average, stacked gradients", small(2, "ensemble-average")),
                Arguments.of("average, dense metric", small(4, "ensemble-average")),
                Arguments.of("average, dense metric summed in two groups of members", small(11, "ensemble-average")),
                Arguments.of("average, eigenbasis flow", withEigen(small(4, "ensemble-average"))),
                Arguments.of("average, every layer", everyLayerShared("ensemble-average")),
                Arguments.of("mean, every layer, eigenbasis flow", withEigen(everyLayerShared("ensemble-mean"))));
    }

    private static List<String> withEigen(List<String> overrides) {
        List<String> all = new ArrayList<>(overrides);
        all.add("brg.basis=eigen");
        return all;
    }

    private static ExperimentConfig config(List<String> overrides) {
        return ConfigLoader.fromPreset(Preset.PAPER).with(overrides).load();
    }

    /** The dense metric F(θ) over the flowed parameters, by backpropagation, without the pipeline's Fisher code. */
    private static double[] denseMetric(ExperimentConfig config, DataSets data, double[] theta) {
        Architecture architecture = new Architecture(data.inputDimension(), config.network());
        FisherMatrix all = FisherMatrix.allParameters(
                new Network(architecture),
                theta,
                data.fisher().inputs(),
                config.fisher().noiseVariance());
        int p = MemberPipeline.flowedCount(config, architecture);
        int offset = architecture.parameterCount() - p;
        double[] block = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                block[i * p + j] = all.get(offset + i, offset + j);
            }
        }
        return block;
    }

    /** The brute force: the dense metric the run's members should share. */
    private static double[] bruteForceMetric(ExperimentConfig config, DataSets data) {
        MemberPipeline pipeline = new MemberPipeline(config, data);
        int members = config.ensemble().members();
        List<double[]> trained = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            trained.add(pipeline.trainedParameters(m));
        }
        if (config.fisher().at() == dev.bayesrg.config.FisherConfig.At.ENSEMBLE_MEAN) {
            double[] mean = new double[trained.get(0).length];
            for (double[] theta : trained) {
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += theta[i] / members;
                }
            }
            return denseMetric(config, data, mean);
        }
        double[] sum = null;
        for (double[] theta : trained) {
            double[] f = denseMetric(config, data, theta);
            if (sum == null) {
                sum = new double[f.length];
            }
            for (int i = 0; i < f.length; i++) {
                sum[i] += f[i] / members;
            }
        }
        return sum;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ensembles")
    void sharedMetricIsTheDenseMetricOfTheEnsembleByBruteForce(String name, List<String> overrides)
            throws InterruptedException {
        ExperimentConfig config = config(overrides);
        DataSets data = Experiment.prepareData(config, Path.of("."));
        EnsembleMetric metric = EnsembleMetric.of(config, data, 2, done -> {});
        double[] dense = bruteForceMetric(config, data);
        int p = metric.diagonal().length;
        double scale = 0;
        for (int i = 0; i < p; i++) {
            scale = Math.max(scale, Math.abs(dense[i * p + i]));
        }
        for (int i = 0; i < p; i++) {
            assertEquals(dense[i * p + i], metric.diagonal()[i], 1e-10 * scale, "F_ii, i = " + i);
        }
        // the eigenvalues, and the projector onto each stiff subspace: a basis-independent comparison
        FisherMatrix.Eigenbasis reference = new FisherMatrix(p, dense).eigenbasis();
        FisherEigenbasis basis = metric.eigenbasis();
        int rank = basis.rank();
        for (int k = 0; k < basis.stiffness().length; k++) {
            double expected = k < p ? reference.stiffness()[k] : 0.0;
            assertEquals(Math.max(0.0, expected), basis.stiffness(k), 1e-10 * scale, "λ_" + k);
        }
        for (int k = rank; k < p; k++) {
            assertEquals(0.0, reference.stiffness()[k], 1e-10 * scale, "the reference's λ_" + k + " is zero too");
        }
        for (int stiff = 1; stiff <= rank; stiff++) {
            if (stiff < rank && reference.stiffness()[stiff - 1] - reference.stiffness()[stiff] < 1e-6 * scale) {
                continue; // a degenerate pair: the split is not defined
            }
            double[][] mine = basis.directions(stiff);
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    double a = 0;
                    double b = 0;
                    for (int k = 0; k < stiff; k++) {
                        a += mine[k][i] * mine[k][j];
                        b += reference.directions()[k][i] * reference.directions()[k][j];
                    }
                    assertEquals(b, a, 1e-9, "projector onto " + stiff + " stiffest, entry " + i + "," + j);
                }
            }
        }
        // the factor reproduces the metric: F = Jᵀ J
        double[] f = basis.factor().values();
        int rows = basis.factor().inputs();
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += f[r * p + i] * f[r * p + j];
                }
                assertEquals(dense[i * p + j], s, 1e-10 * scale, "(JᵀJ)_" + i + j);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ensembles")
    void everyMemberFlowsByTheSharedMetricAndCoarseGrainsTheSameParameters(String name, List<String> overrides)
            throws InterruptedException {
        ExperimentConfig config = config(overrides);
        DataSets data = Experiment.prepareData(config, Path.of("."));
        RunResult run = Experiment.run(config, data, 2, done -> {});
        EnsembleMetric metric = EnsembleMetric.of(config, data, 1, done -> {});
        MemberResult first = run.members().get(0);
        for (MemberResult m : run.members()) {
            assertArrayEquals(metric.diagonal(), m.fisherDiagonal(), "the shared diagonal, member " + m.member());
            assertArrayEquals(first.coarseGrainedAt(), m.coarseGrainedAt(), "member " + m.member());
            assertArrayEquals(first.coarseGrained(), m.coarseGrained());
        }
        if (config.brg().basis() == dev.bayesrg.config.BrgConfig.Basis.DIAGONAL) {
            // parameter i is coarse grained at the first cutoff above F̄_ii
            List<Double> cutoffs = config.brg().cutoffs();
            for (int i = 0; i < metric.diagonal().length; i++) {
                int expected = 0;
                for (int k = cutoffs.size() - 1; k >= 0; k--) {
                    if (metric.diagonal()[i] < cutoffs.get(k)) {
                        expected = k + 1;
                    }
                }
                assertEquals(expected, first.coarseGrainedAt()[i], "parameter " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ensembles")
    void oneAndTwoThreadsShardsAndResumesGiveTheSameMembers(String name, List<String> overrides)
            throws InterruptedException {
        ExperimentConfig config = config(overrides);
        DataSets data = Experiment.prepareData(config, Path.of("."));
        RunResult one = Experiment.run(config, data, 1, done -> {});
        RunResult two = Experiment.run(config, data, 2, done -> {});
        RunResult shard = Experiment.run(config, data, 2, new Shard(1, 2), done -> {});
        List<MemberResult> firstHalf =
                one.members().subList(0, config.ensemble().members() / 2);
        RunResult resumed = Experiment.run(config, data, 2, Shard.ALL, firstHalf, m -> {}, done -> {});
        for (int i = 0; i < one.members().size(); i++) {
            ThreadIndependenceTest.assertSameMember(
                    one.members().get(i), two.members().get(i));
            ThreadIndependenceTest.assertSameMember(
                    one.members().get(i), resumed.members().get(i));
        }
        for (MemberResult m : shard.members()) {
            ThreadIndependenceTest.assertSameMember(one.members().get(m.member()), m);
        }
        assertEquals(one.flow(), two.flow());
    }

    @Test
    void ensembleMetricOfSharedHiddenLayersAndALinearReadoutIsEveryMembersOwn() throws InterruptedException {
        // the read-out metric depends on the features only, which every member shares
        List<String> shared = List.of(
                "network.hidden[2].width=8",
                "network.sharedHidden=true",
                "train.epochs=15",
                "data.train=12",
                "data.test=6",
                "data.fisher=3",
                "fisher.geometryMembers=0",
                "ensemble.members=3");
        List<String> mean = new ArrayList<>(shared);
        mean.add("fisher.at=ensemble-mean");
        ExperimentConfig own = config(shared);
        DataSets data = Experiment.prepareData(own, Path.of("."));
        RunResult members = Experiment.run(own, data, 1, done -> {});
        RunResult ensemble = Experiment.run(config(mean), data, 1, done -> {});
        for (int m = 0; m < 3; m++) {
            // equal up to the rounding of θ̄'s hidden part, the mean of three equal copies
            MemberResult a = members.members().get(m);
            MemberResult b = ensemble.members().get(m);
            for (int i = 0; i < a.fisherDiagonal().length; i++) {
                assertEquals(a.fisherDiagonal()[i], b.fisherDiagonal()[i], 1e-13 * a.fisherDiagonal()[i]);
            }
            assertArrayEquals(a.coarseGrainedAt(), b.coarseGrainedAt());
            assertArrayEquals(a.testMse(), b.testMse(), 1e-12 * a.testMse()[0]);
        }
    }

    @Test
    void ensembleMeanOfIndependentlyDrawnMembersIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> config(List.of("fisher.at=ensemble-mean")));
        assertEquals("fisher.at", e.field());
        assertTrue(e.getMessage().contains("network.sharedHidden true"), e.getMessage());
    }

    @Test
    void denseAverageOverMoreThanTheLimitIsRefusedBeforeAnyMemberIsTrained() {
        // every weight of the paper's network: 22,648 parameters, 200 members of 200 Fisher inputs
        ExperimentConfig config = config(List.of(
                "network.trainable=all", "fisher.at=ensemble-average", "ensemble.members=200", "data.train=10"));
        ConfigException e = assertThrows(ConfigException.class, () -> Experiment.prepareData(config, Path.of(".")));
        assertEquals("fisher.at", e.field());
        assertTrue(e.getMessage().contains("22648 x 22648") && e.getMessage().contains("4096"), e.getMessage());
        // the diagonal alone needs no dense metric
        ExperimentConfig diagonal = ConfigLoader.fromPreset(Preset.PAPER)
                .with(List.of(
                        "network.trainable=all",
                        "fisher.at=ensemble-average",
                        "fisher.geometryMembers=0",
                        "ensemble.members=200",
                        "data.train=10"))
                .load();
        Experiment.prepareData(diagonal, Path.of("."));
    }

    @Test
    void aPipelineWithoutTheEnsemblesMetricRefusesToFlowAMemberOfASharedMetricRun() {
        ExperimentConfig config = config(small(2, "ensemble-average"));
        DataSets data = Experiment.prepareData(config, Path.of("."));
        assertThrows(IllegalStateException.class, () -> new MemberPipeline(config, data).run(0));
    }
}
