package dev.bayesrg.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.brg.FlowEntries;
import dev.bayesrg.io.Csv;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.Npy;
import dev.bayesrg.nnft.Bootstrap;
import dev.bayesrg.nnft.Correlators;
import dev.bayesrg.nnft.CouplingEstimate;
import dev.bayesrg.nnft.FieldTheoryTensors;
import dev.bayesrg.nnft.GaussianKl;
import dev.bayesrg.nnft.MomentAccumulator;
import dev.bayesrg.nnft.Multisets;
import dev.bayesrg.nnft.NnftSnapshot;
import dev.bayesrg.nnft.NoiseFloor;
import dev.bayesrg.train.TrainingCheckpoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Writes a run directory's field theory on its mesh (the recorded nnft mesh, or the first test
 * inputs of older runs) at every flow entry and, when recorded, at every training checkpoint, with
 * the KL divergence between the Gaussian parts of each cutoff and each checkpoint
 * (nnft/snapshots.json, kernels.npy, mesh.npy, training_kernels.npy, kl_cutoff_vs_epoch.npy), and
 * the field theory's tensors up to order R (config {@code nnft.order}) with jackknife standard errors and
 * a Gaussian noise floor ({@link FieldTheoryTensors}; docs/run-directory.md, "nnft/"), from its saved
 * files alone. Used by {@code bayesrg nnft} and at the end of {@code bayesrg run} and
 * {@code bayesrg merge} ({@link RunCompletion}); {@link RunFiles#nnft()} reads it back.
 */
public final class NnftWriter {
    /** The subdirectory of a run directory the field theory is written to. */
    public static final String DIRECTORY = "nnft";

    /** The snapshots along the flow and training, in {@link #DIRECTORY}. */
    public static final String SNAPSHOTS = "snapshots.json";

    /** The field name under which a bad number of bootstrap resamples is reported. */
    public static final String BOOTSTRAP = "bootstrap";

    /** The field name under which a bad order is reported. */
    public static final String ORDER = "order";

    private final Integer meshPoints;
    private final int bootstrap;
    private final Integer order;

    /**
     * A writer of the field theory on the first {@code meshPoints} mesh points.
     *
     * @param meshPoints the first M mesh points, or null for the whole recorded mesh
     * @param bootstrap  resamples of the members for standard errors of the kernel diagonal and
     *     G_c^(4)(x_i,x_i,x_i,x_i), 0 for none (at most 100000)
     */
    public NnftWriter(Integer meshPoints, int bootstrap) {
        this(meshPoints, bootstrap, null);
    }

    /**
     * As {@link #NnftWriter(Integer, int)}, measuring to {@code order} R (2..6) instead of the run's
     * {@code nnft.order} (null: the run's).
     */
    public NnftWriter(Integer meshPoints, int bootstrap, Integer order) {
        if (bootstrap < 0 || bootstrap > 100_000) {
            throw new dev.bayesrg.config.ConfigException(BOOTSTRAP, "got " + bootstrap + ", allowed [0, 100000]");
        }
        if (order != null && (order < 2 || order > 6)) {
            throw new dev.bayesrg.config.ConfigException(ORDER, "got " + order + ", allowed [2, 6]");
        }
        this.meshPoints = meshPoints;
        this.bootstrap = bootstrap;
        this.order = order;
    }

    /**
     * The training leg: snapshots at epochs t_j, KL[entry][j] = KL(flow entry ‖ checkpoint j) of the
     * Gaussian parts, and for each flow entry the checkpoint with the smallest KL (-1: none).
     */
    public record Training(
            int[] epochs, List<NnftSnapshot> snapshots, List<FieldTheoryTensors> tensors, double[][] kl, int[] best) {}

    /**
     * What was written, for the command's table.
     *
     * @param directory   the {@code nnft/} directory
     * @param meshPoints  M
     * @param snapshots   one per flow entry (null where fewer than two members remain)
     * @param cutoffs     each flow entry's cutoff as printed ("trained" for entry 0)
     * @param klToTrained KL of each entry's Gaussian part to the trained ensemble's
     * @param training    the training leg, or null without checkpoints
     * @param order       R, the highest order measured
     * @param tensors     one per flow entry (null where fewer than two members remain)
     */
    public record Result(
            Path directory,
            int meshPoints,
            List<NnftSnapshot> snapshots,
            List<String> cutoffs,
            double[] klToTrained,
            Training training,
            int order,
            List<FieldTheoryTensors> tensors) {
        /** The field theory along the flow, one line per entry. */
        public void printTable(PrintWriter out) {
            out.printf(
                    Locale.ROOT,
                    "%5s  %10s  %12s  %12s  %22s  %8s  %4s  %12s%n",
                    "entry",
                    "cutoff",
                    "tr K / M",
                    "|k4|/|Wick|",
                    "|Lambda4| +- SE",
                    "z4",
                    "sig",
                    "KL->trained");
            for (int k = 0; k < snapshots.size(); k++) {
                NnftSnapshot s = snapshots.get(k);
                if (s == null) {
                    continue;
                }
                FieldTheoryTensors t = tensors.get(k);
                double se = t == null || order < 4
                        ? Double.NaN
                        : t.standardErrors().scalar(CouplingEstimate.Scalar.QUARTIC_NORM);
                NoiseFloor.Test test = t == null ? null : t.test(4);
                out.printf(
                        Locale.ROOT,
                        "%5d  %10s  %12.5g  %12.4g  %11.4g +- %-8.2g  %8.3g  %4s  %12.4g%n",
                        k,
                        cutoffs.get(k),
                        meanVariance(s),
                        s.normalisedKappa4(),
                        s.quarticCouplingNorm(),
                        se,
                        test == null ? Double.NaN : test.z(),
                        test == null ? "-" : test.significant() ? "yes" : "no",
                        klToTrained[k]);
            }
        }

        /**
         * A one-line note when the trained ensemble's kernel on the mesh is (nearly) singular, so
         * that its inverse, the free action and the couplings rest on the jitter; null otherwise.
         */
        public String singularKernelNote() {
            NnftSnapshot s = snapshots.isEmpty() ? null : snapshots.get(0);
            double scale = s == null ? 0 : meanVariance(s);
            if (s == null || !(scale > 0) || !(s.jitter() > 0)) {
                return null;
            }
            return String.format(
                    Locale.ROOT,
                    "bayesrg: note: the trained kernel on the %d-point mesh is singular"
                            + " to rounding (jitter %.3g = %.2g of its mean variance was added to factor it), so the free"
                            + " action and the couplings on this mesh rest on the jitter: coincident points, fewer members"
                            + " than points, or a line through the origin of a bias-free (homogeneous) network cause this",
                    meshPoints,
                    s.jitter(),
                    s.jitter() / scale);
        }

        /** Which training epoch each cutoff "undoes": the checkpoint nearest in KL of the Gaussian parts. */
        public void printCorrespondence(PrintWriter out) {
            if (training == null) {
                return;
            }
            out.printf(Locale.ROOT, "%5s  %10s  %12s  %12s%n", "entry", "cutoff", "best epoch", "KL");
            for (int k = 0; k < snapshots.size(); k++) {
                int j = training.best()[k];
                if (j < 0) {
                    continue;
                }
                out.printf(
                        Locale.ROOT,
                        "%5d  %10s  %12d  %12.4g%n",
                        k,
                        cutoffs.get(k),
                        training.epochs()[j],
                        training.kl()[k][j]);
            }
        }
    }

    /** tr K / M: the mean variance of the field on the mesh. */
    public static double meanVariance(NnftSnapshot s) {
        double trace = 0;
        for (int i = 0; i < s.kernel().length; i++) {
            trace += s.kernel()[i][i];
        }
        return trace / s.kernel().length;
    }

    /**
     * Like {@link #write} with the recorded mesh, for the end of a run or merge: the data files are
     * already complete, so a failure here (e.g. non-finite predictions) is reported on {@code err}
     * in one line instead of failing the run; {@code bayesrg nnft} can retry it.
     */
    public static void writeDefault(Path runDir, boolean quiet, PrintWriter err) throws IOException {
        writeDefault(runDir, null, quiet, err);
    }

    /**
     * As {@link #writeDefault(Path, boolean, PrintWriter)}; {@code diverged} (if not null) is each
     * member's divergence, which a run still holds, so members.csv need not be parsed back for it.
     */
    public static void writeDefault(Path runDir, boolean[] diverged, boolean quiet, PrintWriter err)
            throws IOException {
        try {
            String note = new NnftWriter(null, 0)
                    .write(RunFiles.open(runDir), diverged)
                    .singularKernelNote();
            if (note != null && !quiet) {
                err.println(note);
            }
        } catch (RuntimeException e) {
            err.println(
                    "bayesrg: warning: no field-theory snapshots in " + runDir.resolve("nnft") + ": " + e.getMessage());
        }
    }

    /** One flow entry's ensemble summarised, with its bootstrap errors (null without) and tensors. */
    private record Entry(
            NnftSnapshot snapshot, Correlators correlators, double[][] errors, FieldTheoryTensors tensors) {}

    /** One ensemble of fields summarised: null snapshot with fewer than two members. */
    private record Ensemble(
            NnftSnapshot snapshot, Correlators correlators, double[][] fields, FieldTheoryTensors tensors) {
        static Ensemble of(Npy.Array array, int row, int m, boolean[] diverged) {
            MomentAccumulator acc = new MomentAccumulator(m, 4);
            List<double[]> fields = new ArrayList<>();
            for (int b = 0; b < diverged.length; b++) {
                if (!diverged[b]) {
                    double[] field = NnftFields.field(array, b, row, m);
                    acc.add(field);
                    fields.add(field);
                }
            }
            Correlators c = acc.count() >= 2 ? new Correlators(acc) : null;
            return new Ensemble(c == null ? null : NnftSnapshot.of(c), c, fields.toArray(double[][]::new), null);
        }
    }

    /** Writes {@code run}'s field theory into its {@code nnft/} directory. */
    public Result write(RunFiles run) throws IOException {
        return write(run, null);
    }

    /** As {@link #write(RunFiles)}, with each member's divergence given (null: read from members.csv). */
    public Result write(RunFiles run, boolean[] knownDiverged) throws IOException {
        NnftFields mesh = NnftFields.read(run, meshPoints);
        int members = mesh.members();
        int entries = mesh.flow().shape()[1];
        boolean[] diverged = knownDiverged != null && knownDiverged.length == members
                ? knownDiverged
                : run.members().diverged();
        RunSummary summary = run.summary();
        FlowEntries flowEntries = summary.flowEntries();
        long seed = summary.config().ensemble().seed();
        int m = mesh.points();
        int r = order != null ? order : summary.config().nnft().order();
        dev.bayesrg.config.NnftConfig.requireSexticMesh(r, m);
        List<NnftSnapshot> snapshots = new ArrayList<>();
        List<FieldTheoryTensors> tensors = new ArrayList<>();
        List<Correlators> correlators = new ArrayList<>();
        List<double[][]> errors = new ArrayList<>();
        List<String> cutoffs = new ArrayList<>();
        // the flow entries are independent ensembles (each resampled from its own stream): on every core
        List<Entry> summarised = WorkerPool.inOrder("bayesrg-nnft", entries, k -> {
            Ensemble e = Ensemble.of(mesh.flow(), k, m, diverged);
            return new Entry(
                    e.snapshot(),
                    e.correlators(),
                    e.snapshot() != null && bootstrap > 1
                            ? bootstrapErrors(
                                    e.fields(), m, RandomStreams.member(seed, k, RandomStreams.Purpose.BOOTSTRAP))
                            : null,
                    tensors(e, r, seed, k, FLOW_OCCASION));
        });
        for (int k = 0; k < entries; k++) {
            cutoffs.add(FlowEntries.isTrained(k) ? "trained" : Csv.number(flowEntries.cutoff(k)));
            snapshots.add(summarised.get(k).snapshot());
            correlators.add(summarised.get(k).correlators());
            errors.add(summarised.get(k).errors());
            tensors.add(summarised.get(k).tensors());
        }
        Training training = mesh.training() == null ? null : training(mesh, summary, snapshots, diverged, r, seed);

        Path out = run.file(DIRECTORY);
        Files.createDirectories(out);
        ObjectNode json = Json.object();
        json.put("mesh_points", m);
        json.put("mesh", mesh.recorded() ? summary.config().nnft().mesh().name().toLowerCase(Locale.ROOT) : "test");
        json.put("members_used", membersUsed(diverged));
        double weight = meshWeight(summary, mesh.recorded());
        if (!Double.isNaN(weight)) {
            // continuum couplings λ^(r) = Λ_r / w^r on a uniform lattice (docs/method.md, "nnft")
            json.put("mesh_weight", weight);
        }
        json.put("estimator", "plug-in (normalised by |B|), moment-cumulant formula on centred data");
        if (bootstrap > 1) {
            json.put("bootstrap_resamples", bootstrap);
        }
        json.put("order", r);
        json.put("jackknife_groups", FieldTheoryTensors.groups(membersUsed(diverged)));
        ObjectNode floor = json.putObject("noise_floor");
        floor.put("surrogates", NoiseFloor.SURROGATES);
        floor.put("alpha", NoiseFloor.ALPHA);
        floor.put(
                "statistic",
                "whitened norm |G_c^(r) (K^-1/2)^(x)r| against Gaussian ensembles of the same mean, kernel and"
                        + " members; p = (1 + #{surrogate >= observed})/(surrogates + 1)");
        ArrayNode list = json.putArray("entries");
        NnftSnapshot trained = snapshots.get(0);
        double[] klToTrained = new double[entries];
        for (int k = 0; k < entries; k++) {
            klToTrained[k] = kl(snapshots.get(k), trained);
        }
        for (int k = 0; k < entries; k++) {
            NnftSnapshot s = snapshots.get(k);
            ObjectNode o = list.addObject();
            o.put("entry", k);
            Json.put(o, "cutoff", flowEntries.cutoff(k));
            if (s == null) {
                o.put("note", "fewer than two members");
                continue;
            }
            putSnapshot(o, s, m, weight);
            putTensors(o, tensors.get(k), weight);
            ArrayNode unbiased = o.putArray("kappa4_diagonal_unbiased");
            Correlators ck = correlators.get(k);
            for (int i = 0; i < m; i++) {
                Json.add(unbiased, ck.samples() > 4 ? ck.unbiasedConnected(i, i, i, i) : Double.NaN);
            }
            if (errors.get(k) != null) {
                ArrayNode kernelSe = o.putArray("kernel_diagonal_se");
                ArrayNode kappaSe = o.putArray("kappa4_diagonal_se");
                for (int i = 0; i < m; i++) {
                    Json.add(kernelSe, errors.get(k)[0][i]);
                    Json.add(kappaSe, errors.get(k)[1][i]);
                }
            }
            Json.put(o, "kl_to_trained", klToTrained[k]);
            if (training != null && training.best()[k] >= 0) {
                o.put("best_matching_epoch", training.epochs()[training.best()[k]]);
            }
        }
        if (training != null) {
            putTraining(json, training, m, weight);
            writeTensors(out, "training_", training.tensors(), m, r);
            Npy.write(
                    out.resolve("training_kernels.npy"),
                    kernels(training.snapshots(), m),
                    training.epochs().length,
                    m,
                    m);
            double[] flat = new double[entries * training.epochs().length];
            for (int k = 0; k < entries; k++) {
                System.arraycopy(training.kl()[k], 0, flat, k * training.epochs().length, training.epochs().length);
            }
            Npy.write(out.resolve("kl_cutoff_vs_epoch.npy"), flat, entries, training.epochs().length);
        }
        Json.write(out.resolve(SNAPSHOTS), json);
        Npy.write(out.resolve("kernels.npy"), kernels(snapshots, m), entries, m, m);
        writeTensors(out, "", tensors, m, r);
        Npy.write(out.resolve("mesh.npy"), mesh.inputs(), m, mesh.dimension());
        writeLocality(out, summary, mesh, tensors);
        return new Result(out, m, snapshots, cutoffs, klToTrained, training, r, tensors);
    }

    /**
     * {@link LocalityTable#FILE} for a recorded line or grid mesh (a lattice, whose separations mean
     * something); removed otherwise, so that a stale table never outlives its mesh.
     */
    private static void writeLocality(Path out, RunSummary summary, NnftFields mesh, List<FieldTheoryTensors> tensors)
            throws IOException {
        dev.bayesrg.config.NnftConfig.Mesh kind = summary.config().nnft().mesh();
        if (!mesh.recorded()
                || summary.config().outputsPerPoint() > 1 // pairs of point and class: no lattice of separations
                || (kind != dev.bayesrg.config.NnftConfig.Mesh.LINE
                        && kind != dev.bayesrg.config.NnftConfig.Mesh.GRID)) {
            Files.deleteIfExists(out.resolve(LocalityTable.FILE));
            return;
        }
        int m = mesh.points();
        double[][] points = new double[m][mesh.dimension()];
        for (int i = 0; i < m; i++) {
            System.arraycopy(mesh.inputs(), i * mesh.dimension(), points[i], 0, mesh.dimension());
        }
        FlowEntries flow = summary.flowEntries();
        double[] cutoffs = new double[tensors.size()];
        for (int k = 0; k < cutoffs.length; k++) {
            cutoffs[k] = flow.cutoffOrNaN(k);
        }
        LocalityTable.write(out, LocalityTable.rows(points, cutoffs, tensors));
    }

    private static Training training(
            NnftFields mesh, RunSummary summary, List<NnftSnapshot> flow, boolean[] diverged, int order, long seed)
            throws IOException {
        int count = mesh.training().shape()[1];
        int epochs = summary.config().train().epochs();
        int every = summary.config().nnft().snapshotEvery();
        int[] epoch = new int[count];
        for (int j = 0; j < count; j++) {
            epoch[j] = TrainingCheckpoints.epoch(j, epochs, every);
        }
        List<Ensemble> ensembles = WorkerPool.inOrder("bayesrg-nnft", count, j -> {
            Ensemble e = Ensemble.of(mesh.training(), j, mesh.points(), diverged);
            return new Ensemble(e.snapshot(), null, null, tensors(e, order, seed, j, TRAINING_OCCASION));
        });
        List<NnftSnapshot> snapshots = new ArrayList<>();
        List<FieldTheoryTensors> tensors = new ArrayList<>();
        for (Ensemble e : ensembles) {
            snapshots.add(e.snapshot());
            tensors.add(e.tensors());
        }
        double[][] kl = new double[flow.size()][count];
        int[] best = new int[flow.size()];
        for (int k = 0; k < flow.size(); k++) {
            best[k] = -1;
            for (int j = 0; j < count; j++) {
                kl[k][j] = kl(flow.get(k), snapshots.get(j));
                if (Double.isFinite(kl[k][j]) && (best[k] < 0 || kl[k][j] < kl[k][best[k]])) {
                    best[k] = j;
                }
            }
        }
        return new Training(epoch, snapshots, tensors, kl, best);
    }

    /** KL(from ‖ to) of the Gaussian parts; NaN when either is missing or singular. */
    private static double kl(NnftSnapshot from, NnftSnapshot to) {
        return from == null || to == null ? Double.NaN : GaussianKl.divergence(from.freeAction(), to.freeAction());
    }

    /** The mesh's quadrature weight from the run's nnft configuration; NaN if it has none. */
    private static double meshWeight(RunSummary summary, boolean recorded) {
        return recorded ? summary.config().nnft().meshWeight().orElse(Double.NaN) : Double.NaN;
    }

    private static void putSnapshot(ObjectNode o, NnftSnapshot s, int m, double weight) {
        ArrayNode mean = o.putArray("mean");
        for (double v : s.mean()) {
            Json.add(mean, v);
        }
        ArrayNode kernel = o.putArray("kernel");
        for (int i = 0; i < m; i++) {
            ArrayNode row = kernel.addArray();
            for (int j = 0; j < m; j++) {
                Json.add(row, s.kernel()[i][j]);
            }
        }
        ArrayNode diag = o.putArray("normalised_kappa4_diagonal");
        for (double v : s.normalisedKappa4Diagonal()) {
            Json.add(diag, v);
        }
        Json.put(o, "normalised_kappa4", s.normalisedKappa4());
        Json.put(o, "quartic_coupling_norm", s.quarticCouplingNorm());
        if (!Double.isNaN(weight)) {
            Json.put(o, "quartic_coupling_norm_continuum", s.quarticCouplingNorm() / Math.pow(weight, 4));
        }
        Json.put(o, "kernel_jitter", s.jitter());
    }

    private static void putTraining(ObjectNode json, Training training, int m, double weight) {
        ObjectNode t = json.putObject("training");
        ArrayNode checkpoints = t.putArray("checkpoints");
        for (int j = 0; j < training.epochs().length; j++) {
            ObjectNode o = checkpoints.addObject();
            o.put("epoch", training.epochs()[j]);
            NnftSnapshot s = training.snapshots().get(j);
            if (s == null) {
                o.put("note", "fewer than two members");
            } else {
                putSnapshot(o, s, m, weight);
                putTensors(o, training.tensors().get(j), weight);
            }
        }
        ArrayNode kl = t.putArray("kl_cutoff_vs_epoch");
        for (double[] row : training.kl()) {
            ArrayNode r = kl.addArray();
            for (double v : row) {
                Json.add(r, v);
            }
        }
        t.put(
                "kl_direction",
                "KL(flow entry || training checkpoint) of the Gaussian parts; rows: flow entries "
                        + "(0 = trained), columns: checkpoints");
    }

    private static double[] kernels(List<NnftSnapshot> snapshots, int m) {
        double[] flat = new double[snapshots.size() * m * m];
        java.util.Arrays.fill(flat, Double.NaN);
        for (int k = 0; k < snapshots.size(); k++) {
            NnftSnapshot s = snapshots.get(k);
            for (int i = 0; s != null && i < m; i++) {
                System.arraycopy(s.kernel()[i], 0, flat, (k * m + i) * m, m);
            }
        }
        return flat;
    }

    /** The noise-floor stream's occasion for flow entries ({@link RandomStreams#member(long, int, RandomStreams.Purpose, int)}). */
    private static final int FLOW_OCCASION = 0;

    /** The noise-floor stream's occasion for training checkpoints. */
    private static final int TRAINING_OCCASION = 1;

    private static int membersUsed(boolean[] diverged) {
        int n = 0;
        for (boolean d : diverged) {
            n += d ? 0 : 1;
        }
        return n;
    }

    /** The tensors of one ensemble (null with fewer than two members), surrogates keyed by (seed, row, occasion). */
    private static FieldTheoryTensors tensors(Ensemble e, int order, long seed, int row, int occasion) {
        if (e.snapshot() == null) {
            return null;
        }
        return FieldTheoryTensors.of(
                e.fields(),
                order,
                NoiseFloor.SURROGATES,
                NoiseFloor.ALPHA,
                RandomStreams.member(seed, row, RandomStreams.Purpose.NOISE_FLOOR, occasion));
    }

    /** The scalar summaries of one ensemble's tensors with their standard errors, and its noise-floor tests. */
    private static void putTensors(ObjectNode o, FieldTheoryTensors t, double weight) {
        if (t == null) {
            return;
        }
        CouplingEstimate e = t.estimate();
        CouplingEstimate se = t.standardErrors();
        String[][] keys = {
            {"cubic_coupling_norm", "CUBIC_NORM"},
            {"quartic_coupling_norm", "QUARTIC_NORM"},
            {"sextic_coupling_norm", "SEXTIC_NORM"},
            {"quadratic_correction_norm", "QUADRATIC_CORRECTION_NORM"},
            {"normalised_kappa4", "NORMALISED_KAPPA4"},
            {"normalised_kappa6", "NORMALISED_KAPPA6"}
        };
        for (String[] key : keys) {
            CouplingEstimate.Scalar s = CouplingEstimate.Scalar.valueOf(key[1]);
            if (Double.isNaN(e.scalar(s)) && Double.isNaN(se.scalar(s))) {
                continue; // above the order measured (the order-4 summaries are the snapshot's)
            }
            Json.put(o, key[0], e.scalar(s));
            Json.put(o, key[0] + "_se", se.scalar(s));
        }
        if (!Double.isNaN(weight) && e.order() >= 4) {
            Json.put(
                    o,
                    "quartic_coupling_norm_continuum",
                    e.scalar(CouplingEstimate.Scalar.QUARTIC_NORM) / Math.pow(weight, 4));
        }
        ObjectNode significance = o.putObject("significance");
        for (NoiseFloor.Test test : t.floor()) {
            CouplingEstimate.Scalar w = CouplingEstimate.whitened(test.order());
            ObjectNode q = significance.putObject(Integer.toString(test.order()));
            Json.put(q, "whitened_norm", test.observed());
            Json.put(q, "whitened_norm_se", se.scalar(w));
            Json.put(q, "surrogate_mean", test.surrogateMean());
            Json.put(q, "surrogate_sd", test.surrogateSd());
            Json.put(q, "z", test.z());
            Json.put(q, "p", test.p());
            q.put("significant", test.significant());
        }
    }

    /**
     * The tensor files of one leg ({@code prefix} "" for the flow, "training_" for the checkpoints), one
     * row per ensemble, NaN rows for ensembles without members; each with its standard errors ({@code _se}).
     */
    private static void writeTensors(Path out, String prefix, List<FieldTheoryTensors> tensors, int m, int order)
            throws IOException {
        int rows = tensors.size();
        writeRows(out, prefix + "mean", tensors, CouplingEstimate::mean, true, rows, m);
        // the kernels themselves are in kernels.npy (training_kernels.npy) already
        writeRows(out, prefix + "kernels", tensors, CouplingEstimate::kernel, false, rows, m, m);
        writeRows(out, prefix + "inverse_kernels", tensors, CouplingEstimate::inverseKernel, true, rows, m, m);
        double[] jitter = new double[rows];
        for (int k = 0; k < rows; k++) {
            jitter[k] = tensors.get(k) == null
                    ? Double.NaN
                    : tensors.get(k).estimate().jitter();
        }
        Npy.write(out.resolve(prefix + "kernel_jitter.npy"), jitter, rows);
        for (int r = 3; r <= order; r++) {
            int rr = r;
            writeRows(out, prefix + "connected_" + r, tensors, e -> e.connected(rr), true, rows, packed(m, r));
        }
        if (order >= 3) {
            writeRows(out, prefix + "lambda3", tensors, CouplingEstimate::cubic, true, rows, packed(m, 3));
        }
        if (order >= 4) {
            writeRows(out, prefix + "lambda4", tensors, CouplingEstimate::quartic, true, rows, packed(m, 4));
            writeRows(
                    out,
                    prefix + "quadratic_correction",
                    tensors,
                    CouplingEstimate::quadraticCorrection,
                    true,
                    rows,
                    m,
                    m);
        }
        if (order >= 6) {
            writeRows(out, prefix + "lambda6", tensors, CouplingEstimate::sextic, true, rows, packed(m, 6));
        }
    }

    private static int packed(int m, int r) {
        return new Multisets(m, r).count();
    }

    /**
     * {@code name}.npy (the values, when {@code withValues}) and {@code name}_se.npy (their standard
     * errors), of {@code shape} [rows, …].
     */
    private static void writeRows(
            Path out,
            String name,
            List<FieldTheoryTensors> tensors,
            java.util.function.Function<CouplingEstimate, double[]> piece,
            boolean withValues,
            int... shape)
            throws IOException {
        int rows = shape[0];
        int width = 1;
        for (int k = 1; k < shape.length; k++) {
            width *= shape[k];
        }
        double[] values = new double[rows * width];
        double[] errors = new double[rows * width];
        java.util.Arrays.fill(values, Double.NaN);
        java.util.Arrays.fill(errors, Double.NaN);
        for (int k = 0; k < rows; k++) {
            FieldTheoryTensors t = tensors.get(k);
            if (t != null) {
                System.arraycopy(piece.apply(t.estimate()), 0, values, k * width, width);
                System.arraycopy(piece.apply(t.standardErrors()), 0, errors, k * width, width);
            }
        }
        if (withValues) {
            Npy.write(out.resolve(name + ".npy"), values, shape);
        }
        Npy.write(out.resolve(name + "_se.npy"), errors, shape);
    }

    /** Bootstrap SEs of K(x_i,x_i) and G_c^(4)(x_i,x_i,x_i,x_i) for every mesh point. */
    private double[][] bootstrapErrors(double[][] fields, int m, UniformRandomProvider rng) {
        double[] second = Bootstrap.standardErrors(fields, 2, bootstrap, rng);
        double[] fourth = Bootstrap.standardErrors(fields, 4, bootstrap, rng);
        double[][] out = new double[2][m];
        for (int i = 0; i < m; i++) {
            out[0][i] = second[new Multisets(m, 2).rank(new int[] {i, i})];
            out[1][i] = fourth[new Multisets(m, 4).rank(new int[] {i, i, i, i})];
        }
        return out;
    }
}
