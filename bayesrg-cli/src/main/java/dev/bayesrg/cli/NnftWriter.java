package dev.bayesrg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Csv;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.Npy;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.nnft.Bootstrap;
import dev.bayesrg.nnft.Correlators;
import dev.bayesrg.nnft.GaussianKl;
import dev.bayesrg.nnft.MomentAccumulator;
import dev.bayesrg.nnft.Multisets;
import dev.bayesrg.nnft.NnftSnapshot;
import dev.bayesrg.run.MembersTable;
import dev.bayesrg.run.RandomStreams;
import dev.bayesrg.run.RunWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Writes a run directory's field theory on a mesh of its first M test inputs at every flow entry
 * (nnft/snapshots.json, kernels.npy, mesh.npy), from its saved files alone. Used by
 * {@code bayesrg nnft} and at the end of {@code bayesrg run} and {@code bayesrg merge}.
 */
final class NnftWriter {
    /** Mesh size {@code bayesrg run} uses: small enough for M^4 couplings, big enough for a kernel. */
    static final int DEFAULT_MESH_POINTS = 8;

    private final int meshPoints;
    private final int bootstrap;

    NnftWriter(int meshPoints, int bootstrap) {
        this.meshPoints = meshPoints;
        this.bootstrap = bootstrap;
    }

    /** What was written, for the command's table. */
    record Result(Path directory, int meshPoints, List<NnftSnapshot> snapshots, List<String> cutoffs,
                  double[] klToTrained) {
        void printTable(PrintWriter out) {
            out.printf(Locale.ROOT, "%5s  %10s  %12s  %14s  %12s  %12s%n", "entry", "cutoff", "tr K / M",
                    "<|k4|/Wick>", "|Lambda4|", "KL->trained");
            for (int k = 0; k < snapshots.size(); k++) {
                NnftSnapshot s = snapshots.get(k);
                if (s == null) {
                    continue;
                }
                double trace = 0;
                for (int i = 0; i < meshPoints; i++) {
                    trace += s.kernel()[i][i];
                }
                out.printf(Locale.ROOT, "%5d  %10s  %12.5g  %14.4g  %12.4g  %12.4g%n", k, cutoffs.get(k),
                        trace / meshPoints, s.meanAbsNormalisedKappa4(), s.quarticCouplingNorm(), klToTrained[k]);
            }
        }
    }

    /**
     * Like {@link #write} with the default mesh, for the end of a run or merge: the data files are
     * already complete, so a failure here (e.g. non-finite predictions) is reported on {@code err}
     * in one line instead of failing the run; {@code bayesrg nnft} can retry it.
     */
    static void writeDefault(Path runDir, PrintWriter err) throws IOException {
        int nTest = Npy.read(runDir.resolve(RunWriter.TEST_TARGETS)).shape()[0];
        try {
            new NnftWriter(Math.min(DEFAULT_MESH_POINTS, nTest), 0).write(runDir);
        } catch (RuntimeException e) {
            err.println("bayesrg: warning: no field-theory snapshots in " + runDir.resolve("nnft") + ": " + e.getMessage());
        }
    }

