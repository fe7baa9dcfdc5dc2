package dev.bayesrg.spark;

import dev.bayesrg.cli.ConfigOptions;
import dev.bayesrg.cli.ExitCodes;
import dev.bayesrg.cli.FinishedRun;
import dev.bayesrg.cli.Main;
import dev.bayesrg.cli.RunCommand;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.run.Experiment;
import dev.bayesrg.run.RunResult;
import dev.bayesrg.run.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            "The members are cut into --partitions strided shards; each Spark task computes one shard and"
                    + " writes it under OUT/.shards/, and the driver merges them as 'bayesrg merge' does.",
            "OUT must be on a file system every executor sees under the same path (local disk for local[*];"
                    + " NFS, Lustre, a mounted bucket on a cluster). A lost task is recomputed by Spark with the"
                    + " same result, since every member depends only on (seed, member index).",
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

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configuration;

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

    public static void main(String[] args) {
        System.exit(Main.execute(new SparkMain(), args, Main.console(System.out), Main.console(System.err)));
    }

    @Override
    public Integer call() throws IOException {
        ExperimentConfig config = configuration.resolve();
        int members = config.ensemble().members();
        // the merge reads all shards side by side, one open file each: stay well inside `ulimit -n`
        if (partitions != null && (partitions < 1 || partitions > MAX_PARTITIONS)) {
            throw new ConfigException("--partitions", "got " + partitions + ", allowed [1, " + MAX_PARTITIONS + "]");
        }
        if (out != null) {
            RunCommand.checkOutDirectory(out);
        }
        Path workingDirectory = Path.of("").toAbsolutePath();
        // bad data input (e.g. a broken CSV) fails here, before Spark starts or any output exists
        Experiment.prepareData(config, workingDirectory);

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
        RunResult result;
        try {
            int tasks = partitions != null
                    ? partitions
                    : Math.max(1, Math.min(Math.min(members, MAX_PARTITIONS), 4 * spark.defaultParallelism()));
            dir = out == null
                    ? RunDirectory.createTimestamped(Path.of("runs"), LocalDateTime.now(ZoneId.systemDefault()))
                    : RunDirectory.create(out);
            result = new SparkRun(spark)
                    .run(config, workingDirectory, dir, tasks, commandLine(), configuration.preset());
        } finally {
            if (ownContext) {
                spark.stop();
            }
        }
        FinishedRun.complete(
                dir.path(),
                result,
                !noReport,
                quiet,
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
        return ExitCodes.OK;
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
