package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.brg.BrgFlow;
import dev.bayesrg.brg.CoarseGrainer;
import dev.bayesrg.brg.EigenbasisFlow;
import dev.bayesrg.brg.SubspaceCoarseGrainer;
import dev.bayesrg.config.BrgConfig;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.fisher.FisherDiagonal;
import dev.bayesrg.fisher.FisherEigenbasis;
import dev.bayesrg.fisher.FisherJacobian;
import dev.bayesrg.io.Csv;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.Npy;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The flow during training ({@code brg.duringTraining}) against what it claims to be: at each
 * checkpoint the Fisher diagonal at θ_t, the flow from θ_t exactly as the flow itself would run it
 * with the checkpoint's stream, the last checkpoint the trained member itself; the run's own flow
 * untouched; the same files from a resume and a shard merge; ε_c(t) by the run's rule.
 */
class TrainingFlowRunTest {
    @TempDir
    Path tmp;

    /** Four members of width 12, 20 epochs, checkpoints at epochs 0, 6, 12, 18 and 20. */
    private static ConfigLayers tiny() {
        return ConfigLayers.of(Preset.PAPER)
                .withMembers(4)
                .withWidth(12)
                .withEpochs(20)
                .with("data.train=20")
                .with("data.test=10")
                .with("data.fisher=10")
                .with("nnft.snapshotEvery=6")
                .with("brg.duringTraining=true");
    }

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("last layer, identity read-out", List.of()),
                Arguments.of(
                        "last layer, tanh read-out with bias, gaussian mode",
                        List.of(
                                "network.outputActivation=tanh",
                                "network.outputBias=true",
                                "brg.mode=gaussian",
                                "brg.sloppyVariance=0.5")),
                Arguments.of(
                        "every layer, sgd, quantile cutoffs",
                        List.of(
                                "network.trainable=all",
                                "network.init.scheme=fan-in",
                                "train.optimizer=sgd",
                                "train.learningRate=0.01",
                                "train.epochs=7",
                                "nnft.snapshotEvery=3",
                                "brg.cutoffScale=quantile",
                                "brg.cutoffs=[0.25, 0.5, 0.75, 1.0]")),
                Arguments.of("last layer, eigenbasis", List.of("brg.basis=eigen")),
                Arguments.of(
                        "every layer, eigenbasis over every parameter",
                        List.of(
                                "network.trainable=all",
                                "network.init.scheme=fan-in",
                                "train.learningRate=0.01",
                                "brg.scope=all",
                                "brg.basis=eigen")));
    }

    private static ExperimentConfig config(List<String> overrides) {
        ConfigLayers layers = tiny();
        for (String o : overrides) {
            layers = layers.with(o);
        }
        return layers.resolve();
    }

    /** The test MSE of θ from the network's outputs, not the pipeline's incremental read-out. */
    private static double testMse(Network network, double[] theta, DataSets data) {
        double s = 0;
        for (int i = 0; i < data.test().size(); i++) {
            double r =
                    network.output(theta, data.test().inputs()[i]) - data.test().targets()[i];
            s += r * r;
        }
        return s / data.test().size();
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void eachCheckpointFlowsFromItsOwnParametersAndTheLastIsTheTrainedMember(String name, List<String> overrides) {
        ExperimentConfig config = config(overrides);
        DataSets data = Experiment.prepareData(config, Path.of("."));
        Architecture architecture = new Architecture(data.inputDimension(), config.network());
        Network network = new Network(architecture);
        ParameterPrior prior = new ParameterPrior(architecture, config.network().init());
        BrgConfig brg = config.brg();
        int offset = MemberPipeline.flowedOffset(config, architecture);
        int checkpoints = MeshWriter.trainingCheckpoints(config);
        MemberPipeline pipeline = new MemberPipeline(config, data);
        boolean metricMoved = false;
        for (int m = 0; m < config.ensemble().members(); m++) {
            double[][] thetas = new double[checkpoints][];
            double[][] fishers = new double[checkpoints][];
            MemberResult result = pipeline.run(m, (c, theta, fisher) -> {
                thetas[c] = theta.clone();
                fishers[c] = fisher.clone();
            });
            assertFalse(result.diverged(), name + ": member " + m + " trains");
            TrainingFlow flow = result.trainingFlow();
            assertNotNull(flow);
            int last = checkpoints - 1;
            String member = name + ", member " + m;

            // the first checkpoint is the prior draw, the last the trained member, bit for bit
            assertArrayEquals(pipeline.initialParameters(m), thetas[0], member + ": θ_0");
            assertArrayEquals(
                    result.trainedReadout(),
                    Arrays.copyOfRange(thetas[last], architecture.readoutOffset(), architecture.parameterCount()),
                    member + ": θ_T is the trained read-out");
            assertFalse(Arrays.equals(thetas[0], thetas[last]), member + ": training moved θ");
            assertArrayEquals(result.fisherDiagonal(), fishers[last], member + ": the Fisher diagonal at θ_T");
            assertEquals(1.0, flow.fisherRank()[last], 0.0, member + ": ρ at θ_T");
            assertEquals(result.testMse()[0], flow.testMse()[last][0], 0.0, member + ": θ_T's test MSE");

            List<Double> cutoffs = Arrays.stream(result.cutoffs()).boxed().toList();
            for (int c = 0; c < checkpoints; c++) {
                String at = member + ", checkpoint " + c;
                double[] all = FisherDiagonal.allParameters(
                                network,
                                thetas[c],
                                data.fisher().inputs(),
                                config.fisher().noiseVariance())
                        .values();
                double[] expected = Arrays.copyOfRange(all, offset, all.length);
                for (int i = 0; i < expected.length; i++) {
                    assertClose(expected[i], fishers[c][i], at + ": F_ii at θ_t by backpropagation, i = " + i);
                }
                assertEquals(
                        RankCorrelation.spearman(fishers[c], result.fisherDiagonal()),
                        flow.fisherRank()[c],
                        0.0,
                        at + ": ρ");
                if (config.network().trainable() == NetworkConfig.Trainable.LAST
                        && config.network().outputActivation() == dev.bayesrg.activation.Activation.IDENTITY) {
                    // an identity read-out's metric is its features' second moment: θ_t does not enter it
                    assertArrayEquals(result.fisherDiagonal(), fishers[c], at + ": the read-out metric");
                    assertEquals(1.0, flow.fisherRank()[c], 0.0, at + ": ρ of an identity read-out");
                }

                metricMoved |= !Arrays.equals(result.fisherDiagonal(), fishers[c]);
                double[] theta = thetas[c].clone();
                double[] row = new double[cutoffs.size() + 1];
                row[0] = testMse(network, theta, data);
                UniformRandomProvider rng =
                        RandomStreams.member(config.ensemble().seed(), m, RandomStreams.Purpose.TRAINING_FLOW, c);
                BrgFlow.Observer observe =
                        (entry, renormalized, count) -> row[entry] = testMse(network, renormalized, data);
                if (brg.basis() == BrgConfig.Basis.DIAGONAL) {
                    BrgFlow.run(
                            theta,
                            offset,
                            new FisherDiagonal(fishers[c]),
                            cutoffs,
                            CoarseGrainer.of(brg.mode(), prior, brg.sloppyVariance(), rng),
                            observe);
                } else {
                    FisherJacobian jacobian = config.network().trainable() == NetworkConfig.Trainable.LAST
                            ? FisherJacobian.readout(
                                    new dev.bayesrg.net.Readout(architecture),
                                    thetas[c],
                                    network.frozen(thetas[c])
                                            .features(data.fisher().inputs()),
                                    config.fisher().noiseVariance())
                            : FisherJacobian.network(
                                    network,
                                    thetas[c],
                                    data.fisher().inputs(),
                                    offset,
                                    architecture.parameterCount(),
                                    config.fisher().noiseVariance());
                    EigenbasisFlow.run(
                            theta,
                            offset,
                            FisherEigenbasis.of(jacobian),
                            cutoffs,
                            new SubspaceCoarseGrainer(
                                    i -> CoarseGrainer.law(brg.mode(), prior, brg.sloppyVariance(), i),
                                    offset,
                                    fishers[c].length,
                                    ZigguratSampler.NormalizedGaussian.of(rng)::sample),
                            observe);
                }
                for (int k = 0; k < row.length; k++) {
                    assertClose(row[k], flow.testMse()[c][k], at + ", flow entry " + k);
                }
            }
        }
        boolean identityReadout = config.network().trainable() == NetworkConfig.Trainable.LAST
                && config.network().outputActivation() == dev.bayesrg.activation.Activation.IDENTITY;
        assertEquals(!identityReadout, metricMoved, name + ": the metric moves in training unless θ does not enter it");
    }

    /** The per-member files, their table and the run's own files, by name, as written. */
    private static List<byte[]> files(Path dir, String... names) throws Exception {
        List<byte[]> bytes = new ArrayList<>();
        for (String name : names) {
            bytes.add(Files.readAllBytes(dir.resolve(name)));
        }
        return bytes;
    }

    private static final String[] TRAINING_FILES = {
        RunWriter.TRAINING_FLOW, RunWriter.TRAINING_FISHER_RANK, RunWriter.TRAINING_TABLE
    };

    private static void assertSameFiles(List<byte[]> expected, List<byte[]> actual, String what) {
        for (int f = 0; f < expected.size(); f++) {
            assertArrayEquals(expected.get(f), actual.get(f), what + ": " + TRAINING_FILES[f]);
        }
    }

    /** A run resumed from a checkpoint of two members, and its three merged shards, write the same files. */
    @Test
    void aResumeAndAShardMergeWriteTheSingleRunsFiles() throws Exception {
        ExperimentConfig config = tiny().resolve();
        ExperimentRun.Finished whole = ExperimentRun.of(config).threads(1).writeTo(tmp.resolve("whole"));
        List<byte[]> expected = files(whole.directory(), TRAINING_FILES);
        JsonNode summary =
                Json.read(whole.directory().resolve(RunWriter.SUMMARY)).get("training_flow");

        ExperimentRun.Finished resumed =
                RunVariants.resumed(config, whole.result().members().subList(0, 2), tmp.resolve("broken"));
        assertSameFiles(expected, files(resumed.directory(), TRAINING_FILES), "resumed");

        RunVariants.merged(config, 3, tmp);
        Path out = tmp.resolve("merged");
        assertSameFiles(expected, files(out, TRAINING_FILES), "merged");
        assertEquals(summary, Json.read(out.resolve(RunWriter.SUMMARY)).get("training_flow"), "summary.json");
    }

    /** The run's own flow does not see the flows during training: its files are the same without them. */
    @Test
    void theRunsOwnFilesAreTheSameWithAndWithoutTheFlowDuringTraining() throws Exception {
        ExperimentConfig on = tiny().with("fisher.geometryMembers=2").resolve();
        ExperimentConfig off = tiny().with("fisher.geometryMembers=2")
                .with("brg.duringTraining=false")
                .resolve();
        Path with = ExperimentRun.of(on).threads(2).writeTo(tmp.resolve("on")).directory();
        Path without =
                ExperimentRun.of(off).threads(2).writeTo(tmp.resolve("off")).directory();
        for (String file : RunWriter.memberArrays(off)) {
            assertArrayEquals(Files.readAllBytes(without.resolve(file)), Files.readAllBytes(with.resolve(file)), file);
        }
        for (String file : List.of(RunWriter.FLOW, RunWriter.MEMBERS, RunWriter.GEOMETRY_TABLE)) {
            assertEquals(Files.readString(without.resolve(file)), Files.readString(with.resolve(file)), file);
        }
        for (String file : TRAINING_FILES) {
            assertFalse(Files.exists(without.resolve(file)), file + " is written only with brg.duringTraining");
        }
        JsonNode summary = Json.read(without.resolve(RunWriter.SUMMARY));
        assertNull(summary.get("training_flow"));
        assertFalse(summary.at("/config/brg/duringTraining").asBoolean(true));
    }

    /** The median of the values, by sorting (NaN left out): NumPy's median. */
    private static double median(double[] v) {
        double[] s = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** training_flow.csv read back against its own definition from training_flow.npy. */
    @Test
    void theTableHoldsTheMediansAndTheCriticalCutoffOfEachCheckpointByTheRunsRule() throws Exception {
        ExperimentConfig config = tiny().withMembers(7)
                .with("train.learningRate=1e-4")
                .with("train.divergenceLoss=1e4")
                .resolve();
        Path dir =
                ExperimentRun.of(config).threads(2).writeTo(tmp.resolve("run")).directory();
        RunFiles files = RunFiles.open(dir);
        Npy.Array flow = files.trainingFlow().orElseThrow();
        Npy.Array rank = files.trainingFisherRank().orElseThrow();
        boolean[] diverged = files.members().diverged();
        int members = diverged.length;
        int checkpoints = flow.shape()[1];
        int entries = flow.shape()[2];
        assertArrayEquals(new int[] {7, 5, config.brg().cutoffs().size() + 1}, flow.shape());
        List<String> lines = Files.readAllLines(dir.resolve(RunWriter.TRAINING_TABLE));
        assertEquals(checkpoints + 1, lines.size());
        int[] epochs = {0, 6, 12, 18, 20};
        int used = 0;
        for (boolean d : diverged) {
            used += d ? 0 : 1;
        }
        boolean someCrossing = false;
        for (int c = 0; c < checkpoints; c++) {
            String[] cells = lines.get(c + 1).split(",", -1);
            assertEquals(c, Integer.parseInt(cells[0]));
            assertEquals(epochs[c], Integer.parseInt(cells[1]), "epoch of checkpoint " + c);
            double[] medians = new double[entries];
            for (int k = 0; k < entries; k++) {
                double[] values = new double[used];
                double[] ranks = new double[used];
                int n = 0;
                for (int m = 0; m < members; m++) {
                    if (!diverged[m]) {
                        values[n] = flow.values()[(m * checkpoints + c) * entries + k];
                        ranks[n++] = rank.values()[m * checkpoints + c];
                    }
                }
                medians[k] = median(values);
                assertEquals(median(values), Csv.parse(cells[5 + k]), 0.0, "checkpoint " + c + ", entry " + k);
                assertEquals(median(ranks), Csv.parse(cells[2]), 0.0, "checkpoint " + c + ": median ρ");
            }
            Double critical = null;
            for (int k = 1; k < entries && critical == null; k++) {
                if (medians[k] > config.brg().criticalFactor() * medians[0]) {
                    critical = config.brg().cutoffs().get(k - 1);
                }
            }
            someCrossing |= critical != null;
            assertEquals(critical == null ? "" : Csv.number(critical), cells[3], "ε_c of checkpoint " + c);
            assertEquals(used, Integer.parseInt(cells[4]));
        }
        assertTrue(someCrossing, "some checkpoint has an ε_c (else the rule is not exercised)");
    }

    @Test
    void aDirectoryWhoseFlowDuringTrainingDoesNotFitItsSummaryIsRefusedNamingTheFile() throws Exception {
        ExperimentConfig config = tiny().resolve();
        Path dir = ExperimentRun.of(config).writeTo(tmp.resolve("run")).directory();
        Path file = dir.resolve(RunWriter.TRAINING_FISHER_RANK);
        Npy.write(file, new double[4 * 4], 4, 4); // a checkpoint short
        ConfigException e = assertThrows(ConfigException.class, () -> RunFiles.open(dir));
        assertEquals(file.toString(), e.field());
        assertTrue(e.getMessage().contains("[4, 5]"), e.getMessage());

        Files.delete(file);
        ConfigException half = assertThrows(ConfigException.class, () -> RunFiles.open(dir));
        assertEquals(
                dir + ": has training_flow.npy but not training_fisher_rank.npy; allowed both or neither",
                half.getMessage());

        Path off = ExperimentRun.of(tiny().with("brg.duringTraining=false").resolve())
                .writeTo(tmp.resolve("off"))
                .directory();
        Files.copy(dir.resolve(RunWriter.TRAINING_FLOW), off.resolve(RunWriter.TRAINING_FLOW));
        ConfigException stray = assertThrows(ConfigException.class, () -> RunFiles.open(off));
        assertTrue(stray.getMessage().contains("brg.duringTraining false"), stray.getMessage());
    }

    @Test
    void aCheckpointRecordWithoutTheFlowDuringTrainingIsNotThisRunsMember() throws Exception {
        ExperimentConfig config = tiny().resolve();
        DataSets data = Experiment.prepareData(config, Path.of("."));
        MemberShape shape = MemberShape.of(config, data);
        MemberResult m = new MemberPipeline(config, data).run(1);
        assertNull(shape.mismatch(m, false));
        MemberResult without = withTrainingFlow(m, null);
        assertEquals("has no flow during training, which this run measures", shape.mismatch(without, false));
        MemberResult shorter = withTrainingFlow(m, new TrainingFlow(new double[4][m.testMse().length], new double[4]));
        assertTrue(shape.mismatch(shorter, false).contains("5 checkpoints"), shape.mismatch(shorter, false));
    }

    private static MemberResult withTrainingFlow(MemberResult m, TrainingFlow t) {
        return RunVariants.copy(m, m.member(), t);
    }
}
