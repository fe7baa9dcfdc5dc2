package dev.bayesrg.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.AtomicFiles;
import dev.bayesrg.io.Csv;
import dev.bayesrg.io.Json;
import dev.bayesrg.nngp.CosNet;
import dev.bayesrg.nngp.CosNetField;
import dev.bayesrg.nngp.CosNetFlow;
import dev.bayesrg.nngp.GradientDescentPosterior;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A finite generalized cos-net trained and followed along its BRG flow (arXiv:2405.17538, eqs. 86–90,
 * {@link CosNetFlow}): the first N neurons of the field's sample ({@link CosNetField.Setup#sample}),
 * n training inputs x ~ N(0, s² I_d) from the seed's data stream (unrelated to the neurons), the
 * read-out trained by full-batch GD in closed form, and one row of the flow per information cutoff
 * ε; printed as a table and written as {@value #CSV} and {@value #JSON}. Bad parameters are named
 * after the components of {@link Setup} and {@value #OUT} for the output directory.
 */
public final class TrainedCosNet {
    /** The flow, one row per ε. */
    public static final String CSV = "cosnet_flow.csv";

    /** The flow with the net and its training. */
    public static final String JSON = "cosnet_flow.json";

    /** The parameter name of the output directory. */
    public static final String OUT = "out";

    private static final String[] COLUMNS = {
        "epsilon",
        "sloppy_count",
        "sloppy_fraction",
        "sigma_eff2",
        "field_scale",
        "mass2_renormalized",
        "cutoff_renormalized",
        "lambda_info",
        "sloppy_above_share",
        "stiff_below_share"
    };

    /** How the table prints each of the {@link #COLUMNS}. */
    private static final String[] ROW_FORMATS = {
        "%10.4g", "%7d", "%9.4f", "%12.6g", "%12.6g", "%12.6g", "%12.6g", "%12.6g", "%12.4f", "%12.4f"
    };

    private TrainedCosNet() {}

    /**
     * The net's width and its training.
     *
     * @param width          N neurons, 1..4096
     * @param points         n training inputs, 1..4096
     * @param inputSpread    s &gt; 0 of the inputs x ~ N(0, s² I_d)
     * @param target         the fitted function
     * @param learningRate   the GD step η, or null for half the stability bound n/λ_max(Φ Φᵀ) of the
     *     sampled features
     * @param epochs         T ≥ 0 full-batch epochs
     * @param sigmaA2        σ_a² &gt; 0: the prior read-out weights are N(0, σ_a²/N)
     * @param sloppyVariance the variance of a sloppy read-out weight (≥ 0), or null for σ_a²/N
     */
    public record Setup(
            int width,
            int points,
            double inputSpread,
            CosNetFlow.Target target,
            Double learningRate,
            int epochs,
            double sigmaA2,
            Double sloppyVariance) {
        /** Checks every parameter, naming the first bad one. */
        public Setup {
            if (width < 1 || width > 4096) {
                throw new ConfigException("width", "got " + width + ", allowed [1, 4096]");
            }
            if (points < 1 || points > 4096) {
                throw new ConfigException("points", "got " + points + ", allowed [1, 4096]");
            }
            if (!(inputSpread > 0) || !Double.isFinite(inputSpread)) {
                throw new ConfigException("inputSpread", "got " + inputSpread + ", allowed a finite number > 0");
            }
            if (learningRate != null && (!(learningRate > 0) || !Double.isFinite(learningRate))) {
                throw new ConfigException("learningRate", "got " + learningRate + ", allowed a finite number > 0");
            }
            if (epochs < 0) {
                throw new ConfigException("epochs", "got " + epochs + ", allowed an integer >= 0");
            }
            if (!(sigmaA2 > 0) || !Double.isFinite(sigmaA2)) {
                throw new ConfigException("sigmaA2", "got " + sigmaA2 + ", allowed a finite number > 0");
            }
            double sloppy = sloppyVariance == null ? sigmaA2 / width : sloppyVariance;
            if (!(sloppy >= 0) || !Double.isFinite(sloppy)) {
                throw new ConfigException("sloppyVariance", "got " + sloppy + ", allowed a finite number >= 0");
            }
        }

        /** The variance given to sloppy read-out weights: σ_a²/N unless set. */
        public double effectiveSloppyVariance() {
            return sloppyVariance == null ? sigmaA2 / width : sloppyVariance;
        }
    }

    /**
     * The trained net's flow.
     *
     * @param setup  the resolved net and training (with the learning rate actually used)
     * @param width  N
     * @param points n
     * @param flow   the trained ensemble's summary and one step per ε
     */
    public record Result(CosNetFlow.Setup setup, int width, int points, CosNetFlow.Result flow) {
        /** A line on the training, then the flow, one line per ε. */
        public void print(PrintWriter w) {
            w.printf(
                    Locale.ROOT,
                    "Trained read-out of N = %d neurons on n = %d inputs (%d epochs, eta = %s):"
                            + " training MSE of the mean %.4g, tr Sigma_T + |mu_T|^2 = %.6g (prior sigma_a^2 = %s)%n",
                    width,
                    points,
                    setup.epochs(),
                    Csv.number(setup.learningRate()),
                    flow.trainingError(),
                    flow.trainedVariance(),
                    Csv.number(setup.sigmaA2()));
            w.printf(
                    Locale.ROOT,
                    "%10s %7s %9s %12s %12s %12s %12s %12s %12s %12s%n",
                    "epsilon",
                    "sloppy",
                    "fraction",
                    "sigma_eff^2",
                    "sqrt(s2 A)",
                    "m'^2",
                    "Lambda(eps)",
                    "Lambda_info",
                    "sloppy>Li",
                    "stiff<=Li");
            for (CosNetFlow.Step s : flow.steps()) {
                double[] v = cells(s);
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < v.length; i++) {
                    line.append(i == 0 ? "" : " ");
                    if (i == 1) {
                        line.append(String.format(Locale.ROOT, ROW_FORMATS[i], s.sloppyCount()));
                    } else {
                        line.append(String.format(Locale.ROOT, ROW_FORMATS[i], v[i]));
                    }
                }
                w.println(line);
            }
            w.println("(Lambda(eps) re-labels the prefactor A; the frozen b_j still span the ball of radius Lambda.)");
        }

        /** Writes {@value #CSV} and {@value #JSON} into {@code dir} (created if absent). */
        public void write(Path dir) throws IOException {
            StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
            ObjectNode json = Json.object();
            json.put("dimension", setup.dimension());
            Json.put(json, "cutoff", setup.cutoff());
            Json.put(json, "mass", setup.mass());
            Json.put(json, "sigma_a2", setup.sigmaA2());
            Json.put(json, "noise_variance", setup.noiseVariance());
            Json.put(json, "sloppy_variance", setup.sloppyVariance());
            Json.put(json, "learning_rate", setup.learningRate());
            json.put("epochs", setup.epochs());
            json.put("width", width);
            json.put("points", points);
            Json.put(json, "trained_variance", flow.trainedVariance());
            Json.put(json, "training_mse", flow.trainingError());
            ArrayNode steps = json.putArray("flow");
            for (CosNetFlow.Step s : flow.steps()) {
                double[] v = cells(s);
                ObjectNode o = steps.addObject();
                for (int i = 0; i < v.length; i++) {
                    csv.append(i == 0 ? "" : ",").append(i == 1 ? Integer.toString(s.sloppyCount()) : Csv.number(v[i]));
                    if (i == 1) {
                        o.put(COLUMNS[i], s.sloppyCount());
                    } else {
                        Json.put(o, COLUMNS[i], v[i]);
                    }
                }
                csv.append('\n');
            }
            AtomicFiles.writeString(dir.resolve(CSV), csv.toString());
            Json.write(dir.resolve(JSON), json);
        }
    }

    /** Refuses an output directory that exists as something else, before any work is done. */
    public static void checkOutput(Path dir) {
        if (dir != null && dir.toString().isEmpty()) {
            // the empty path is the working directory: files would land wherever the command was started
            throw new ConfigException(OUT, "is empty; allowed the path of a directory");
        }
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConfigException(OUT, dir + " exists and is not a directory");
        }
    }

    /**
     * Samples the net and its inputs from the field's seed, trains the read-out and follows the flow
     * through {@code epsilons}. A learning rate at or above the stability bound of the sampled
     * features is refused (named {@code learningRate}).
     */
    public static Result train(CosNetField.Setup field, Setup training, double[] epsilons) {
        CosNet.Neurons neurons = field.sample(training.width());
        double[][] x = CosNetFlow.gaussianInputs(
                training.points(), field.dimension(), training.inputSpread(), RandomStreams.data(field.seed()));
        double bound = GradientDescentPosterior.stableLearningRateBound(CosNetFlow.features(neurons, x, field.mass()));
        Double asked = training.learningRate();
        if (asked != null && !(asked < bound)) {
            throw new ConfigException(
                    "learningRate",
                    "got " + asked + ", gradient descent on these"
                            + " features converges only for 0 < eta < n/lambda_max = " + Csv.number(bound));
        }
        // Half the bound: every direction decays at |1 − cλ| ≤ 1/2 or slower, none oscillates.
        double eta = asked != null ? asked : (Double.isFinite(bound) ? 0.5 * bound : 1.0);
        CosNetFlow.Setup setup = new CosNetFlow.Setup(
                field.dimension(),
                field.cutoff(),
                field.mass(),
                training.sigmaA2(),
                field.noiseVariance(),
                training.effectiveSloppyVariance(),
                eta,
                training.epochs());
        CosNetFlow.Result flow = CosNetFlow.of(setup, neurons, x, CosNetFlow.targets(training.target(), x), epsilons);
        return new Result(setup, training.width(), training.points(), flow);
    }

    private static double[] cells(CosNetFlow.Step s) {
        return new double[] {
            s.epsilon(),
            s.sloppyCount(),
            s.sloppyFraction(),
            s.effectiveVariance(),
            s.fieldScale(),
            s.renormalizedMass2(),
            s.renormalizedCutoff(),
            s.informationMomentum(),
            s.sloppyAboveShare(),
            s.stiffBelowShare()
        };
    }
}
