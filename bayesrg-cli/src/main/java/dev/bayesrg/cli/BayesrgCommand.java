package dev.bayesrg.cli;

import dev.bayesrg.report.ReportCommand;
import dev.bayesrg.run.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code bayesrg} command. */
@Command(name = "bayesrg",
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        description = {
            "Bayesian renormalization-group flows in neural-network field theories.",
            "",
            "Trains an ensemble of networks, ranks their parameters by the Fisher information metric,"
                + " coarse grains the sloppy ones along a cutoff schedule and tracks the ensemble's loss,"
                + " mean, variance and kurtosis as the cutoff grows."},
        subcommands = {RunCommand.class, MergeCommand.class, NnftCommand.class, CosnetCommand.class, ReportCommand.class, NngpCommand.class,
            CoinCommand.class, CommandLine.HelpCommand.class})
public final class BayesrgCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"bayesrg " + Version.get(), "Java " + System.getProperty("java.version")};
        }
    }
}
