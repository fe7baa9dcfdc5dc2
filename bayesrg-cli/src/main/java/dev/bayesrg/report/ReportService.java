package dev.bayesrg.report;

import dev.bayesrg.run.RunCompletion;
import dev.bayesrg.run.RunResult;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The figures and {@code report.html} as the report step of {@link RunCompletion}: registered as a
 * service, so that any program with bayesrg-cli on its class path (a Spark driver, say) ends a run
 * with the same report as {@code bayesrg run}.
 */
public final class ReportService implements RunCompletion.Report {
    /** For the service loader. */
    public ReportService() {}

    @Override
    public void write(Path runDir, RunCompletion.FieldTheoryStep fieldTheory, RunResult inMemory) throws IOException {
        ReportWriter.write(runDir, fieldTheory, inMemory);
    }
}
