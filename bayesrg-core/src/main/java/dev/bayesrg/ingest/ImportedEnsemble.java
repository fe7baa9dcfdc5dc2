package dev.bayesrg.ingest;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.DataConfig;
import dev.bayesrg.config.EnsembleConfig;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.NnftConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.data.NpyData;
import dev.bayesrg.io.NumpyArrays;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Layer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ensemble trained elsewhere, opened from its ensemble directory (docs/import.md) and checked
 * against the run's configuration: every array's shape, that its member count is the ensemble's,
 * that the weights fit the configured architecture, and that no value is NaN or infinite, all before
 * anything is computed or written. Then it hands out each member's trained (and initial)
 * parameters in the network's layout, or its features on the run's inputs, or (kind
 * {@code outputs}) its outputs on the mesh, reading only that member's rows; any thread may read
 * any member. NaN and ±∞ are accepted in an outputs ensemble's outputs alone.
 *
 * <p>{@link #settle} is the first step: the configuration keys the directory fixes (its data, its
 * member count, the feature width of a read-out ensemble).
 */
public final class ImportedEnsemble implements AutoCloseable {
    /** Names of a read-out ensemble's arrays. */
    public static final String FEATURES_TRAIN = "features_train";

    public static final String FEATURES_TEST = "features_test";
    public static final String FEATURES_FISHER = "features_fisher";
    public static final String FEATURES_PROBE = "features_probe";
    public static final String READOUT_WEIGHT = "readout_weight";
    public static final String READOUT_BIAS = "readout_bias";
    public static final String PROBE_INPUT = "probe_input";

    /** Names of an outputs ensemble's arrays (its mesh_inputs and mesh_targets: {@link NpyData}). */
    public static final String OUTPUTS = "outputs";

    public static final String EPOCHS = "epochs";

    /** The suffix of the parameters training started from. */
    public static final String INITIAL = "_initial";

    private static final Pattern LAYER_ARRAY = Pattern.compile("layer(\\d+)_(weight|bias)(_initial)?");

    /** The inputs a read-out ensemble carries features of. */
    public enum Inputs {
        TRAIN(FEATURES_TRAIN),
        TEST(FEATURES_TEST),
        FISHER(FEATURES_FISHER),
        PROBE(FEATURES_PROBE);

        private final String array;

        Inputs(String array) {
            this.array = array;
        }
    }

    private final EnsembleManifest manifest;
    private final NumpyArrays arrays;
    private final Architecture architecture;
    private final boolean initial;
    private final Map<String, NumpyArrays.RandomRows> rows = new HashMap<>();
    /** Read-out ensembles without probe_input: the probe is the first test input, whose features these are. */
    private final boolean probeIsFirstTest;
    /** An outputs ensemble's checkpoints C (1: the trained outputs alone); 0 for the other kinds. */
    private int outputCheckpoints;
    /** Which mesh point of an outputs ensemble the probe x* is (-1 for the other kinds). */
    private int probeIndex = -1;

    private ImportedEnsemble(
            EnsembleManifest manifest,
            NumpyArrays arrays,
            Architecture architecture,
            boolean initial,
            boolean probeIsFirstTest) {
        this.manifest = manifest;
        this.arrays = arrays;
        this.architecture = architecture;
        this.initial = initial;
        this.probeIsFirstTest = probeIsFirstTest;
    }

