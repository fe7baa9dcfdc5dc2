package dev.bayesrg.cli;

import dev.bayesrg.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bayesrg report RUN_DIR}: redraws the figures and report.html of a finished run from its files. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        description = {
            "Redraw the figures and report.html of a finished run directory from its saved files.",
            "",
            "Reads summary.json, flow.csv, members.csv, fisher.npy, loss_curves.npy and manifest.json"
                    + " only; nothing is recomputed, and the result is byte for byte what 'bayesrg run' wrote.",
            "",
            "Writes RUN_DIR/figures/ (PNG and SVG: fig8_probe_trained, fig9_loss_vs_cutoff,"
                    + " fig10_probe_around_critical, fig11_probe_mean_variance, sloppy_fraction, fisher_spectrum,"
                    + " training_loss) and RUN_DIR/report.html, a self-contained page with the figures embedded,"
                    + " the configuration, the flow table, the critical cutoff, the diverged-member count,"
                    + " provenance and timings.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  bayesrg report runs/20261128-170000",
            "  bench/report-screenshot.sh runs/20261128-170000   a look in headless Chromium",
            "",
            "Exit codes: 0 ok, 1 failure, 2 bad usage or a RUN_DIR that is missing, not a run, INCOMPLETE"
                    + " before its data files were written, being written by another bayesrg command, or that is"
                    + " or holds a symbolic link."
        })
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "RUN_DIR",
            description = "A finished run directory (written by bayesrg run or merge).")
    Path runDir;

    @Override
    public Integer call() throws IOException {
        ReportWriter.Written w = ReportWriter.write(runDir);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Report in " + w.report() + " (" + w.figureFiles().size() / 2 + " figures, PNG and SVG, in "
                + runDir.resolve(ReportWriter.FIGURES) + ").");
        out.flush();
        return ExitCodes.OK;
    }
}
