package dev.bayesrg.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the wall time of one command went, phase by phase, from the start of the JVM: for
 * {@code bayesrg run --timings}, so that a slow run can be read off (JVM start, configuration,
 * members, writing, field theory and report) without a profiler, and which read-out solver ran.
 */
final class PhaseTimings {
    private final Instant jvmStart;
    private final List<String> names = new ArrayList<>();
    private final List<Instant> ends = new ArrayList<>();
    /** What the line says after the total (e.g. which read-out solver ran); null: nothing. */
    private String note;

    PhaseTimings() {
        // the process start is what a user's stopwatch sees; fall back to now if the OS does not say,
        // and never later than now (the OS reports it from a boot time of one-second resolution)
        Instant now = Instant.now();
        Instant processStart = ProcessHandle.current().info().startInstant().orElse(now);
        this.jvmStart = processStart.isAfter(now) ? now : processStart;
    }

    /** Marks the end of the phase {@code name} now. */
    synchronized void end(String name) {
        names.add(name);
        ends.add(Instant.now());
    }

    /** Adds {@code text} to the end of the line, after the total. */
    synchronized void note(String text) {
        this.note = text;
    }

    /**
     * One line: each phase's seconds and the total since the JVM started, to the end of the last
     * phase, then the note if any.
     */
    synchronized void print(PrintWriter err) {
        StringBuilder line = new StringBuilder("bayesrg: timings:");
        Instant previous = jvmStart;
        for (int k = 0; k < names.size(); k++) {
            line.append(String.format(Locale.ROOT, " %s %.2f s,", names.get(k), seconds(previous, ends.get(k))));
            previous = ends.get(k);
        }
        line.append(String.format(Locale.ROOT, " total %.2f s", seconds(jvmStart, previous)));
        if (note != null) {
            line.append("; ").append(note);
        }
        err.println(line);
        err.flush();
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