    /**
     * Sets on {@code loader} the keys the ensemble directory fixes, after every layer the user gave:
     * {@code ensemble.importFrom}, {@code ensemble.importKind} and {@code ensemble.members}; the data
     * ({@code data.source: npy} from the directory, the sets' sizes, {@code data.probe}:
     * {@code probe_input}, else the first test input); training as one step from the initial
     * parameters to the trained ones when the directory has initial parameters ({@code train.epochs}
     * 1, {@code nnft.snapshotEvery} 1: the field theory at both ends), else none (0, 0); for a
     * read-out ensemble {@code network.trainable: last} and its feature width as the last hidden
     * layer's. An outputs ensemble fixes its own keys ({@link OutputsEnsemble#settle}).
     */
    public static ConfigLoader settle(ConfigLoader loader, Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        EnsembleManifest manifest = EnsembleManifest.read(absolute);
        try (NumpyArrays arrays = NumpyArrays.open(absolute)) {
            loader.set("ensemble.importFrom", absolute.toString());
            loader.set("ensemble.importKind", manifest.kind().id());
            loader.set("ensemble.members", manifest.members());
            loader.set("data.source", "npy");
            loader.set("data.directory", absolute.toString());
            if (manifest.kind() == EnsembleManifest.Kind.OUTPUTS) {
                return OutputsEnsemble.settle(loader, manifest, arrays);
            }
            NumpyArrays.Entry test = required(arrays, NpyData.TEST_INPUTS);
            if (test.shape().length != 2 || test.shape()[0] < 1) {
                throw new ConfigException(
                        test.origin(), "shape " + test.shapeText() + ", expected [test points ≥ 1, d]");
            }
            List<Double> probe = new ArrayList<>();
            for (double v : probe(arrays, test)) {
                probe.add(v);
            }
            NumpyArrays.Entry train = required(arrays, NpyData.TRAIN_INPUTS);
            NumpyArrays.Entry fisher = required(arrays, NpyData.FISHER_INPUTS);
            sameRows(arrays, train, NpyData.TRAIN_TARGETS, true);
            sameRows(arrays, test, NpyData.TEST_TARGETS, true);
            sameRows(arrays, fisher, NpyData.FISHER_TARGETS, false);
            loader.set("data.train", train.rows());
            loader.set("data.test", test.rows());
            loader.set("data.fisher", fisher.rows());
            loader.set("data.probe", probe);
            boolean initial = manifest.kind() == EnsembleManifest.Kind.MLP
                    ? arrays.find("layer0_weight" + INITIAL).isPresent()
                    : arrays.find(READOUT_WEIGHT + INITIAL).isPresent();
            loader.set("train.epochs", initial ? 1 : 0);
            loader.set("nnft.snapshotEvery", initial ? 1 : 0);
            if (manifest.kind() == EnsembleManifest.Kind.READOUT) {
                NumpyArrays.Entry features = required(arrays, FEATURES_TRAIN);
                if (features.shape().length != 3) {
                    throw new ConfigException(
                            features.origin(),
                            "shape " + features.shapeText() + ", expected [members, training points, features]");
                }
                int layers = loader.hiddenLayerCount();
                if (layers == 0) {
                    throw new ConfigException(
                            "network.hidden",
                            "empty, but a read-out ensemble needs a last hidden layer to carry its feature width");
                }
                loader.set("network.trainable", "last");
                loader.set("network.hidden[" + (layers - 1) + "].width", features.shape()[2]);
            }
            return loader;
        } catch (IOException e) {
            throw new ConfigException("ensemble.importFrom", oneLine(e.getMessage()));
        }
    }

    /**
     * The probe x*: {@code probe_input}, which must be [d] for the d of {@code test}, else the first
     * test input; either must be finite and bounded as data are ({@link DataConfig#MAX_MAGNITUDE}),
     * refused naming the array (the configuration's data.probe is not the user's doing here).
     */
    private static double[] probe(NumpyArrays arrays, NumpyArrays.Entry test) throws IOException {
        int d = test.shape()[1];
        double[] values = new double[d];
        String where;
        NumpyArrays.Entry given = arrays.find(PROBE_INPUT).orElse(null);
        if (given != null) {
            if (given.shape().length != 1 || given.shape()[0] != d) {
                throw new ConfigException(
                        given.origin(),
                        "shape " + given.shapeText() + ", expected [" + d + "] (d = " + d + ", the width of "
                                + NpyData.TEST_INPUTS + ")");
            }
            values = arrays.readAll(PROBE_INPUT);
            where = given.origin();
        } else {
            try (NumpyArrays.RowReader rows = arrays.rows(NpyData.TEST_INPUTS)) {
                rows.next(values);
            }
            where = test.origin() + ": row 0 (the probe, there being no " + PROBE_INPUT + ")";
        }
        for (int i = 0; i < d; i++) {
            if (!(Math.abs(values[i]) <= DataConfig.MAX_MAGNITUDE)) {
                throw new ConfigException(
                        where, "entry " + i + " is " + values[i] + ", allowed " + DataConfig.MAGNITUDE_ALLOWED);
            }
        }
        return values;
    }

