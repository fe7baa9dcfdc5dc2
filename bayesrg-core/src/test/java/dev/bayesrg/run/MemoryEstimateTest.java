package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The heap estimate against the exact sizes of what a run really holds: its data sets, its
 * members' results (and those read back from a checkpoint), a thread's work arrays and the files the
 * field theory reads back whole, measured by walking the objects ({@link RetainedBytes}), never by
 * asking the collector. Each part must be an upper bound, and not a wild one.
 */
class MemoryEstimateTest {
    @TempDir
    Path tmp;

    /** One generated run: its configuration and thread count. */
    record Case(String name, ExperimentConfig config, int threads) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Runs of every shape, drawn from a fixed seed: input dimension 1..120, one to three hidden
     * layers, either trainable set, one to 25 cutoffs, set sizes 1..90, training checkpoints on the
     * mesh or not (and with them the flow during training, or not), a test or line mesh of up to 12
     * points (the field theory's cost grows as M⁵), the solvers, shared hidden layers, 1..3 threads.
     */
    static Stream<Arguments> generatedRuns() {
        Random random = new Random(20261203);
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            int d = random.nextBoolean() ? 1 + random.nextInt(3) : 1 + random.nextInt(120);
            boolean last = random.nextInt(3) > 0;
            int width = 1 + random.nextInt(last ? 200 : 24);
            int depth = 1 + random.nextInt(3);
            StringJoiner hidden = new StringJoiner(", ", "[", "]");
            for (int l = 0; l < depth - 1; l++) {
                hidden.add("{width: " + (1 + random.nextInt(12)) + ", activation: tanh, bias: " + random.nextBoolean()
                        + "}");
            }
            hidden.add("{width: " + width + ", activation: relu, bias: " + random.nextBoolean() + "}");
            int cutoffs = 1 + random.nextInt(25);
            StringJoiner cut = new StringJoiner(", ", "[", "]");
            for (int k = 0; k < cutoffs; k++) {
                cut.add(Double.toString(Math.pow(10, -4 + 9.0 * k / cutoffs)));
            }
            int train = 1 + random.nextInt(90);
            int test = 1 + random.nextInt(90);
            int fisher = 1 + random.nextInt(90);
            int epochs = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(60);
            String solver = last
                    ? List.of("auto", "iterate-primal", "closed-form", "auto").get(random.nextInt(4))
                    : "auto";
            ConfigLayers layers = ConfigLayers.of(Preset.PAPER)
                    .withMembers(1 + random.nextInt(6))
                    .withEpochs(epochs)
                    .with("network.hidden=" + hidden)
                    .with("network.trainable=" + (last ? "last" : "all"))
                    .with("network.sharedHidden=" + random.nextBoolean())
                    .with("network.outputBias=" + random.nextBoolean())
                    .with("train.solver=" + solver)
                    .with("train.lossEvery=" + (1 + random.nextInt(5)))
                    .with("train.learningRate=1e-4")
                    .with("brg.cutoffs=" + cut)
                    .with("data.train=" + train)
                    .with("data.test=" + test)
                    .with("data.fisher=" + fisher)
                    .with("data.target=linear")
                    .with("data.probe=" + vector(d, 0.5))
                    .with("data.inputMean=" + vector(d, 0.0))
                    .with("data.inputCovariance=" + identity(d))
                    .with("nnft.snapshotEvery=" + (random.nextBoolean() ? 0 : 1 + random.nextInt(20)));
            if (random.nextBoolean()) {
                layers = layers.with("nnft.points=" + (1 + random.nextInt(12)));
            } else {
                layers = layers.with("nnft.mesh=line")
                        .with("nnft.line={from: " + vector(d, -1) + ", to: " + vector(d, 1) + ", points: "
                                + (1 + random.nextInt(12)) + "}");
            }
            // every other run with checkpoints also flows during training (no draw: the cases stay as they were)
            boolean duringTraining = i % 2 == 0 && layers.resolve().nnft().snapshotEvery() > 0;
            if (duringTraining) {
                layers = layers.with("brg.duringTraining=true");
            }
            int threads = 1 + random.nextInt(3);
            String name = (duringTraining ? "flow in training, " : "") + "d=" + d + " " + hidden + " "
                    + (last ? "last" : "all") + " " + solver + " K=" + cutoffs + " n=" + train + "/" + test + "/"
                    + fisher + " threads=" + threads;
            cases.add(Arguments.of(new Case(name, layers.resolve(), threads)));
        }
        // more points than features, where the solvers hold the N×N covariance (no draws: the cases above stay)
        for (String solver : List.of("auto", "closed-form")) {
            ExperimentConfig primal = ConfigLayers.of(Preset.PAPER)
                    .withMembers(3)
                    .withEpochs(60)
                    .with("network.hidden[2].width=24")
                    .with("network.outputBias=true")
                    .with("train.solver=" + solver)
                    .with("train.learningRate=1e-4")
                    .with("data.train=90")
                    .with("data.test=20")
                    .with("data.fisher=20")
                    .resolve();
            assertEquals(
                    solver.equals("auto")
                            ? MemberPipeline.ReadoutSolver.PRIMAL_TRIDIAGONAL
                            : MemberPipeline.ReadoutSolver.PRIMAL_CLOSED_FORM,
                    MemberPipeline.readoutSolver(primal, 90, 24));
            cases.add(Arguments.of(new Case("n=90 > N=24, " + solver, primal, 1)));
        }
        return cases.stream();
    }

