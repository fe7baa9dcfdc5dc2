package dev.bayesrg.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bayesrg help [COMMAND]}: what picocli's help command does, with the commands it takes named
 * in its own help (picocli's says only "the COMMAND").
 */
@Command(
        name = "help",
        helpCommand = true,
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        description = {"Show the help of a command; without one, bayesrg's (the list of commands)."},
        footer = {"", "Exit codes: 0 ok, 2 an unknown COMMAND."})
public final class HelpCommand implements Callable<Integer>, CommandLine.IHelpCommandInitializable2 {
    @Parameters(
            paramLabel = "COMMAND",
            arity = "0..1",
            completionCandidates = Candidates.Commands.class,
            description = "The command, one of: ${COMPLETION-CANDIDATES}.")
    String command;

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(
            CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public Integer call() {
        CommandLine parent = self.getParent();
        CommandLine target = command == null ? parent : parent.getSubcommands().get(command);
        if (target == null) {
            throw new CommandLine.ParameterException(parent, "Unknown subcommand '" + command + "'.", null, command);
        }
        target.usage(out, colors);
        return ExitCodes.OK;
    }
}
