package dev.bayesrg.cli;

import dev.bayesrg.report.ReportWriter;
import dev.bayesrg.run.RunCompletion;
import dev.bayesrg.run.RunResult;
import dev.bayesrg.run.RunTables;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * How the commands that write a run directory end: {@link RunCompletion} (the field theory and,
 * unless skipped, the report), then the flow table (unless quiet) and the one closing line.
 */
final class FinishedRun {
    private FinishedRun() {}

    /**
     * @param membersInMemory {@code result} holds every member's arrays (a run, not a streamed merge)
     */
    static void complete(
            dev.bayesrg.io.RunDirectory runDir,
            RunResult result,
            boolean membersInMemory,
            boolean report,
            boolean quiet,
            PrintWriter out,
            PrintWriter err)
            throws IOException {
        RunCompletion.complete(
                runDir, result, membersInMemory, report ? ReportWriter.REPORT_SERVICE : null, quiet, err);
        if (!quiet) {
            RunTables.printFlow(out, result);
        }
        out.println(RunTables.finalLine(runDir.path(), result));
        out.flush();
    }
}
