package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.io.Npy;
import dev.bayesrg.net.SoftmaxCrossEntropy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A softmax classifier of three blobs run end to end: K logits per test input and mesh point, the
 * flow's test loss the cross-entropy of those logits, the members independent of the thread count,
 * and the run directory's arrays of the shapes its checks expect, with the field theory written.
 */
class SoftmaxClassifierRunTest {
    private static final int K = 3;
    private static final int TEST = 20;
    private static final int MESH = 8;

    private static ExperimentConfig config(String... extra) {
        ConfigLayers layers = ConfigLayers.of(Preset.PAPER)
                .withMembers(16)
                .withWidth(32)
                .withEpochs(30)
                .with("data.source=blobs")
                .with("data.classes=" + K)
                .with("data.inputMean=[2.0, 0.0]")
                .with("data.probe=[0.0, 0.0]")
                .with("data.train=60")
                .with("data.test=" + TEST)
                .with("data.fisher=20")
                .with("train.loss=cross-entropy")
                .with("train.learningRate=0.05")
                .with("network.init.scheme=fan-in")
                .with("fisher.geometryMembers=4")
                .with("brg.cutoffs=[1e-4, 1e-2, 1.0]")
                .with("nnft.points=" + MESH);
        for (String e : extra) {
            layers = layers.with(e);
        }
        return layers.resolve();
    }

    /**
     * A member trained with far too large a step (the example three-blobs.yaml at η = 0.5): its logits
     * saturate, whole inputs' score rows vanish and its Jacobian Gram has a cluster of eigenvalues at
     * zero whose couplings the relative deflation test never split (implicit QL did not converge,
     * failing the run). Its geometry now has a spectrum that is finite, non-negative to rounding and
     * sums to the trace of its metric, Σ_i F_ii (tr JJᵀ = tr JᵀJ).
     */
    @Test
    void aSaturatedClassifiersMetricStillHasAnEigenbasis() throws InterruptedException {
        ExperimentConfig config = ConfigLayers.of(Preset.PAPER)
                .withMembers(16)
                .withWidth(512)
                .withEpochs(300)
                .with("data.source=blobs")
                .with("data.classes=3")
                .with("data.inputMean=[2.0, 0.0]")
                .with("data.probe=[0.0, 0.0]")
                .with("network.hidden=[{width: 512, activation: relu, bias: true}]")
                .with("network.init.scheme=fan-in")
                .with("train.loss=cross-entropy")
                .with("train.learningRate=0.5")
                .with("brg.cutoffs=[1.0e-6, 1.0e-5, 1.0e-4, 1.0e-3, 1.0e-2, 0.1, 1.0]")
                .with("nnft.points=8")
                .resolve();
        DataSets data = Experiment.prepareData(config, Path.of("."));
        // member 11 of this ensemble is the one whose eigensolver failed
        MemberResult m = new MemberPipeline(config, data).run(11);
        double[] spectrum = m.geometry().geometry().spectrum();
        double trace = 0;
        for (double f : m.fisherDiagonal()) {
            trace += f;
        }
        double sum = 0;
        for (double lambda : spectrum) {
            assertTrue(Double.isFinite(lambda) && lambda >= -1e-12 * trace, "eigenvalue " + lambda);
            sum += lambda;
        }
        assertEquals(trace, sum, 1e-9 * trace, "the eigenvalues sum to the trace of the metric");
    }

    @Test
    void everyOutputHoldsKLogitsPerPointAndTheMembersDoNotDependOnTheThreads() throws InterruptedException {
        ExperimentConfig config = config();
        DataSets data = Experiment.prepareData(config, Path.of("."));
        for (double y : data.train().targets()) {
            assertTrue(y == 0 || y == 1 || y == 2, "label " + y);
        }
        RunResult one = Experiment.run(config, data, 1, m -> {});
        RunResult two = Experiment.run(config, data, 2, m -> {});
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(K);
        int entries = config.brg().cutoffs().size() + 1;
        int right = 0;
        for (int i = 0; i < config.ensemble().members(); i++) {
            MemberResult m = one.members().get(i);
            ThreadIndependenceTest.assertSameMember(m, two.members().get(i));
            assertArrayEquals(m.mesh().flow()[0], two.members().get(i).mesh().flow()[0]);
            assertEquals(entries, m.predictions().length);
            assertEquals(entries, m.mesh().flow().length);
            for (int k = 0; k < entries; k++) {
                assertEquals(TEST * K, m.predictions()[k].length, "entry " + k);
                assertEquals(MESH * K, m.mesh().flow()[k].length, "mesh, entry " + k);
                // the flow's test loss is the cross-entropy of the recorded logits
                assertEquals(
                        loss.mean(m.predictions()[k], data.test().targets()),
                        m.testMse()[k],
                        1e-12 * m.testMse()[k],
                        "member " + i + ", entry " + k);
            }
            // the trained members classify the blobs better than chance
            double[] logits = m.predictions()[0];
            for (int p = 0; p < TEST; p++) {
                int best = 0;
                for (int c = 1; c < K; c++) {
                    best = logits[p * K + c] > logits[p * K + best] ? c : best;
                }
                right += best == (int) data.test().targets()[p] ? 1 : 0;
            }
            // the mesh is the first test inputs: its logits are the predictions' first pairs
            assertArrayEquals(
                    Arrays.copyOf(m.predictions()[0], MESH * K), m.mesh().flow()[0], 1e-12, "member " + i);
            assertEquals(m.fisherDiagonal().length, K * 32, "one Fisher value per read-out weight");
        }
        double accuracy = right / (double) (TEST * config.ensemble().members());
        assertTrue(accuracy > 0.6, "accuracy " + accuracy);
        assertEquals(one.flow(), two.flow());
    }