    private static String vector(int d, double value) {
        StringJoiner v = new StringJoiner(", ", "[", "]");
        for (int k = 0; k < d; k++) {
            v.add(Double.toString(value));
        }
        return v.toString();
    }

    private static String identity(int d) {
        StringJoiner rows = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < d; i++) {
            StringJoiner row = new StringJoiner(", ", "[", "]");
            for (int j = 0; j < d; j++) {
                row.add(i == j ? "1.0" : "0.0");
            }
            rows.add(row.toString());
        }
        return rows.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generatedRuns")
    void everyPartBoundsWhatTheRunHoldsAndNotWildly(Case c) throws Exception {
        ExperimentConfig config = c.config();
        ExperimentRun.Finished run =
                ExperimentRun.of(config).threads(c.threads()).writeTo(tmp.resolve("run"));
        RunResult result = run.result();
        int members = config.ensemble().members();
        MemoryEstimate estimate = MemoryEstimate.ofRun(config, members, c.threads(), Path.of(""), false);

        // the data sets, and the input covariance the configuration holds (boxed) for the Gaussian inputs
        long data =
                RetainedBytes.of(result.data()) + RetainedBytes.of(config.data().inputCovariance());
        long results = RetainedBytes.of(result.members());
        assertBetween(data, estimate.data(), 4, "data sets");
        assertBetween(results, estimate.results(), 3, "members' results");

        // one thread's pipeline after a member: its buffers, prior, network and transposed weights
        MemberPipeline pipeline = new MemberPipeline(config, result.data());
        pipeline.run(0);
        long pipelineBytes = RetainedBytes.excluding(pipeline, config, result.data());
        // the estimate adds what a member allocates and drops (a Gram matrix, its eigenvectors, θ copies);
        // the Fisher eigenbasis is all such: its Jacobian, the directions and the product they are
        // formed in (n_F × P each) and the Gram matrix with its decomposition (a few n_F × n_F)
        long fisher = config.data().fisher();
        long flowed = pipeline.flowedCount();
        long eigenbasis = 8 * fisher * (3 * flowed + 6 * fisher);
        assertTrue(
                estimate.workers() / c.threads() >= pipelineBytes + eigenbasis,
                () -> "a thread's work arrays: estimated " + estimate.workers() / c.threads() + " < held "
                        + pipelineBytes + " + the eigenbasis " + eigenbasis);
        assertBetween(pipelineBytes + eigenbasis, estimate.workers() / c.threads(), 8, "a thread's work arrays");

        // the field theory reads the mesh outputs back whole
        long meshFiles = Files.size(run.directory().resolve(RunWriter.MESH_OUTPUTS))
                + (Files.exists(run.directory().resolve(RunWriter.MESH_TRAINING))
                        ? Files.size(run.directory().resolve(RunWriter.MESH_TRAINING))
                        : 0);
        assertTrue(
                estimate.completion() >= meshFiles, () -> "field theory " + estimate.completion() + " < " + meshFiles);

        assertTrue(estimate.peak() >= data + results + pipelineBytes);
    }

    private static void assertBetween(long measured, long estimated, int factor, String what) {
        assertTrue(estimated >= measured, () -> what + ": estimated " + estimated + " < held " + measured);
        assertTrue(
                estimated <= (long) factor * measured + (64 << 10),
                () -> what + ": estimated " + estimated + " > " + factor + " × held " + measured);
    }

