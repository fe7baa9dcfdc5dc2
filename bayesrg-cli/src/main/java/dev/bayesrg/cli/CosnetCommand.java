package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Csv;
import dev.bayesrg.nngp.CosNet;
import dev.bayesrg.nngp.CosNetFlow;
import dev.bayesrg.nngp.GradientDescentPosterior;
import dev.bayesrg.run.RandomStreams;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.rng.simple.RandomSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bayesrg cosnet}: the generalized cos-net as a free scalar field (SPEC §6). */
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

    @Option(names = "--dimension", paramLabel = "D", description = "Input dimension d: 1, 2 or 3 (default 1).")
    int dimension = 1;

    @Option(names = "--cutoff", paramLabel = "LAMBDA", description = "Momentum cutoff Lambda > 0 (default 3).")
    double cutoff = 3.0;

    @Option(names = "--mass", paramLabel = "M", description = "Mass m >= 0 (default 0.5).")
    double mass = 0.5;

    @Option(
            names = "--separations",
            paramLabel = "FROM:TO:N",
            description = "N separations r from FROM to TO (default 0:4:9).")
    String separations = "0:4:9";

    @Option(names = "--neurons", paramLabel = "N", description = "Neurons sampled for the estimate (default 200000).")
    int neurons = 200_000;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Seed of the sampled neurons and, with --train, of the inputs (default 0).")
    long seed;

    @Option(
            names = "--epsilons",
            paramLabel = "E,E,...",
            split = ",",
            description = "Information cutoffs of the momentum table and of the --train flow (default 0.01,0.1,1).")
    List<Double> epsilons = List.of(0.01, 0.1, 1.0);

    @Option(
            names = "--noise-variance",
            paramLabel = "S2",
            description = "sigma^2 of the regression Fisher (default 1).")
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
            paramLabel = "sin|zero",
            description = "With --train: the fitted function, sin (y = sin(x_0)) or zero (default sin).")
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
            description = "With --train: also write cosnet_flow.csv and cosnet_flow.json into DIR.")
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

    @Override
    public Integer call() throws IOException {
        if (dimension < 1 || dimension > 3) {
            throw new ConfigException("--dimension", "got " + dimension + ", allowed 1, 2 or 3");
        }
        if (!(cutoff > 0) || !Double.isFinite(cutoff)) {
            throw new ConfigException("--cutoff", "got " + cutoff + ", allowed a finite number > 0");
        }
        if (!(mass >= 0) || !Double.isFinite(mass)) {
            throw new ConfigException("--mass", "got " + mass + ", allowed a finite number >= 0");
        }
        if (neurons < 100 || neurons > 100_000_000) {
            throw new ConfigException("--neurons", "got " + neurons + ", allowed [100, 100000000]");
        }
        if (!(noiseVariance > 0) || !Double.isFinite(noiseVariance)) {
            throw new ConfigException("--noise-variance", "got " + noiseVariance + ", allowed a finite number > 0");
        }
        double[] r = parseRange(separations);
        for (double e : epsilons) {
            if (!(e > 0) || !Double.isFinite(e)) {
                throw new ConfigException("--epsilons", "got " + e + ", allowed finite numbers > 0");
            }
        }
        if (train) {
            return trainAndFlow(
                    epsilons.stream().mapToDouble(Double::doubleValue).toArray());
        }
        for (String flag : TRAIN_ONLY) {
            // a training flag without --train would be silently ignored: say so instead
            if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                throw new ConfigException(flag, "only applies with --train");
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        CosNet.Neurons sample = CosNet.sample(neurons, dimension, cutoff, RandomSource.XO_SHI_RO_256_PP.create(seed));
        stdout.printf(Locale.ROOT, "%10s  %14s  %14s  %12s%n", "r", "Psi exact", "Psi ensemble", "std error");
        double[] x = new double[dimension];
        double[] y = new double[dimension];
        for (double ri : r) {
            y[0] = ri;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < neurons; i++) {
                double v = CosNet.feature(sample, i, x, mass) * CosNet.feature(sample, i, y, mass);
                sum += v;
                squares += v * v;
            }
            double mean = sum / neurons;
            double se = Math.sqrt(Math.max(0, squares / neurons - mean * mean) / neurons);
            stdout.printf(
                    Locale.ROOT,
                    "%10.4g  %14.6g  %14.6g  %12.3g%n",
                    ri,
                    CosNet.propagator(ri, dimension, cutoff, mass),
                    mean,
                    se);
        }
        stdout.println();
        stdout.printf(Locale.ROOT, "%10s  %18s%n", "epsilon", "Lambda_info(eps)");
        for (double e : epsilons) {
            double p = CosNet.informationMomentum(e, noiseVariance, mass);
            stdout.printf(
                    Locale.ROOT,
                    "%10.4g  %18s%n",
                    e,
                    String.format(
                            Locale.ROOT,
                            "%.6g%s",
                            p,
                            p >= cutoff ? " (>= Lambda: none sloppy)" : p == 0 ? " (every mode sloppy)" : ""));
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    /** Validates the --train flags, trains the read-out in closed form and prints (and writes) the flow. */
    private int trainAndFlow(double[] eps) throws IOException {
        if (width < 1 || width > 4096) {
            throw new ConfigException("--width", "got " + width + ", allowed [1, 4096]");
        }
        if (points < 1 || points > 4096) {
            throw new ConfigException("--points", "got " + points + ", allowed [1, 4096]");
        }
        if (!(inputSpread > 0) || !Double.isFinite(inputSpread)) {
            throw new ConfigException("--input-spread", "got " + inputSpread + ", allowed a finite number > 0");
        }
        CosNetFlow.Target fitted = parseTarget(target);
        if (learningRate != null && (!(learningRate > 0) || !Double.isFinite(learningRate))) {
            throw new ConfigException("--learning-rate", "got " + learningRate + ", allowed a finite number > 0");
        }
        if (epochs < 0) {
            throw new ConfigException("--epochs", "got " + epochs + ", allowed an integer >= 0");
        }
        if (!(sigmaA2 > 0) || !Double.isFinite(sigmaA2)) {
            throw new ConfigException("--sigma-a2", "got " + sigmaA2 + ", allowed a finite number > 0");
        }
        double sloppy = sloppyVariance == null ? sigmaA2 / width : sloppyVariance;
        if (!(sloppy >= 0) || !Double.isFinite(sloppy)) {
            throw new ConfigException("--sloppy-variance", "got " + sloppy + ", allowed a finite number >= 0");
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new ConfigException("--out", out + " exists and is not a directory");
        }
        // The neurons are the first N of the propagator table's sample for the same seed; the inputs
        // come from the seed's data stream, unrelated to the neurons.
        CosNet.Neurons neurons = CosNet.sample(width, dimension, cutoff, RandomSource.XO_SHI_RO_256_PP.create(seed));
        double[][] x = CosNetFlow.gaussianInputs(points, dimension, inputSpread, RandomStreams.data(seed));
        double bound = GradientDescentPosterior.stableLearningRateBound(CosNetFlow.features(neurons, x, mass));
        if (learningRate != null && !(learningRate < bound)) {
            throw new ConfigException(
                    "--learning-rate",
                    "got " + learningRate + ", gradient descent on these"
                            + " features converges only for 0 < eta < n/lambda_max = " + Csv.number(bound));
        }
        // Half the bound: every direction decays at |1 − cλ| ≤ 1/2 or slower, none oscillates.
        double eta = learningRate != null ? learningRate : (Double.isFinite(bound) ? 0.5 * bound : 1.0);
        CosNetFlow.Setup setup =
                new CosNetFlow.Setup(dimension, cutoff, mass, sigmaA2, noiseVariance, sloppy, eta, epochs);
        CosNetFlow.Result result = CosNetFlow.of(setup, neurons, x, CosNetFlow.targets(fitted, x), eps);
        if (out != null) {
            CosnetFlowOutput.write(out, setup, width, points, result);
        }
        PrintWriter w = spec.commandLine().getOut();
        CosnetFlowOutput.print(setup, width, points, result, w);
        if (out != null) {
            w.println("Wrote " + out.resolve(CosnetFlowOutput.CSV) + " and " + CosnetFlowOutput.JSON);
        }
        w.flush();
        return ExitCodes.OK;
    }

    private static CosNetFlow.Target parseTarget(String name) {
        for (CosNetFlow.Target t : CosNetFlow.Target.values()) {
            if (t.id().equals(name)) {
                return t;
            }
        }
        throw new ConfigException("--target", "got '" + name + "', allowed sin or zero");
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
