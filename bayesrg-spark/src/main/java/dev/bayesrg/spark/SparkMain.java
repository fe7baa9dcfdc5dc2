package dev.bayesrg.spark;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.ingest.ImportedEnsemble;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.run.Experiment;
import dev.bayesrg.run.MemoryEstimate;
import dev.bayesrg.run.RunCompletion;
import dev.bayesrg.run.RunResult;
import dev.bayesrg.run.RunTables;
import dev.bayesrg.run.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The Spark driver: {@code spark-submit --class dev.bayesrg.spark.SparkMain bayesrg-spark.jar [run options]}. */
@Command(
        name = "bayesrg-spark",
        mixinStandardHelpOptions = true,
        versionProvider = SparkMain.VersionProvider.class,
        sortOptions = false,
        description = {
            "Run an ensemble experiment on Apache Spark: the same configuration options and the same run"
                    + " directory as 'bayesrg run' (every data file byte for byte, apart from timings).",
            "The members are cut into --partitions strided shards; each Spark task computes one shard, writes"
                    + " its members' rows in place into the run's arrays under OUT/.shards/arrays/ and the rest under"
                    + " OUT/.shards/, and the driver merges them as 'bayesrg merge' does, moving the arrays into OUT.",
            "OUT must be on a file system every executor sees under the same path and on which several nodes"
                    + " may write one file (local disk for local[*]; NFS, Lustre, GPFS on a cluster; for a mounted"
                    + " bucket pass --arrays-via-driver). A lost task is recomputed by Spark with the same result,"
                    + " since every member depends only on (seed, member index).",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  spark-submit --class dev.bayesrg.spark.SparkMain bayesrg-spark.jar \\",
            "      --members 100000 --partitions 640 --out /shared/runs/big --no-report",
            "  java <add-opens flags> -cp \"bayesrg-spark.jar:$SPARK_HOME/jars/*\" \\",
            "      dev.bayesrg.spark.SparkMain --master 'local[*]' --members 4096 --out runs/big",
            "(the add-opens flags Java 17 needs for an embedded Spark are listed in README.md)",
            "",
            "Exit codes: 0 ok, 1 failure, 2 bad usage or input."
        })
public final class SparkMain implements Callable<Integer> {
    static final int MAX_PARTITIONS = 4096;

    /** Exit codes, as {@code bayesrg}'s: success, failure, bad usage or input. */
    static final int OK = 0;

