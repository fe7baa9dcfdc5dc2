package dev.bayesrg.run;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.ingest.ImportedEnsemble;
import dev.bayesrg.io.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * An experiment run into a run directory, start to finish, as {@code bayesrg run} does it: the
 * shared data, the directory (marked {@code INCOMPLETE} until the end), every member appended to a
 * checksummed checkpoint as it finishes, the data files, then the field theory along the flow and,
 * if given, the report ({@link RunCompletion}). A run that is killed keeps its finished members;
 * {@link #resume} continues it and writes exactly the files an uninterrupted run writes.
 *
 * <pre>{@code
 * ExperimentConfig config = ConfigLayers.of(Preset.PAPER).withMembers(64).resolve();
 * ExperimentRun.Finished run = ExperimentRun.of(config).threads(2).writeTo(Path.of("runs/mine"));
 * System.out.println(run.result().critical().criticalCutoff());
 * }</pre>
 *
 * <p>A value: every setter returns a new one. Results do not depend on the thread count.
 */
public final class ExperimentRun {
    /** The phases a run reports to {@link #onPhaseEnd}, in order. */
    public static final String DATA = "data";

    /** See {@link #DATA}. */
    public static final String MEMBERS = "members";

    /** See {@link #DATA}. */
    public static final String WRITING = "writing";

    /** See {@link #DATA}. */
    public static final String COMPLETION = "completion";

    /**
     * A finished run.
     *
     * @param directory the run directory (complete: no {@code INCOMPLETE} marker)
     * @param result    the run's members and statistics, members' arrays included
     */
    public record Finished(Path directory, RunResult result) {}

    private ExperimentConfig config;
    private Shard shard = Shard.ALL;
    private int threads = Runtime.getRuntime().availableProcessors();
    private String preset = "";
    private List<String> commandLine = List.of();
    private Path baseDirectory = Path.of("");
    private RunCompletion.Report report;
    private Consumer<Path> onRunDirectory = dir -> {};
    private IntConsumer onMembersStart = count -> {};
    private IntConsumer onMemberDone = done -> {};
    private Experiment.MetricProgress onEnsembleMetric = Experiment.MetricProgress.NONE;
    private Consumer<String> onPhaseEnd = phase -> {};
    private PrintWriter notes = new PrintWriter(Writer.nullWriter());
    private boolean quiet;
    /** The members trained elsewhere, opened with the data ({@code ensemble.importFrom}); null: trained here. */
    private ImportedEnsemble imported;

    private ExperimentRun(ExperimentConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    private ExperimentRun copy() {
        ExperimentRun c = new ExperimentRun(config);
        c.shard = shard;
        c.threads = threads;
        c.preset = preset;
        c.commandLine = commandLine;
        c.baseDirectory = baseDirectory;
        c.report = report;
        c.onRunDirectory = onRunDirectory;
        c.onMembersStart = onMembersStart;
        c.onMemberDone = onMemberDone;
        c.onEnsembleMetric = onEnsembleMetric;
        c.onPhaseEnd = onPhaseEnd;
        c.notes = notes;
        c.quiet = quiet;
        return c;
    }

    /**
     * A run of {@code config}: the whole ensemble, on every core, relative data paths resolved
     * against the working directory, no report, notes discarded.
     */
    public static ExperimentRun of(ExperimentConfig config) {
        return new ExperimentRun(config);
    }

    /** Only the members of {@code part} (a shard directory, to be merged with the others). */
    public ExperimentRun shard(Shard part) {
        ExperimentRun c = copy();
        c.shard = Objects.requireNonNull(part, "part");
        return c;
    }

    /** Worker threads (at least 1); the results are the same for any number. */
    public ExperimentRun threads(int count) {
        if (count < 1) {
            throw new ConfigException("threads", "got " + count + ", allowed an integer >= 1");
        }
        ExperimentRun c = copy();
        c.threads = count;
        return c;
    }

    /** The provenance written to manifest.json: the preset the configuration started from, the command line. */
    public ExperimentRun provenance(String presetName, List<String> command) {
        ExperimentRun c = copy();
        c.preset = presetName;
        c.commandLine = List.copyOf(command);
        return c;
    }

    /** Where relative paths of the configuration (CSV data, a CSV mesh) are resolved. */
    public ExperimentRun baseDirectory(Path directory) {
        ExperimentRun c = copy();
        c.baseDirectory = directory;
        return c;
    }

    /** Draws the figures and report at the end (null: none); see {@link RunCompletion#installedReport()}. */
    public ExperimentRun report(RunCompletion.Report figures) {
        ExperimentRun c = copy();
        c.report = figures;
        return c;
    }

    /** Called with the run directory as soon as it exists and can be resumed (before any member is computed). */
    public ExperimentRun onRunDirectory(Consumer<Path> listener) {
        ExperimentRun c = copy();
        c.onRunDirectory = listener;
        return c;
    }

    /** Called with the number of members of the run (resumed ones included) before the first is computed. */
    public ExperimentRun onMembersStart(IntConsumer listener) {
        ExperimentRun c = copy();
        c.onMembersStart = listener;
        return c;
    }

    /** Called with the number of finished members (resumed ones included) each time one finishes. */
    public ExperimentRun onMemberDone(IntConsumer listener) {
        ExperimentRun c = copy();
        c.onMemberDone = listener;
        return c;
    }

    /**
     * Told how the ensemble's shared Fisher metric is coming on ({@code fisher.at} ensemble-mean or
     * ensemble-average: every member is trained for it before the members flow), within the
     * {@link #MEMBERS} phase, before {@link #onMembersStart}'s members are computed.
     */
    public ExperimentRun onEnsembleMetric(Experiment.MetricProgress listener) {
        ExperimentRun c = copy();
        c.onEnsembleMetric = Objects.requireNonNull(listener, "listener");
        return c;
    }

    /** Called with {@link #DATA}, {@link #MEMBERS}, {@link #WRITING}, {@link #COMPLETION} as each ends. */
    public ExperimentRun onPhaseEnd(Consumer<String> listener) {
        ExperimentRun c = copy();
        c.onPhaseEnd = listener;
        return c;
    }

    /**
     * Where the warnings of the field-theory step go (default: nowhere), and its notes unless
     * {@code quietNotes}.
     */
    public ExperimentRun notes(PrintWriter writer, boolean quietNotes) {
        ExperimentRun c = copy();
        c.notes = writer;
        c.quiet = quietNotes;
        return c;
    }

    /**
     * Runs into {@code directory}, which must be new or empty (reported as a {@link ConfigException}
     * naming it, before anything is computed or written).
     */
    public Finished writeTo(Path directory) throws IOException, InterruptedException {
        String unusable = RunDirectory.whyUnusable(directory);
        if (unusable != null) {
            throw new ConfigException(directory.toString(), unusable + "; allowed a new or empty directory");
        }
        Instant start = Instant.now();
        DataSets data = prepare();
        try {
            ResumeState state = ResumeState.starting(config, shard, preset, baseDirectory);
            return start(
                    inUseAsInput(() -> RunDirectory.create(directory, preamble(state)), directory), data, state, start);
        } finally {
            closeImported(); // also when the directory cannot be made
        }
    }

    /** Runs into a new directory {@code parent/<yyyyMMdd-HHmmss>} (a suffix keeps it new). */
    public Finished writeToTimestamped(Path parent) throws IOException, InterruptedException {
        Instant start = Instant.now();
        DataSets data = prepare();
        try {
            ResumeState state = ResumeState.starting(config, shard, preset, baseDirectory);
            return start(
                    RunDirectory.createTimestamped(parent, LocalDateTime.now(ZoneId.systemDefault()), preamble(state)),
                    data,
                    state,
                    start);
        } finally {
            closeImported(); // also when the directory cannot be made
        }
    }

    /** The resume state goes first: there is no moment at which the directory cannot be resumed. */
    private static RunDirectory.Preamble preamble(ResumeState state) {
        return dir -> {
            state.write(dir);
            PausePoints.reached(PausePoints.RESUME_STATE_WRITTEN);
        };
    }

    /**
     * Continues the unfinished run in {@code directory}: its configuration, shard, preset and the
     * directory its relative input paths were resolved against come from its resume state, its
     * intact finished members from its checkpoint; the members still missing are computed and the
     * run is finished. Refused as bad input, before anything is written: a run started by another
     * build of bayesrg, one whose input files have moved or changed since it started, one whose
     * checkpoint belongs to another run. This value's configuration, shard, provenance preset and
     * base directory are not used (its threads, listeners, report and notes are).
     */
    public static Finished resume(Path directory, ExperimentRun settings) throws IOException, InterruptedException {
        ResumeState state = ResumeState.read(directory);
        ExperimentRun run = settings.copy();
        run.config = state.config();
        run.shard = state.shard();
        run.preset = state.preset();
        run.baseDirectory = state.baseDirectory();
        Instant start = Instant.now();
        // locked before the checkpoint is read: no other writer may be appending to it
        RunDirectory dir = inUseAsInput(() -> RunDirectory.existing(directory), directory);
        DataSets data;
        Checkpoint.Contents finished;
        try {
            state.verifyInputs(directory);
            data = run.prepare();
            finished = Checkpoint.readFor(
                    directory.resolve(Checkpoint.FILE),
                    state.legacy() ? null : state.identity(),
                    run.shard.members(run.config.ensemble().members()),
                    MemberShape.of(run.config, data));
            dir.markUnfinished();
            run.onRunDirectory.accept(directory);
        } catch (IOException | RuntimeException | Error e) {
            dir.release();
            run.closeImported();
            throw e;
        }
        return run.execute(dir, data, state, finished, start);
    }

    /** The members of an unfinished run directory already in its checkpoint (intact records only). */
    public static int finishedMembers(Path directory) throws IOException {
        return Checkpoint.read(directory.resolve(Checkpoint.FILE)).members().size();
    }

    private DataSets prepare() {
        DataSets data = Experiment.prepareData(config, baseDirectory);
        closeImported();
        imported = Experiment.prepareMembers(config, data, baseDirectory);
        onPhaseEnd.accept(DATA);
        return data;
    }

    private void closeImported() {
        if (imported != null) {
            try {
                imported.close();
            } catch (IOException e) {
                // read-only files: nothing of the run depends on closing them
            }
            imported = null;
        }
    }

    private Finished start(RunDirectory dir, DataSets data, ResumeState state, Instant start)
            throws IOException, InterruptedException {
        try {
            onRunDirectory.accept(dir.path());
        } catch (RuntimeException | Error e) {
            dir.release();
            throw e;
        }
        return execute(dir, data, state, Checkpoint.Contents.EMPTY, start);
    }

    private Finished execute(
            RunDirectory dir, DataSets data, ResumeState state, Checkpoint.Contents finished, Instant start)
            throws IOException, InterruptedException {
        try {
            return executeLocked(dir, data, state, finished, start);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            // a run that fails here leaves the directory resumable, and free for the resume
            dir.release();
            throw e;
        }
    }

    private Finished executeLocked(
            RunDirectory dir, DataSets data, ResumeState state, Checkpoint.Contents finished, Instant start)
            throws IOException, InterruptedException {
        RunResult result;
        onMembersStart.accept(shard.members(config.ensemble().members()).length);
        try (Checkpoint checkpoint =
                Checkpoint.append(dir.resolve(Checkpoint.FILE), finished.intactLength(), state.identity())) {
            result = Experiment.run(
                    config,
                    data,
                    threads,
                    shard,
                    finished.members(),
                    m -> record(checkpoint, m),
                    onMemberDone,
                    onEnsembleMetric,
                    imported);
        } finally {
            closeImported();
        }
        onPhaseEnd.accept(MEMBERS);
        RunWriter.write(
                dir,
                result,
                new RunWriter.Provenance(commandLine, preset, threads, start, Instant.now(), state.inputs()));
        onPhaseEnd.accept(WRITING);
        RunCompletion.complete(dir, result, true, report, quiet, notes);
        onPhaseEnd.accept(COMPLETION);
        return new Finished(dir.path(), result);
    }

    /** Opens a run directory; one that another writer holds is bad input, named by the directory. */
    private static RunDirectory inUseAsInput(DirectoryOpener opener, Path directory) throws IOException {
        try {
            return opener.open();
        } catch (RunDirectory.InUseException e) {
            throw new ConfigException(
                    directory.toString(),
                    e.getMessage().substring(directory.toString().length() + 1));
        } catch (RunDirectory.LinkException e) {
            throw RunUpdate.badInput(e);
        }
    }

    @FunctionalInterface
    private interface DirectoryOpener {
        RunDirectory open() throws IOException;
    }

    private static void record(Checkpoint checkpoint, MemberResult member) {
        try {
            checkpoint.record(member);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint: " + e.getMessage(), e);
        }
    }
}
