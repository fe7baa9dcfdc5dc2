package dev.bayesrg.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.brg.FlowEntries;
import dev.bayesrg.config.BrgConfig;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.fisher.FisherDiagonal;
import dev.bayesrg.io.AtomicFiles;
import dev.bayesrg.io.Csv;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.Npy;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.net.Readout;
import dev.bayesrg.nngp.Corroboration;
import dev.bayesrg.nngp.FeatureMonteCarlo;
import dev.bayesrg.nngp.GradientDescentPosterior;
import dev.bayesrg.nngp.RenormalizedGp;
import dev.bayesrg.run.Experiment;
import dev.bayesrg.run.MemberPipeline;
import dev.bayesrg.run.MembersTable;
import dev.bayesrg.run.RandomStreams;
import dev.bayesrg.run.RunFiles;
import dev.bayesrg.run.RunWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bayesrg nngp --compare RUN_DIR}: the analytic renormalized GP (SPEC eqs. 74–76) against the
 * run's measured ensemble at every flow entry. The hyperparameters come from
 * <ul>
 * <li>the closed-form posterior of read-out GD (SPEC §5.4) when the run's members share their hidden
 * layers ({@code network.sharedHidden}): then Φ_j = φ_j, Ψ_jl = φ_j φ_l are exact, every member has
 * the same Fisher diagonal, and the prediction is exact — it must agree;</li>
 * <li>the run's trained ensemble otherwise (the paper's case): μ, Σ = mean and covariance of the
 * saved trained read-outs, Φ, Ψ_d, Ψ_o by Monte Carlo over the prior hidden layers, and each member's
 * own sloppy set (the prediction is the mixture of the members' renormalized GPs). This is the
 * paper's ansatz, which the ensemble violates (a member's trained read-out is correlated with its
 * own features), so deviations are expected and reported.</li>
 * </ul>
 * The mesh is the probe x* followed by the first M test inputs.
 */
final class GpCorroboration {
    static final String CSV = "corroboration.csv";
    static final String JSON = "corroboration.json";
    static final int MIN_DRAWS = 100;

    /** The analytic source of μ, Σ (and of Φ, Ψ). */
    enum Source {
        CLOSED_FORM(
                "closed-form",
                "closed-form posterior of read-out GD on the shared hidden layers (SPEC 5.4),"
                        + " exact features: predictions are exact"),
        ENSEMBLE(
                "ensemble",
                "trained ensemble's read-out mean and covariance, Monte Carlo Phi/Psi over the"
                        + " prior hidden layers, each member's own sloppy set (the paper's GP ansatz)");

        final String id;
        final String description;

        Source(String id, String description) {
            this.id = id;
            this.description = description;
        }
    }

    /** What was computed, for printing and tests. */
    record Result(
            Source source,
            double sloppyVariance,
            double sloppyMean,
            List<Corroboration.Row> rows,
            Path out,
            int leftOut) {
        boolean allAgree() {
            return rows.stream().allMatch(Corroboration.Row::agrees);
        }
    }

    /** The predictions at every entry, and the Monte Carlo Φ, Ψ behind them (null for exact features). */
    private record Analytic(List<Corroboration.Prediction> predictions, FeatureMonteCarlo monteCarlo) {}

    private final int meshPoints;
    private final int monteCarloDraws;
    private final Double sloppyVarianceOverride;

    GpCorroboration(int meshPoints, int monteCarloDraws, Double sloppyVarianceOverride) {
        this.meshPoints = meshPoints;
        this.monteCarloDraws = monteCarloDraws;
        this.sloppyVarianceOverride = sloppyVarianceOverride;
    }