    static final int FAILURE = 1;
    static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    // the configuration options of 'bayesrg run', with its names and meanings (ConfigLayers)
    @Option(
            names = "--preset",
            paramLabel = "NAME",
            defaultValue = "paper",
            description = "Starting configuration: paper (default) or reference-code.")
    String preset;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file merged over the preset.")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override one field by its dotted path, e.g. train.learningRate=1e-5 (repeatable; the"
                    + " value is YAML).")
    List<String> assignments = new ArrayList<>();

    @Option(names = "--members", paramLabel = "N", description = "Ensemble size (ensemble.members).")
    Integer members;

    @Option(
            names = "--width",
            paramLabel = "N",
            description = "Width of the last hidden layer (network.hidden[-1].width).")
    Integer width;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (train.epochs).")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the members' parameter streams (ensemble.seed).")
    Long seed;

    @Option(
            names = "--import",
            paramLabel = "ENSEMBLE_DIR",
            description = "Analyse an ensemble trained elsewhere, as 'bayesrg import ENSEMBLE_DIR' does: an existing"
                    + " directory reachable from every executor (docs/import.md); its config.yaml is the file layer"
                    + " unless --config is given.")
    Path importFrom;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Run directory, reachable from every executor; must be new or empty (default: runs/<timestamp>).")
    Path out;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Spark tasks, one strided shard of members each (default: 4 x Spark's default "
                    + "parallelism, at most the ensemble size; at most 4096). Results do not depend on it.")
    Integer partitions;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master for embedded use, e.g. local[*] (default: the one spark-submit sets, "
                    + "else local[*]).")
    String master;

    /**
     * A running JavaSparkContext to use and leave running (an embedding program, a test), or null:
     * start one. Typed Object so that picocli's reflection, and thus --help and the checks of the
     * options, work without Spark on the class path.
     */
    private final Object running;

    public SparkMain() {
        this(null);
    }

    public SparkMain(JavaSparkContext running) {
        this.running = running;
    }

    @Option(
            names = "--no-report",
            description = "Skip the figures and report.html; draw them later with 'bayesrg report RUN_DIR'.")
    boolean noReport;

    @Option(names = "--quiet", description = "No flow table; only the final line.")
    boolean quiet;

    @Option(
            names = "--timings",
            description = "Print where the wall time went on stderr: the tasks, the driver's merge (also per"
                    + " member) and the field theory and report.")
    boolean timings;

    @Option(
            names = "--arrays-via-driver",
            description = "The tasks keep their per-member arrays in their shards and the driver copies them into"
                    + " OUT row by row (as 'bayesrg merge'), instead of the tasks writing them in place into OUT's"
                    + " files: for a file system on which several nodes cannot write one file (a FUSE-mounted object"
                    + " store). Same files; the driver's merge then reads and writes every row.")
    boolean arraysViaDriver;

    public static void main(String[] args) {
        java.io.PrintWriter out = console(System.out);
        java.io.PrintWriter err = console(System.err);
        System.exit(execute(new SparkMain(), args, out, err));
    }

    /** A writer on a standard stream in the terminal's charset. */
    private static java.io.PrintWriter console(java.io.PrintStream stream) {
        return new java.io.PrintWriter(
                new java.io.OutputStreamWriter(stream, java.nio.charset.Charset.defaultCharset()), true);
    }

    /**
     * Runs the driver with {@code bayesrg}'s error handling: bad input is one line and exit code 2,
     * any other failure one line (the stack trace with BAYESRG_DEBUG set) and exit code 1.
     */
    public static int execute(SparkMain command, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof ConfigException) {
                e.println(commandLine.getCommandName() + ": error: " + ex.getMessage());
                return BAD_INPUT;
            }
            String outOfHeap = taskOutOfHeap(ex.getMessage());
            if (outOfHeap != null) {
                e.println(commandLine.getCommandName() + ": error: " + outOfHeap);
                return BAD_INPUT;
            }
            e.println(commandLine.getCommandName() + ": failed: "
                    + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (System.getenv("BAYESRG_DEBUG") != null) {
                ex.printStackTrace(e);
            } else {
                e.println("(set BAYESRG_DEBUG=1 for the stack trace)");
            }
            return FAILURE;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(c.getCommandName() + ": error: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return BAD_INPUT;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli lets Errors through its handlers: one line here too, not a stack trace
            long heap = Runtime.getRuntime().maxMemory();
            err.println(cl.getCommandName() + ": error: out of memory"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + ": the driver's heap of "
                    + MemoryEstimate.format(heap) + " is too small for this run; give the driver more heap"
                    + " (spark-submit --driver-memory " + MemoryEstimate.suggestedHeap(2 * heap)
                    + ") or make the run smaller");
            err.flush();
            return BAD_INPUT;
        }
    }

    /**
     * Refuses, before the run directory is created, a run whose driver would not fit its heap: the
     * merge and the field theory and report from the merged files and, in local mode, where the tasks
     * run in this JVM, as many shard runs at a time as Spark runs tasks.
     */
    /**
     * The line of a failed job's message (Spark's, with the task's stack trace) in which a task says
     * that its shard ran out of heap, from that statement on; null if there is none.
     */
    static String taskOutOfHeap(String message) {
        int at = message == null ? -1 : message.indexOf(ShardTask.OUT_OF_HEAP);
        if (at < 0) {
            return null;
        }
        int end = message.indexOf('\n', at);
        return message.substring(at, end < 0 ? message.length() : end).strip();
    }

    // no Spark type in the signature: picocli reads every method's, also without Spark on the class path
    private static void checkDriverHeap(
            ExperimentConfig config, String master, int parallelism, int tasks, Path dataBase, boolean report) {
        boolean local = master.startsWith("local");
        long need = MemoryEstimate.ofMerge(config, tasks, dataBase, report).peak();
        if (local) {
            int members = config.ensemble().members();
            int perTask = (members + tasks - 1) / tasks;
            long task =
                    MemoryEstimate.ofRun(config, perTask, 1, dataBase, false).peak() - MemoryEstimate.BASELINE;
            long concurrent = Math.min(tasks, Math.max(1, parallelism));
            need = Math.max(need, MemoryEstimate.BASELINE + concurrent * task);
        }
        MemoryEstimate.require(
                need - MemoryEstimate.BASELINE,
                Runtime.getRuntime().maxMemory(),
                "--members",
                "the driver of this run (" + config.ensemble().members() + " members"
                        + (local ? ", the tasks in local mode" : "") + ")",
                "make the run smaller (with spark-submit the driver's heap is --driver-memory)");
    }

    private ConfigLayers layers() {
        Path file = configFile;
        if (file == null
                && importFrom != null
                && java.nio.file.Files.isRegularFile(importFrom.resolve("config.yaml"))) {
            file = importFrom.resolve("config.yaml");
        }
        return new ConfigLayers(Preset.of(preset), file, members, width, epochs, seed, assignments);
    }

    /** The flag of a configuration layer (as 'bayesrg run' names it). */
    private static String flag(String layer) {
        return switch (layer) {
            case ConfigLoader.ASSIGNMENT -> "--set";
            case ConfigLayers.FILE -> "--config";
            default -> "--" + layer;
        };
    }

    @Override
    public Integer call() throws IOException {
        ExperimentConfig config = layers().resolve(SparkMain::flag, loader -> {
            if (importFrom != null) {
                ImportedEnsemble.settle(loader, importFrom);
                if (this.members != null) {
                    loader.set("ensemble.members", this.members); // the first ones, as 'bayesrg import --members'
                }
            }
            return loader;
        });
        int members = config.ensemble().members();
        // the merge reads all shards side by side, one open file each: stay well inside `ulimit -n`
        if (partitions != null && (partitions < 1 || partitions > MAX_PARTITIONS)) {
            throw new ConfigException("--partitions", "got " + partitions + ", allowed [1, " + MAX_PARTITIONS + "]");
        }
        String unusable = out == null ? null : RunDirectory.whyUnusable(out);
        if (unusable != null) {
            throw new ConfigException("--out", unusable + "; allowed a new or empty directory");
        }
        Path workingDirectory = Path.of("").toAbsolutePath();
        // bad data input (e.g. a broken CSV) fails here, before Spark starts or any output exists
        DataSets data = Experiment.prepareData(config, workingDirectory);
        // and so does a malformed imported ensemble
        ImportedEnsemble checked = Experiment.prepareMembers(config, data, workingDirectory);
        if (checked != null) {
            checked.close(); // opened and checked; the tasks open it again on their nodes
        }

        try {
            Class.forName("org.apache.spark.SparkConf");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "Spark is not on the class path: start bayesrg-spark.jar with spark-submit, "
                            + "or add Spark's jars (e.g. $SPARK_HOME/jars/*) to -cp");
        }
        SparkConf conf = new SparkConf().setAppName("bayesrg");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]"); // spark-submit sets spark.master; plain java gets an embedded Spark
        }
        boolean ownContext = running == null;
        JavaSparkContext spark = ownContext ? new JavaSparkContext(conf) : (JavaSparkContext) running;
        RunDirectory dir;
        SparkRun.Finished finished;
        try {
            int tasks = partitions != null
                    ? partitions
                    : Math.max(1, Math.min(Math.min(members, MAX_PARTITIONS), 4 * spark.defaultParallelism()));
            checkDriverHeap(config, spark.master(), spark.defaultParallelism(), tasks, workingDirectory, !noReport);
            dir = out == null
                    ? RunDirectory.createTimestamped(Path.of("runs"), LocalDateTime.now(ZoneId.systemDefault()))
                    : RunDirectory.create(out);
            finished = new SparkRun(spark, arraysViaDriver)
                    .run(config, workingDirectory, dir, tasks, commandLine(), preset);
        } finally {
            if (ownContext) {
                spark.stop();
            }
        }
        RunResult result = finished.result();
        PrintWriter stdout = spec.commandLine().getOut();
        java.time.Instant completing = java.time.Instant.now();
        RunCompletion.complete(
                dir,
                result,
                false,
                noReport ? null : RunCompletion.installedReport().orElse(null),
                quiet,
                spec.commandLine().getErr());
        if (timings) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(timingsLine(
                    finished, java.time.Duration.between(completing, java.time.Instant.now()), noReport, members));
            err.flush();
        }
        if (!quiet) {
            RunTables.printFlow(stdout, result);
        }
        stdout.println(RunTables.finalLine(dir.path(), result));
        stdout.flush();
        return OK;
    }

    /**
     * The {@code --timings} line: the tasks (from the job's start), the driver's merge in seconds and
     * per member, then the field theory (and report).
     */
    static String timingsLine(
            SparkRun.Finished finished, java.time.Duration completion, boolean noReport, int members) {
        double merge = finished.merge().toNanos() / 1e9;
        return String.format(
                java.util.Locale.ROOT,
                "bayesrg-spark: timings: tasks %.2f s, driver merge %.3f s (%.4f ms a member), %s %.2f s",
                finished.tasks().toNanos() / 1e9,
                merge,
                1e3 * merge / members,
                noReport ? "field theory" : "field theory and report",
                completion.toNanos() / 1e9);
    }

    private List<String> commandLine() {
        List<String> cmd = new ArrayList<>();
        cmd.add("bayesrg-spark");
        cmd.addAll(spec.commandLine().getParseResult().originalArgs());
        return cmd;
    }

    static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"bayesrg-spark " + Version.get(), "Java " + System.getProperty("java.version")};
        }
    }
}
