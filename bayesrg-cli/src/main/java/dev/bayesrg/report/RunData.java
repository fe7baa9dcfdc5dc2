package dev.bayesrg.report;

import dev.bayesrg.brg.FlowEntries;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Npy;
import dev.bayesrg.run.MembersTable;
import dev.bayesrg.run.NnftFile;
import dev.bayesrg.run.RunFiles;
import dev.bayesrg.run.RunManifest;
import dev.bayesrg.run.RunSummary;
import dev.bayesrg.run.RunWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a report needs from a finished run directory, read through {@link RunFiles} alone. Problems
 * with the directory (missing, not a run, unfinished, unreadable files) are reported as a
 * {@link ConfigException} naming {@code RUN_DIR}, so the command line exits with code 2.
 */
final class RunData {
    static final String FIELD = "RUN_DIR";

    final Path dir;
    final RunFiles files;
    final RunSummary summary;
    final RunManifest manifest;
    final RunFiles.FlowTable flow;
    /** Cutoffs ε_1..ε_K, as an array for the plots (cutoffs[i] is the cutoff of flow entry i + 1). */
    final double[] cutoffs;
    /** Flow entry → cutoff. */
    final FlowEntries flowEntries;

    final Double criticalCutoff;
    final Double kneeCutoff;
    final int members;
    final int divergedCount;
    /** Per member (row of the .npy files), whether it diverged (members.csv). */
    final boolean[] diverged;
    /** probe[member][entry] = f_α(x*) (members.csv). */
    final double[][] probe;
    /** Fisher diagonal, [members][trainable parameters]. */
    final double[][] fisher;
    /** Training MSE every {@code lossEvery} epochs, [members][points]. */
    final double[][] lossCurves;

    final int lossEvery;
    final double[] probeInput;
    final Double probeTarget;

    /**
     * The per-member arrays of a run still in memory: exactly what members.csv (probe outputs,
     * divergence), fisher.npy and loss_curves.npy hold, without parsing them back. The tests check
     * that a report drawn from these equals one drawn from the files, byte for byte.
     */
    record Members(boolean[] diverged, double[][] probe, double[][] fisher, double[][] lossCurves) {
        static Members of(dev.bayesrg.run.RunResult run) {
            List<dev.bayesrg.run.MemberResult> ms = run.members();
            double[][] probe = new double[ms.size()][];
            double[][] fisher = new double[ms.size()][];
            double[][] loss = new double[ms.size()][];
            for (int m = 0; m < ms.size(); m++) {
                probe[m] = ms.get(m).probe();
                fisher[m] = ms.get(m).fisherDiagonal();
                loss[m] = ms.get(m).lossCurve();
            }
            return new Members(run.divergedMembers(), probe, fisher, loss);
        }
    }

    private RunData(RunFiles files, Members inMemory) throws IOException {
        this.files = files;
        this.dir = files.directory();
        summary = files.summary();
        manifest = files.manifest();
        flow = files.flowTable();
        cutoffs = summary.cutoffs().stream().mapToDouble(Double::doubleValue).toArray();
        flowEntries = summary.flowEntries();
        criticalCutoff = summary.criticalCutoff();
        kneeCutoff = summary.kneeCutoff();
        members = summary.members();
        divergedCount = summary.membersDiverged();
        if (inMemory != null && inMemory.diverged().length == members) {
            diverged = inMemory.diverged();
            probe = inMemory.probe();
            fisher = inMemory.fisher();
            lossCurves = inMemory.lossCurves();
        } else {
            MembersTable table = files.members();
            diverged = table.diverged();
            probe = table.probe();
            fisher = rows(files.fisher(), RunWriter.FISHER);
            lossCurves = rows(files.lossCurves(), RunWriter.LOSS_CURVES);
        }
        lossEvery = summary.lossEvery();
        probeInput = summary.probeInput();
        probeTarget = Double.isNaN(summary.probeTarget()) ? null : summary.probeTarget();
    }

    /** Reads a finished run directory, or explains in one line why it cannot. */
    static RunData load(Path dir) {
        return load(dir, null);
    }

    /** As {@link #load(Path)}, with the per-member arrays taken from memory when given (not null). */
    static RunData load(Path dir, Members inMemory) {
        try {
            RunFiles files = RunFiles.open(dir)
                    .require(
                            RunWriter.MANIFEST,
                            RunWriter.FLOW,
                            RunWriter.MEMBERS,
                            RunWriter.FISHER,
                            RunWriter.LOSS_CURVES);
            return new RunData(files, inMemory);
        } catch (ConfigException e) {
            throw new ConfigException(FIELD, e.getMessage());
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new ConfigException(
                    FIELD, dir + " cannot be read: " + why.lines().findFirst().orElse(why));
        }
    }

    /**
     * nnft/snapshots.json (the field theory along the flow and training), or null if there is none.
     * Read apart from {@link #load} because a run writes it while its report is already being drawn.
     */
    NnftFile nnft() {
        try {
            return files.nnft().orElse(null);
        } catch (ConfigException e) {
            throw new ConfigException(FIELD, e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(FIELD, dir + " cannot be read: " + e.getMessage());
        }
    }

    /** Probe outputs at flow entry {@code entry} of the members that did not diverge (finite values only). */
    double[] probeAt(int entry) {
        double[] v = new double[members];
        int n = 0;
        for (int m = 0; m < members; m++) {
            double x = probe[m][entry];
            if (!diverged[m] && Double.isFinite(x)) {
                v[n++] = x;
            }
        }
        return Arrays.copyOf(v, n);
    }

    int usedMembers() {
        int n = 0;
        for (boolean d : diverged) {
            if (!d) {
                n++;
            }
        }
        return n;
    }

    /** The index in {@link #cutoffs} of the critical cutoff, or -1 if there is none. */
    int criticalIndex() {
        if (criticalCutoff == null) {
            return -1;
        }
        for (int i = 0; i < cutoffs.length; i++) {
            if (cutoffs[i] == criticalCutoff) {
                return i;
            }
        }
        return -1;
    }

    /** A 2-D float64 array as rows. */
    private static double[][] rows(Npy.Array a, String file) {
        if (a.shape().length != 2) {
            throw new ConfigException(FIELD, file + " has shape " + Arrays.toString(a.shape()) + ", expected 2-D");
        }
        return RunFiles.rows(a);
    }
}
