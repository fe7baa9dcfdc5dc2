package dev.bayesrg.cli;

import java.util.function.IntConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar over finished members on stderr, shown only on an interactive terminal: never
 * under CI, when output is redirected, or with --quiet, so logs stay clean.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * Whether the process talks to a terminal: up to Java 21 a console exists only then; from Java 22
     * on it always exists and {@code Console.isTerminal()} (looked up, as this compiles for 17) says.
     */
    @SuppressWarnings("SystemConsoleNull") // the null test is right on 17-21, and 22+ is handled below
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Whether progress is shown: on an interactive terminal, outside CI, without --quiet. */
    static boolean shown(boolean quiet) {
        return onTerminal() && System.getenv("CI") == null && !quiet;
    }

    /**
     * What comes after the members, said on one line each while it runs, so that a finished bar does
     * not sit at 100 % through seconds of writing, field theory and report.
     */
    static String phaseAfter(String finished, boolean report) {
        return switch (finished) {
            case dev.bayesrg.run.ExperimentRun.MEMBERS -> "writing the data files ...";
            case dev.bayesrg.run.ExperimentRun.WRITING ->
                report ? "field theory (nnft/), figures and report ..." : "field theory (nnft/) ...";
            default -> null;
        };
    }

    static Progress start(String task, int total, boolean quiet) {
        boolean interactive = shown(quiet);
        if (!interactive) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" members", 1)
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
        return new Progress(bar);
    }

    IntConsumer listener() {
        return done -> {
            if (bar != null) {
                bar.stepTo(done);
            }
        };
    }

    /**
     * Work before the members: {@code extra} more steps at the bar's start, shown with {@code message}
     * while they run ({@link #listener()} then counts them first).
     */
    void prepend(int extra, String message) {
        if (bar != null) {
            bar.maxHint(bar.getMax() + extra);
            bar.setExtraMessage(message);
        }
    }

    /** Clears the message of {@link #prepend}. */
    void clearMessage() {
        if (bar != null) {
            bar.setExtraMessage("");
        }
    }

    private boolean closed;

    /** Closes the bar once: a second close would draw it again under whatever came after it. */
    @Override
    public void close() {
        if (bar != null && !closed) {
            closed = true;
            bar.close();
        }
    }
}
