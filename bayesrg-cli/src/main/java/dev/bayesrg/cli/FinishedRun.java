package dev.bayesrg.cli;

import dev.bayesrg.report.ReportWriter;
import dev.bayesrg.run.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * How every command that writes a run directory ends once its data files are complete: the
 * field-theory snapshots ({@code nnft/}) and, unless skipped, the figures and {@code report.html} —
 * drawn from the saved files alone, so a run, a merge and a Spark run of one ensemble end with the
 * same files — then the flow table (unless quiet) and the one closing line.
 */
public final class FinishedRun {
    private FinishedRun() {}

    public static void complete(
            Path runDir, RunResult result, boolean report, boolean quiet, PrintWriter out, PrintWriter err)
            throws IOException {
        complete(runDir, result, false, report, quiet, out, err);
    }

    /**
     * As {@link #complete(Path, RunResult, boolean, boolean, PrintWriter, PrintWriter)};
     * {@code membersInMemory}: {@code result} holds every member's arrays (a run, not a streamed
     * merge), so the field theory and the report take them from memory instead of parsing the files
     * back.
     */
    public static void complete(
            Path runDir,
            RunResult result,
            boolean membersInMemory,
            boolean report,
            boolean quiet,
            PrintWriter out,
            PrintWriter err)
            throws IOException {
        boolean[] known = membersInMemory ? result.divergedMembers() : null;
        if (report) {
            ReportWriter.write(
                    runDir, () -> NnftWriter.writeDefault(runDir, known, quiet, err), membersInMemory ? result : null);
        } else {
            NnftWriter.writeDefault(runDir, known, quiet, err);
        }
        if (!quiet) {
            RunCommand.printFlow(out, result);
        }
        out.println(RunCommand.finalLine(runDir, result));
        out.flush();
    }
}
