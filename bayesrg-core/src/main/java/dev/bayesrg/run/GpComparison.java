package dev.bayesrg.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.activation.Activation;
import dev.bayesrg.brg.CoarseGrainer;
import dev.bayesrg.brg.FlowEntries;
import dev.bayesrg.brg.SloppyLaw;
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
import dev.bayesrg.nngp.GpFlowPrediction;
import dev.bayesrg.nngp.RenormalizedGp;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The analytic renormalized GP (arXiv:2405.17538, eqs. 72–76) against a finished run's measured ensemble at every
 * flow entry, on a mesh of the probe x* followed by the first M test inputs ({@link GpFlowPrediction}
 * for the prediction, {@link Corroboration} for each row's verdict). The hyperparameters come from
 * the closed-form posterior of read-out GD when the run's members share their hidden layers
 * ({@code network.sharedHidden}; exact), else from the run's trained read-outs (readout.npy) with
 * Monte Carlo Φ, Ψ over the prior hidden layers. Sloppy read-out weights follow the law of the run's
 * {@code brg.mode} ({@link CoarseGrainer#law}) unless a sloppy variance is given. Writes
 * corroboration.csv and .json, gp_mean.npy [entries, M], gp_kernel.npy [entries, M, M] and mesh.npy
 * [M, d]. Errors about the run name its directory; bad parameters are named {@value #MESH_POINTS},
 * {@value #MONTE_CARLO_DRAWS} and {@value #SLOPPY_VARIANCE}.
 */
public final class GpComparison {
    /** The subdirectory of a run directory {@code bayesrg nngp --compare} writes to by default. */
    public static final String DIRECTORY = "nngp";

    /** The table of predicted against measured, one row per flow entry. */
    public static final String CSV = "corroboration.csv";

    /** The same table with the hyperparameters and the Monte Carlo Φ, Ψ. */
    public static final String JSON = "corroboration.json";

    /** The parameter name of the number of test inputs on the mesh. */
    public static final String MESH_POINTS = "meshPoints";

    /** The parameter name of the number of Monte Carlo draws of the hidden layers. */
    public static final String MONTE_CARLO_DRAWS = "monteCarloDraws";

    /** The parameter name of the sloppy variance override. */
    public static final String SLOPPY_VARIANCE = "sloppyVariance";

    /** The fewest Monte Carlo draws allowed. */
    public static final int MIN_DRAWS = 100;

    /** Where μ, Σ (and Φ, Ψ) come from. */
    public enum Source {
        /** Shared hidden layers: the closed-form posterior of read-out GD, exact features. */
        CLOSED_FORM(
                "closed-form",
                "closed-form posterior of read-out GD on the shared hidden layers (docs/method.md),"
                        + " exact features: predictions are exact"),
        /** Per-member hidden layers: the trained read-outs and Monte Carlo Φ, Ψ (the paper's ansatz). */
        ENSEMBLE(
                "ensemble",
                "trained ensemble's read-out mean and covariance, Monte Carlo Phi/Psi over the"
                        + " prior hidden layers, each member's own sloppy set (the paper's GP ansatz)");

        private final String id;
        private final String description;

        Source(String id, String description) {
            this.id = id;
            this.description = description;
        }

        /** The name written to corroboration.json. */
        public String id() {
            return id;
        }

        /** One sentence on what the source is. */
        public String description() {
            return description;
        }
    }

    /**
     * What was compared and written.
     *
     * @param source         where the hyperparameters came from
     * @param sloppyVariance σ² of the sloppy read-out weights
     * @param sloppyMean     ν, their mean
     * @param rows           one per flow entry
     * @param out            the directory the files were written to
     * @param leftOut        members left out because their training diverged
     */
    public record Result(
            Source source,
            double sloppyVariance,
            double sloppyMean,
            List<Corroboration.Row> rows,
            Path out,
            int leftOut) {
        /** Whether every entry agrees within {@link Corroboration#SIGMAS}. */
        public boolean allAgree() {
            return rows.stream().allMatch(Corroboration.Row::agrees);
        }

        /** "a of n entries agree; table in …": the last line of the table. */
        public String summaryLine() {
            long agree = rows.stream().filter(Corroboration.Row::agrees).count();
            return agree + " of " + rows.size() + " entries agree; table in " + out.resolve(CSV);
        }

        /** The per-cutoff table, one line each, and the summary line. */
        public void print(PrintWriter w) {
            w.println("Hyperparameters: " + source.id() + " (" + source.description() + ")");
            w.printf(
                    Locale.ROOT,
                    "sloppy weights ~ N(%s, %s); verdict: probe mean and variance within %.0f sigma%n",
                    Csv.number(sloppyMean),
                    Csv.number(sloppyVariance),
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
            for (Corroboration.Row row : rows) {
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
            if (leftOut > 0) {
                w.println("note: " + leftOut + " members flagged diverged are left out; the measured ensemble is"
                        + " then a selection the prediction does not model (a train.divergenceLoss other than null"
                        + " also judges the loss before the first update)");
            }
            w.println(summaryLine());
            w.flush();
        }
    }

    private final int meshPoints;
    private final int monteCarloDraws;
    private final Double sloppyVariance;

    /**
     * A comparison on the probe and the first {@code meshPoints} test inputs.
     *
     * @param meshPoints      test inputs on the mesh after the probe, 0..64
     * @param monteCarloDraws draws of the hidden layers for Φ, Ψ without shared hidden layers,
     *     {@value #MIN_DRAWS}..1000000
     * @param sloppyVariance  σ² of sloppy read-out weights (finite, ≥ 0), or null for what the run's
     *     brg.mode gives them
     */
    public GpComparison(int meshPoints, int monteCarloDraws, Double sloppyVariance) {
        if (meshPoints < 0 || meshPoints > 64) {
            throw new ConfigException(MESH_POINTS, "got " + meshPoints + ", allowed [0, 64]");
        }
        if (monteCarloDraws < MIN_DRAWS || monteCarloDraws > 1_000_000) {
            // fewer draws make the prediction's own error so wide that every verdict would say "agree"
            throw new ConfigException(
                    MONTE_CARLO_DRAWS, "got " + monteCarloDraws + ", allowed [" + MIN_DRAWS + ", 1000000]");
        }
        if (sloppyVariance != null && !(sloppyVariance >= 0 && Double.isFinite(sloppyVariance))) {
            throw new ConfigException(SLOPPY_VARIANCE, "got " + sloppyVariance + ", allowed a finite number >= 0");
        }
        this.meshPoints = meshPoints;
        this.monteCarloDraws = monteCarloDraws;
        this.sloppyVariance = sloppyVariance;
    }

    /** Compares {@code run}'s ensemble with the analytic GP and writes the files into {@code out}. */
    /**
     * Refuses, before any file is read, a comparison that would not fit the heap: the run's files
     * read whole and the Monte Carlo draws on the mesh, named by what weighs more.
     */
    private void checkHeap(RunFiles run, ExperimentConfig config, int draws) throws IOException {
        long files = 0;
        for (String name : List.of(RunWriter.PREDICTIONS, RunWriter.FISHER, RunWriter.READOUT, RunWriter.MEMBERS)) {
            Path file = run.file(name);
            files += Files.isRegularFile(file) ? Files.size(file) : 0;
        }
        long fromFiles = MemoryEstimate.ofGpComparison(files, 0, 1 + meshPoints, config);
        long monteCarlo = MemoryEstimate.ofGpComparison(0, draws, 1 + meshPoints, config);
        MemoryEstimate.require(
                fromFiles + monteCarlo,
                Runtime.getRuntime().maxMemory(),
                monteCarlo > fromFiles ? MONTE_CARLO_DRAWS : run.directory().toString(),
                "comparing with " + run.directory() + " (its files read whole, " + draws + " Monte Carlo draws on "
                        + (1 + meshPoints) + " points)",
                "fewer Monte Carlo draws or mesh points");
    }

    public Result compare(RunFiles run, Path out) throws IOException {
        String where = run.directory().toString();
        ExperimentConfig config = run.summary().config();
        NetworkConfig network = config.network();
        if (config.ensemble().outputsOnly()) {
            throw new ConfigException(
                    where,
                    "an ensemble imported as outputs (ensemble.importKind outputs) has no network, training set or"
                            + " Fisher metric for the GP of arXiv:2405.17538 eqs. 72-76 to predict from; import its"
                            + " read-out (kind readout or mlp) to compare");
        }
        if (config.outputsPerPoint() > 1) {
            throw new ConfigException(
                    where,
                    "a classifier of data.classes " + config.data().classes() + " has a softmax likelihood, not the"
                            + " Gaussian one whose GP arXiv:2405.17538 eqs. 72-76 predict");
        }
        if (network.hasCosNetLayer()) {
            throw new ConfigException(
                    where,
                    "network.architecture cosnet has no NNGP kernel of arXiv:2405.17538 eq. 62; its infinite-width"
                            + " field is bayesrg cosnet's (eqs. 77-90), fitted along a line mesh in nnft/cosnet_spectrum.csv");
        }
        if (network.trainable() != NetworkConfig.Trainable.LAST
                || network.outputBias()
                || network.outputActivation() != Activation.IDENTITY
                || network.hidden().isEmpty()) {
            throw new ConfigException(
                    where,
                    "the GP of arXiv:2405.17538 eqs. 72-76 needs network.trainable last,"
                            + " network.outputActivation identity, network.outputBias false and a hidden layer");
        }
        Source source = network.sharedHidden() ? Source.CLOSED_FORM : Source.ENSEMBLE;
        if (source == Source.CLOSED_FORM && config.train().optimizer() != TrainConfig.Optimizer.GD) {
            throw new ConfigException(where, "the closed-form posterior needs train.optimizer gd");
        }
        checkHeap(run, config, source == Source.ENSEMBLE ? monteCarloDraws : 0);
        List<Double> cutoffs = config.brg().cutoffs();
        FlowEntries flowEntries = new FlowEntries(cutoffs);
        int entries = flowEntries.size();
        Npy.Array predictions = run.predictions();
        double[][] testInputs = run.testSet().inputs();
        Npy.Array fisherFile = run.fisher();
        MembersTable table = run.members();
        int members = table.size();
        int nTest = predictions.shape()[2];
        Architecture architecture = new Architecture(run.summary().probeInput().length, network);
        int width = architecture.featureWidth();
        if (fisherFile.shape()[1] != width) {
            throw new ConfigException(
                    where, "fisher.npy has " + fisherFile.shape()[1] + " columns, the read-out " + width);
        }
        int[] used =
                IntStream.range(0, members).filter(b -> !table.diverged()[b]).toArray();
        if (used.length < 2) {
            throw new ConfigException(where, "fewer than 2 members did not diverge");
        }

        double[][] mesh = new double[1 + Math.min(meshPoints, nTest)][];
        mesh[0] = run.summary().probeInput();
        for (int a = 1; a < mesh.length; a++) {
            mesh[a] = testInputs[a - 1];
        }
        ParameterPrior prior = new ParameterPrior(architecture, network.init());
        SloppyLaw law = CoarseGrainer.law(
                config.brg().mode(), prior, config.brg().sloppyVariance(), architecture.readoutOffset());
        double variance = sloppyVariance != null ? sloppyVariance : law.variance();
        double mean = law.mean();

        // each member's own cutoffs on its Fisher diagonal, as its run resolved them (brg.cutoffScale)
        double[][] memberCutoffs = RunFiles.rows(run.memberCutoffs());
        GpFlowPrediction analytic = source == Source.CLOSED_FORM
                ? closedForm(where, config, architecture, prior, fisherFile, used, mesh, mean, variance, memberCutoffs)
                : ensemble(run, config, architecture, fisherFile, used, mesh, mean, variance, memberCutoffs);

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
        Result result = new Result(source, variance, mean, rows, out, members - used.length);
        write(out, result, analytic, mesh, used.length);
        return result;
    }

    /** Shared hidden layers: μ_T, Σ_T in closed form and exact features. */
    private static GpFlowPrediction closedForm(
            String where,
            ExperimentConfig config,
            Architecture architecture,
            ParameterPrior prior,
            Npy.Array fisherFile,
            int[] used,
            double[][] mesh,
            double sloppyMean,
            double sloppyVariance,
            double[][] memberCutoffs) {
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
                            where,
                            "member " + b + "'s Fisher diagonal is not that of the shared hidden layers its"
                                    + " configuration gives (data or version changed?)");
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
        return GpFlowPrediction.closedForm(
                rows(train),
                data.train().targets(),
                config.train().learningRate(),
                config.train().epochs(),
                priorMean,
                priorVariance,
                fisher,
                sloppyMean,
                sloppyVariance,
                rows(meshFeatures),
                // one Fisher diagonal, so one set of cutoffs: every member's
                Arrays.stream(memberCutoffs[used[0]]).boxed().toList());
    }

    /** Per-member hidden layers: hyperparameters from the trained ensemble, Φ and Ψ by Monte Carlo. */
    private GpFlowPrediction ensemble(
            RunFiles run,
            ExperimentConfig config,
            Architecture architecture,
            Npy.Array fisherFile,
            int[] used,
            double[][] mesh,
            double sloppyMean,
            double sloppyVariance,
            double[][] memberCutoffs)
            throws IOException {
        String where = run.directory().toString();
        Npy.Array readouts = run.readout()
                .orElseThrow(() -> new ConfigException(
                        where,
                        "has no " + RunWriter.READOUT
                                + " (written before it existed); rerun it to save the trained read-outs"));
        int width = architecture.featureWidth();
        if (readouts.shape()[1] != width) {
            throw new ConfigException(
                    where, "readout.npy has " + readouts.shape()[1] + " columns, the read-out " + width);
        }
        double[][] trained = new double[used.length][];
        double[][] fisher = new double[used.length][];
        double[][] cutoffs = new double[used.length][];
        for (int s = 0; s < used.length; s++) {
            int b = used[s];
            trained[s] = Arrays.copyOfRange(readouts.values(), b * width, (b + 1) * width);
            for (double a : trained[s]) {
                if (!Double.isFinite(a)) {
                    throw new ConfigException(where, "member " + b + " has no finite trained read-out in readout.npy");
                }
            }
            fisher[s] = Arrays.copyOfRange(fisherFile.values(), b * width, (b + 1) * width);
            cutoffs[s] = memberCutoffs[b];
        }
        long seed = config.ensemble().seed();
        FeatureMonteCarlo monteCarlo = FeatureMonteCarlo.sample(
                config.network(),
                architecture.inputDimension(),
                mesh,
                monteCarloDraws,
                s -> RandomStreams.member(seed, s, RandomStreams.Purpose.FEATURE_MONTE_CARLO));
        return GpFlowPrediction.ensemble(trained, fisher, sloppyMean, sloppyVariance, monteCarlo, cutoffs);
    }

    private static double[][] rows(FeatureMatrix f) {
        double[][] out = new double[f.rows()][];
        for (int i = 0; i < f.rows(); i++) {
            out[i] = Arrays.copyOfRange(f.values(), f.rowOffset(i), f.rowOffset(i) + f.width());
        }
        return out;
    }

    private static void write(Path out, Result result, GpFlowPrediction analytic, double[][] mesh, int membersUsed)
            throws IOException {
        List<Corroboration.Prediction> predicted = analytic.predictions();
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("entry,cutoff,sloppy_fraction,measured_sloppy_fraction,predicted_mean,"
                + "predicted_mean_se,measured_mean,measured_mean_se,mean_rel_deviation,mean_z,predicted_variance,"
                + "predicted_variance_se,measured_variance,measured_variance_se,variance_rel_deviation,variance_z,"
                + "kernel_rel_deviation,kernel_max_z,agrees\n");
        ObjectNode json = Json.object();
        json.put("source", result.source().id());
        json.put("source_description", result.source().description());
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
            csv.append(r.entry()).append(',').append(r.entry() == 0 ? "" : Csv.number(r.cutoff()));
            ObjectNode o = list.addObject();
            o.put("entry", r.entry());
            Json.put(o, "cutoff", r.entry() == 0 ? null : r.cutoff());
            for (int i = 0; i < v.length; i++) {
                csv.append(',').append(Csv.number(v[i]));
                Json.put(o, ROW_KEYS[i], v[i]);
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

    /** The JSON keys of a row's numbers, in the order of the CSV columns after entry and cutoff. */
    private static final String[] ROW_KEYS = {
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
}
