package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code bayesrg} executable. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && ("run".equals(args[0]) || "import".equals(args[0]))) {
            // C2 needs about a second for the vector kernels: start before picocli builds its model
            dev.bayesrg.linalg.Kernels.useAsConfigured();
        }
        // a helper thread that runs out of heap (the report's warm-up, say) must not print a stack
        // trace: the command's own thread reports the shortage in one line
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (!(e instanceof OutOfMemoryError)) {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace();
            }
        });
        System.exit(execute(args, console(System.out), console(System.err)));
    }

    /**
     * A writer on a standard stream in the platform's charset, which is the terminal's: what a user
     * reads, not a file (files are written in UTF-8).
     */
    public static PrintWriter console(java.io.PrintStream stream) {
        return new PrintWriter(new java.io.OutputStreamWriter(stream, java.nio.charset.Charset.defaultCharset()), true);
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        String name = args.length > 0 && BayesrgCommand.SUBCOMMANDS.containsKey(args[0]) ? args[0] : "bayesrg";
        return withHeapShortageHandled(cl, args, name, err);
    }

    /**
     * Runs any command object with bayesrg's error handling (bad input: one line, exit code 2), for
     * entry points outside the {@code bayesrg} command such as the Spark driver.
     */
    public static int execute(Object command, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(command);
        cl.setOut(out);
        cl.setErr(err);
        return withHeapShortageHandled(cl, args, cl.getCommandName(), err);
    }

    /**
     * Runs {@code cl}; an OutOfMemoryError (picocli lets Errors through its handlers) becomes one
     * line naming the heap and what to change, and exit code 2, like bad input: the command asked
     * for more than this JVM has.
     */
    private static int withHeapShortageHandled(CommandLine cl, String[] args, String name, PrintWriter err) {
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println(name + ": error: " + OutOfMemory.message(e));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
    }

    /**
     * The {@code bayesrg} command line for {@code args}: with only the subcommand they name when
     * they start with one (anything else — no arguments, {@code --help}, {@code help}, a typo —
     * gets them all, for the listing and the suggestions).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = commandLine(new BayesrgCommand());
        String first = args.length > 0 ? args[0] : "";
        if (BayesrgCommand.SUBCOMMANDS.containsKey(first) && !"help".equals(first)) {
            cl.addSubcommand(first, BayesrgCommand.SUBCOMMANDS.get(first).get());
        } else {
            BayesrgCommand.SUBCOMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        // picocli hands its settings down to the subcommands there are when it is told
        cl.setHelpFactory(SpaceWrappedHelp.FACTORY);
        return cl;
    }

    /** A command line for {@code command} with bayesrg's help layout and error handling. */
    static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setHelpFactory(SpaceWrappedHelp.FACTORY);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof ConfigException) {
                err.println(commandLine.getCommandName() + ": error: " + ex.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            String files = FileFailures.describe(ex);
            err.println(commandLine.getCommandName() + ": failed: "
                    + (files != null ? files : ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (System.getenv("BAYESRG_DEBUG") != null) {
                ex.printStackTrace(err);
            } else if (files == null) {
                // a file-system failure is said in full above; anything else may be a defect
                err.println("(set BAYESRG_DEBUG=1 for the stack trace)");
            }
            return ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(c.getCommandName() + ": error: " + ex.getMessage() + didYouMean(ex));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.BAD_INPUT;
        });
        return cl;
    }

    /** For a mistyped subcommand or option, the nearest names picocli knows ("; did you mean --members?"). */
    static String didYouMean(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched)) {
            return "";
        }
        java.util.List<String> near = unmatched.getSuggestions();
        if ((near == null || near.isEmpty()) && !unmatched.getUnmatched().isEmpty()) {
            // picocli finds no near name for short typos of a command ("rn"): edit distance does
            String closest = dev.bayesrg.config.Suggestions.closest(
                    unmatched.getUnmatched().get(0),
                    unmatched.getCommandLine().getSubcommands().keySet());
            near = closest == null ? java.util.List.of() : java.util.List.of(closest);
        }
        if (near.isEmpty()) {
            return "";
        }
        return "; did you mean " + String.join(" or ", near.subList(0, Math.min(3, near.size()))) + "?";
    }
}
