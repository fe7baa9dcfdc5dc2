package dev.bayesrg.cli;

import dev.bayesrg.run.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code bayesrg} command. */
@Command(
        name = "bayesrg",
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        description = {
            "Bayesian renormalization-group flows in neural-network field theories.",
            "",
            "Trains an ensemble of networks, ranks their parameters by the Fisher information metric,"
                    + " coarse grains the sloppy ones along a cutoff schedule and tracks the ensemble's loss,"
                    + " mean, variance and kurtosis as the cutoff grows."
        })
public final class BayesrgCommand implements Runnable {
    /**
     * The subcommands, in the order {@code --help} lists them. Each is built by {@link Main} only
     * when needed: picocli reads a command's annotations when it is added, about 0.1 s of a cold
     * start for all of them, so {@code bayesrg run …} builds only {@code run}.
     */
    static final java.util.LinkedHashMap<String, java.util.function.Supplier<Object>> SUBCOMMANDS =
            new java.util.LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("run", RunCommand::new);
        SUBCOMMANDS.put("import", ImportCommand::new);
        SUBCOMMANDS.put("merge", MergeCommand::new);
        SUBCOMMANDS.put("nnft", NnftCommand::new);
        SUBCOMMANDS.put("deform", DeformCommand::new);
        SUBCOMMANDS.put("compare-posteriors", ComparePosteriorsCommand::new);
        SUBCOMMANDS.put("cosnet", CosnetCommand::new);
        SUBCOMMANDS.put("report", ReportCommand::new);
        SUBCOMMANDS.put("nngp", NngpCommand::new);
        SUBCOMMANDS.put("coin", CoinCommand::new);
        SUBCOMMANDS.put("help", HelpCommand::new);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return Version.lines();
        }
    }
}
