package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.run.MemoryEstimate;
import dev.bayesrg.run.RunWriter;
import dev.bayesrg.run.ShardMerge;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bayesrg merge}: shard directories → the run directory of the whole ensemble. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        description = {
            "Combine the run directories of 'bayesrg run --shard I/N' (I = 0..N-1) into one run directory,"
                    + " identical to the unsharded run (every file byte for byte, apart from timings).",
            "The shards must share one resolved configuration (seeds included) and preset, have been written by"
                    + " this build of bayesrg (same run-directory format, version and source commit), and hold every"
                    + " member exactly once; every shard file is checked before anything is written, and otherwise"
                    + " nothing is."
        },
        footer = {
            "",
            "Example (a Slurm job array runs the shards; then one merge):",
            "  sbatch --array=0-7 --wrap \\",
            "    'i=$SLURM_ARRAY_TASK_ID; ./bayesrg run --shard $i/8 --out runs/s$i'",
            "  bayesrg merge runs/s{0..7} --out runs/all",
            "",
            "Exit codes: 0 ok, 1 failure, 2 bad usage or input."
        })
public final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "SHARD_DIR",
            arity = "1..*",
            description = "The finished run directories of the shards of 'bayesrg run --shard I/N', one per"
                    + " I = 0..N-1, in any order.")
    List<Path> shards;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            required = true,
            description = "The merged run directory, a new or empty directory.")
    Path out;

    @Option(
            names = "--no-report",
            description = "Skip the figures and report.html (draw them later with 'bayesrg report').")
    boolean noReport;

    @Option(names = "--quiet", description = "No flow table; only the final line.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (!noReport) {
            // the drawing stack warms up while the shards are read and merged
            dev.bayesrg.report.ReportWriter.prewarmInBackground();
        }
        Instant start = Instant.now();
        RunCommand.checkOutDirectory(out);
        ShardMerge.Merged merged = ShardMerge.merge(shards);
        checkHeap(MemoryEstimate.ofMerge(merged.run().config(), shards.size(), Path.of(""), !noReport));
        RunDirectory dir;
        try {
            RunCommand.checkOutDirectory(out); // again: another writer may have taken it meanwhile
            dir = RunDirectory.create(out);
        } catch (RunDirectory.InUseException e) {
            throw new ConfigException("--out", e.getMessage());
        }
        RunWriter.write(
                dir,
                merged.run(),
                new RunWriter.Provenance(
                        RunCommand.commandLine(spec), merged.preset(), 0, start, Instant.now(), merged.inputs()),
                merged.files());
        FinishedRun.complete(
                dir,
                merged.run(),
                false,
                !noReport,
                quiet,
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
        return ExitCodes.OK;
    }

    /** Refuses, before --out is created, a merge whose field theory and report would not fit the heap. */
    private void checkHeap(MemoryEstimate estimate) {
        long heap = Runtime.getRuntime().maxMemory();
        if (!estimate.fits(heap)) {
            throw new ConfigException(
                    "SHARD_DIR",
                    estimate.describe(heap) + "; give the JVM more heap (BAYESRG_JAVA_OPTS=-Xmx"
                            + MemoryEstimate.suggestedHeap(estimate.peak()) + ")"
                            + (noReport ? "" : " or merge with --no-report and draw the report later"));
        }
    }
}
