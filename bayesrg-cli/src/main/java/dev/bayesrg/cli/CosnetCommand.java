package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.nngp.CosNetField;
import dev.bayesrg.nngp.CosNetFlow;
import dev.bayesrg.run.MemoryEstimate;
import dev.bayesrg.run.TrainedCosNet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bayesrg cosnet}: the generalized cos-net as a free scalar field (arXiv:2405.17538, Sec. 4.1.1, eqs. 77–90). */
@Command(
        name = "cosnet",
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        description = {
            "The generalized cos-net f(x) = sum_i a_i cos(b_i.x + c_i)/sqrt(b_i^2 + m^2), b_i uniform in the d-ball of"
                    + " radius Lambda: at infinite width a free scalar field of mass m with momentum cutoff Lambda.",
            "Prints the exact propagator Psi(r) (radial quadrature) beside its estimate from N sampled neurons"
                    + " (with standard error), and, for each information cutoff eps, the momentum Lambda_info(eps) above"
                    + " which neurons are sloppy: |b|^2 > 1/(2 sigma^2 eps) - m^2.",
            "With --train: samples N neurons, trains the read-out (a_i ~ N(0, sigma_a^2/N) at the start) by"
                    + " full-batch gradient descent on n inputs x ~ N(0, s^2 I) (closed-form trained ensemble mu_T,"
                    + " Sigma_T), and prints the BRG flow: for each eps the sloppy neurons F_j < eps"
                    + " (F_j = mean_i phi_j(x_i)^2/sigma^2), sigma_eff^2(eps) (eq. 87), the field scale"
                    + " sqrt(sigma_eff^2 A) (eq. 88), m'^2 = m^2/(sigma_eff^2 A) (eq. 89), Lambda(eps) (eq. 90),"
                    + " Lambda_info(eps) and the shares of sloppy neurons with |b| > Lambda_info and of stiff ones with"
                    + " |b| <= Lambda_info. --out DIR writes cosnet_flow.csv and cosnet_flow.json."
        },
        footer = {
            "",
            "Examples:",
            "  bayesrg cosnet --dimension 2 --cutoff 3 --mass 0.5 --separations 0:4:9",
            "  bayesrg cosnet --train --width 512 --epsilons 0.01,0.1,0.3,1 --out flow",
            "",
            "Exit codes: 0 ok, 1 failure, 2 bad usage or input."
        })