    Result write(Path runDir) throws IOException {
        if (!Files.isDirectory(runDir) || !Files.isRegularFile(runDir.resolve(RunWriter.PREDICTIONS))) {
            throw new ConfigException("RUN_DIR", runDir + " is not a run directory (no " + RunWriter.PREDICTIONS + ")");
        }
        if (Files.exists(runDir.resolve(RunDirectory.INCOMPLETE))) {
            throw new ConfigException("RUN_DIR", runDir + " is marked INCOMPLETE; finish it with bayesrg run --resume");
        }
        int[] shape;
        try (Npy.Rows rows = Npy.Rows.open(runDir.resolve(RunWriter.PREDICTIONS))) {
            shape = rows.shape();
        }
        int members = shape[0];
        int entries = shape[1];
        int nTest = shape[2];
        if (meshPoints < 1 || meshPoints > Math.min(32, nTest)) {
            throw new ConfigException("--mesh-points", "got " + meshPoints + ", allowed [1, " + Math.min(32, nTest) + "]");
        }
        double[] mesh = meshPredictions(runDir.resolve(RunWriter.PREDICTIONS), meshPoints);
        if (bootstrap < 0 || bootstrap > 100_000) {
            throw new ConfigException("--bootstrap", "got " + bootstrap + ", allowed [0, 100000]");
        }
        boolean[] diverged = MembersTable.read(runDir.resolve(RunWriter.MEMBERS), entries).diverged();
        JsonNode summary = Json.read(runDir.resolve(RunWriter.SUMMARY));
        long seed = summary.path("config").path("ensemble").path("seed").asLong(0);
        int m = meshPoints;
        List<NnftSnapshot> snapshots = new ArrayList<>();
        List<Correlators> correlators = new ArrayList<>();
        List<double[][]> errors = new ArrayList<>();
        List<String> cutoffs = new ArrayList<>();
        for (int k = 0; k < entries; k++) {
            cutoffs.add(k == 0 ? "trained" : Csv.number(summary.get("cutoffs").get(k - 1).asDouble()));
            MomentAccumulator acc = new MomentAccumulator(m, 4);
            List<double[]> fields = new ArrayList<>();
            for (int b = 0; b < members; b++) {
                if (!diverged[b]) {
                    double[] field = new double[m];
                    System.arraycopy(mesh, (b * entries + k) * m, field, 0, m);
                    acc.add(field);
                    fields.add(field);
                }
            }
            Correlators c = acc.count() >= 2 ? new Correlators(acc) : null;
            boolean enough = c != null;
            snapshots.add(enough ? NnftSnapshot.of(c) : null);
            correlators.add(c);
            errors.add(enough && bootstrap > 1 ? bootstrapErrors(fields.toArray(double[][]::new), m,
                    RandomStreams.member(seed, k, RandomStreams.Purpose.BOOTSTRAP)) : null);
        }

        Path out = runDir.resolve("nnft");
        Files.createDirectories(out);
        ObjectNode json = Json.object();
        json.put("mesh_points", m);
        json.put("members_used", (int) java.util.stream.IntStream.range(0, members).filter(b -> !diverged[b]).count());
        json.put("estimator", "plug-in (normalised by |B|), moment-cumulant formula on centred data");
        if (bootstrap > 1) {
            json.put("bootstrap_resamples", bootstrap);
        }
        ArrayNode list = json.putArray("entries");
        double[] kernels = new double[entries * m * m];
        NnftSnapshot trained = snapshots.get(0);
        double[] klToTrained = new double[entries];
        for (int k = 0; k < entries; k++) {
            NnftSnapshot s = snapshots.get(k);
            klToTrained[k] = s == null || trained == null ? Double.NaN
                    : GaussianKl.divergence(s.freeAction(), trained.freeAction());
        }
        for (int k = 0; k < entries; k++) {
            NnftSnapshot s = snapshots.get(k);
            ObjectNode o = list.addObject();
            o.put("entry", k);
            Json.put(o, "cutoff", k == 0 ? null : summary.get("cutoffs").get(k - 1).asDouble());
            if (s == null) {
                o.put("note", "fewer than two members");
                continue;
            }
            ArrayNode mean = o.putArray("mean");
            for (double v : s.mean()) {
                Json.add(mean, v);
            }
            ArrayNode kernel = o.putArray("kernel");
            for (int i = 0; i < m; i++) {
                ArrayNode row = kernel.addArray();
                for (int j = 0; j < m; j++) {
                    Json.add(row, s.kernel()[i][j]);
                    kernels[(k * m + i) * m + j] = s.kernel()[i][j];
                }
            }
            ArrayNode diag = o.putArray("normalised_kappa4_diagonal");
            for (double v : s.normalisedKappa4Diagonal()) {
                Json.add(diag, v);
            }
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
            Json.put(o, "mean_abs_normalised_kappa4", s.meanAbsNormalisedKappa4());
            Json.put(o, "quartic_coupling_norm", s.quarticCouplingNorm());
            Json.put(o, "kernel_jitter", s.jitter());
            Json.put(o, "kl_to_trained", klToTrained[k]);
        }
        Json.write(out.resolve("snapshots.json"), json);
        Npy.write(out.resolve("kernels.npy"), kernels, entries, m, m);
        Npy.Array inputs = Npy.read(runDir.resolve(RunWriter.TEST_INPUTS));
        int d = inputs.shape()[1];
        Npy.write(out.resolve("mesh.npy"), java.util.Arrays.copyOf(inputs.values(), m * d), m, d);
        return new Result(out, m, snapshots, cutoffs, klToTrained);
    }

    /**
     * f on the first {@code m} test inputs, [members][entries][m] flattened: the predictions file is
     * read a member at a time, so its size is bounded by the disk, not by the heap.
     */
    private static double[] meshPredictions(Path file, int m) throws IOException {
        try (Npy.Rows rows = Npy.Rows.open(file)) {
            int entries = rows.shape()[1];
            int nTest = rows.shape()[2];
            double[] row = new double[rows.rowLength()];
            double[] mesh = new double[Math.multiplyExact(Math.multiplyExact(rows.rows(), entries), m)];
            for (int b = 0; b < rows.rows(); b++) {
                rows.next(row);
                for (int k = 0; k < entries; k++) {
                    System.arraycopy(row, k * nTest, mesh, (b * entries + k) * m, m);
                }
            }
            return mesh;
        }
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