    /**
     * Refuses targets of another length than their inputs' rows (the import takes every input, so a
     * longer array of targets would be silently cut); {@code required}: the targets must be there.
     */
    private static void sameRows(NumpyArrays arrays, NumpyArrays.Entry inputs, String targets, boolean required) {
        NumpyArrays.Entry entry =
                required ? required(arrays, targets) : arrays.find(targets).orElse(null);
        if (entry != null && entry.rows() != inputs.rows()) {
            throw new ConfigException(
                    entry.origin(),
                    "shape " + entry.shapeText() + ": " + entry.rows() + " targets, but " + inputs.origin() + " has "
                            + inputs.rows() + " inputs; allowed one target per input");
        }
    }

    /**
     * Opens the ensemble directory of {@code config} ({@code ensemble.importFrom}, relative to
     * {@code baseDirectory}) and checks every array against the configuration and the data; any
     * mismatch is a {@link ConfigException} naming the file and the offending dimension.
     */
    public static ImportedEnsemble open(ExperimentConfig config, DataSets data, Path baseDirectory) {
        Path directory = baseDirectory
                .resolve(config.ensemble().importFrom())
                .toAbsolutePath()
                .normalize();
        EnsembleManifest manifest = manifest(config, baseDirectory);
        if (config.ensemble().members() > manifest.members()) {
            // fewer is a quick look at the first members; more would be members that do not exist
            throw new ConfigException(
                    "ensemble.members",
                    "got " + config.ensemble().members() + ", allowed at most the " + manifest.members()
                            + " members of " + directory.resolve(EnsembleManifest.FILE)
                            + " (fewer imports the first ones)");
        }
        Architecture architecture = Architecture.of(data.inputDimension(), config);
        NumpyArrays arrays;
        try {
            arrays = NumpyArrays.open(directory);
        } catch (IOException e) {
            throw new ConfigException("ensemble.importFrom", oneLine(e.getMessage()));
        }
        boolean opened = false;
        try {
            ImportedEnsemble ensemble = switch (manifest.kind()) {
                case MLP -> mlp(config, manifest, arrays, architecture);
                case READOUT -> readout(config, data, manifest, arrays, architecture);
                case OUTPUTS -> {
                    ImportedEnsemble outputs = new ImportedEnsemble(manifest, arrays, architecture, false, false);
                    OutputsEnsemble.Checked checked = OutputsEnsemble.check(config, data, manifest, arrays);
                    outputs.outputCheckpoints = checked.checkpoints();
                    outputs.probeIndex = checked.probeIndex();
                    yield outputs;
                }
            };
            opened = true;
            return ensemble;
        } catch (IOException e) {
            throw new ConfigException("ensemble.importFrom", oneLine(e.getMessage()));
        } finally {
            if (!opened) {
                closeQuietly(arrays);
            }
        }
    }

    /**
     * The ensemble.json of {@code config}'s ensemble directory ({@code ensemble.importFrom}, relative
     * to {@code baseDirectory}), refused as bad input naming {@code ensemble.importKind} when its kind
     * is not the configuration's: what the run reads as its data depends on it. A configuration
     * without the key (written before it existed) takes an {@code mlp} or {@code readout} directory
     * as it is, but not an {@code outputs} one, whose run is another.
     */
    public static EnsembleManifest manifest(ExperimentConfig config, Path baseDirectory) {
        Path directory = baseDirectory
                .resolve(config.ensemble().importFrom())
                .toAbsolutePath()
                .normalize();
        EnsembleManifest manifest = EnsembleManifest.read(directory);
        EnsembleConfig.ImportKind kind = config.ensemble().importKind();
        boolean agrees = kind == null
                ? manifest.kind() != EnsembleManifest.Kind.OUTPUTS
                : kind.id().equals(manifest.kind().id());
        if (!agrees) {
            throw new ConfigException(
                    "ensemble.importKind",
                    "got " + (kind == null ? "null" : kind.id()) + ", but " + directory.resolve(EnsembleManifest.FILE)
                            + " has kind " + manifest.kind().id() + " (bayesrg import sets both)");
        }
        return manifest;
    }

    public EnsembleManifest manifest() {
        return manifest;
    }

    /** Whether the directory holds the parameters training started from. */
    public boolean hasInitial() {
        return initial;
    }

