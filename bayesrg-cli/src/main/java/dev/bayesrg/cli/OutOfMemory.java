package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.run.MemoryEstimate;
import java.nio.file.Path;

/**
 * The one line an OutOfMemoryError becomes, instead of a stack trace: what ran out, the heap the
 * JVM has, and what to change. Built after the error has unwound the work that filled the heap,
 * so there is room again to build it.
 */
final class OutOfMemory {
    /** The field of the message: "out of memory (Java heap space)". */
    private static final String FIELD = "out of memory";

    private OutOfMemory() {}

    /** For any command: the heap the JVM has and how to give it more. */
    static String message(OutOfMemoryError e) {
        long heap = Runtime.getRuntime().maxMemory();
        return field(e) + ": the JVM's heap of " + MemoryEstimate.format(heap) + " is too small for this; give the JVM"
                + " more heap (" + javaOptions(MemoryEstimate.suggestedHeap(2 * heap)) + ") or ask for less";
    }

    /**
     * For {@code bayesrg run}: the run's estimate, the heap, what to change and what became of the
     * run directory ({@code directory} null: none was created yet; {@code complete}: it was finished;
     * {@code resumed}: a resume, whose configuration cannot change).
     */
    static ConfigException ofRun(
            OutOfMemoryError e, MemoryEstimate estimate, Path directory, boolean complete, boolean resumed) {
        long heap = Runtime.getRuntime().maxMemory();
        // an estimate that fitted was too low: ask for twice the heap that was not enough
        long asked = Math.max(estimate.peak(), estimate.fits(heap) ? 2 * heap : 0);
        String state;
        if (directory == null) {
            state = "nothing was written";
        } else if (complete) {
            state = directory + " is complete";
        } else {
            state = "the run directory " + directory + " is left resumable: bayesrg run --resume " + directory;
        }
        return new ConfigException(
                field(e),
                "by its estimate " + estimate.describe(heap) + "; give the JVM more heap ("
                        + javaOptions(MemoryEstimate.suggestedHeap(asked)) + ") or "
                        + (resumed
                                ? "fewer --threads (a resumed run keeps its configuration)"
                                : "make the run smaller (ensemble.members, the network's widths, data.train,"
                                        + " data.test, data.fisher, --threads)")
                        + "; " + state);
    }

    private static String field(OutOfMemoryError e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? FIELD : FIELD + " (" + e.getMessage() + ")";
    }

    /** The heap option as the {@code bayesrg} script takes it. */
    private static String javaOptions(String heap) {
        return "BAYESRG_JAVA_OPTS=-Xmx" + heap;
    }
}
