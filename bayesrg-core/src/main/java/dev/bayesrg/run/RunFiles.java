package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.data.Dataset;
import dev.bayesrg.io.Csv;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.Npy;
import dev.bayesrg.io.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A finished run directory read back: the twin of {@link RunWriter}, and the one reader of its
 * files. {@link #open} checks that the directory's data files are complete (a finished run, or one
 * stopped while writing nnft/ or its report) and reads {@code summary.json}
 * (through {@link RunFormat#migrate}, so directories of older versions read the same way); every
 * other file is read when asked for. A directory that cannot be read is reported as a
 * {@link ConfigException} whose field is the directory (or file) and whose message says what is
 * wrong in one line.
 *
 * <pre>{@code
 * RunFiles run = RunFiles.open(Path.of("runs/20261203-120000"));
 * Double critical = run.summary().criticalCutoff();
 * List<FlowEntry> flow = run.flow();
 * Npy.Array predictions = run.predictions();   // [members, cutoffs + 1, test points]
 * }</pre>
 */
public final class RunFiles {
    private final Path dir;
    private final RunSummary summary;
    /** summary.json's flow (null if it has none), which flow.csv must repeat. */
    private final JsonNode summaryFlow;

    private RunFiles(Path dir, RunSummary summary, JsonNode summaryFlow) {
        this.dir = dir;
        this.summary = summary;
        this.summaryFlow = summaryFlow;
    }

    /**
     * Opens a finished run directory (or one finished shard of a run), after checking its files
     * against each other ({@link RunFileChecks}): summary.json against its configuration, every
     * {@code .npy} header against summary.json, flow.csv against summary.json.
     */
    public static RunFiles open(Path dir) throws IOException {
        String where = dir.toString();
        if (!Files.exists(dir)) {
            throw new ConfigException(where, "does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(where, "is not a directory");
        }
        if (!Files.isRegularFile(dir.resolve(RunWriter.SUMMARY))) {
            throw new ConfigException(where, "is not a bayesrg run directory (no " + RunWriter.SUMMARY + ")");
        }
        if (Files.exists(dir.resolve(RunDirectory.INCOMPLETE)) && !RunDirectory.dataWritten(dir)) {
            throw new ConfigException(
                    where,
                    "is marked " + RunDirectory.INCOMPLETE + ": the run did not finish (resume it with its"
                            + " resume state, " + RunWriter.RESUME_STATE + ")");
        }
        Path file = dir.resolve(RunWriter.SUMMARY);
        JsonNode tree = RunJson.readObject(file);
        if (tree.has(RunFormat.KEY)) {
            RunJson.integer(tree, RunFormat.KEY, 1, file);
        }
        JsonNode migrated = RunFormat.migrate(tree, file.toString());
        RunSummary summary = RunSummary.of(migrated, RunFormat.versionOf(tree), file);
        RunFileChecks.checkSummary(summary, file);
        RunFileChecks.checkArrays(dir, summary);
        RunFiles run = new RunFiles(dir, summary, migrated.get("flow"));
        if (run.has(RunWriter.FLOW)) {
            run.flowTable();
        }
        return run;
    }

    /** The directory. */
    public Path directory() {
        return dir;
    }

    /** The path of one of the directory's files, e.g. {@code file(RunWriter.FISHER)}. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Whether the directory holds {@code name} (optional files such as {@link RunWriter#READOUT}). */
    public boolean has(String name) {
        return Files.isRegularFile(dir.resolve(name));
    }

    /** Refuses the directory, naming the first of {@code names} it lacks. */
    public RunFiles require(String... names) {
        for (String name : names) {
            if (!has(name)) {
                throw new ConfigException(
                        dir.toString(), "lacks " + name + "; allowed a complete bayesrg run directory");
            }
        }
        return this;
    }

    /** summary.json. */
    public RunSummary summary() {
        return summary;
    }

    /** manifest.json, checked against summary.json (the same configuration and bayesrg version). */
    public RunManifest manifest() throws IOException {
        Path file = dir.resolve(RunWriter.MANIFEST);
        JsonNode tree = json(RunWriter.MANIFEST);
        RunManifest manifest = RunManifest.of(tree, file);
        if (tree.has("config")) {
            String difference = ShardMerge.firstDifference(
                    summary.configTree(),
                    RunFormat.migrate(tree, file.toString()).get("config"),
                    "config");
            if (difference != null) {
                throw new ConfigException(
                        file.toString(), "its " + difference + " differs from " + RunWriter.SUMMARY + "'s");
            }
        }
        if (!manifest.softwareVersion().isEmpty()
                && !summary.softwareVersion().isEmpty()
                && !manifest.softwareVersion().equals(summary.softwareVersion())) {
            throw new ConfigException(
                    file.toString(),
                    "says bayesrg " + manifest.softwareVersion() + " wrote the run, " + RunWriter.SUMMARY + " "
                            + summary.softwareVersion());
        }
        return manifest;
    }

    /** flow.csv: one entry per flow entry, entry 0 the trained ensemble (its cutoff null). */
    public List<FlowEntry> flow() throws IOException {
        FlowTable table = flowTable();
        List<FlowEntry> flow = new ArrayList<>();
        for (int k = 0; k < table.size(); k++) {
            double cutoff = table.number(k, "cutoff");
            flow.add(new FlowEntry(
                    Double.isNaN(cutoff) ? null : cutoff,
                    table.number(k, "sloppy_fraction"),
                    table.number(k, "test_mse_mean"),
                    table.number(k, "test_mse_median"),
                    table.number(k, "test_mse_q25"),
                    table.number(k, "test_mse_q75"),
                    table.number(k, "probe_mean"),
                    table.number(k, "probe_variance"),
                    table.number(k, "probe_excess_kurtosis"),
                    (int) table.number(k, "members_used"),
                    table.numberOrNaN(k, "train_mse_mean"),
                    table.numberOrNaN(k, "train_mse_median"),
                    new PredictiveQuality(
                            table.numberOrNaN(k, "predictive_nll"),
                            table.numberOrNaN(k, "coverage_50"),
                            table.numberOrNaN(k, "coverage_90"),
                            table.numberOrNaN(k, "coverage_95"),
                            table.numberOrNaN(k, "bias_squared"),
                            table.numberOrNaN(k, "ensemble_variance"))));
        }
        return flow;
    }

    /**
     * flow.csv as written: its header and cells (for display: the report shows the cells as they
     * are), with the numbers they stand for.
     *
     * @param header the column names
     * @param cells  row by row, as written (the trained entry's cutoff is empty)
     */
    public record FlowTable(List<String> header, List<List<String>> cells) {
        /** Flow entries. */
        public int size() {
            return cells.size();
        }

        /** The number in row {@code entry}, column {@code column} (an empty cell is NaN). */
        public double number(int entry, String column) {
            int c = header.indexOf(column);
            if (c < 0) {
                throw new ConfigException(RunWriter.FLOW, "has no column '" + column + "'");
            }
            String cell = cells.get(entry).get(c);
            try {
                return Csv.parse(cell);
            } catch (NumberFormatException e) {
                throw new ConfigException(RunWriter.FLOW, "has a cell '" + cell + "' that is not a number");
            }
        }

        /**
         * As {@link #number}, NaN where the table has no such column (a directory written before
         * it existed).
         */
        public double numberOrNaN(int entry, String column) {
            return header.contains(column) ? number(entry, column) : Double.NaN;
        }

        /** Whether the table has column {@code name}. */
        public boolean has(String name) {
            return header.contains(name);
        }

        /** Column {@code name} as numbers. */
        public double[] column(String name) {
            double[] v = new double[size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = number(k, name);
            }
            return v;
        }
    }

    /** flow.csv with its cells as written; checked against summary.json ({@link RunFileChecks}). */
    public FlowTable flowTable() throws IOException {
        Path file = dir.resolve(RunWriter.FLOW);
        List<String> lines = lines(RunWriter.FLOW);
        if (lines.isEmpty()) {
            throw new ConfigException(file.toString(), "is empty");
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
                        file + ":" + (i + 1), "has " + row.size() + " cells, the header " + header.size());
            }
            cells.add(row);
        }
        if (cells.size() != summary.cutoffs().size() + 1) {
            throw new ConfigException(
                    file.toString(),
                    "has " + cells.size() + " entries, " + RunWriter.SUMMARY + " "
                            + summary.cutoffs().size() + " cutoffs (expected cutoffs + 1)");
        }
        FlowTable table = new FlowTable(header, cells);
        RunFileChecks.checkFlow(table, summary, summaryFlow, file);
        return table;
    }

    /** A text file of the directory as lines; missing, unreadable or not UTF-8 is refused naming it. */
    private List<String> lines(String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(dir.toString(), "lacks " + name + "; allowed a complete bayesrg run directory");
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(file.toString(), "is not UTF-8 text");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** A text file of the directory whole; missing, unreadable or not UTF-8 is refused naming it. */
    private String text(String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(dir.toString(), "lacks " + name + "; allowed a complete bayesrg run directory");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(file.toString(), "is not UTF-8 text");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** members.csv: every member's test MSE, probe output and coarse-grained count per flow entry. */
    public MembersTable members() throws IOException {
        Path file = dir.resolve(RunWriter.MEMBERS);
        MembersTable table = MembersTable.of(text(RunWriter.MEMBERS), file, summary.cutoffs());
        if (table.size() != summary.members()) {
            throw new ConfigException(
                    file.toString(),
                    "has " + table.size() + " members, " + RunWriter.SUMMARY + " " + summary.members());
        }
        RunFileChecks.checkMembers(table, summary, file);
        return table;
    }

    /** predictions.npy [members, cutoffs + 1, test points]. */
    public Npy.Array predictions() throws IOException {
        return array(RunWriter.PREDICTIONS);
    }

    /** fisher.npy [members, trainable parameters]: each member's Fisher diagonal. */
    public Npy.Array fisher() throws IOException {
        return array(RunWriter.FISHER);
    }

    /**
     * cutoffs.npy [members, cutoffs]: each member's absolute cutoffs ε_1..ε_K on its Fisher diagonal
     * ({@code brg.cutoffs} on {@code brg.cutoffScale}). A directory written before the file existed
     * knew only the absolute scale: every member's row is then the schedule itself.
     */
    public Npy.Array memberCutoffs() throws IOException {
        if (has(RunWriter.CUTOFFS)) {
            return array(RunWriter.CUTOFFS);
        }
        int members = summary.members();
        int k = summary.cutoffs().size();
        double[] values = new double[members * k];
        for (int m = 0; m < members; m++) {
            for (int c = 0; c < k; c++) {
                values[m * k + c] = summary.cutoffs().get(c);
            }
        }
        return new Npy.Array(new int[] {members, k}, values);
    }

    /** loss_curves.npy [members, points]: training MSE every {@code train.lossEvery} epochs. */
    public Npy.Array lossCurves() throws IOException {
        return array(RunWriter.LOSS_CURVES);
    }

    /** readout.npy [members, read-out parameters]: the trained read-outs (absent in older runs). */
    public Optional<Npy.Array> readout() throws IOException {
        return optionalArray(RunWriter.READOUT);
    }

    /**
     * Every member's Fisher geometry, from fisher_spectrum.npy and fisher_geometry.npy (empty in
     * runs written before they existed; a member's entry is null where its rows are NaN or empty).
     */
    public Optional<List<MemberGeometry>> geometry() throws IOException {
        return geometryIn(dir);
    }

    /** {@link #geometry()} from the files in {@code dir} (a run's, or where shards placed their arrays). */
    static Optional<List<MemberGeometry>> geometryIn(Path dir) {
        Path spectrumFile = dir.resolve(RunWriter.FISHER_SPECTRUM);
        Path geometryFile = dir.resolve(RunWriter.FISHER_GEOMETRY);
        if (!Files.isRegularFile(spectrumFile) || !Files.isRegularFile(geometryFile)) {
            return Optional.empty();
        }
        // row by row: a large ensemble's spectra need not be in memory twice (most rows are NaN:
        // only the first fisher.geometryMembers members measure their geometry)
        try (Npy.Rows spectra = Npy.Rows.open(spectrumFile);
                Npy.Rows geometry = Npy.Rows.open(geometryFile)) {
            List<MemberGeometry> members = new java.util.ArrayList<>(spectra.rows());
            double[] spectrum = new double[spectra.rowLength()];
            double[] row = new double[geometry.rowLength()];
            for (int m = 0; m < spectra.rows(); m++) {
                spectra.next(spectrum);
                geometry.next(row);
                // an empty row: a metric over no parameters (an outputs import), which nobody measures
                boolean missing = spectrum.length == 0 || Double.isNaN(spectrum[0]);
                members.add(missing ? null : MemberGeometry.of(spectrum.clone(), row.clone()));
            }
            return Optional.of(members);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            throw unreadable(message.startsWith(geometryFile.toString()) ? geometryFile : spectrumFile, e);
        }
    }

    /**
     * training_flow.npy [members, checkpoints, cutoffs + 1]: the test MSE along the flow from every
     * training checkpoint θ_t, if the run measured it ({@code brg.duringTraining}).
     */
    public Optional<Npy.Array> trainingFlow() throws IOException {
        return optionalArray(RunWriter.TRAINING_FLOW);
    }

    /**
     * training_fisher_rank.npy [members, checkpoints]: the rank correlation of the Fisher diagonal at
     * θ_t with the trained one, if the run measured it.
     */
    public Optional<Npy.Array> trainingFisherRank() throws IOException {
        return optionalArray(RunWriter.TRAINING_FISHER_RANK);
    }

    /**
     * Every member's flow during training, from training_flow.npy and training_fisher_rank.npy (empty
     * for a run that did not measure it: {@code brg.duringTraining} false).
     */
    public Optional<List<TrainingFlow>> trainingFlows() throws IOException {
        return trainingFlowsIn(dir);
    }

    /** {@link #trainingFlows()} from the files in {@code dir} (a run's, or where shards placed their arrays). */
    static Optional<List<TrainingFlow>> trainingFlowsIn(Path dir) {
        Optional<Npy.Array> flow = optionalArray(dir, RunWriter.TRAINING_FLOW);
        Optional<Npy.Array> ranks = optionalArray(dir, RunWriter.TRAINING_FISHER_RANK);
        if (flow.isEmpty() || ranks.isEmpty()) {
            return Optional.empty();
        }
        double[][] rank = rows(ranks.get());
        double[] values = flow.get().values();
        int row = rank.length == 0 ? 0 : values.length / rank.length;
        List<TrainingFlow> members = new ArrayList<>(rank.length);
        for (int m = 0; m < rank.length; m++) {
            members.add(TrainingFlow.of(Arrays.copyOfRange(values, m * row, (m + 1) * row), rank[m]));
        }
        return Optional.of(members);
    }

    /** test_inputs.npy and test_targets.npy as a data set. */
    public Dataset testSet() throws IOException {
        Npy.Array y = array(RunWriter.TEST_TARGETS);
        return new Dataset(rows(array(RunWriter.TEST_INPUTS)), y.values());
    }

    /** mesh_inputs.npy [M][d]: the nnft mesh (no rows when none was recorded). */
    public double[][] meshInputs() throws IOException {
        Optional<Npy.Array> a = optionalArray(RunWriter.MESH_INPUTS);
        return a.isPresent() ? rows(a.get()) : new double[0][];
    }

    /** mesh_outputs.npy [members, cutoffs + 1, M], if a mesh was recorded. */
    public Optional<Npy.Array> meshOutputs() throws IOException {
        return optionalArray(RunWriter.MESH_OUTPUTS);
    }

    /** mesh_training.npy [members, checkpoints, M], if training checkpoints were recorded. */
    public Optional<Npy.Array> meshTraining() throws IOException {
        return optionalArray(RunWriter.MESH_TRAINING);
    }

    /** nnft/snapshots.json, if the field theory has been written. */
    public Optional<NnftFile> nnft() throws IOException {
        Path file = dir.resolve(NnftWriter.DIRECTORY).resolve(NnftWriter.SNAPSHOTS);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(NnftFile.of(Json.read(file)));
        } catch (IOException | RuntimeException e) {
            throw unreadable(file, e);
        }
    }

    /** A 2-D array as rows. */
    public static double[][] rows(Npy.Array a) {
        if (a.shape().length != 2) {
            throw new IllegalArgumentException("shape " + Arrays.toString(a.shape()) + ", expected 2-D");
        }
        int n = a.shape()[0];
        int m = a.shape()[1];
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++) {
            r[i] = Arrays.copyOfRange(a.values(), i * m, (i + 1) * m);
        }
        return r;
    }

    private JsonNode json(String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(dir.toString(), "lacks " + name + "; allowed a complete bayesrg run directory");
        }
        return RunJson.readObject(file);
    }

    private Npy.Array array(String name) {
        return array(dir, name);
    }

    private static Npy.Array array(Path dir, String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(dir.toString(), "lacks " + name + "; allowed a complete bayesrg run directory");
        }
        try {
            return Npy.read(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private Optional<Npy.Array> optionalArray(String name) {
        return optionalArray(dir, name);
    }

    private static Optional<Npy.Array> optionalArray(Path dir, String name) {
        return Files.isRegularFile(dir.resolve(name)) ? Optional.of(array(dir, name)) : Optional.empty();
    }

    /** One line naming {@code file} and the first line of why it could not be read. */
    static ConfigException unreadable(Path file, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        why = why.lines().findFirst().orElse(why);
        // the readers' messages often start with the file already
        if (why.startsWith(file + ": ")) {
            why = why.substring(file.toString().length() + 2);
        }
        return new ConfigException(file.toString(), "cannot be read: " + why);
    }
}
