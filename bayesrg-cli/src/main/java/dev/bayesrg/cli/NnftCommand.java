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
import dev.bayesrg.run.RandomStreams;
import dev.bayesrg.run.RunWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.rng.UniformRandomProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bayesrg nnft RUN_DIR}: the ensemble's field theory on a mesh at every entry of the BRG flow. */
@Command(name = "nnft",
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        description = {
            "Read a run's ensemble as a statistical field theory on a mesh of its test inputs, at every entry"
                + " of the BRG flow (the trained ensemble, then each cutoff): mean G^(1), kernel K = G_c^(2),"
                + " normalised connected four-point function, quartic coupling (inverse Feynman rules),"
                + " and the KL divergence of each entry's Gaussian part from the trained ensemble's.",
            "Writes RUN_DIR/nnft/snapshots.json, kernels.npy [entries, M, M] and mesh.npy [M, d]."
                + " Diverged members are left out."},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad usage or input."})
public final class NnftCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A finished run directory.")
    Path runDir;

    @Option(names = "--mesh-points", paramLabel = "M",
            description = "Mesh: the first M test inputs (default 8; 1..32: the quartic tensor has M^4 entries).")
    int meshPoints = 8;

    @Option(names = "--bootstrap", paramLabel = "R",
            description = "Add bootstrap standard errors of the kernel diagonal and of G_c^(4)(x_i,x_i,x_i,x_i) from R "
                    + "resamples of the members (default 0: none; reproducible, keyed by the run's ensemble seed).")
    int bootstrap;

    @Option(names = "--quiet", description = "Print only where the results are.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(runDir) || !Files.isRegularFile(runDir.resolve(RunWriter.PREDICTIONS))) {
            throw new ConfigException("RUN_DIR", runDir + " is not a run directory (no " + RunWriter.PREDICTIONS + ")");
        }
        if (Files.exists(runDir.resolve(RunDirectory.INCOMPLETE))) {
            throw new ConfigException("RUN_DIR", runDir + " is marked INCOMPLETE; finish it with bayesrg run --resume");
        }
        Npy.Array predictions = Npy.read(runDir.resolve(RunWriter.PREDICTIONS));
        int members = predictions.shape()[0];
        int entries = predictions.shape()[1];
        int nTest = predictions.shape()[2];
        if (meshPoints < 1 || meshPoints > Math.min(32, nTest)) {
            throw new ConfigException("--mesh-points", "got " + meshPoints + ", allowed [1, " + Math.min(32, nTest) + "]");
        }
        boolean[] diverged = divergedMembers(runDir.resolve(RunWriter.MEMBERS), members, entries);
        JsonNode summary = Json.read(runDir.resolve(RunWriter.SUMMARY));
        int m = meshPoints;
        if (bootstrap < 0 || bootstrap > 100_000) {
            throw new ConfigException("--bootstrap", "got " + bootstrap + ", allowed [0, 100000]");
        }
        long seed = summary.path("config").path("ensemble").path("seed").asLong(0);
        List<NnftSnapshot> snapshots = new ArrayList<>();
        List<Correlators> correlators = new ArrayList<>();
        List<double[][]> errors = new ArrayList<>();
        for (int k = 0; k < entries; k++) {
            MomentAccumulator acc = new MomentAccumulator(m, 4);
            List<double[]> fields = new ArrayList<>();
            for (int b = 0; b < members; b++) {
                if (!diverged[b]) {
                    double[] field = new double[m];
                    System.arraycopy(predictions.values(), (b * entries + k) * nTest, field, 0, m);
                    acc.add(field);
                    fields.add(field);
                }
            }
            boolean enough = acc.count() >= 2;
            snapshots.add(enough ? NnftSnapshot.of(acc) : null);
            correlators.add(enough ? new Correlators(acc) : null);
            errors.add(enough && bootstrap > 1 ? bootstrapErrors(fields.toArray(double[][]::new), m,
                    RandomStreams.member(seed, k, RandomStreams.Purpose.BOOTSTRAP)) : null);
        }
        Path out = runDir.resolve("nnft");
        Files.createDirectories(out);
        ObjectNode json = Json.object();
        json.put("mesh_points", m);
        json.put("members_used", (int) java.util.stream.IntStream.range(0, members).filter(b -> !diverged[b]).count());
        json.put("estimator", "plug-in (normalised by |B|), moment-cumulant formula on centred data");
        ArrayNode list = json.putArray("entries");
        double[] kernels = new double[entries * m * m];
        NnftSnapshot trained = snapshots.get(0);
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
            Correlators c = correlators.get(k);
            for (int i = 0; i < m; i++) {
                Json.add(unbiased, c.samples() > 4 ? c.unbiasedConnected(i, i, i, i) : Double.NaN);
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
            Json.put(o, "kl_to_trained", trained == null ? Double.NaN : GaussianKl.divergence(s.freeAction(), trained.freeAction()));
        }
        Json.write(out.resolve("snapshots.json"), json);
        Npy.write(out.resolve("kernels.npy"), kernels, entries, m, m);
        Npy.Array inputs = Npy.read(runDir.resolve(RunWriter.TEST_INPUTS));
        int d = inputs.shape()[1];
        Npy.write(out.resolve("mesh.npy"), java.util.Arrays.copyOf(inputs.values(), m * d), m, d);

        PrintWriter stdout = spec.commandLine().getOut();
        if (!quiet) {
            stdout.printf(Locale.ROOT, "%5s  %10s  %12s  %14s  %12s  %12s%n", "entry", "cutoff", "tr K / M",
                    "<|k4|/Wick>", "|Lambda4|", "KL->trained");
            for (int k = 0; k < entries; k++) {
                NnftSnapshot s = snapshots.get(k);
                if (s == null) {
                    continue;
                }
                double trace = 0;
                for (int i = 0; i < m; i++) {
                    trace += s.kernel()[i][i];
                }
                stdout.printf(Locale.ROOT, "%5d  %10s  %12.5g  %14.4g  %12.4g  %12.4g%n", k,
                        k == 0 ? "trained" : Csv.number(summary.get("cutoffs").get(k - 1).asDouble()), trace / m,
                        s.meanAbsNormalisedKappa4(), s.quarticCouplingNorm(),
                        GaussianKl.divergence(s.freeAction(), trained.freeAction()));
            }
        }
        stdout.println("Field theory on a " + m + "-point mesh in " + out);
        stdout.flush();
        return ExitCodes.OK;
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

    private static boolean[] divergedMembers(Path membersCsv, int members, int entries) throws IOException {
        List<String> lines = Files.readAllLines(membersCsv);
        String[] header = lines.get(0).split(",");
        int column = java.util.Arrays.asList(header).indexOf("diverged");
        boolean[] diverged = new boolean[members];
        for (int b = 0; b < members; b++) {
            diverged[b] = Boolean.parseBoolean(lines.get(1 + b * entries).split(",", -1)[column]);
        }
        return diverged;
    }
}