    Result compare(Path runDir, Path out) throws IOException {
        if (meshPoints < 0 || meshPoints > 64) {
            throw new ConfigException("--mesh-points", "got " + meshPoints + ", allowed [0, 64]");
        }
        if (monteCarloDraws < MIN_DRAWS || monteCarloDraws > 1_000_000) {
            // fewer draws make the prediction's own error so wide that every verdict would say "agree"
            throw new ConfigException(
                    "--mc-draws", "got " + monteCarloDraws + ", allowed [" + MIN_DRAWS + ", 1000000]");
        }
        if (sloppyVarianceOverride != null
                && !(sloppyVarianceOverride >= 0 && Double.isFinite(sloppyVarianceOverride))) {
            throw new ConfigException(
                    "--sloppy-variance", "got " + sloppyVarianceOverride + ", allowed a finite number >= 0");
        }
        RunFiles run;
        try {
            run = RunFiles.open(runDir);
        } catch (ConfigException e) {
            throw new ConfigException("--compare", e.getMessage());
        }
        ExperimentConfig config = run.summary().config();
        NetworkConfig network = config.network();
        if (network.trainable() != NetworkConfig.Trainable.LAST
                || network.outputBias()
                || network.outputActivation() != dev.bayesrg.activation.Activation.IDENTITY
                || network.hidden().isEmpty()) {
            throw new ConfigException(
                    "--compare",
                    runDir + ": the GP of SPEC eqs. 72-76 needs network.trainable last,"
                            + " network.outputActivation identity, network.outputBias false and a hidden layer");
        }
        Source source = network.sharedHidden() ? Source.CLOSED_FORM : Source.ENSEMBLE;
        if (source == Source.CLOSED_FORM && config.train().optimizer() != TrainConfig.Optimizer.GD) {
            throw new ConfigException("--compare", runDir + ": the closed-form posterior needs train.optimizer gd");
        }
        List<Double> cutoffs = config.brg().cutoffs();
        FlowEntries flowEntries = new FlowEntries(cutoffs);
        int entries = flowEntries.size();
        Npy.Array predictions = run.predictions();
        double[][] testInputs = run.testSet().inputs();
        Npy.Array fisherFile = run.fisher();
        MembersTable table = run.members();
        int members = table.size();
        int nTest = predictions.shape()[2];
        int d = run.summary().probeInput().length;
        Architecture architecture = new Architecture(d, network);
        int width = architecture.featureWidth();
        if (fisherFile.shape()[1] != width) {
            throw new ConfigException(
                    "--compare",
                    runDir + ": fisher.npy has " + fisherFile.shape()[1] + " columns, the read-out " + width);
        }
        int[] used = java.util.stream.IntStream.range(0, members)
                .filter(b -> !table.diverged()[b])
                .toArray();
        if (used.length < 2) {
            throw new ConfigException("--compare", runDir + ": fewer than 2 members did not diverge");
        }

        double[][] mesh = new double[1 + Math.min(meshPoints, nTest)][];
        mesh[0] = run.summary().probeInput();
        for (int a = 1; a < mesh.length; a++) {
            mesh[a] = testInputs[a - 1];
        }
        ParameterPrior prior = new ParameterPrior(architecture, network.init());
        double[] sloppy = sloppyLaw(config.brg(), prior, architecture.readoutOffset());
        double sloppyVariance = sloppyVarianceOverride != null ? sloppyVarianceOverride : sloppy[1];
        double sloppyMean = sloppy[0];
        List<Double> schedule = new ArrayList<>();
        schedule.add(Double.NEGATIVE_INFINITY); // entry 0, the trained ensemble: nothing is sloppy
        schedule.addAll(cutoffs);

        Analytic analytic = source == Source.CLOSED_FORM
                ? closedForm(
                        runDir,
                        config,
                        architecture,
                        prior,
                        fisherFile,
                        used,
                        mesh,
                        schedule,
                        sloppyVariance,
                        sloppyMean)
                : ensemble(runDir, config, architecture, fisherFile, used, mesh, schedule, sloppyVariance, sloppyMean);

        List<Corroboration.Prediction> predicted = analytic.predictions();
        double fieldScale = 0; // the largest |f| measured, for the rounding errors of the measurement
        for (int b : used) {
            for (int k = 0; k < entries; k++) {
                fieldScale = Math.max(fieldScale, Math.abs(table.probe()[b][k]));
                for (int i = 0; i < mesh.length - 1; i++) {
                    fieldScale = Math.max(fieldScale, Math.abs(predictions.values()[(b * entries + k) * nTest + i]));
                }
            }
        }
        List<Corroboration.Row> rows = new ArrayList<>();
        for (int k = 0; k < entries; k++) {
            double[][] samples = new double[used.length][mesh.length];
            double coarse = 0;
            for (int s = 0; s < used.length; s++) {
                int b = used[s];
                samples[s][0] = table.probe()[b][k];
                System.arraycopy(predictions.values(), (b * entries + k) * nTest, samples[s], 1, mesh.length - 1);
                coarse += table.coarseGrained()[b][k];
            }
            rows.add(Corroboration.row(
                    k,
                    flowEntries.cutoffOrNaN(k),
                    predicted.get(k),
                    samples,
                    coarse / used.length / width,
                    fieldScale));
        }
        Result result = new Result(source, sloppyVariance, sloppyMean, rows, out, members - used.length);
        write(out, result, analytic, mesh, used.length);
        return result;
    }

