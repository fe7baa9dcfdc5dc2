package dev.bayesrg.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * How every way of making a run directory ends once its data files are complete: the field theory
 * along the flow ({@code nnft/}, {@link NnftWriter}; for a cos-net on a line mesh also {@link CosNetSpectrum}) and then, if a {@link Report} is given, the
 * figures and report page, drawn from the saved files alone, so that a run, a merge and a Spark run
 * of one ensemble end with the same files.
 *
 * <p>Core draws no figures: the report lives in bayesrg-cli, which offers it as a {@link Report}
 * service; {@link #installedReport()} finds it when that jar is on the class path.
 */
public final class RunCompletion {
    private RunCompletion() {}

    /** The step that writes a run directory's {@code nnft/} files, which the field-theory figures draw. */
    @FunctionalInterface
    public interface FieldTheoryStep {
        /** Writes {@code nnft/}. */
        void run() throws IOException;
    }

    /**
     * Draws the figures and report of a finished run directory. Implementations run
     * {@code fieldTheory} exactly once, before they read {@code nnft/} (they may draw other figures
     * meanwhile), and throw what it throws.
     */
    public interface Report {
        /**
         * Draws the figures and report of {@code runDir}.
         *
         * @param runDir      a run directory whose data files are complete
         * @param fieldTheory writes {@code nnft/}
         * @param inMemory    the run whose members are still in memory (their arrays need not be read
         *                    back), or null
         */
        void write(Path runDir, FieldTheoryStep fieldTheory, RunResult inMemory) throws IOException;
    }

    /** The report of bayesrg-cli, if it is on the class path. */
    public static Optional<Report> installedReport() {
        return ServiceLoader.load(Report.class, RunCompletion.class.getClassLoader())
                .findFirst();
    }

    /**
     * Writes {@code nnft/} and, with a report, the figures and report page, then marks the run
     * finished ({@link RunWriter#finish}); until then a kill leaves it resumable.
     *
     * @param result          the run, whose members' divergence the field theory takes (a merge's
     *                        members hold it without their arrays)
     * @param membersInMemory {@code result} holds every member's arrays (a run, not a streamed merge),
     *                        so the report takes them from memory
     * @param report          the report to draw, or null for none
     * @param quiet           leave out notes on {@code err} (warnings are still printed)
     * @param err             where a failure of the field theory is reported: the data files are
     *                        complete, so it does not fail the run ({@code bayesrg nnft} can retry)
     */
    public static void complete(
            dev.bayesrg.io.RunDirectory directory,
            RunResult result,
            boolean membersInMemory,
            Report report,
            boolean quiet,
            PrintWriter err)
            throws IOException {
        Path runDir = directory.path();
        // a merge holds every member's divergence too (without its arrays): members.csv need not be parsed again
        boolean[] known = result.divergedMembers();
        FieldTheoryStep fieldTheory = () -> {
            NnftWriter.writeDefault(runDir, known, quiet, err);
            CosNetSpectrum.writeDefault(runDir, err); // a cos-net on a line mesh: its spectrum along the flow
            PausePoints.reached(PausePoints.FIELD_THEORY_WRITTEN);
        };
        if (report != null) {
            report.write(runDir, fieldTheory, membersInMemory ? result : null);
        } else {
            fieldTheory.run();
        }
        PausePoints.reached(PausePoints.RUN_COMPLETING);
        RunWriter.finish(directory);
    }
}
