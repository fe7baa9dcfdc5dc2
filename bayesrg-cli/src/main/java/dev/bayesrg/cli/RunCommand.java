package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.run.Experiment;
import dev.bayesrg.run.ExperimentRun;
import dev.bayesrg.run.MemberPipeline;
import dev.bayesrg.run.MemoryEstimate;
import dev.bayesrg.run.ResumeState;
import dev.bayesrg.run.RunResult;
import dev.bayesrg.run.RunTables;
import dev.bayesrg.run.RunWriter;
import dev.bayesrg.run.Shard;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bayesrg run}: data → ensemble → training → Fisher → BRG flow → run directory. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        sortOptions = false,
        description = {
            "Run an ensemble experiment: draw the shared data, train every member, compute its Fisher"
                    + " diagonal, coarse grain the sloppy parameters at each cutoff and measure the ensemble.",
            "With no options it runs the paper's experiment (preset 'paper') and writes runs/<timestamp>/.",
            "",
            "The configuration is built in layers, later ones winning: the preset, --config FILE,"
                    + " the shortcut flags (--members, --width, --epochs, --seed), then each --set in order.",
            "With --set brg.basis=eigen the flow coarse grains the directions of the Fisher metric's"
                    + " eigenbasis instead of single parameters; the first fisher.geometryMembers members (16)"
                    + " also measure the metric beyond its diagonal (fisher_spectrum.npy, fisher_geometry.npy"
                    + " and .csv).",
            "With --set fisher.at=ensemble-average (or ensemble-mean, which needs network.sharedHidden=true)"
                    + " one Fisher metric of the whole ensemble ranks every member's parameters, so all members"
                    + " coarse grain the same ones; every member is trained once more to form it"
                    + " (docs/method.md, 'One metric for the ensemble').",
            "With --set network.trainable=all every layer is trained, each GD epoch or SGD step one"
                    + " backpropagation over the whole batch (--set train.solver=iterate-primal: the reference"
                    + " loop, one input's gradient at a time, the same trajectory to rounding); --set"
                    + " brg.scope=all also coarse grains every layer.",
            "With --set posterior.method=exact each member's read-out is drawn exactly from its conjugate"
                    + " Gaussian posterior given the frozen features (nothing is trained); with laplace, from the"
                    + " Gaussian at its GD-trained read-out; with langevin, each member is the state of a Langevin"
                    + " chain on the posterior of the trainable parameters (docs/method.md, 'Which posterior').",
            "With --set train.loss=cross-entropy the network is a classifier of labels 0/1 (data.source"
                    + " two-moons or blobs, or a file of labels); with --set data.classes=K (K >= 3) it has K"
                    + " outputs, the logits of a softmax, ranked by the softmax-covariance Fisher, and every"
                    + " array of outputs holds K per point, point-major (docs/method.md, 'Multi-class softmax').",
            "Outputs: summary.json, flow.csv, members.csv, predictions.npy [members, cutoffs+1, test],"
                    + " fisher.npy [members, flowed parameters], cutoffs.npy, loss_curves.npy, test_inputs.npy,"
                    + " test_targets.npy, manifest.json; every file is described in docs/run-directory.md. The"
                    + " directory holds a file INCOMPLETE until the run has finished.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  bayesrg run                         the paper's experiment, 512 members",
            "  bayesrg run --members 64            a quicker look",
            "  bayesrg run --preset reference-code the authors' code (per-sample SGD)",
            "  bayesrg run --set brg.mode=zero --set 'brg.cutoffs=[0.01, 1, 100]'",
            "  bayesrg run --set brg.basis=eigen   the flow in the Fisher eigenbasis",
            "  bayesrg run --config docs/examples/three-blobs.yaml   a 3-class classifier",
            "  bayesrg run --print-config > my.yaml   then edit, and: --config my.yaml",
            "",
            "Exit codes: 0 ok, 1 failure, 2 bad usage or input."
        })