    /** (mean, variance) of the value a sloppy read-out weight gets under the run's brg.mode. */
    private static double[] sloppyLaw(BrgConfig brg, ParameterPrior prior, int readoutWeight) {
        return switch (brg.mode()) {
            case RESAMPLE_PRIOR -> new double[] {prior.mean(readoutWeight), prior.variance(readoutWeight)};
            case GAUSSIAN ->
                new double[] {0.0, brg.sloppyVariance() != null ? brg.sloppyVariance() : prior.variance(readoutWeight)};
            case ZERO -> new double[] {0.0, 0.0};
            default -> throw new IllegalStateException(String.valueOf(brg.mode()));
        };
    }

    /** Case (A): shared hidden layers, so μ_T, Σ_T in closed form and exact features. */
    private static Analytic closedForm(
            Path runDir,
            ExperimentConfig config,
            Architecture architecture,
            ParameterPrior prior,
            Npy.Array fisherFile,
            int[] used,
            double[][] mesh,
            List<Double> schedule,
            double sloppyVariance,
            double sloppyMean) {
        DataSets data = Experiment.prepareData(config, Path.of(""));
        int width = architecture.featureWidth();
        double[] theta = MemberPipeline.sharedHiddenParameters(config.ensemble().seed(), prior);
        Network.FrozenLayers hidden = new Network(architecture).frozen(theta);
        FeatureMatrix train = hidden.features(data.train().inputs());
        FeatureMatrix fisherInputs = hidden.features(data.fisher().inputs());
        FeatureMatrix meshFeatures = hidden.features(mesh);
        double[] fisher = FisherDiagonal.readout(
                        new Readout(architecture),
                        theta,
                        fisherInputs,
                        config.fisher().noiseVariance())
                .values();
        for (int b : used) {
            for (int j = 0; j < width; j++) {
                double saved = fisherFile.values()[b * width + j];
                if (Math.abs(saved - fisher[j]) > 1e-12 * Math.max(1, Math.abs(fisher[j]))) {
                    throw new ConfigException(
                            "--compare",
                            runDir + ": member " + b + "'s Fisher diagonal is not that"
                                    + " of the shared hidden layers its configuration gives (data or version changed?)");
                }
            }
        }
        int offset = architecture.readoutOffset();
        double[] priorMean = new double[width];
        double[] priorVariance = new double[width];
        for (int j = 0; j < width; j++) {
            priorMean[j] = prior.mean(offset + j);
            priorVariance[j] = prior.variance(offset + j);
        }
        GradientDescentPosterior.Gaussian posterior = GradientDescentPosterior.of(
                rows(train),
                data.train().targets(),
                config.train().learningRate(),
                config.train().epochs(),
                priorMean,
                priorVariance);
        RenormalizedGp gp =
                new RenormalizedGp(posterior.mean(), posterior.covariance(), fisher, sloppyVariance, sloppyMean);
        double[][] phi = rows(meshFeatures);
        List<Corroboration.Prediction> out = new ArrayList<>();
        for (double cutoff : schedule) {
            RenormalizedGp.GaussianProcess p = gp.atFeatures(cutoff, phi);
            out.add(Corroboration.Prediction.exact(p, (double) p.sloppy() / width));
        }
        return new Analytic(out, null);
    }