    @Test
    void aWrittenRunReopensWithItsShapesCheckedAndItsFieldTheory(@TempDir Path dir) throws Exception {
        ExperimentConfig config = config();
        ExperimentRun.Finished run = ExperimentRun.of(config).threads(2).writeTo(dir.resolve("run"));
        RunFiles files = RunFiles.open(run.directory());
        int members = config.ensemble().members();
        int entries = config.brg().cutoffs().size() + 1;
        assertArrayEquals(
                new int[] {members, entries, TEST * K}, files.predictions().shape());
        assertArrayEquals(
                new int[] {members, entries, MESH * K},
                files.meshOutputs().orElseThrow().shape());
        assertEquals(MESH, files.meshInputs().length);
        assertTrue(files.nnft().isPresent(), "nnft/snapshots.json");
        NnftFile nnft = files.nnft().orElseThrow();
        assertEquals(MESH * K, nnft.meshPoints(), "the field lives on the pairs of mesh point and class");
        assertEquals(entries, nnft.entries().size());
        assertTrue(nnft.entries().get(0).measured());
        assertEquals(MESH * K, nnft.entries().get(0).mean().length);
        // G^(1) on each (point, class) pair: the members' mean logit there
        for (int a = 0; a < MESH * K; a++) {
            double mean = 0;
            for (MemberResult m : run.result().members()) {
                mean += m.mesh().flow()[0][a] / members;
            }
            assertEquals(mean, nnft.entries().get(0).mean()[a], 1e-12 * (1 + Math.abs(mean)), "pair " + a);
        }
        Npy.Array predictions = files.predictions();
        assertArrayEquals(
                run.result().members().get(3).predictions()[1],
                Arrays.copyOfRange(predictions.values(), (3 * entries + 1) * TEST * K, (3 * entries + 2) * TEST * K));
        assertTrue(Files.isDirectory(run.directory().resolve(NnftWriter.DIRECTORY)));
    }

    /** Resumed after five members, and merged from three shards: the same arrays, byte for byte. */
    @Test
    void aResumedAndAMergedRunWriteTheSameArrays(@TempDir Path dir) throws Exception {
        ExperimentConfig config = config("nnft.order=2"); // the field theory's kernels alone: quicker
        ExperimentRun.Finished run = ExperimentRun.of(config).threads(2).writeTo(dir.resolve("run"));
        ExperimentRun.Finished resumed =
                RunVariants.resumed(config, run.result().members().subList(0, 5), dir.resolve("broken"));
        RunVariants.merged(config, 3, dir);
        for (String name : new String[] {RunWriter.PREDICTIONS, RunWriter.MESH_OUTPUTS, RunWriter.FISHER}) {
            byte[] expected = Files.readAllBytes(run.directory().resolve(name));
            assertArrayEquals(expected, Files.readAllBytes(resumed.directory().resolve(name)), "resumed " + name);
            assertArrayEquals(expected, Files.readAllBytes(dir.resolve("merged").resolve(name)), "merged " + name);
        }
        RunFiles.open(dir.resolve("merged"));
    }

    /** A file's labels must be 0..K−1: 3 is refused among three classes naming data.csv, 0, 1 and 2 pass. */
    @Test
    void aFileOfThreeLabelsIsReadAndALabelBeyondThemIsRefused(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("points.csv");
        String rows = IntStream.range(0, 70)
                .mapToObj(i -> i * 0.1 + "," + (1 - i * 0.1) + "," + (i == 41 ? 3 : i % 3))
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(csv, rows);
        ExperimentConfig c = config("data.source=csv", "data.csv=" + csv, "data.test=5", "data.fisher=5");
        ConfigException e = assertThrows(ConfigException.class, () -> Experiment.prepareData(c, dir));
        assertEquals("data.csv", e.field());
        assertTrue(e.getMessage().contains("is 3.0") && e.getMessage().contains("0..2"), e.getMessage());
        Files.writeString(csv, rows.replace(",3\n", ",2\n"));
        DataSets data = Experiment.prepareData(c, dir);
        assertEquals(60, data.train().size());
        assertTrue(Arrays.stream(data.train().targets()).allMatch(y -> y == 0 || y == 1 || y == 2));
    }
}
