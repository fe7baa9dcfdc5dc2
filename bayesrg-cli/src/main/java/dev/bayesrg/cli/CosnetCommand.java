package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.nngp.CosNet;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.rng.simple.RandomSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bayesrg cosnet}: the generalized cos-net as a free scalar field (SPEC §6). */
@Command(name = "cosnet",
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        description = {
            "The generalized cos-net f(x) = sum_i a_i cos(b_i.x + c_i)/sqrt(b_i^2 + m^2), b_i uniform in the d-ball of"
                + " radius Lambda: at infinite width a free scalar field of mass m with momentum cutoff Lambda.",
            "Prints the exact propagator Psi(r) (radial quadrature) beside its estimate from N sampled neurons"
                + " (with standard error), and, for each information cutoff eps, the momentum Lambda_info(eps) above"
                + " which neurons are sloppy: |b|^2 > 1/(2 sigma^2 eps) - m^2."},
        footer = {"", "Example:  bayesrg cosnet --dimension 2 --cutoff 3 --mass 0.5 --separations 0:4:9",
            "", "Exit codes: 0 ok, 1 failure, 2 bad usage or input."})
public final class CosnetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dimension", paramLabel = "D", description = "Input dimension d: 1, 2 or 3 (default 1).")
    int dimension = 1;

    @Option(names = "--cutoff", paramLabel = "LAMBDA", description = "Momentum cutoff Lambda > 0 (default 3).")
    double cutoff = 3.0;

    @Option(names = "--mass", paramLabel = "M", description = "Mass m >= 0 (default 0.5).")
    double mass = 0.5;

    @Option(names = "--separations", paramLabel = "FROM:TO:N",
            description = "N separations r from FROM to TO (default 0:4:9).")
    String separations = "0:4:9";

    @Option(names = "--neurons", paramLabel = "N", description = "Neurons sampled for the estimate (default 200000).")
    int neurons = 200_000;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the sampled neurons (default 0).")
    long seed;

    @Option(names = "--epsilons", paramLabel = "E,E,...", split = ",",
            description = "Information cutoffs for the momentum table (default 0.01,0.1,1).")
    List<Double> epsilons = List.of(0.01, 0.1, 1.0);

    @Option(names = "--noise-variance", paramLabel = "S2", description = "sigma^2 of the regression Fisher (default 1).")
    double noiseVariance = 1.0;

    @Override
    public Integer call() {
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
        PrintWriter out = spec.commandLine().getOut();
        CosNet.Neurons sample = CosNet.sample(neurons, dimension, cutoff, RandomSource.XO_SHI_RO_256_PP.create(seed));
        out.printf(Locale.ROOT, "%10s  %14s  %14s  %12s%n", "r", "Psi exact", "Psi ensemble", "std error");
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
            out.printf(Locale.ROOT, "%10.4g  %14.6g  %14.6g  %12.3g%n", ri, CosNet.propagator(ri, dimension, cutoff, mass),
                    mean, se);
        }
        out.println();
        out.printf(Locale.ROOT, "%10s  %18s%n", "epsilon", "Lambda_info(eps)");
        for (double e : epsilons) {
            double p = CosNet.informationMomentum(e, noiseVariance, mass);
            out.printf(Locale.ROOT, "%10.4g  %18s%n", e, Double.isNaN(p) ? "none sloppy"
                    : String.format(Locale.ROOT, "%.6g%s", p, p >= cutoff ? " (>= Lambda: none sloppy)" : ""));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static double[] parseRange(String text) {
        String[] parts = text.split(":");
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
        throw new ConfigException("--separations", "got '" + text + "', allowed FROM:TO:N with 0 <= FROM <= TO, 1 <= N <= 10000");
    }
}
