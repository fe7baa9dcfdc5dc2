package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.PosteriorConfig;
import dev.bayesrg.report.PosteriorComparisonFigure;
import dev.bayesrg.run.ExperimentRun;
import dev.bayesrg.run.PosteriorComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bayesrg compare-posteriors}: one experiment under several posterior estimators, each a whole
 * run, then one table and one figure of their critical cutoffs, test-loss flows and predictive NLL.
 */
@Command(
        name = "compare-posteriors",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = false,
        usageHelpWidth = 80,
        sortOptions = false,
        description = {
            "Runs one experiment once per posterior estimator (posterior.method: gd-ensemble, exact, laplace,"
                    + " langevin), each into DIR/<method> as 'bayesrg run' would, and compares them in"
                    + " DIR/posteriors.csv (per run and flow entry: median test MSE with quartiles, predictive NLL,"
                    + " 90 % coverage), DIR/posteriors.json (per run: critical cutoff with its 95 % bootstrap"
                    + " interval) and DIR/posteriors.png/.svg (test MSE and NLL against the cutoff).",
            "With --runs, compares finished run directories instead, running nothing: an interrupted"
                    + " comparison is finished by resuming its unfinished run ('bayesrg run --resume DIR/<method>')"
                    + " and comparing the runs.",
            "Every method is checked against the configuration before anything runs: exact and laplace need"
                    + " network.trainable last and a linear read-out (docs/method.md, 'Which posterior').",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  bayesrg compare-posteriors --out runs/posteriors",
            "  bayesrg compare-posteriors --methods gd-ensemble,exact --out runs/two",
            "  bayesrg compare-posteriors --runs runs/a runs/b --out runs/ab",
            "",
            "Exit codes: 0 ok, 1 failure, 2 bad usage or input."
        })
public class ComparePosteriorsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configuration;

    @Option(
            names = "--methods",
            paramLabel = "M,...",
            split = ",",
            description = "The posterior estimators to run, each at most once, one of: gd-ensemble, exact, laplace,"
                    + " langevin (default: all four, in this order).")
    List<String> methods;

    @Option(
            names = "--runs",
            paramLabel = "RUN_DIR",
            arity = "1..*",
            description = "The finished run directories to compare (labelled by their names), instead of running.")
    List<Path> runs;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            required = true,
            description = "Where the runs and the comparison go: a new or empty directory (with --runs, any"
                    + " directory; its posteriors.* files are replaced).")
    Path out;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Worker threads per run, 1.." + RunCommand.MAX_THREADS + " (default: all cores). Results do"
                    + " not depend on it.")
    Integer threads;

    @Option(names = "--no-report", description = "Skip each run's figures and report.html.")
    boolean noReport;

    @Option(names = "--quiet", description = "No progress bars; only the table.")
    boolean quiet;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (threads != null && (threads < 1 || threads > RunCommand.MAX_THREADS)) {
            throw new ConfigException("--threads", "got " + threads + ", allowed [1, " + RunCommand.MAX_THREADS + "]");
        }
        Map<String, Path> compared = new LinkedHashMap<>();
        if (runs != null) {
            if (methods != null || configuration.anyGiven()) {
                throw new ConfigException(
                        "--runs", "compares finished runs as they are; drop --methods and the configuration options");
            }
            for (Path run : runs) {
                String label = run.toAbsolutePath().normalize().getFileName().toString();
                if (compared.put(label, run) != null) {
                    throw new ConfigException("--runs", "names two directories " + label + "; allowed distinct names");
                }
            }
        } else {
            Map<String, ExperimentConfig> configs = configurations();
            RunCommand.checkOutDirectory(out);
            Files.createDirectories(out);
            for (Map.Entry<String, ExperimentConfig> e : configs.entrySet()) {
                Path dir = out.resolve(e.getKey());
                if (!quiet) {
                    spec.commandLine().getErr().println("bayesrg compare-posteriors: " + e.getKey() + " into " + dir);
                }
                run(e.getValue(), dir);
                compared.put(e.getKey(), dir);
            }
        }
        PosteriorComparison comparison = PosteriorComparison.read(compared); // every run checked before out exists
        Files.createDirectories(out);
        comparison.write(out);
        new PosteriorComparisonFigure(comparison).write(out.resolve("posteriors"));
        stdout.print(comparison.table());
        stdout.println("Written to " + out.resolve(PosteriorComparison.CSV) + ", " + PosteriorComparison.JSON
                + " and posteriors.png/.svg");
        stdout.flush();
        return ExitCodes.OK;
    }

    /** The configuration of every method, each resolved and validated before anything runs. */
    private Map<String, ExperimentConfig> configurations() {
        List<String> names = methods != null
                ? methods
                : List.of(
                        PosteriorConfig.Method.GD_ENSEMBLE.id(),
                        PosteriorConfig.Method.EXACT.id(),
                        PosteriorConfig.Method.LAPLACE.id(),
                        PosteriorConfig.Method.LANGEVIN.id());
        List<String> known = new ArrayList<>();
        for (PosteriorConfig.Method m : PosteriorConfig.Method.values()) {
            known.add(m.id());
        }
        Map<String, ExperimentConfig> configs = new LinkedHashMap<>();
        for (String name : names) {
            if (!known.contains(name)) {
                throw new ConfigException("--methods", "got " + name + ", allowed " + String.join(", ", known));
            }
            if (configs.containsKey(name)) {
                throw new ConfigException("--methods", "names " + name + " twice; allowed each method once");
            }
            configs.put(name, configuration.resolve(null, loader -> loader.with("posterior.method=" + name)));
        }
        return configs;
    }

    private void run(ExperimentConfig config, Path dir) throws IOException, InterruptedException {
        int count = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Progress[] progress = new Progress[1];
        try {
            ExperimentRun.of(config)
                    .threads(count)
                    .report(noReport ? null : dev.bayesrg.report.ReportWriter.REPORT_SERVICE)
                    .notes(spec.commandLine().getErr(), quiet)
                    .provenance(configuration.preset(), RunCommand.commandLine(spec))
                    .onMembersStart(n -> progress[0] = Progress.start("members", n, quiet))
                    .onMemberDone(done -> progress[0].listener().accept(done))
                    .onPhaseEnd(phase -> {
                        if (ExperimentRun.MEMBERS.equals(phase) && progress[0] != null) {
                            progress[0].close();
                        }
                    })
                    .writeTo(dir);
        } finally {
            if (progress[0] != null) {
                progress[0].close();
            }
        }
    }
}