    /**
     * A wide read-out on tiny data sets, where the n × N buffers weigh little: the eigenbasis flow
     * holds the Gram-space flow's steps (ξ and at most one per cutoff, formed as one product and
     * copied out: K + 1 vectors of the flowed parameters each time) and, for the run's own flow, the
     * parameters of the entries it measures together (four) with their read-out weights stacked for
     * that product, on top of the pipeline's buffers and the metric's Jacobian.
     */
    @ParameterizedTest(name = "brg.basis={0}")
    @CsvSource({"eigen", "diagonal"})
    void theEigenbasisFlowsParameterVectorsOfEveryEntryAreCounted(String basis) {
        ExperimentConfig config = ConfigLayers.of(Preset.PAPER)
                .withMembers(1)
                .withWidth(3000)
                .withEpochs(10)
                .with("brg.basis=" + basis)
                .with("fisher.geometryMembers=1")
                .with("data.train=4")
                .with("data.test=4")
                .with("data.fisher=2")
                .with("nnft.points=1")
                .resolve();
        DataSets data = Experiment.prepareData(config, Path.of(""));
        MemberPipeline pipeline = new MemberPipeline(config, data);
        pipeline.run(0);
        long pipelineBytes = RetainedBytes.excluding(pipeline, config, data);
        long entries = config.brg().cutoffs().size() + 1L;
        long flowed = pipeline.flowedCount();
        long parameters = pipeline.architecture().parameterCount();
        // the Gram-space steps: one product of every step and the steps copied out of it (both
        // flows: a diagonal run's geometry member flows in the eigenbasis for comparison)
        long steps = 2 * RetainedBytes.doubleArray(entries * flowed);
        // the run's own eigenbasis flow: θ of the four entries measured together, their read-outs stacked
        long measured = basis.equals("eigen")
                ? 4 * RetainedBytes.doubleArray(parameters) + RetainedBytes.doubleArray(4 * flowed)
                : 0;
        long jacobian = RetainedBytes.doubleArray(config.data().fisher() * flowed);
        long held = pipelineBytes + jacobian + steps + measured;
        MemoryEstimate estimate = MemoryEstimate.ofRun(config, 1, 1, Path.of(""), false);
        assertTrue(
                estimate.workers() >= held,
                () -> "a thread's work arrays: estimated " + estimate.workers() + " < held " + held);
        assertBetween(held, estimate.workers(), 3, "a thread's work arrays");
    }

    @Test
    void theMembersReadBackFromACheckpointAreCountedAndSoIsWhatItHoldsBeyondTheRun() throws Exception {
        ExperimentConfig config = ConfigLayers.of(Preset.PAPER)
                .withMembers(5)
                .withWidth(16)
                .withEpochs(10)
                .with("data.train=20")
                .with("data.test=40")
                .with("data.fisher=10")
                .with("nnft.snapshotEvery=5")
                .resolve();
        RunResult run = Experiment.run(config, Experiment.prepareData(config, Path.of("")), 1, done -> {});
        Path file = tmp.resolve(Checkpoint.FILE);
        try (Checkpoint checkpoint = Checkpoint.append(file, 0, "0".repeat(64))) {
            for (MemberResult m : run.members()) {
                checkpoint.record(m);
            }
            // a file with more than the run's own (three copies of everything): all of it is decoded
            for (int copy = 0; copy < 2; copy++) {
                for (MemberResult m : run.members()) {
                    checkpoint.record(m);
                }
            }
        }
        List<MemberResult> decoded = Checkpoint.read(file).members();
        assertEquals(15, decoded.size());
        long held = RetainedBytes.of(decoded);
        MemoryEstimate resumed = MemoryEstimate.ofResume(config, 5, 1, Path.of(""), false, Files.size(file));
        assertBetween(held, resumed.results(), 3, "checkpoint read back");
        MemoryEstimate fresh = MemoryEstimate.ofRun(config, 5, 1, Path.of(""), false);
        assertTrue(resumed.results() > fresh.results());
        // a thread encodes a member's whole record before appending it
        assertTrue(fresh.workers() >= Checkpoint.encodeRecord(run.members().get(0)).length);
    }