    /** Case (B): per-member hidden layers; hyperparameters from the trained ensemble, Φ and Ψ by Monte Carlo. */
    private Analytic ensemble(
            Path runDir,
            ExperimentConfig config,
            Architecture architecture,
            Npy.Array fisherFile,
            int[] used,
            double[][] mesh,
            List<Double> schedule,
            double sloppyVariance,
            double sloppyMean)
            throws IOException {
        Path readoutFile = runDir.resolve(RunWriter.READOUT);
        if (!Files.isRegularFile(readoutFile)) {
            throw new ConfigException(
                    "--compare",
                    runDir + " has no " + RunWriter.READOUT
                            + " (written before it existed); rerun it to save the trained read-outs");
        }
        Npy.Array readouts = Npy.read(readoutFile);
        int width = architecture.featureWidth();
        if (readouts.shape()[1] != width) {
            throw new ConfigException(
                    "--compare",
                    runDir + ": readout.npy has " + readouts.shape()[1] + " columns, the read-out " + width);
        }
        double[] mu = new double[width];
        for (int b : used) {
            for (int j = 0; j < width; j++) {
                double a = readouts.values()[b * width + j];
                if (!Double.isFinite(a)) {
                    throw new ConfigException(
                            "--compare",
                            runDir + ": member " + b + " has no finite trained read-out" + " in readout.npy");
                }
                mu[j] += a;
            }
        }
        for (int j = 0; j < width; j++) {
            mu[j] /= used.length;
        }
        double[][] sigma = new double[width][width];
        double[] centred = new double[width];
        for (int b : used) {
            for (int j = 0; j < width; j++) {
                centred[j] = readouts.values()[b * width + j] - mu[j];
            }
            for (int j = 0; j < width; j++) {
                double cj = centred[j];
                double[] row = sigma[j];
                for (int l = j; l < width; l++) {
                    row[l] += cj * centred[l];
                }
            }
        }
        for (int j = 0; j < width; j++) {
            for (int l = j; l < width; l++) {
                sigma[j][l] /= used.length - 1;
                sigma[l][j] = sigma[j][l];
            }
        }
        long seed = config.ensemble().seed();
        FeatureMonteCarlo mc = FeatureMonteCarlo.sample(
                config.network(),
                architecture.inputDimension(),
                mesh,
                monteCarloDraws,
                s -> RandomStreams.member(seed, s, RandomStreams.Purpose.FEATURE_MONTE_CARLO));
        double[] phi = mc.phi();
        double[][] psiDiagonal = mc.psiDiagonal();
        double[][] psiOffDiagonal = mc.psiOffDiagonal();
        RenormalizedGp gp = new RenormalizedGp(mu, sigma, new double[width], sloppyVariance, sloppyMean);
        List<List<RenormalizedGp.Coefficients>> perMember = new ArrayList<>();
        for (int b : used) {
            perMember.add(
                    gp.coefficients(Arrays.copyOfRange(fisherFile.values(), b * width, (b + 1) * width), schedule));
        }
        List<Corroboration.Prediction> out = new ArrayList<>();
        int m = mesh.length;
        for (int k = 0; k < schedule.size(); k++) {
            List<RenormalizedGp.Coefficients> atK = new ArrayList<>();
            for (List<RenormalizedGp.Coefficients> c : perMember) {
                atK.add(c.get(k));
            }
            RenormalizedGp.Coefficients c = RenormalizedGp.mixture(atK);
            double[] meanError = new double[m];
            double[][] kernelError = new double[m][m];
            for (int a = 0; a < m; a++) {
                meanError[a] = mc.meanError(c, a);
                for (int e = 0; e < m; e++) {
                    kernelError[a][e] = mc.kernelError(c, a, e);
                }
            }
            out.add(new Corroboration.Prediction(
                    c.on(phi, psiDiagonal, psiOffDiagonal), meanError, kernelError, c.sloppy() / width));
        }
        return new Analytic(out, mc);
    }

    private static double[][] rows(FeatureMatrix f) {
        double[][] out = new double[f.rows()][];
        for (int i = 0; i < f.rows(); i++) {
            out[i] = Arrays.copyOfRange(f.values(), f.rowOffset(i), f.rowOffset(i) + f.width());
        }
        return out;
    }

