package dev.bayesrg.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.Npy;
import dev.bayesrg.run.FlowEntry;
import dev.bayesrg.run.GeometryStatistics;
import dev.bayesrg.run.GpComparison;
import dev.bayesrg.run.MemberGeometry;
import dev.bayesrg.run.MembersTable;
import dev.bayesrg.run.NnftFile;
import dev.bayesrg.run.RunFiles;
import dev.bayesrg.run.RunManifest;
import dev.bayesrg.run.RunSummary;
import dev.bayesrg.run.RunWriter;
import dev.bayesrg.run.TrainingFlowStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    final RunFiles files;
    final RunSummary summary;
    final RunManifest manifest;
    final RunFiles.FlowTable flow;
    /** Cutoffs ε_1..ε_K, as an array for the plots (cutoffs[i] is the cutoff of flow entry i + 1). */
    final double[] cutoffs;

    final Double criticalCutoff;
    final Double kneeCutoff;
    final int members;
    final int divergedCount;
    /** The per-member arrays (members.csv, fisher.npy, loss_curves.npy). */
    final MemberArrays perMember;

    final int lossEvery;
    final double[] probeInput;
    final Double probeTarget;

    private RunData(RunFiles files, MemberArrays inMemory) throws IOException {
        this.files = files;
        summary = files.summary();
        manifest = files.manifest();
        flow = files.flowTable();
        cutoffs = summary.cutoffs().stream().mapToDouble(Double::doubleValue).toArray();
        criticalCutoff = summary.criticalCutoff();
        kneeCutoff = summary.kneeCutoff();
        members = summary.members();
        divergedCount = summary.membersDiverged();
        if (inMemory != null && inMemory.size() == members) {
            perMember = inMemory;
        } else {
            MembersTable table = files.members();
            perMember = new MemberArrays(
                    table.diverged(),
                    table.probe(),
                    rows(files.fisher(), RunWriter.FISHER),
                    rows(files.lossCurves(), RunWriter.LOSS_CURVES));
        }
        lossEvery = summary.lossEvery();
        probeInput = summary.probeInput();
        probeTarget = Double.isNaN(summary.probeTarget()) ? null : summary.probeTarget();
    }

    /** What the run's loss is called: "MSE" under train.loss mse, else "loss" ({@link LossLabel}). */
    LossLabel loss() {
        return LossLabel.of(summary.config());
    }

    /** Reads a finished run directory, or explains in one line why it cannot. */
    static RunData load(Path dir) {
        return load(dir, null);
    }

    /** As {@link #load(Path)}, with the per-member arrays taken from memory when given (not null). */
    static RunData load(Path dir, MemberArrays inMemory) {
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
            throw new ConfigException(FIELD, files.directory() + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * flow.csv as typed entries, entry 0 the trained ensemble. Read when a figure asks for it, so
     * that a cell that is not a number costs only the figures that plot it.
     */
    List<FlowEntry> flowEntries() {
        try {
            return files.flow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The ensemble's Fisher geometry from fisher_spectrum.npy and fisher_geometry.npy (no member's
     * in a run written before they existed).
     */
    GeometryStatistics geometry() {
        try {
            boolean[] diverged = perMember.diverged();
            List<MemberGeometry> members =
                    files.geometry().orElseGet(() -> java.util.Collections.nCopies(diverged.length, null));
            return GeometryStatistics.of(members, diverged, files.members().testMse(), summary.cutoffs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The ensemble's flow during training from training_flow.npy and training_fisher_rank.npy, or
     * null for a run that did not measure it ({@code brg.duringTraining} false).
     */
    TrainingFlowStatistics trainingFlow() {
        try {
            return files.trainingFlows()
                    .map(flows -> TrainingFlowStatistics.of(flows, perMember.diverged(), summary.config()))
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The analytic GP against the ensemble, nngp/corroboration.json as {@code bayesrg nngp --compare
     * RUN_DIR} writes it, or null if it has not been run (into its default directory).
     *
     * @throws UncheckedIOException if the file is there but cannot be read
     */
    JsonNode corroboration() {
        Path file = files.file(GpComparison.DIRECTORY).resolve(GpComparison.JSON);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** nnft/locality.csv (empty without it: a mesh that is not a line or grid, or a run written before it). */
    List<dev.bayesrg.run.LocalityTable.Row> locality() {
        try {
            return dev.bayesrg.run.LocalityTable.read(files.file(dev.bayesrg.run.NnftWriter.DIRECTORY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** nnft/cosnet_spectrum.csv's columns by name ({@link CosNetSpectrumFigure#read}), or null without it. */
    java.util.Map<String, double[]> cosNetSpectrum() {
        try {
            return CosNetSpectrumFigure.read(
                    files.file(dev.bayesrg.run.NnftWriter.DIRECTORY).resolve(dev.bayesrg.run.CosNetSpectrum.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
