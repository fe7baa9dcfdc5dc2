package dev.bayesrg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Json;
import dev.bayesrg.nngp.CoinPosterior;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bayesrg coin}: the Beta posterior of the coin example (arXiv:2405.17538, Sec. 2.1, eqs. 17–23). */
@Command(
        name = "coin",
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        sortOptions = false,
        description = {
            "The coin example of Bayesian inference: after H heads and T tails under a flat prior the"
                    + " posterior of the head probability is Beta(H+1, T+1).",
            "Prints its mean (H+1)/(n+2), variance (H+1)(T+1)/((n+2)^2 (n+3)), MAP H/n (undefined for"
                    + " n = 0: the posterior is flat) and the equal-tailed credible interval.",
            ""
        },
        footer = {
            "",
            "Example:",
            "  bayesrg coin --heads 7 --tails 3 --level 0.9",
            "",
            "Exit codes: 0 ok, 1 failure, 2 bad usage or input."
        })
public final class CoinCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--heads",
            paramLabel = "H",
            required = true,
            description = "Number of heads, 0.." + CoinPosterior.MAX_COUNT + ".")
    long heads;

    @Option(
            names = "--tails",
            paramLabel = "T",
            required = true,
            description = "Number of tails, 0.." + CoinPosterior.MAX_COUNT + ".")
    long tails;

    @Option(
            names = "--level",
            paramLabel = "P",
            defaultValue = "0.95",
            description = "Credible level of the equal-tailed interval, in (0, 1) (default ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        String allowed =
                ", allowed an integer 0.." + CoinPosterior.MAX_COUNT + " (beyond, the interval loses accuracy)";
        if (heads < 0 || heads > CoinPosterior.MAX_COUNT) {
            throw new ConfigException("--heads", "got " + heads + allowed);
        }
        if (tails < 0 || tails > CoinPosterior.MAX_COUNT) {
            throw new ConfigException("--tails", "got " + tails + allowed);
        }
        if (!(level > 0.0 && level < 1.0)) {
            throw new ConfigException("--level", "got " + level + ", allowed a number in (0, 1)");
        }
        CoinPosterior p = new CoinPosterior(heads, tails);
        double[] ci = p.credibleInterval(level);
        OptionalDouble map = p.map();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.object();
            o.put("heads", heads);
            o.put("tails", tails);
            o.put("alpha", p.alpha());
            o.put("beta", p.beta());
            o.put("mean", p.mean());
            o.put("variance", p.variance());
            if (map.isPresent()) {
                o.put("map", map.getAsDouble());
            } else {
                o.putNull("map");
            }
            o.put("level", level);
            o.putArray("interval").add(ci[0]).add(ci[1]);
            out.println(o.toPrettyString());
        } else {
            out.printf(Locale.ROOT, "posterior  Beta(%d, %d)%n", heads + 1, tails + 1);
            out.printf(Locale.ROOT, "mean       %s%n", p.mean());
            out.printf(Locale.ROOT, "variance   %s%n", p.variance());
            out.printf(
                    Locale.ROOT,
                    "MAP        %s%n",
                    map.isPresent() ? Double.toString(map.getAsDouble()) : "undefined (no tosses: flat posterior)");
            out.printf(Locale.ROOT, "%s%% interval  [%s, %s]%n", fmtLevel(level), ci[0], ci[1]);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String fmtLevel(double level) {
        String s = Double.toString(level * 100);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