    private void write(Path out, Result result, Analytic analytic, double[][] mesh, int membersUsed)
            throws IOException {
        List<Corroboration.Prediction> predicted = analytic.predictions();
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("entry,cutoff,sloppy_fraction,measured_sloppy_fraction,predicted_mean,"
                + "predicted_mean_se,measured_mean,measured_mean_se,mean_rel_deviation,mean_z,predicted_variance,"
                + "predicted_variance_se,measured_variance,measured_variance_se,variance_rel_deviation,variance_z,"
                + "kernel_rel_deviation,kernel_max_z,agrees\n");
        ObjectNode json = Json.object();
        json.put("source", result.source().id);
        json.put("source_description", result.source().description);
        Json.put(json, "sloppy_variance", result.sloppyVariance());
        Json.put(json, "sloppy_mean", result.sloppyMean());
        json.put("members_used", membersUsed);
        json.put("members_diverged", result.leftOut());
        FeatureMonteCarlo mc = analytic.monteCarlo();
        if (mc != null) {
            ObjectNode features = json.putObject("monte_carlo_features");
            features.put("draws", mc.draws());
            features.set("phi", Json.MAPPER.valueToTree(mc.phi()));
            features.set("psi_diagonal", Json.MAPPER.valueToTree(mc.psiDiagonal()));
            features.set("psi_off_diagonal", Json.MAPPER.valueToTree(mc.psiOffDiagonal()));
        }
        json.put("mesh", "probe x* then the first " + (mesh.length - 1) + " test inputs (mesh.npy)");
        json.put("agree_sigmas", Corroboration.SIGMAS);
        json.put("all_agree", result.allAgree());
        ArrayNode list = json.putArray("rows");
        for (Corroboration.Row r : result.rows()) {
            double[] v = {
                r.sloppyFraction(),
                r.measuredSloppyFraction(),
                r.predictedMean(),
                r.predictedMeanError(),
                r.measuredMean(),
                r.measuredMeanError(),
                r.meanDeviation(),
                r.meanZ(),
                r.predictedVariance(),
                r.predictedVarianceError(),
                r.measuredVariance(),
                r.measuredVarianceError(),
                r.varianceDeviation(),
                r.varianceZ(),
                r.kernelDeviation(),
                r.kernelMaxZ()
            };
            String[] keys = {
                "sloppy_fraction",
                "measured_sloppy_fraction",
                "predicted_mean",
                "predicted_mean_se",
                "measured_mean",
                "measured_mean_se",
                "mean_rel_deviation",
                "mean_z",
                "predicted_variance",
                "predicted_variance_se",
                "measured_variance",
                "measured_variance_se",
                "variance_rel_deviation",
                "variance_z",
                "kernel_rel_deviation",
                "kernel_max_z"
            };
            csv.append(r.entry()).append(',').append(r.entry() == 0 ? "" : Csv.number(r.cutoff()));
            ObjectNode o = list.addObject();
            o.put("entry", r.entry());
            Json.put(o, "cutoff", r.entry() == 0 ? null : r.cutoff());
            for (int i = 0; i < v.length; i++) {
                csv.append(',').append(Csv.number(v[i]));
                Json.put(o, keys[i], v[i]);
            }
            csv.append(',').append(r.agrees()).append('\n');
            o.put("agrees", r.agrees());
        }
        int entries = predicted.size();
        int m = mesh.length;
        double[] means = new double[entries * m];
        double[] kernels = new double[entries * m * m];
        for (int k = 0; k < entries; k++) {
            RenormalizedGp.GaussianProcess gp = predicted.get(k).gp();
            System.arraycopy(gp.mean(), 0, means, k * m, m);
            for (int a = 0; a < m; a++) {
                System.arraycopy(gp.kernel()[a], 0, kernels, (k * m + a) * m, m);
            }
        }
        int d = mesh[0].length;
        double[] flatMesh = new double[m * d];
        for (int a = 0; a < m; a++) {
            System.arraycopy(mesh[a], 0, flatMesh, a * d, d);
        }
        Npy.write(out.resolve("mesh.npy"), flatMesh, m, d);
        Npy.write(out.resolve("gp_mean.npy"), means, entries, m);
        Npy.write(out.resolve("gp_kernel.npy"), kernels, entries, m, m);
        AtomicFiles.writeString(out.resolve(CSV), csv.toString());
        Json.write(out.resolve(JSON), json);
    }

    /** The per-cutoff table, one line each. */
    static void print(Result r, PrintWriter w) {
        w.println("Hyperparameters: " + r.source().id + " (" + r.source().description + ")");
        w.printf(
                Locale.ROOT,
                "sloppy weights ~ N(%s, %s); verdict: probe mean and variance within %.0f sigma%n",
                Csv.number(r.sloppyMean()),
                Csv.number(r.sloppyVariance()),
                Corroboration.SIGMAS);
        w.printf(
                Locale.ROOT,
                "%5s %9s %7s %11s %24s %8s %11s %24s %8s  %s%n",
                "entry",
                "cutoff",
                "sloppy",
                "pred mean",
                "measured mean +- SE",
                "rel dev",
                "pred var",
                "measured var +- SE",
                "rel dev",
                "verdict");
        for (Corroboration.Row row : r.rows()) {
            w.printf(
                    Locale.ROOT,
                    "%5d %9s %7.4f %11.4g %12.4g +- %-9.3g %8.2g %11.4g %12.4g +- %-9.3g %8.2g  %s%n",
                    row.entry(),
                    row.entry() == 0 ? "trained" : String.format(Locale.ROOT, "%.3g", row.cutoff()),
                    row.sloppyFraction(),
                    row.predictedMean(),
                    row.measuredMean(),
                    row.measuredMeanError(),
                    row.meanDeviation(),
                    row.predictedVariance(),
                    row.measuredVariance(),
                    row.measuredVarianceError(),
                    row.varianceDeviation(),
                    row.agrees()
                            ? "agree"
                            : String.format(Locale.ROOT, "DISAGREE (z %.1f, %.1f)", row.meanZ(), row.varianceZ()));
        }
        if (r.leftOut() > 0) {
            w.println("note: " + r.leftOut() + " members flagged diverged are left out; the measured ensemble is then"
                    + " a selection the prediction does not model (raise train.divergenceLoss if their initial loss"
                    + " tripped it)");
        }
        long agree = r.rows().stream().filter(Corroboration.Row::agrees).count();
        w.println(agree + " of " + r.rows().size() + " entries agree; table in "
                + r.out().resolve(CSV));
        w.flush();
    }
}