    /**
     * Member {@code member}'s parameters in the network's layout (layer by layer, weights row-major
     * [outputs][inputs], then the bias): the trained ones, or with {@code initial} the ones training
     * started from. A read-out ensemble has no hidden layers here: its hidden part is zero.
     */
    public double[] parameters(int member, boolean initial) {
        double[] theta = new double[architecture.parameterCount()];
        String suffix = initial ? INITIAL : "";
        try {
            if (manifest.kind() == EnsembleManifest.Kind.READOUT) {
                Layer readout = architecture.readout();
                readRow(READOUT_WEIGHT + suffix, member, theta, readout.offset(), readout.weightCount());
                if (readout.bias()) {
                    readRow(READOUT_BIAS + suffix, member, theta, readout.biasOffset(), 1);
                }
                return theta;
            }
            List<Layer> layers = architecture.layers();
            for (int i = 0; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                readRow("layer" + i + "_weight" + suffix, member, theta, layer.offset(), layer.weightCount());
                if (layer.bias()) {
                    readRow("layer" + i + "_bias" + suffix, member, theta, layer.biasOffset(), layer.outputs());
                }
            }
            return theta;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the members' features are read (a read-out ensemble) rather than computed from their layers. */
    public boolean hasFeatures() {
        return manifest.kind() == EnsembleManifest.Kind.READOUT;
    }

    /**
     * Member {@code member}'s features on {@code inputs}, the first {@code points} of them, into
     * {@code into} (row-major points × N).
     */
    public FeatureMatrix features(int member, Inputs inputs, int points, double[] into) {
        int width = architecture.featureWidth();
        String array = inputs == Inputs.PROBE && probeIsFirstTest ? FEATURES_TEST : inputs.array;
        NumpyArrays.Entry entry = arrays.find(array).orElseThrow();
        double[] row = new double[(int) entry.rowLength()];
        try {
            rows(array).read(member, row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.arraycopy(row, 0, into, 0, points * width);
        return new FeatureMatrix(points, width, into);
    }

    /** Whether the members are known by their outputs alone (kind {@code outputs}): no parameters, no features. */
    public boolean outputsOnly() {
        return manifest.kind() == EnsembleManifest.Kind.OUTPUTS;
    }

    /**
     * Member {@code member}'s outputs on the mesh points, [C][P]: at each checkpoint along training,
     * the last one the trained network (C = 1: the trained network alone), as exported: NaN and ±∞
     * included (such a member counts as diverged).
     */
    public double[][] outputs(int member) {
        if (!outputsOnly()) {
            throw new IllegalStateException("a " + manifest.kind().id() + " ensemble has parameters, not outputs");
        }
        NumpyArrays.Entry entry = arrays.find(OUTPUTS).orElseThrow();
        int points = entry.shape()[entry.shape().length - 1];
        double[] row = new double[(int) entry.rowLength()];
        try {
            rows(OUTPUTS).read(member, row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double[][] outputs = new double[outputCheckpoints][];
        for (int c = 0; c < outputCheckpoints; c++) {
            outputs[c] = Arrays.copyOfRange(row, c * points, (c + 1) * points);
        }
        return outputs;
    }

    /** Which of an outputs ensemble's mesh points (the test inputs) the probe x* is. */
    public int probeIndex() {
        if (!outputsOnly()) {
            throw new IllegalStateException("only an outputs ensemble has its probe among its mesh points");
        }
        return probeIndex;
    }

    @Override
    public void close() throws IOException {
        arrays.close();
    }

    private void readRow(String name, int member, double[] theta, int offset, int length) throws IOException {
        double[] row = new double[length];
        rows(name).read(member, row);
        System.arraycopy(row, 0, theta, offset, length);
    }

    private synchronized NumpyArrays.RandomRows rows(String name) throws IOException {
        NumpyArrays.RandomRows found = rows.get(name);
        if (found == null) {
            found = arrays.randomRows(name);
            rows.put(name, found);
        }
        return found;
    }

    private static ImportedEnsemble mlp(
            ExperimentConfig config, EnsembleManifest manifest, NumpyArrays arrays, Architecture architecture)
            throws IOException {
        int members = manifest.members();
        List<Layer> layers = architecture.layers();
        boolean initial = arrays.find("layer0_weight" + INITIAL).isPresent();
        for (String name : arrays.names()) {
            Matcher m = LAYER_ARRAY.matcher(name);
            if (m.matches() && Integer.parseInt(m.group(1)) >= layers.size()) {
                throw new ConfigException(
                        arrays.find(name).orElseThrow().origin(),
                        "layer " + m.group(1) + " beyond the configured network's " + layers.size()
                                + " layers (network.hidden has " + (layers.size() - 1)
                                + ", then the read-out); give the ensemble's config.yaml or --config");
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String where = i == layers.size() - 1 ? "the read-out" : "network.hidden[" + i + "]";
            for (String suffix : initial ? List.of("", INITIAL) : List.of("")) {
                String weight = "layer" + i + "_weight" + suffix;
                expectShape(arrays, weight, new int[] {members, layer.outputs(), layer.inputs()}, where);
                String bias = "layer" + i + "_bias" + suffix;
                boolean present = arrays.find(bias).isPresent();
                if (present != layer.bias()) {
                    throw new ConfigException(
                            present
                                    ? arrays.find(bias).orElseThrow().origin()
                                    : arrays.directory() + "/" + bias + ".npy",
                            (present ? "present, but " : "missing, but ") + where + " has "
                                    + (layer.bias() ? "a bias" : "no bias")
                                    + " in the configuration ("
                                    + (i == layers.size() - 1 ? "network.outputBias" : where + ".bias") + ")");
                }
                if (present) {
                    expectShape(arrays, bias, new int[] {members, layer.outputs()}, where);
                }
            }
        }
        if (!initial) {
            for (String name : arrays.names()) {
                Matcher m = LAYER_ARRAY.matcher(name);
                if (m.matches() && m.group(3) != null) {
                    throw new ConfigException(
                            arrays.find(name).orElseThrow().origin(),
                            "initial parameters for some layers only: there is no layer0_weight" + INITIAL
                                    + "; give layer{i}_weight_initial (and the biases' layer{i}_bias_initial) for"
                                    + " all layers or none");
                }
            }
        }
        for (String name : arrays.names()) {
            if (LAYER_ARRAY.matcher(name).matches()) {
                finite(arrays, name);
            }
        }
        ImportedEnsemble ensemble = new ImportedEnsemble(manifest, arrays, architecture, initial, false);
        if (initial && config.network().trainable() == NetworkConfig.Trainable.LAST) {
            ensemble.frozenHiddenLayers(layers);
        }
        return ensemble;
    }

    /** Under {@code network.trainable: last} training must have left the hidden layers as they started. */
    private void frozenHiddenLayers(List<Layer> layers) {
        int hiddenEnd = architecture.readoutOffset();
        for (int m = 0; m < manifest.members(); m++) {
            double[] trained = parameters(m, false);
            double[] start = parameters(m, true);
            for (int p = 0; p < hiddenEnd; p++) {
                if (Double.doubleToLongBits(trained[p]) != Double.doubleToLongBits(start[p])) {
                    int layer = 0;
                    while (layers.get(layer).end() <= p) {
                        layer++;
                    }
                    throw new ConfigException(
                            "network.trainable",
                            "got last, but member " + m + "'s layer" + layer + "_weight differs from its layer"
                                    + layer + "_weight_initial: the ensemble trained its hidden layers too;"
                                    + " set network.trainable all");
                }
            }
        }
    }

    private static ImportedEnsemble readout(
            ExperimentConfig config,
            DataSets data,
            EnsembleManifest manifest,
            NumpyArrays arrays,
            Architecture architecture)
            throws IOException {
        if (config.network().trainable() != NetworkConfig.Trainable.LAST) {
            throw new ConfigException(
                    "network.trainable",
                    "got all, allowed only last for a read-out ensemble (its hidden layers are not known)");
        }
        if (config.nnft().mesh() != NnftConfig.Mesh.TEST) {
            throw new ConfigException(
                    "nnft.mesh",
                    "got " + config.nnft().mesh().name().toLowerCase(java.util.Locale.ROOT)
                            + ", allowed only test for a read-out ensemble: its features are known on the test"
                            + " inputs only");
        }
        int members = manifest.members();
        int width = architecture.featureWidth();
        expectShape(arrays, FEATURES_TRAIN, new int[] {members, data.train().size(), width}, "data.train");
        expectShape(arrays, FEATURES_TEST, new int[] {members, data.test().size(), width}, "data.test");
        expectShape(arrays, FEATURES_FISHER, new int[] {members, data.fisher().size(), width}, "data.fisher");
        boolean probe = arrays.find(PROBE_INPUT).isPresent();
        if (probe != arrays.find(FEATURES_PROBE).isPresent()) {
            throw new ConfigException(
                    arrays.directory()
                            .resolve((probe ? FEATURES_PROBE : PROBE_INPUT) + ".npy")
                            .toString(),
                    "missing: " + PROBE_INPUT + " and " + FEATURES_PROBE + " come together (or neither: the probe"
                            + " is then the first test input)");
        }
        if (probe) {
            expectShape(arrays, FEATURES_PROBE, new int[] {members, width}, "data.probe");
        }
        boolean initial = arrays.find(READOUT_WEIGHT + INITIAL).isPresent();
        if (!initial && arrays.find(READOUT_BIAS + INITIAL).isPresent()) {
            throw new ConfigException(
                    arrays.find(READOUT_BIAS + INITIAL).orElseThrow().origin(),
                    "present without " + READOUT_WEIGHT + INITIAL + "; give the initial read-out whole or not at all");
        }
        boolean bias = architecture.readout().bias();
        for (String suffix : initial ? List.of("", INITIAL) : List.of("")) {
            expectShape(arrays, READOUT_WEIGHT + suffix, new int[] {members, width}, "the features' width");
            String biasName = READOUT_BIAS + suffix;
            boolean present = arrays.find(biasName).isPresent();
            if (present != bias) {
                throw new ConfigException(
                        "network.outputBias",
                        "got " + bias + ", but " + arrays.directory() + " " + (present ? "has " : "has no ")
                                + biasName);
            }
            if (present) {
                expectShape(arrays, biasName, new int[] {members}, "ensemble.json's members");
            }
        }
        for (String name : List.of(
                FEATURES_TRAIN,
                FEATURES_TEST,
                FEATURES_FISHER,
                FEATURES_PROBE,
                READOUT_WEIGHT,
                READOUT_BIAS,
                READOUT_WEIGHT + INITIAL,
                READOUT_BIAS + INITIAL)) {
            if (arrays.find(name).isPresent()) {
                finite(arrays, name);
            }
        }
        return new ImportedEnsemble(manifest, arrays, architecture, initial, !probe);
    }

    private static void expectShape(NumpyArrays arrays, String name, int[] expected, String configured) {
        NumpyArrays.Entry entry = required(arrays, name);
        int[] shape = entry.shape();
        if (shape.length != expected.length) {
            throw new ConfigException(
                    entry.origin(),
                    "shape " + entry.shapeText() + " has " + shape.length + " dimensions, expected "
                            + Arrays.toString(expected));
        }
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != expected[d]) {
                throw new ConfigException(
                        entry.origin(),
                        "shape " + entry.shapeText() + ", expected " + Arrays.toString(expected) + ": dimension "
                                + d + " is " + shape[d] + ", but "
                                + (d == 0
                                        ? "ensemble.json has " + expected[0] + " members"
                                        : configured + " gives " + expected[d]));
            }
        }
    }

    /** Reads every row of array {@code name}, refusing NaN and ±∞ with the member and position. */
    private static void finite(NumpyArrays arrays, String name) throws IOException {
        NumpyArrays.Entry entry = arrays.find(name).orElseThrow();
        double[] row = new double[(int) entry.rowLength()];
        try (NumpyArrays.RowReader reader = arrays.rows(name)) {
            for (int m = 0; m < entry.rows(); m++) {
                reader.next(row);
                for (int i = 0; i < row.length; i++) {
                    if (!Double.isFinite(row[i])) {
                        throw new ConfigException(
                                entry.origin(),
                                "member " + m + " has " + row[i] + " at flat index " + i
                                        + "; allowed finite numbers (leave out a member that diverged)");
                    }
                }
            }
        }
    }

    static NumpyArrays.Entry required(NumpyArrays arrays, String name) {
        return arrays.find(name)
                .orElseThrow(() -> new ConfigException(
                        arrays.directory().resolve(name + ".npy").toString(),
                        "missing (" + name + ".npy, or an entry of a .npz archive; docs/import.md)"));
    }

    private static void closeQuietly(NumpyArrays arrays) {
        try {
            arrays.close();
        } catch (IOException e) {
            // the failure being reported matters more than one in closing
        }
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }
}