public class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configuration;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Worker threads, 1.." + RunCommand.MAX_THREADS + " (default: all ${sys:bayesrg.cores} cores)."
                    + " Results do not depend on it.")
    Integer threads;

    /** The most worker threads: more is a typo, not a machine. */
    static final int MAX_THREADS = 4096;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "The run directory, a new or empty directory (default: runs/<timestamp>).")
    Path out;

    @Option(
            names = "--shard",
            paramLabel = "I/N",
            description = "Compute only members I, I+N, I+2N, ... (0 <= I < N); combine the N shard "
                    + "directories with 'bayesrg merge'.")
    String shardSpec;

    @Option(
            names = "--resume",
            paramLabel = "RUN_DIR",
            description = "Continue an interrupted run from its directory (marked INCOMPLETE, holding "
                    + RunWriter.RESUME_STATE + "): its finished members are kept, the rest computed; "
                    + "the outputs equal an uninterrupted run's. Refused if its data files moved or changed "
                    + "(SHA-256), its checkpoint belongs to another run, or another bayesrg build started it. "
                    + "Only --threads and --quiet may accompany it.")
    Path resume;

    @Option(
            names = "--no-size-check",
            description = "Start even if the estimated heap need exceeds the JVM's maximum heap.")
    boolean noSizeCheck;

    @Option(names = "--quiet", description = "No progress bar and no flow table; only the final line.")
    boolean quiet;

    @Option(
            names = "--no-report",
            description = "Skip the figures and report.html (e.g. for shards to be merged); "
                    + "draw them later with 'bayesrg report RUN_DIR'.")
    boolean noReport;

    @Option(
            names = "--timings",
            description = "At the end, print on stderr where the wall time went: JVM start, configuration, data, "
                    + "members, writing, field theory and report; and which solver trained the members, and why.")
    boolean showTimings;

    private final PhaseTimings timings = new PhaseTimings();

    /** The run's heap estimate, once the configuration is known: named if the heap runs out. */
    private MemoryEstimate estimate;

    /** The run directory once it exists (and is resumable), and whether the run has finished it. */
    private volatile Path runDirectory;

    private volatile boolean complete;

    @Option(names = "--print-config", description = "Print the fully resolved configuration as YAML and exit.")
    boolean printConfig;

    static {
        System.setProperty(
                "bayesrg.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        try {
            return runOrResume();
        } catch (OutOfMemoryError e) {
            // the run has unwound (and its directory is released, resumable): one line, not a stack trace
            if (estimate == null) {
                throw e;
            }
            throw OutOfMemory.ofRun(e, estimate, runDirectory, complete, resume != null);
        }
    }

    private Integer runOrResume() throws IOException, InterruptedException {
        // C2 compiles the vector kernels while the configuration and data are prepared
        timings.end("JVM start");
        dev.bayesrg.linalg.Kernels.useAsConfigured();
        if (!noReport) {
            dev.bayesrg.report.ReportWriter.prewarmInBackground();
        }
        if (resume != null) {
            return resume();
        }
        ExperimentConfig config = resolveConfiguration();
        PrintWriter stdout = spec.commandLine().getOut();
        if (printConfig) {
            stdout.print(ConfigLoader.toYaml(config));
            stdout.flush();
            return ExitCodes.OK;
        }
        int threadCount = threadCount();
        Shard shard;
        try {
            shard = shardSpec == null ? Shard.ALL : Shard.parse(shardSpec);
        } catch (ConfigException e) {
            throw e.withField("--shard");
        }
        checkHeap(MemoryEstimate.ofRun(
                config, shard.size(config.ensemble().members()), threadCount, Path.of(""), !noReport));
        timings.end("configuration");
        timings.note(MemberPipeline.describeReadoutSolver(config));
        ExperimentRun run = settings(ExperimentRun.of(config).shard(shard), threadCount)
                .provenance(configuration.preset(), commandLine(spec));
        try {
            if (out == null) {
                return finish(run, r -> r.writeToTimestamped(Path.of("runs")));
            }
            return finish(run, r -> r.writeTo(out));
        } catch (ConfigException e) {
            throw Flags.relabel(e, java.util.Map.of(), out, "--out");
        }
    }

    /** The run's configuration, from the layered options. */
    ExperimentConfig resolveConfiguration() {
        return configuration.resolve();
    }

    /** Continues an unfinished run from its checkpoint; the outputs equal an uninterrupted run's. */
    private Integer resume() throws IOException, InterruptedException {
        boolean configFlags = configuration.anyGiven() || shardSpec != null || out != null || printConfig;
        if (configFlags) {
            throw new ConfigException(
                    "--resume",
                    "takes the configuration, shard and directory from RUN_DIR; "
                            + "drop --preset, --config, --set, --members, --width, --epochs, --seed, --shard, --out");
        }
        int threadCount = threadCount();
        ResumeState state;
        try {
            state = ResumeState.read(resume); // refuses a directory holding a link, before the note below
        } catch (ConfigException e) {
            throw Flags.relabel(e, java.util.Map.of(), resume, "--resume");
        }
        runDirectory = resume;
        int total = state.shard().size(state.config().ensemble().members());
        Path checkpoint = resume.resolve(dev.bayesrg.run.Checkpoint.FILE);
        // before the checkpoint is read: its members are held as the run's own
        checkHeap(MemoryEstimate.ofResume(
                state.config(),
                total,
                threadCount,
                state.baseDirectory(),
                !noReport,
                java.nio.file.Files.isRegularFile(checkpoint) ? java.nio.file.Files.size(checkpoint) : 0));
        if (!quiet) {
            spec.commandLine()
                    .getErr()
                    .println("bayesrg run: resuming " + resume + ": " + ExperimentRun.finishedMembers(resume) + " of "
                            + total + " members already finished");
        }
        timings.note(MemberPipeline.describeReadoutSolver(state.config()));
        ExperimentRun settings =
                settings(ExperimentRun.of(state.config()), threadCount).provenance(state.preset(), commandLine(spec));
        return finish(settings, r -> ExperimentRun.resume(resume, r));
    }

    /**
     * Keeps the run's estimate (for an out-of-memory message) and, unless --no-size-check, refuses a
     * run that does not fit the JVM's heap, before its directory is created or its checkpoint read.
     */
    private void checkHeap(MemoryEstimate runEstimate) {
        estimate = runEstimate;
        long heap = Runtime.getRuntime().maxMemory();
        if (!noSizeCheck && !runEstimate.fits(heap)) {
            String moreHeap = "give the JVM more heap (BAYESRG_JAVA_OPTS=-Xmx"
                    + MemoryEstimate.suggestedHeap(runEstimate.peak()) + ")";
            throw new ConfigException(
                    resume != null
                            ? "--resume"
                            : "threads".equals(runEstimate.field()) ? "--threads" : runEstimate.field(),
                    runEstimate.describe(heap) + "; "
                            + (resume != null
                                    ? moreHeap + " (a resumed run keeps its configuration) or fewer --threads"
                                    : "make it smaller or " + moreHeap)
                            + ", or pass --no-size-check");
        }
    }

    /** How a run starts or resumes, given its settings. */
    @FunctionalInterface
    private interface Start {
        ExperimentRun.Finished run(ExperimentRun settings) throws IOException, InterruptedException;
    }

    /** This command's settings of a run: threads, report, notes, the progress bar and the timings. */
    private ExperimentRun settings(ExperimentRun run, int threadCount) {
        return run.threads(threadCount)
                .report(noReport ? null : dev.bayesrg.report.ReportWriter.REPORT_SERVICE)
                .notes(spec.commandLine().getErr(), quiet);
    }

    /**
     * Runs with a progress bar over the members and, on an interrupt, a note on how to resume; then
     * prints the flow table and the closing line.
     */
    private Integer finish(ExperimentRun settings, Start start) throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        Thread onInterrupt = new Thread(() -> {
            if (runDirectory != null) {
                System.err.println("\nbayesrg run: interrupted; " + runDirectory
                        + " is left marked INCOMPLETE; finished members are kept: bayesrg run --resume "
                        + runDirectory);
            }
        });
        ExperimentRun.Finished finished;
        Progress[] progress = new Progress[1];
        // the members the ensemble's shared Fisher metric trains first: the bar counts them before the members
        int[] metricSteps = {0};
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            finished = start.run(settings.onRunDirectory(dir -> runDirectory = dir)
                    .onMembersStart(count -> progress[0] = Progress.start("members", count, quiet))
                    .onEnsembleMetric(new Experiment.MetricProgress() {
                        @Override
                        public void start(int members) {
                            metricSteps[0] = members;
                            progress[0].prepend(members, " (metric)");
                        }

                        @Override
                        public void trained(int members) {
                            progress[0].listener().accept(members);
                            if (members == metricSteps[0]) {
                                progress[0].clearMessage();
                            }
                        }
                    })
                    .onMemberDone(done -> progress[0].listener().accept(metricSteps[0] + done))
                    .onPhaseEnd(phase -> {
                        switch (phase) {
                            case ExperimentRun.MEMBERS -> {
                                progress[0].close();
                                timings.end("members");
                            }
                            case ExperimentRun.WRITING -> timings.end("writing");
                            case ExperimentRun.COMPLETION -> {
                                complete = true;
                                Runtime.getRuntime().removeShutdownHook(onInterrupt);
                                timings.end(noReport ? "field theory" : "field theory and report");
                            }
                            default -> timings.end(phase);
                        }
                        String next = Progress.phaseAfter(phase, !noReport);
                        if (next != null && Progress.shown(quiet)) {
                            // once the bar is closed: the later phases take seconds of their own
                            System.err.println("bayesrg run: " + next);
                        }
                    }));
        } finally {
            if (progress[0] != null) {
                progress[0].close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // already removed, or the JVM is shutting down
            }
        }
        RunResult result = finished.result();
        if (!quiet) {
            RunTables.printFlow(stdout, result);
        }
        stdout.println(RunTables.finalLine(finished.directory(), result));
        stdout.flush();
        if (showTimings) {
            timings.print(spec.commandLine().getErr());
        }
        return ExitCodes.OK;
    }

    private int threadCount() {
        int count = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (count < 1 || count > MAX_THREADS) {
            throw new ConfigException("--threads", "got " + count + ", allowed [1, " + MAX_THREADS + "]");
        }
        return count;
    }

    /** A run never mixes its files with others': --out must be new or an empty directory. */
    public static void checkOutDirectory(Path dir) throws IOException {
        String unusable = RunDirectory.whyUnusable(dir);
        if (unusable != null) {
            throw new ConfigException("--out", unusable + "; allowed a new or empty directory");
        }
    }

    /** The command line as typed ({@code originalArgs} holds the whole line, subcommand included). */
    public static List<String> commandLine(CommandSpec spec) {
        List<String> cmd = new ArrayList<>();
        cmd.add("bayesrg");
        cmd.addAll(spec.commandLine().getParseResult().originalArgs());
        return cmd;
    }
}