    @Test
    void aCsvFileIsCountedWholeAsItIsParsedNotOnlyTheRowsUsed() throws IOException {
        int d = 30;
        int rows = 900;
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k <= d; k++) {
                csv.append(k == 0 ? "" : ",").append((i * 31 + k) % 17 / 7.0);
            }
            csv.append('\n');
        }
        Path file = tmp.resolve("data.csv");
        Files.writeString(file, csv);
        ExperimentConfig config = ConfigLayers.of(Preset.PAPER)
                .withMembers(2)
                .with("data.source=csv")
                .with("data.csv=" + file)
                .with("data.train=20")
                .with("data.test=20")
                .with("data.fisher=20")
                .with("data.probe=" + vector(d, 0.5))
                .resolve();
        DataSets data = Experiment.prepareData(config, Path.of(""));
        MemoryEstimate estimate = MemoryEstimate.ofRun(config, 2, 1, Path.of(""), false);
        assertTrue(estimate.data() >= RetainedBytes.of(data));
        // every row of the file is held twice while it is parsed: as read (x, y) and as an input x
        long parsed = rows * (RetainedBytes.doubleArray(d + 1) + RetainedBytes.doubleArray(d));
        assertTrue(estimate.data() >= parsed, () -> estimate.data() + " < " + parsed);
    }

    @Test
    void aRunThatDoesNotFitIsRefusedNamingTheEstimateItsLargestPartAndTheHeap() {
        ExperimentConfig huge =
                ConfigLayers.of(Preset.PAPER).withMembers(50_000_000).resolve();
        MemoryEstimate estimate = MemoryEstimate.ofRun(huge, 50_000_000, 4, Path.of(""), true);
        ConfigException e = assertThrows(ConfigException.class, () -> estimate.check(8L << 30));
        assertEquals("ensemble.members", e.field());
        assertTrue(e.getMessage().contains("members' results"), e.getMessage());
        assertTrue(e.getMessage().contains("the JVM has 8.0 GiB"), e.getMessage());
        assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
        // the default run fits a workstation's heap
        ExperimentConfig paper = ConfigLayers.of(Preset.PAPER).resolve();
        MemoryEstimate.ofRun(paper, 512, 8, Path.of(""), true).check(4L << 30);
    }

    @Test
    void theInputDimensionCountsInTheDataSets() {
        ExperimentConfig wide = ConfigLayers.of(Preset.PAPER)
                .withWidth(1)
                .with("network.trainable=all")
                .with("data.target=linear")
                .with("data.probe=" + vector(300, 0.5))
                .with("data.inputMean=" + vector(300, 0))
                .with("data.inputCovariance=" + identity(300))
                .with("data.train=1000000")
                .resolve();
        MemoryEstimate estimate = MemoryEstimate.ofRun(wide, 512, 1, Path.of(""), false);
        // a million training inputs of 300 doubles: 2.4 GB
        assertTrue(estimate.data() >= 1_000_000L * 300 * 8, () -> Long.toString(estimate.data()));
        assertEquals("data", estimate.field());
    }

    /**
     * An imported ensemble's arrays held whole (an archive entry: no random access) are counted with
     * the data, at least their float64 size; the same arrays as plain .npy files, read a member at a
     * time, are not.
     */
    @Test
    void anImportedArchiveIsCountedWholeAndPlainArraysAreNot() throws IOException {
        ConfigLayers layers = ConfigLayers.of(Preset.PAPER)
                .withMembers(4)
                .withWidth(16)
                .withEpochs(5)
                .with("data.train=12")
                .with("data.test=8")
                .with("data.fisher=6");
        Path plain = tmp.resolve("plain");
        EnsembleExport.mlp(layers.resolve(), plain);
        Path archived = tmp.resolve("archived");
        EnsembleExport.mlp(layers.resolve(), archived);
        Path weights = archived.resolve("layer2_weight.npy");
        try (java.util.zip.ZipOutputStream zip =
                new java.util.zip.ZipOutputStream(Files.newOutputStream(archived.resolve("weights.npz")))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("layer2_weight.npy"));
            zip.write(Files.readAllBytes(weights));
            zip.closeEntry();
        }
        Files.delete(weights);
        long plainData = importedDataBytes(layers, plain);
        long archivedData = importedDataBytes(layers, archived);
        long layer = 8L * 4 * 16 * 10; // [members, width, 10] float64
        assertTrue(archivedData - plainData >= layer, () -> archivedData + " - " + plainData + " < " + layer);
        assertEquals(
                MemoryEstimate.ofRun(layers.resolve(), 4, 1, tmp, false).data(),
                plainData,
                "plain .npy arrays are read a member at a time");
    }

    /** The data part of the estimate of importing {@code ensemble} with {@code layers}. */
    private long importedDataBytes(ConfigLayers layers, Path ensemble) {
        ExperimentConfig config = dev.bayesrg.ingest.ImportedEnsemble.settle(layers.loader(), ensemble)
                .load();
        return MemoryEstimate.ofRun(config, 4, 1, tmp, false).data();
    }
}
