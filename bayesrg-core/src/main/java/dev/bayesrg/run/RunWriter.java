package dev.bayesrg.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.brg.FlowEntries;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.io.AtomicFiles;
import dev.bayesrg.io.Csv;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.Npy;
import dev.bayesrg.io.RunDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes the data files of a run directory. Every file is written atomically; the directory keeps
 * its INCOMPLETE marker (saying that the data are written) until {@link #finish} after the last file
 * of the run, which {@link RunCompletion} calls once nnft/ and the report exist.
 */
public final class RunWriter {
    /**
     * Where and how the run was made, for {@code manifest.json}.
     *
     * @param commandLine the command line that made the run
     * @param preset      the preset its configuration started from
     * @param threads     worker threads
     * @param start       when it started
     * @param end         when its members were done
     * @param inputs      the files it read, with their hashes
     */
    public record Provenance(
            List<String> commandLine, String preset, int threads, Instant start, Instant end, RunInputs inputs) {
        /** Provenance of a run that read no file. */
        public Provenance(List<String> commandLine, String preset, int threads, Instant start, Instant end) {
            this(commandLine, preset, threads, start, end, RunInputs.NONE);
        }
    }

    public static final String SUMMARY = "summary.json";
    public static final String FLOW = "flow.csv";
    public static final String MEMBERS = "members.csv";
    public static final String PREDICTIONS = "predictions.npy";
    public static final String FISHER = "fisher.npy";
    public static final String READOUT = "readout.npy";
    public static final String LOSS_CURVES = "loss_curves.npy";
    public static final String TEST_INPUTS = "test_inputs.npy";
    public static final String TEST_TARGETS = "test_targets.npy";
    public static final String MANIFEST = "manifest.json";
    /** The nnft mesh [M, d] and the members' outputs on it along the flow and during training. */
    public static final String MESH_INPUTS = "mesh_inputs.npy";

    public static final String MESH_OUTPUTS = "mesh_outputs.npy";
    public static final String MESH_TRAINING = "mesh_training.npy";
    /** Each member's absolute cutoffs ε_1..ε_K [members, K] (brg.cutoffs resolved on brg.cutoffScale). */
    public static final String CUTOFFS = "cutoffs.npy";
    /** The Fisher metric beyond its diagonal: per member, its spectrum and its geometry per cutoff. */
    public static final String FISHER_SPECTRUM = "fisher_spectrum.npy";

    public static final String FISHER_GEOMETRY = "fisher_geometry.npy";
    /** The ensemble's medians of the geometry, per cutoff. */
    public static final String GEOMETRY_TABLE = "fisher_geometry.csv";
    /**
     * The flow during training ({@code brg.duringTraining}): per member and checkpoint the test MSE at
     * every flow entry [members, checkpoints, K+1] and the Fisher diagonal's rank correlation with the
     * trained one [members, checkpoints].
     */
    public static final String TRAINING_FLOW = "training_flow.npy";

    public static final String TRAINING_FISHER_RANK = "training_fisher_rank.npy";
    /** The ensemble's medians of the flow during training and ε_c(t), per checkpoint. */
    public static final String TRAINING_TABLE = "training_flow.csv";
    /** What {@code --resume} needs to continue a run: its resolved configuration, shard and preset. */
    public static final String RESUME_STATE = "resume.json";

    private RunWriter() {}

    /**
     * Where a run's per-member files come from — members.csv and the per-member arrays
     * ({@link #memberArrays}) — so that they can be written from the members in memory
     * ({@link #inMemory}), streamed from shard files or moved from where a merge's shards placed
     * them ({@link ShardMerge}), or placed by a shard into its ensemble's files
     * ({@link PlacedArrays}), without ever being held whole.
     */
    public interface MemberFiles {
        /** Writes members.csv at {@code target}, atomically (whole or not at all). */
        void writeMembers(Path target) throws IOException;

        /**
         * Puts the per-member array {@code file} where it belongs: at {@code target}, atomically,
         * or (a shard placing its rows) into its ensemble's file.
         */
        void writeArray(String file, Path target) throws IOException;
    }

    /** The first line of members.csv: its columns. */
    static final String MEMBERS_HEADER =
            "member,entry,cutoff,test_mse,probe_output,coarse_grained,diverged,train_loss,train_mse\n";

    /** The per-member array files of a run with this configuration, in the order they are written. */
    public static List<String> memberArrays(dev.bayesrg.config.ExperimentConfig config) {
        boolean checkpoints = MeshWriter.trainingCheckpoints(config) > 0;
        List<String> files =
                new java.util.ArrayList<>(List.of(PREDICTIONS, FISHER, READOUT, LOSS_CURVES, MESH_OUTPUTS));
        if (checkpoints) {
            files.add(MESH_TRAINING);
        }
        files.addAll(List.of(CUTOFFS, FISHER_SPECTRUM, FISHER_GEOMETRY));
        if (config.brg().duringTraining()) {
            files.addAll(List.of(TRAINING_FLOW, TRAINING_FISHER_RANK));
        }
        return List.copyOf(files);
    }

    public static void write(RunDirectory dir, RunResult run, Provenance provenance) throws IOException {
        write(dir, run, provenance, inMemory(run));
    }

    /**
     * Writes the run with its per-member files from {@code files} (the members' own arrays are
     * ignored; their scalars still make the statistics).
     */
    public static void write(RunDirectory dir, RunResult run, Provenance provenance, MemberFiles files)
            throws IOException {
        // members.csv is formatting-bound (tens of thousands of numbers as text), the .npy files are
        // copies: the two go side by side, and the run is marked complete only once both are written
        java.util.concurrent.FutureTask<Void> membersCsv = new java.util.concurrent.FutureTask<>(() -> {
            files.writeMembers(dir.resolve(MEMBERS));
            return null;
        });
        Thread csvWriter = new Thread(membersCsv, "bayesrg-members-csv");
        csvWriter.setDaemon(true);
        csvWriter.start();
        try {
            for (String file : memberArrays(run.config())) {
                files.writeArray(file, dir.resolve(file));
                PausePoints.reached(PausePoints.DATA_FILE);
            }
            writeTestSet(dir, run);
            MeshWriter.writeInputs(dir, run);
        } catch (IOException | RuntimeException e) {
            try {
                Tasks.await(membersCsv, "writing " + MEMBERS); // never leave the writer running behind a failure
            } catch (IOException | RuntimeException csvFailure) {
                e.addSuppressed(csvFailure);
            }
            throw e;
        }
        Tasks.await(membersCsv, "writing " + MEMBERS);
        AtomicFiles.writeString(dir.resolve(FLOW), flowCsv(run.flow()));
        GeometryStatistics geometry =
                GeometryStatistics.of(run.members(), run.config().brg().cutoffs());
        AtomicFiles.writeString(dir.resolve(GEOMETRY_TABLE), geometryCsv(geometry));
        if (run.config().brg().duringTraining()) {
            AtomicFiles.writeString(
                    dir.resolve(TRAINING_TABLE),
                    TrainingFlowWriter.csv(TrainingFlowStatistics.of(run.members(), run.config())));
        }
        Json.write(dir.resolve(SUMMARY), summary(run, geometry));
        Json.write(dir.resolve(MANIFEST), manifest(run, provenance));
        // the data are complete, the run is not: nnft/ and the report follow (RunCompletion), and
        // until they exist the checkpoint and resume state stay, so that a kill there is resumable
        dir.markDataWritten();
        PausePoints.reached(PausePoints.DATA_WRITTEN);
    }

    /**
     * Ends a run whose files are all written: the directory loses its {@code INCOMPLETE} marker
     * first (from then on it is finished), then the checkpoint and resume state, which have done
     * their job, and its lock. A kill between the two leaves a finished run with leftovers, which a
     * resume removes.
     */
    public static void finish(RunDirectory dir) throws IOException {
        dir.markFinished();
        PausePoints.reached(PausePoints.RUN_FINISHING);
        removeResumeFiles(dir.path());
        dir.close();
    }

    /** Deletes what only a resume needs: the resume state, then the checkpoint. */
    static void removeResumeFiles(java.nio.file.Path dir) throws IOException {
        java.nio.file.Files.deleteIfExists(dir.resolve(RESUME_STATE));
        java.nio.file.Files.deleteIfExists(dir.resolve(Checkpoint.FILE));
    }

    /** summary.json: deterministic apart from its last key, {@code timing_seconds}. */
    public static ObjectNode summary(RunResult run) {
        return summary(
                run, GeometryStatistics.of(run.members(), run.config().brg().cutoffs()));
    }

    /** As {@link #summary(RunResult)}, with the geometry's medians already computed for fisher_geometry.csv. */
    private static ObjectNode summary(RunResult run, GeometryStatistics geometry) {
        ObjectNode s = Json.object();
        s.put(RunFormat.KEY, RunFormat.CURRENT);
        s.put("version", Version.get());
        s.set("config", ConfigLoader.toTree(run.config()));
        s.put("members", run.members().size());
        if (!run.shard().isWhole()) {
            ObjectNode shard = s.putObject("shard");
            shard.put("index", run.shard().index());
            shard.put("count", run.shard().count());
            shard.put("ensemble_members", run.config().ensemble().members());
        }
        s.put("members_diverged", run.divergedCount());
        s.put("trainable_parameters", run.trainableCount());
        ArrayNode cutoffs = s.putArray("cutoffs");
        run.config().brg().cutoffs().forEach(cutoffs::add);
        s.put("cutoff_scale", run.config().brg().cutoffScale().id());
        ArrayNode flow = s.putArray("flow");
        for (FlowEntry e : run.flow()) {
            ObjectNode o = flow.addObject();
            Json.put(o, "cutoff", e.cutoff());
            ArrayNode nonFinite = Json.array();
            putStatistic(o, nonFinite, "sloppy_fraction", e.sloppyFraction());
            putStatistic(o, nonFinite, "test_mse_mean", e.testMseMean());
            putStatistic(o, nonFinite, "test_mse_median", e.testMseMedian());
            putStatistic(o, nonFinite, "test_mse_q25", e.testMseQ25());
            putStatistic(o, nonFinite, "test_mse_q75", e.testMseQ75());
            putStatistic(o, nonFinite, "probe_mean", e.probeMean());
            putStatistic(o, nonFinite, "probe_variance", e.probeVariance());
            putStatistic(o, nonFinite, "probe_excess_kurtosis", e.probeExcessKurtosis());
            o.put("members_used", e.members());
            double[] predictive = predictiveColumns(e);
            for (int c = 0; c < predictive.length; c++) {
                putStatistic(o, nonFinite, RunFileChecks.PREDICTIVE_COLUMNS.get(c), predictive[c]);
            }
            if (!nonFinite.isEmpty()) {
                o.set("non_finite", nonFinite); // which nulls above stand for NaN or ±∞ (JSON has neither)
            }
        }
        Json.put(s, "critical_cutoff", run.critical().criticalCutoff());
        CriticalInterval ci = run.critical().interval();
        if (ci == null) {
            s.putNull("critical_interval"); // no cutoffs: no ε_c to bound
        } else {
            ObjectNode interval = s.putObject("critical_interval");
            interval.put("level", CriticalInterval.LEVEL);
            Json.put(interval, "lower", ci.lower());
            Json.put(interval, "upper", ci.upper());
            interval.put("resamples", ci.resamples());
            interval.put("resamples_without_crossing", ci.withoutCrossing());
        }
        s.set("fisher_geometry", geometryJson(geometry));
        Json.put(s, "knee_cutoff", run.critical().kneeCutoff());
        ObjectNode probe = s.putObject("probe");
        ArrayNode x = probe.putArray("input");
        for (double v : run.data().probe()) {
            x.add(v);
        }
        Json.put(probe, "target", run.data().probeTarget());
        ObjectNode training = s.putObject("training");
        training.put("loss_every", run.config().train().lossEvery());
        double[] finals = run.members().stream()
                .filter(m -> !m.diverged())
                .mapToDouble(MemberResult::finalTrainLoss)
                .sorted()
                .toArray();
        Json.put(training, "final_train_loss_median", FlowStatistics.quantile(finals, 0.5));
        if (run.config().brg().duringTraining()) {
            s.set("training_flow", TrainingFlowWriter.json(TrainingFlowStatistics.of(run.members(), run.config())));
        }
        s.set(BernsteinVonMisesTable.KEY, BernsteinVonMisesTable.json(run));
        Json.put(s, "timing_seconds", run.seconds());
        return s;
    }

    private static ObjectNode geometryJson(GeometryStatistics g) {
        ObjectNode o = Json.object();
        o.put("members_used", g.members());
        Json.put(o, "rank_median", g.rank());
        Json.put(o, "participation_ratio_median", g.participationRatio());
        Json.put(o, "effective_rank_median", g.effectiveRank());
        Json.put(o, "leading_share_median", g.leadingShare());
        Json.put(o, "test_mse_median_trained", g.trainedTestMse());
        ArrayNode spectrum = o.putArray("spectrum_median");
        for (double v : g.spectrum()) {
            spectrum.add(v);
        }
        ArrayNode rows = o.putArray("cutoffs");
        for (GeometryStatistics.Row r : g.cutoffs()) {
            ObjectNode row = rows.addObject();
            Json.put(row, "cutoff", r.cutoff());
            Json.put(row, "sloppy_fraction_diagonal", r.diagonalSloppyFraction());
            Json.put(row, "sloppy_fraction_eigen", r.eigenSloppyFraction());
            Json.put(row, "overlap", r.overlap());
            Json.put(row, "test_mse_median_own_basis", r.ownBasisTestMse());
            Json.put(row, "test_mse_median_other_basis", r.otherBasisTestMse());
            Json.put(row, "predicted_kl", r.predictedKl());
            Json.put(row, "predicted_kl_diagonal", r.predictedKlDiagonal());
        }
        return o;
    }

    private static void putStatistic(ObjectNode o, ArrayNode nonFinite, String key, double value) {
        Json.put(o, key, value);
        if (!Double.isFinite(value)) {
            nonFinite.add(key);
        }
    }

    /** The values of {@link RunFileChecks#PREDICTIVE_COLUMNS} of one flow entry, in that order. */
    private static double[] predictiveColumns(FlowEntry e) {
        PredictiveQuality q = e.predictive();
        return new double[] {
            e.trainMseMean(),
            e.trainMseMedian(),
            e.generalisationGap(),
            q.nll(),
            q.coverage50(),
            q.coverage90(),
            q.coverage95(),
            q.biasSquared(),
            q.variance()
        };
    }

    static String flowCsv(List<FlowEntry> flow) {
        StringBuilder sb = new StringBuilder("entry,cutoff,sloppy_fraction,test_mse_mean,test_mse_median,test_mse_q25,"
                + "test_mse_q75,probe_mean,probe_variance,probe_excess_kurtosis,members_used,"
                + String.join(",", RunFileChecks.PREDICTIVE_COLUMNS) + "\n");
        for (int k = 0; k < flow.size(); k++) {
            FlowEntry e = flow.get(k);
            sb.append(k)
                    .append(',')
                    .append(Csv.number(e.cutoff()))
                    .append(',')
                    .append(Csv.number(e.sloppyFraction()))
                    .append(',')
                    .append(Csv.number(e.testMseMean()))
                    .append(',')
                    .append(Csv.number(e.testMseMedian()))
                    .append(',')
                    .append(Csv.number(e.testMseQ25()))
                    .append(',')
                    .append(Csv.number(e.testMseQ75()))
                    .append(',')
                    .append(Csv.number(e.probeMean()))
                    .append(',')
                    .append(Csv.number(e.probeVariance()))
                    .append(',')
                    .append(Csv.number(e.probeExcessKurtosis()))
                    .append(',')
                    .append(e.members());
            for (double v : predictiveColumns(e)) {
                sb.append(',').append(Csv.number(v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void writeMembers(Path target, RunResult run) throws IOException {
        FlowEntries entries = new FlowEntries(run.config().brg().cutoffs());
        AtomicFiles.write(target, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(MEMBERS_HEADER);
            for (MemberResult m : run.members()) {
                for (int k = 0; k < entries.size(); k++) {
                    w.write(m.member() + "," + k + "," + (FlowEntries.isTrained(k) ? "" : Csv.number(entries.cutoff(k)))
                            + ","
                            + Csv.number(m.testMse()[k]) + "," + Csv.number(m.probe()[k]) + ","
                            + m.coarseGrained()[k] + "," + m.diverged() + "," + Csv.number(m.finalTrainLoss()) + ","
                            + Csv.number(m.trainMse()[k]) + "\n");
                }
            }
            w.flush();
        });
    }

    /** The per-member files of the members held in {@code run}. */
    static MemberFiles inMemory(RunResult run) {
        return new MemberFiles() {
            @Override
            public void writeMembers(Path target) throws IOException {
                RunWriter.writeMembers(target, run);
            }

            @Override
            public void writeArray(String file, Path target) throws IOException {
                AtomicFiles.write(target, out -> writeArrayOf(run, file, out));
            }
        };
    }

    /** The per-member array {@code file} of the members held in {@code run}, as a whole .npy file. */
    static void writeArrayOf(RunResult run, String file, OutputStream out) throws IOException {
        switch (file) {
            case PREDICTIONS -> writePredictions(out, run);
            case FISHER -> writeFisher(out, run);
            case READOUT -> writeReadout(out, run);
            case LOSS_CURVES -> writeLossCurves(out, run);
            case FISHER_SPECTRUM -> writeGeometry(out, run, true);
            case FISHER_GEOMETRY -> writeGeometry(out, run, false);
            case MESH_OUTPUTS ->
                MeshWriter.writeRows(
                        out,
                        run,
                        run.config().brg().cutoffs().size() + 1,
                        m -> m.mesh().flow());
            case CUTOFFS -> writeCutoffs(out, run);
            case TRAINING_FLOW, TRAINING_FISHER_RANK -> TrainingFlowWriter.writeArray(out, run, file);
            case MESH_TRAINING ->
                MeshWriter.writeRows(
                        out,
                        run,
                        MeshWriter.trainingCheckpoints(run.config()),
                        m -> m.mesh().training());
            default -> throw new IllegalArgumentException("not a per-member array: " + file);
        }
    }

    private static void writePredictions(OutputStream out, RunResult run) throws IOException {
        int entries = run.config().brg().cutoffs().size() + 1;
        int nTest = run.data().test().size() * run.config().outputsPerPoint();
        out.write(Npy.header(run.members().size(), entries, nTest));
        for (MemberResult m : run.members()) {
            for (double[] row : m.predictions()) {
                Npy.writeValues(out, row);
            }
        }
    }

    private static void writeFisher(OutputStream out, RunResult run) throws IOException {
        out.write(Npy.header(run.members().size(), run.trainableCount()));
        for (MemberResult m : run.members()) {
            Npy.writeValues(out, m.fisherDiagonal());
        }
    }

    /** readout.npy: the trained read-out of every member (NaN rows for members that lack it). */
    private static void writeReadout(OutputStream out, RunResult run) throws IOException {
        int size = MemberPipeline.readoutCount(
                run.config(), dev.bayesrg.net.Architecture.of(run.data().inputDimension(), run.config()));
        double[] missing = new double[size];
        java.util.Arrays.fill(missing, Double.NaN);
        out.write(Npy.header(run.members().size(), size));
        for (MemberResult m : run.members()) {
            Npy.writeValues(out, m.trainedReadout().length == size ? m.trainedReadout() : missing);
        }
    }

    /**
     * cutoffs.npy: every member's absolute cutoffs. Only a member read from a checkpoint of a run
     * started before they were recorded (MemberShape's legacy records) lacks them; such runs had
     * no cutoff scale but the absolute one, so its cutoffs are the schedule.
     */
    private static void writeCutoffs(OutputStream out, RunResult run) throws IOException {
        List<Double> schedule = run.config().brg().cutoffs();
        double[] absolute = schedule.stream().mapToDouble(Double::doubleValue).toArray();
        out.write(Npy.header(run.members().size(), schedule.size()));
        for (MemberResult m : run.members()) {
            Npy.writeValues(out, m.cutoffs().length == schedule.size() ? m.cutoffs() : absolute);
        }
    }

    /**
     * fisher_spectrum.npy [members, Fisher inputs] (for an ensemble-average metric [members, min(P, M
     * n_F)]) or fisher_geometry.npy [members, cutoffs, 6] (NaN rows for members that lack it).
     */
    private static void writeGeometry(OutputStream out, RunResult run, boolean spectrum) throws IOException {
        int cutoffs = run.config().brg().cutoffs().size();
        int inputs =
                EnsembleMetric.spectrumLength(run.config(), run.config().data().fisher(), run.trainableCount());
        double[] missing = new double[spectrum ? inputs : cutoffs * MemberGeometry.COLUMNS];
        java.util.Arrays.fill(missing, Double.NaN);
        out.write(
                spectrum
                        ? Npy.header(run.members().size(), inputs)
                        : Npy.header(run.members().size(), cutoffs, MemberGeometry.COLUMNS));
        for (MemberResult m : run.members()) {
            MemberGeometry g = m.geometry();
            Npy.writeValues(out, g == null ? missing : spectrum ? g.geometry().spectrum() : g.row());
        }
    }

    /** fisher_geometry.csv: the ensemble's medians per cutoff. */
    static String geometryCsv(GeometryStatistics g) {
        StringBuilder b = new StringBuilder(
                "cutoff,sloppy_fraction_diagonal,sloppy_fraction_eigen,overlap,test_mse_median_own_basis,"
                        + "test_mse_median_other_basis,predicted_kl,predicted_kl_diagonal\n");
        for (GeometryStatistics.Row r : g.cutoffs()) {
            b.append(Csv.number(r.cutoff()))
                    .append(',')
                    .append(Csv.number(r.diagonalSloppyFraction()))
                    .append(',')
                    .append(Csv.number(r.eigenSloppyFraction()))
                    .append(',')
                    .append(Csv.number(r.overlap()))
                    .append(',')
                    .append(Csv.number(r.ownBasisTestMse()))
                    .append(',')
                    .append(Csv.number(r.otherBasisTestMse()))
                    .append(',')
                    .append(Csv.number(r.predictedKl()))
                    .append(',')
                    .append(Csv.number(r.predictedKlDiagonal()))
                    .append('\n');
        }
        return b.toString();
    }

    private static void writeLossCurves(OutputStream out, RunResult run) throws IOException {
        int points = run.members().isEmpty() ? 0 : run.members().get(0).lossCurve().length;
        out.write(Npy.header(run.members().size(), points));
        for (MemberResult m : run.members()) {
            Npy.writeValues(out, m.lossCurve());
        }
    }

    private static void writeTestSet(RunDirectory dir, RunResult run) throws IOException {
        double[][] x = run.data().test().inputs();
        int d = run.data().inputDimension();
        double[] flat = new double[x.length * d];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * d, d);
        }
        Npy.write(dir.resolve(TEST_INPUTS), flat, x.length, d);
        Npy.write(dir.resolve(TEST_TARGETS), run.data().test().targets(), x.length);
    }

    /** Where an imported ensemble came from: its directory, and its ensemble.json's kind, members and source. */
    private static ObjectNode imported(String directory) {
        ObjectNode o = Json.object();
        o.put("directory", directory);
        try {
            dev.bayesrg.ingest.EnsembleManifest ensemble =
                    dev.bayesrg.ingest.EnsembleManifest.read(java.nio.file.Path.of(directory));
            o.put("kind", ensemble.kind().id());
            o.put("members", ensemble.members());
            o.put("source", ensemble.source());
        } catch (dev.bayesrg.config.ConfigException e) {
            // a relative directory read against another base, or gone since: the directory says where
            o.putNull("kind");
        }
        return o;
    }

    private static ObjectNode manifest(RunResult run, Provenance p) {
        ObjectNode m = Json.object();
        ArrayNode cmd = m.putArray("command_line");
        p.commandLine().forEach(cmd::add);
        m.put("preset", p.preset());
        m.set("config", ConfigLoader.toTree(run.config()));
        ObjectNode seeds = m.putObject("seeds");
        seeds.put("data", run.config().data().seed());
        seeds.put("ensemble", run.config().ensemble().seed());
        m.set("inputs", p.inputs().toJson());
        if (run.config().ensemble().imported()) {
            m.set("imported", imported(run.config().ensemble().importFrom()));
        }
        m.put("software_version", Version.get());
        m.put("source_commit", Version.commit());
        m.put("source_dirty", Version.dirty());
        m.put("java_version", System.getProperty("java.version"));
        m.put("java_vm", Version.jvm());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("threads", p.threads());
        m.put("available_processors", Runtime.getRuntime().availableProcessors());
        m.put("start_time", p.start().toString());
        m.put("end_time", p.end().toString());
        ObjectNode files = m.putObject("files");
        files.put(PREDICTIONS, "float64 [members, cutoffs + 1, test points]: f(x) on the test set; entry 0 = trained");
        files.put(FISHER, "float64 [members, trainable parameters]: Fisher diagonal F_ii");
        files.put(
                READOUT,
                "float64 [members, read-out parameters]: the trained read-out (weights, then bias) before"
                        + " coarse graining");
        files.put(
                LOSS_CURVES,
                "float64 [members, points]: training MSE every train.lossEvery epochs (NaN after divergence)");
        files.put(
                CUTOFFS,
                "float64 [members, cutoffs]: each member's absolute cutoffs ε_k on its Fisher diagonal, brg.cutoffs on"
                        + " the scale '" + run.config().brg().cutoffScale().id() + "'");
        files.put(TEST_INPUTS, "float64 [test points, input dimension]");
        files.put(TEST_TARGETS, "float64 [test points]");
        files.put(
                FISHER_SPECTRUM,
                "float64 [members, Fisher inputs]: the Fisher metric's largest eigenvalues, descending (the rest are 0)");
        files.put(
                FISHER_GEOMETRY,
                "float64 [members, cutoffs, 6]: sloppy fraction (diagonal), sloppy fraction (eigenbasis), overlap,"
                        + " test MSE of the other basis's flow, predicted KL (whole metric), predicted KL (diagonal)");
        files.put(GEOMETRY_TABLE, "the ensemble's medians of fisher_geometry.npy per cutoff");
        if (run.config().brg().duringTraining()) {
            TrainingFlowWriter.describe(files);
        }
        MeshWriter.describe(files, run);
        return m;
    }
}
