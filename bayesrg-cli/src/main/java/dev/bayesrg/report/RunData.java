package dev.bayesrg.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.brg.FlowEntries;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Csv;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.Npy;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.run.MembersTable;
import dev.bayesrg.run.RunWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a report needs from a finished run directory, read from its saved files alone. Problems
 * with the directory (missing, not a run, unfinished, unreadable files) are reported as a
 * {@link ConfigException} naming {@code RUN_DIR}, so the command line exits with code 2.
 */
final class RunData {
    static final String FIELD = "RUN_DIR";

    /** The flow table of flow.csv: its cells as written, and the numbers they stand for. */
    record Flow(List<String> header, List<List<String>> cells) {
        int size() {
            return cells.size();
        }

        /** Column {@code name} as numbers; an empty cell (the trained entry's cutoff) is NaN. */
        double[] column(String name) {
            int c = header.indexOf(name);
            if (c < 0) {
                throw new ConfigException(FIELD, "flow.csv has no column '" + name + "'");
            }
            double[] v = new double[cells.size()];
            for (int r = 0; r < v.length; r++) {
                v[r] = parseNumber(cells.get(r).get(c), "flow.csv");
            }
            return v;
        }
    }

    final Path dir;
    final JsonNode summary;
    final JsonNode manifest;
    final Flow flow;
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

    private RunData(Path dir, Members inMemory) throws IOException {
        this.dir = dir;
        summary = Json.read(dir.resolve(RunWriter.SUMMARY));
        manifest = Json.read(dir.resolve(RunWriter.MANIFEST));
        flow = readFlow(dir.resolve(RunWriter.FLOW));
        cutoffs = doubles(summary.path("cutoffs"));
        flowEntries = FlowEntries.of(cutoffs);
        criticalCutoff = optional(summary.get("critical_cutoff"));
        kneeCutoff = optional(summary.get("knee_cutoff"));
        members = summary.path("members").asInt();
        divergedCount = summary.path("members_diverged").asInt();
        if (flow.size() != cutoffs.length + 1) {
            throw new ConfigException(
                    FIELD,
                    "flow.csv has " + flow.size() + " entries, summary.json " + cutoffs.length
                            + " cutoffs (expected cutoffs + 1)");
        }
        if (inMemory != null && inMemory.diverged().length == members) {
            diverged = inMemory.diverged();
            probe = inMemory.probe();
            fisher = inMemory.fisher();
            lossCurves = inMemory.lossCurves();
        } else {
            diverged = new boolean[members];
            probe = new double[members][cutoffs.length + 1];
            readMembers(dir.resolve(RunWriter.MEMBERS));
            fisher = rows(dir.resolve(RunWriter.FISHER));
            lossCurves = rows(dir.resolve(RunWriter.LOSS_CURVES));
        }
        lossEvery = Math.max(1, summary.path("training").path("loss_every").asInt(1));
        probeInput = doubles(summary.path("probe").path("input"));
        probeTarget = optional(summary.path("probe").get("target"));
    }

    /** Reads a finished run directory, or explains in one line why it cannot. */
    static RunData load(Path dir) {
        return load(dir, null);
    }

    /** As {@link #load(Path)}, with the per-member arrays taken from memory when given (not null). */
    static RunData load(Path dir, Members inMemory) {
        if (!Files.exists(dir)) {
            throw new ConfigException(FIELD, dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(FIELD, dir + " is not a directory");
        }
        if (!Files.exists(dir.resolve(RunWriter.SUMMARY))) {
            throw new ConfigException(FIELD, dir + " is not a bayesrg run directory (no " + RunWriter.SUMMARY + ")");
        }
        if (Files.exists(dir.resolve(RunDirectory.INCOMPLETE))) {
            throw new ConfigException(
                    FIELD,
                    dir + " is marked " + RunDirectory.INCOMPLETE
                            + ": the run did not finish, so there is nothing to report");
        }
        for (String f : List.of(
                RunWriter.MANIFEST, RunWriter.FLOW, RunWriter.MEMBERS, RunWriter.FISHER, RunWriter.LOSS_CURVES)) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new ConfigException(FIELD, dir + " lacks " + f + "; allowed a complete bayesrg run directory");
            }
        }
        try {
            return new RunData(dir, inMemory);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigException c) {
                throw c;
            }
            throw unreadable(dir, e);
        }
    }

    /**
     * nnft/snapshots.json of {@code dir} (the field theory along the flow and training), or null if
     * there is none. Read apart from {@link #load} because a run writes it while its report is
     * already being drawn.
     */
    static JsonNode loadNnft(Path dir) {
        Path snapshots = dir.resolve("nnft/snapshots.json");
        if (!Files.isRegularFile(snapshots)) {
            return null;
        }
        try {
            return Json.read(snapshots);
        } catch (IOException | RuntimeException e) {
            throw unreadable(snapshots, e);
        }
    }

    /** One line naming {@code path} and the first line of why it could not be read. */
    private static ConfigException unreadable(Path path, Exception e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        return new ConfigException(
                FIELD, path + " cannot be read: " + why.lines().findFirst().orElse(why));
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

    private static Flow readFlow(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new ConfigException(FIELD, file + " is empty");
        }
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<List<String>> cells = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            List<String> row = List.of(lines.get(i).split(",", -1));
            if (row.size() != header.size()) {
                throw new ConfigException(
                        FIELD,
                        file + " line " + (i + 1) + " has " + row.size() + " cells, the header " + header.size());
            }
            cells.add(row);
        }
        return new Flow(header, cells);
    }

    private void readMembers(Path file) throws IOException {
        MembersTable table = MembersTable.read(file, cutoffs.length + 1);
        if (table.size() != members) {
            throw new ConfigException(FIELD, file + " has " + table.size() + " members, the .npy files " + members);
        }
        for (int m = 0; m < members; m++) {
            probe[m] = table.probe()[m];
            diverged[m] = table.diverged()[m];
        }
    }

    /** A 2-D float64 array as rows; a 1-D or empty one gives no rows. */
    private static double[][] rows(Path file) throws IOException {
        Npy.Array a = Npy.read(file);
        if (a.shape().length != 2) {
            throw new ConfigException(FIELD, file + " has shape " + Arrays.toString(a.shape()) + ", expected 2-D");
        }
        int n = a.shape()[0];
        int m = a.shape()[1];
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++) {
            r[i] = Arrays.copyOfRange(a.values(), i * m, (i + 1) * m);
        }
        return r;
    }

    static double parseNumber(String cell, String file) {
        try {
            return Csv.parse(cell);
        } catch (NumberFormatException e) {
            throw new ConfigException(FIELD, file + " has a cell '" + cell + "' that is not a number");
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).isNull() ? Double.NaN : array.get(i).asDouble();
        }
        return v;
    }

    private static Double optional(JsonNode n) {
        return n == null || n.isNull() ? null : n.asDouble();
    }
}