public final class CosnetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dimension", paramLabel = "D", description = "Input dimension d, 1..3 (default 1).")
    int dimension = 1;

    @Option(names = "--cutoff", paramLabel = "LAMBDA", description = "Momentum cutoff Lambda > 0, finite (default 3).")
    double cutoff = 3.0;

    @Option(
            names = "--mass",
            paramLabel = "M",
            description = "Mass m >= 0, finite, and > 0 for d = 1, 2 (default 0.5).")
    double mass = 0.5;

    @Option(
            names = "--separations",
            paramLabel = "FROM:TO:N",
            description = "N separations r from FROM to TO: 0 <= FROM <= TO, N 1..10000 (default 0:4:9).")
    String separations = "0:4:9";

    @Option(
            names = "--neurons",
            paramLabel = "N",
            description = "Neurons sampled for the estimate, 100..100000000 (default 200000).")
    int neurons = 200_000;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Seed of the sampled neurons and, with --train, of the inputs: any 64-bit integer (default"
                    + " 0).")
    long seed;

    @Option(
            names = "--epsilons",
            paramLabel = "E",
            split = ",",
            description = "Information cutoffs of the momentum table and of the --train flow, each > 0 and finite"
                    + " (default 0.01,0.1,1).")
    List<Double> epsilons = List.of(0.01, 0.1, 1.0);

    @Option(
            names = "--noise-variance",
            paramLabel = "S2",
            description = "sigma^2 of the regression Fisher, > 0 and finite (default 1).")
    double noiseVariance = 1.0;

    @Option(names = "--train", description = "Train a finite cos-net's read-out and print its BRG flow (see above).")
    boolean train;

    @Option(names = "--width", paramLabel = "N", description = "With --train: neurons N, 1..4096 (default 512).")
    int width = 512;

    @Option(
            names = "--points",
            paramLabel = "n",
            description = "With --train: training inputs n, 1..4096 (default 64).")
    int points = 64;

    @Option(
            names = "--input-spread",
            paramLabel = "S",
            description = "With --train: inputs x ~ N(0, S^2 I_d), S > 0 (default 10).")
    double inputSpread = 10.0;

    @Option(
            names = "--target",
            paramLabel = "NAME",
            completionCandidates = Candidates.CosNetTargets.class,
            description = "With --train: the fitted function, one of: ${COMPLETION-CANDIDATES} (sin: y = sin(x_0))"
                    + " (default sin).")
    String target = "sin";

    @Option(
            names = "--learning-rate",
            paramLabel = "ETA",
            description = "With --train: GD step on the mean squared error, 0 < ETA < n/lambda_max(Phi Phi^T)"
                    + " (default: half that bound, which depends on the sampled neurons and inputs).")
    Double learningRate;

    @Option(
            names = "--epochs",
            paramLabel = "T",
            description = "With --train: full-batch GD epochs T >= 0 (default 1000).")
    int epochs = 1000;

    @Option(
            names = "--sigma-a2",
            paramLabel = "V",
            description = "With --train: prior variance sigma_a^2 > 0; a_i ~ N(0, sigma_a^2/N) (default 1).")
    double sigmaA2 = 1.0;

    @Option(
            names = "--sloppy-variance",
            paramLabel = "V",
            description = "With --train: variance given to sloppy read-out weights, >= 0 (default sigma_a^2/N).")
    Double sloppyVariance;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "With --train: also write cosnet_flow.csv and cosnet_flow.json into DIR, a new or existing"
                    + " directory.")
    Path out;

    /** The options that only mean something with --train. */
    private static final List<String> TRAIN_ONLY = List.of(
            "--width",
            "--points",
            "--input-spread",
            "--target",
            "--learning-rate",
            "--epochs",
            "--sigma-a2",
            "--sloppy-variance",
            "--out");

    /** Core's parameter names under the flags that set them. */
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("dimension", "--dimension"),
            Map.entry("cutoff", "--cutoff"),
            Map.entry("mass", "--mass"),
            Map.entry("neurons", "--neurons"),
            Map.entry("noiseVariance", "--noise-variance"),
            Map.entry(CosNetField.EPSILONS, "--epsilons"),
            Map.entry("width", "--width"),
            Map.entry("points", "--points"),
            Map.entry("inputSpread", "--input-spread"),
            Map.entry("target", "--target"),
            Map.entry("learningRate", "--learning-rate"),
            Map.entry("epochs", "--epochs"),
            Map.entry("sigmaA2", "--sigma-a2"),
            Map.entry("sloppyVariance", "--sloppy-variance"),
            Map.entry(TrainedCosNet.OUT, "--out"));

    @Override
    public Integer call() throws IOException {
        try {
            return compute();
        } catch (ConfigException e) {
            throw Flags.relabel(e, FLAGS, null, null);
        }
    }

    private int compute() throws IOException {
        CosNetField.Setup field = new CosNetField.Setup(dimension, cutoff, mass, neurons, noiseVariance, seed);
        double[] r = parseRange(separations);
        double[] eps = CosNetField.epsilons(epsilons);
        PrintWriter stdout = spec.commandLine().getOut();
        if (train) {
            TrainedCosNet.Setup training = new TrainedCosNet.Setup(
                    width,
                    points,
                    inputSpread,
                    CosNetFlow.Target.of(target),
                    learningRate,
                    epochs,
                    sigmaA2,
                    sloppyVariance);
            TrainedCosNet.checkOutput(out);
            MemoryEstimate.require(
                    MemoryEstimate.ofCosNetTraining(width, points, dimension),
                    Runtime.getRuntime().maxMemory(),
                    "width",
                    "training a cos-net of " + width + " neurons on " + points + " inputs",
                    "fewer neurons (--width) or inputs (--points)");
            TrainedCosNet.Result result = TrainedCosNet.train(field, training, eps);
            if (out != null) {
                result.write(out);
            }
            result.print(stdout);
            if (out != null) {
                stdout.println("Wrote " + out.resolve(TrainedCosNet.CSV) + " and " + TrainedCosNet.JSON);
            }
            stdout.flush();
            return ExitCodes.OK;
        }
        for (String flag : TRAIN_ONLY) {
            // a training flag without --train would be silently ignored: say so instead
            if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                throw new ConfigException(flag, "only applies with --train");
            }
        }
        MemoryEstimate.require(
                MemoryEstimate.ofCosNetTables(neurons, dimension),
                Runtime.getRuntime().maxMemory(),
                "neurons",
                "sampling " + neurons + " neurons",
                "fewer neurons");
        CosNetField.tables(field, r, eps).print(stdout);
        return ExitCodes.OK;
    }

    private static double[] parseRange(String text) {
        String[] parts = text.split(":", -1);
        try {
            if (parts.length == 3) {
                double from = Double.parseDouble(parts[0]);
                double to = Double.parseDouble(parts[1]);
                int n = Integer.parseInt(parts[2]);
                if (n >= 1 && n <= 10_000 && Double.isFinite(from) && Double.isFinite(to) && from >= 0 && to >= from) {
                    double[] r = new double[n];
                    for (int i = 0; i < n; i++) {
                        r[i] = n == 1 ? from : from + (to - from) * i / (n - 1);
                    }
                    return r;
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ConfigException(
                "--separations", "got '" + text + "', allowed FROM:TO:N with 0 <= FROM <= TO, 1 <= N <= 10000");
    }
}
