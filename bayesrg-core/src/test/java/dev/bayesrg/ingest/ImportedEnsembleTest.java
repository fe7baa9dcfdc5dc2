package dev.bayesrg.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataFactory;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.io.Npy;
import dev.bayesrg.io.NumpyWriter;
import dev.bayesrg.run.EnsembleExport;
import dev.bayesrg.run.Experiment;
import dev.bayesrg.run.ExperimentRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An ensemble directory (docs/import.md) broken one way at a time, starting from a valid one that a
 * small bayesrg run exports ({@link EnsembleExport}): every problem is a {@link ConfigException}
 * whose one line names the file (or the config key) and the offending dimension or value, raised
 * before anything is written. And the ways of writing the same numbers (float32, big-endian,
 * Fortran order, {@code .npz} archives stored or deflated) give bit-identical runs.
 */
class ImportedEnsembleTest {
    /** Members, and the widths of the hidden layers: layer i of the network maps IN_i to OUT_i. */
    private static final int M = 3;

    private static final int N = 4;

    /** Three hidden layers (3, 3, N) on d = 2 inputs, read-out trained, six training points. */
    static ConfigLayers small() {
        return ConfigLayers.of(Preset.PAPER)
                .withMembers(M)
                .withWidth(N)
                .withEpochs(3)
                .with("network.hidden[0].width=3")
                .with("network.hidden[1].width=3")
                .with("data.train=6")
                .with("data.test=5")
                .with("data.fisher=4")
                .with("fisher.geometryMembers=1")
                .with("nnft.points=4");
    }

    @TempDir
    static Path exported;

    /** A valid mlp ensemble directory (trained and initial weights of layers 0 to 3, no biases). */
    static Path mlp;

    /** A valid readout ensemble directory (features, read-out weights, probe_input and features_probe). */
    static Path readout;

    @TempDir
    Path tmp;

    @BeforeAll
    static void export() throws IOException {
        ExperimentConfig config = small().resolve();
        mlp = exported.resolve("mlp");
        EnsembleExport.mlp(config, mlp);
        readout = exported.resolve("readout");
        EnsembleExport.readout(config, readout);
    }

    /** A copy of {@code source} to break. */
    private Path copy(Path source) throws IOException {
        Path target = tmp.resolve("ensemble");
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    /** Settles {@code layers} on {@code directory}, then {@code after} (keys a config file would set), and loads. */
    private static ExperimentConfig settle(ConfigLayers layers, Path directory, Consumer<ConfigLoader> after) {
        ConfigLoader loader = ImportedEnsemble.settle(layers.loader(), directory);
        after.accept(loader);
        return loader.load();
    }

    /** The whole import up to the first computation: the configuration, the data, every array checked. */
    private static void open(ConfigLayers layers, Path directory, Consumer<ConfigLoader> after) throws IOException {
        ExperimentConfig config = settle(layers, directory, after);
        DataSets data = Experiment.prepareData(config, Path.of(""));
        ImportedEnsemble.open(config, data, Path.of("")).close();
    }

    /** The refusal of importing {@code directory} with {@code layers}, checked to be one line naming every part. */
    private static ConfigException refusal(
            ConfigLayers layers, Path directory, Consumer<ConfigLoader> after, String... named) {
        ConfigException e = assertThrows(ConfigException.class, () -> open(layers, directory, after));
        assertNames(e, named);
        return e;
    }

    /** The refusal of settling the configuration on {@code directory}, checked as {@link #refusal} checks. */
    private static void settleRefusal(Path directory, String... named) {
        assertNames(
                assertThrows(ConfigException.class, () -> ImportedEnsemble.settle(small().loader(), directory)), named);
    }

    private static ConfigException refusal(Path directory, String... named) {
        return refusal(small(), directory, loader -> {}, named);
    }

    private static void assertNames(ConfigException e, String... named) {
        String message = e.getMessage();
        for (String part : named) {
            assertTrue(message.contains(part), () -> "names " + part + ": " + message);
        }
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "one line: " + message);
    }

    /** Rewrites the float64 C-order array {@code name} of {@code directory}, its values changed in place. */
    private static void edit(Path directory, String name, Consumer<double[]> change) throws IOException {
        Path file = directory.resolve(name + ".npy");
        Npy.Array array = Npy.read(file);
        double[] values = array.values().clone();
        change.accept(values);
        Npy.write(file, values, array.shape());
    }

    /** Rewrites array {@code name} with another shape: its values cut or padded (with 0.5) to fit. */
    private static void reshape(Path directory, String name, int... shape) throws IOException {
        Path file = directory.resolve(name + ".npy");
        double[] values = Npy.read(file).values();
        int count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] resized = Arrays.copyOf(values, count);
        Arrays.fill(resized, Math.min(values.length, count), count, 0.5);
        Npy.write(file, resized, shape);
    }

    private static void manifest(Path directory, String json) throws IOException {
        Files.writeString(directory.resolve(EnsembleManifest.FILE), json);
    }

    // ---- the valid directories import ----

    @Test
    void theExportedDirectoriesImportAsTheyAre() throws IOException {
        open(small(), mlp, loader -> {});
        open(small(), readout, loader -> {});
    }

    // ---- per-member arrays against the configuration ----

    @Test
    void anArrayWithOneMemberTooFewIsRefusedNamingItAndTheMemberCount() throws IOException {
        Path dir = copy(mlp);
        reshape(dir, "layer1_weight", M - 1, 3, 3);
        refusal(dir, "layer1_weight.npy", "dimension 0 is " + (M - 1), M + " members");
    }

    @Test
    void aLayerWiderThanTheConfiguredHiddenLayerIsRefusedNamingTheArrayAndTheWidth() throws IOException {
        // the arrays have width 3 in hidden layer 1; the configuration says 2
        refusal(
                small().with("network.hidden[1].width=2"),
                mlp,
                loader -> {},
                "layer1_weight.npy",
                "dimension 1 is 3",
                "network.hidden[1] gives 2");
    }

    @Test
    void aWeightArrayOfTheWrongRankIsRefusedNamingIt() throws IOException {
        Path dir = copy(mlp);
        reshape(dir, "layer2_weight", M, N * 3);
        refusal(dir, "layer2_weight.npy", "2 dimensions", "[" + M + ", " + N + ", 3]");
    }

    @Test
    void aMissingBiasArrayIsRefusedNamingItAndTheConfigKey() throws IOException {
        refusal(
                small().with("network.hidden[0].bias=true"),
                mlp,
                loader -> {},
                "layer0_bias.npy",
                "missing",
                "network.hidden[0].bias");
    }

    @Test
    void aBiasArrayTheConfigurationDoesNotHaveIsRefusedNamingItAndTheConfigKey() throws IOException {
        Path dir = copy(mlp);
        Npy.write(dir.resolve("layer3_bias.npy"), new double[M], M, 1);
        refusal(dir, "layer3_bias.npy", "present", "network.outputBias");
    }

    @Test
    void aBiasArrayOfTheWrongWidthIsRefusedNamingIt() throws IOException {
        Path dir = copy(mlp);
        Npy.write(dir.resolve("layer1_bias.npy"), new double[M * 4], M, 4);
        Npy.write(dir.resolve("layer1_bias_initial.npy"), new double[M * 3], M, 3);
        refusal(
                small().with("network.hidden[1].bias=true"),
                dir,
                loader -> {},
                "layer1_bias.npy",
                "dimension 1 is 4",
                "network.hidden[1] gives 3");
    }

    @Test
    void aLayerBeyondTheArchitectureIsRefusedNamingIt() throws IOException {
        Path dir = copy(mlp);
        Npy.write(dir.resolve("layer4_weight.npy"), new double[M], M, 1, 1);
        refusal(dir, "layer4_weight.npy", "layer 4", "network.hidden has 3");
    }

    @Test
    void initialWeightsMissingForOneLayerAreRefusedNamingIt() throws IOException {
        Path dir = copy(mlp);
        Files.delete(dir.resolve("layer2_weight_initial.npy"));
        refusal(dir, "layer2_weight_initial.npy", "missing");
    }

    @Test
    void initialWeightsForSomeLayersOnlyAreRefusedNamingOneOfThem() throws IOException {
        Path dir = copy(mlp);
        Files.delete(dir.resolve("layer0_weight_initial.npy"));
        refusal(dir, "layer1_weight_initial.npy", "some layers only");
    }

    @Test
    void anInitialBiasWithoutInitialWeightsIsRefusedNamingIt() throws IOException {
        Path dir = copy(mlp);
        for (int i = 0; i < 4; i++) {
            Files.delete(dir.resolve("layer" + i + "_weight_initial.npy"));
        }
        Npy.write(dir.resolve("layer1_bias_initial.npy"), new double[M * 3], M, 3);
        refusal(small().with("network.hidden[1].bias=true"), withBias(dir, 1, 3), loader -> {}, "layer1_bias_initial");
    }

    /** Adds a zero trained bias to hidden layer {@code layer} of width {@code width}. */
    private static Path withBias(Path dir, int layer, int width) throws IOException {
        Npy.write(dir.resolve("layer" + layer + "_bias.npy"), new double[M * width], M, width);
        return dir;
    }

    @Test
    void anInitialBiasOfALayerWithoutBiasIsRefusedNamingIt() throws IOException {
        Path dir = copy(mlp);
        Npy.write(dir.resolve("layer0_bias_initial.npy"), new double[M * 3], M, 3);
        refusal(dir, "layer0_bias_initial.npy", "network.hidden[0].bias");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void aNonFiniteWeightIsRefusedNamingTheArrayAndTheMember(double value) throws IOException {
        Path dir = copy(mlp);
        // member 2's weight [1][2] of hidden layer 1: flat index 1 * 3 + 2 = 5 of its row
        edit(dir, "layer1_weight", w -> w[2 * 9 + 5] = value);
        refusal(dir, "layer1_weight.npy", "member 2", String.valueOf(value), "flat index 5");
    }

    @Test
    void aNonFiniteInitialWeightIsRefusedNamingTheArrayAndTheMember() throws IOException {
        Path dir = copy(mlp);
        edit(dir, "layer3_weight_initial", w -> w[1 * N] = Double.NaN);
        refusal(dir, "layer3_weight_initial.npy", "member 1", "NaN");
    }

    @Test
    void aDamagedArchiveIsRefusedNamingTheEntryNotReadAsOtherWeights() throws IOException {
        Path dir = copy(mlp);
        byte[] npy = Files.readAllBytes(dir.resolve("layer1_weight.npy"));
        Files.delete(dir.resolve("layer1_weight.npy"));
        NumpyWriter.npz(dir.resolve("weights.npz"), Map.of("layer1_weight.npy", npy), false);
        byte[] zip = Files.readAllBytes(dir.resolve("weights.npz"));
        int at = indexOf(zip, npy) + npy.length - 3; // a high byte of the last weight, stored as it is
        zip[at] ^= 0x10;
        Files.write(dir.resolve("weights.npz"), zip);
        refusal(dir, "weights.npz:layer1_weight.npy", "CRC-32");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void hiddenLayersThatTrainedUnderTrainableLastAreRefusedNamingTheMemberAndTheLayer() throws IOException {
        Path dir = copy(mlp);
        edit(dir, "layer0_weight", w -> w[1 * 6 + 4] += 1e-3);
        ConfigException e = refusal(dir, "member 1", "layer0_weight", "layer0_weight_initial");
        assertEquals("network.trainable", e.field());
    }

    @Test
    void hiddenLayersThatTrainedImportUnderTrainableAll() throws IOException {
        Path dir = copy(mlp);
        edit(dir, "layer0_weight", w -> w[1 * 6 + 4] += 1e-3);
        open(small().with("network.trainable=all"), dir, loader -> {});
    }

    // ---- ensemble.json ----

    @Test
    void aMissingManifestIsRefusedNamingIt() throws IOException {
        Path dir = copy(mlp);
        Files.delete(dir.resolve("ensemble.json"));
        settleRefusal(dir, "ensemble.json", "missing");
    }

    @Test
    void aMissingDirectoryIsRefusedNamingIt() {
        Path dir = tmp.resolve("nowhere");
        settleRefusal(dir, "nowhere", "not a directory");
    }

    static Stream<Arguments> badManifests() {
        String good = "\"format\": \"bayesrg-ensemble\", \"format_version\": 1, \"kind\": \"mlp\"";
        return Stream.of(
                Arguments.of("{\"format\": \"bayesrg-ensemble\",", "not readable JSON"),
                Arguments.of("[1, 2]", "JSON object"),
                Arguments.of(
                        "{\"format\": \"npz\", \"format_version\": 1, \"kind\": \"mlp\", \"members\": 3}",
                        "format: got npz"),
                Arguments.of("{\"format_version\": 1, \"kind\": \"mlp\", \"members\": 3}", "format: missing"),
                Arguments.of(
                        "{\"format\": \"bayesrg-ensemble\", \"format_version\": 2, \"kind\": \"mlp\", \"members\": 3}",
                        "format_version: got 2"),
                Arguments.of(
                        "{\"format\": \"bayesrg-ensemble\", \"format_version\": \"1\", \"kind\": \"mlp\", \"members\": 3}",
                        "format_version: got \"1\""),
                Arguments.of(
                        "{\"format\": \"bayesrg-ensemble\", \"format_version\": 1, \"kind\": \"cnn\", \"members\": 3}",
                        "kind: got cnn"),
                Arguments.of("{" + good + ", \"members\": \"3\"}", "members: got \"3\""),
                Arguments.of("{" + good + ", \"members\": 2.5}", "members: got 2.5"),
                Arguments.of("{" + good + ", \"members\": 0}", "members: got 0"),
                Arguments.of("{" + good + "}", "members: got null"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badManifests")
    void aMalformedManifestIsRefusedNamingItsFileAndKey(String json, String named) throws IOException {
        Path dir = copy(mlp);
        manifest(dir, json);
        settleRefusal(dir, "ensemble.json", named);
    }

    @Test
    void aManifestCountingOtherMembersThanTheArraysIsRefusedNamingTheFirstArray() throws IOException {
        Path dir = copy(mlp);
        manifest(dir, "{\"format\": \"bayesrg-ensemble\", \"format_version\": 1, \"kind\": \"mlp\", \"members\": 2}");
        refusal(dir, "layer0_weight.npy", "dimension 0 is " + M, "ensemble.json has 2 members");
    }

    @Test
    void aConfigurationCountingOtherMembersThanTheManifestIsRefusedNamingBoth() throws IOException {
        ConfigException e = refusal(small(), mlp, loader -> loader.set("ensemble.members", 5), "ensemble.json");
        assertEquals("ensemble.members", e.field());
    }

    @Test
    void aReadoutManifestOverMlpArraysIsRefusedNamingAMissingFeatureArray() throws IOException {
        Path dir = copy(mlp);
        manifest(
                dir,
                "{\"format\": \"bayesrg-ensemble\", \"format_version\": 1, \"kind\": \"readout\", \"members\": 3}");
        assertNames(
                assertThrows(ConfigException.class, () -> open(small(), dir, loader -> {})),
                "features_train.npy",
                "missing");
    }

    // ---- kind readout ----

    @Test
    void readoutWeightsOfAnotherWidthThanTheFeaturesAreRefusedNamingThem() throws IOException {
        Path dir = copy(readout);
        reshape(dir, "readout_weight", M, N + 1);
        refusal(dir, "readout_weight.npy", "dimension 1 is " + (N + 1), "gives " + N);
    }

    @Test
    void testFeaturesOfAnotherWidthThanTheTrainingFeaturesAreRefusedNamingThem() throws IOException {
        Path dir = copy(readout);
        reshape(dir, "features_test", M, 5, N - 1);
        refusal(dir, "features_test.npy", "dimension 2 is " + (N - 1), "gives " + N);
    }

    @Test
    void featuresOnOtherPointsThanTheDataAreRefusedNamingThemAndTheDataKey() throws IOException {
        Path dir = copy(readout);
        reshape(dir, "features_fisher", M, 3, N);
        refusal(dir, "features_fisher.npy", "dimension 1 is 3", "data.fisher gives 4");
    }

    @Test
    void aProbeInputWithoutProbeFeaturesIsRefusedNamingTheMissingArray() throws IOException {
        Path dir = copy(readout);
        Files.delete(dir.resolve("features_probe.npy"));
        refusal(dir, "features_probe.npy", "missing", "probe_input");
    }

    @Test
    void probeFeaturesWithoutAProbeInputAreRefusedNamingTheMissingArray() throws IOException {
        Path dir = copy(readout);
        Files.delete(dir.resolve("probe_input.npy"));
        refusal(dir, "probe_input.npy", "missing", "features_probe");
    }

    @Test
    void aReadoutBiasTheConfigurationDoesNotHaveIsRefusedNamingIt() throws IOException {
        Path dir = copy(readout);
        Npy.write(dir.resolve("readout_bias.npy"), new double[M], M);
        ConfigException e = refusal(dir, "readout_bias");
        assertEquals("network.outputBias", e.field());
    }

    @Test
    void anInitialReadoutBiasWithoutInitialReadoutWeightsIsRefusedNamingIt() throws IOException {
        Path dir = copy(readout);
        Npy.write(dir.resolve("readout_bias.npy"), new double[M], M);
        Npy.write(dir.resolve("readout_bias_initial.npy"), new double[M], M);
        refusal(
                small().with("network.outputBias=true"),
                dir,
                loader -> {},
                "readout_bias_initial.npy",
                "readout_weight_initial");
    }

    @Test
    void initialReadoutWeightsOfAnotherWidthAreRefusedNamingThem() throws IOException {
        Path dir = copy(readout);
        Npy.write(dir.resolve("readout_weight_initial.npy"), new double[M * (N - 1)], M, N - 1);
        refusal(dir, "readout_weight_initial.npy", "dimension 1 is " + (N - 1));
    }

    @Test
    void everyLayerTrainableIsRefusedForAReadoutEnsemble() {
        ConfigException e =
                refusal(small(), readout, loader -> loader.set("network.trainable", "all"), "got all", "read-out");
        assertEquals("network.trainable", e.field());
    }

    @Test
    void aMeshOtherThanTheTestInputsIsRefusedForAReadoutEnsemble() {
        ConfigException e = refusal(
                small().with("nnft.mesh=line").with("nnft.line={from: [0.0, 0.0], to: [1.0, 1.0], points: 4}"),
                readout,
                loader -> {},
                "got line",
                "test");
        assertEquals("nnft.mesh", e.field());
    }

    @Test
    void aNonFiniteFeatureIsRefusedNamingTheArrayAndTheMember() throws IOException {
        Path dir = copy(readout);
        edit(dir, "features_test", f -> f[2 * 5 * N + 7] = Double.NaN);
        refusal(dir, "features_test.npy", "member 2", "flat index 7");
    }

    // ---- the data ----

    @Test
    void fewerTrainingTargetsThanInputsAreRefusedNamingThem() throws IOException {
        Path dir = copy(mlp);
        reshape(dir, "train_targets", 5);
        refusal(dir, "train_targets.npy", "5 targets", "train_inputs.npy has 6 inputs");
    }

    @Test
    void moreTestTargetsThanInputsAreRefusedNamingThem() throws IOException {
        Path dir = copy(mlp);
        reshape(dir, "test_targets", 6);
        refusal(dir, "test_targets.npy", "6 targets", "test_inputs.npy has 5 inputs");
    }

    @Test
    void inputsOfAnotherDimensionAreRefusedNamingThem() throws IOException {
        Path dir = copy(mlp);
        reshape(dir, "train_inputs", 6, 3);
        refusal(dir, "train_inputs.npy", "[6, 3]", "[points, 2]");
    }

    @Test
    void aProbeInputOfAnotherDimensionIsRefusedNamingIt() throws IOException {
        Path dir = copy(mlp);
        reshape(dir, "probe_input", 3);
        settleRefusal(dir, "probe_input.npy", "[3]", "[2]");
    }

    @Test
    void aNonFiniteTrainingInputIsRefusedNamingTheArrayAndTheRow() throws IOException {
        Path dir = copy(mlp);
        edit(dir, "train_inputs", x -> x[2 * 2 + 1] = Double.NaN);
        refusal(dir, "train_inputs.npy", "row 2", "NaN");
    }

    @Test
    void aNonFiniteTargetIsRefusedNamingTheArrayAndTheRow() throws IOException {
        Path dir = copy(mlp);
        edit(dir, "test_targets", y -> y[4] = Double.POSITIVE_INFINITY);
        refusal(dir, "test_targets.npy", "row 4", "Infinity");
    }

    @Test
    void aNonFiniteProbeIsRefusedNamingItsArray() throws IOException {
        Path dir = copy(mlp);
        edit(dir, "probe_input", x -> x[1] = Double.NaN);
        settleRefusal(dir, "probe_input.npy", "NaN");
    }

    @Test
    void aNonFiniteFirstTestInputIsRefusedNamingItsArrayWhenItIsTheProbe() throws IOException {
        Path dir = copy(mlp);
        Files.delete(dir.resolve("probe_input.npy"));
        edit(dir, "test_inputs", x -> x[0] = Double.NaN);
        assertNames(
                assertThrows(ConfigException.class, () -> open(small(), dir, loader -> {})), "test_inputs.npy", "NaN");
    }

    @Test
    void aMissingDataArrayIsRefusedNamingIt() throws IOException {
        Path dir = copy(mlp);
        Files.delete(dir.resolve("fisher_inputs.npy"));
        settleRefusal(dir, "fisher_inputs", "missing");
    }

    // ---- data.source: npy on its own ----

    private static DataSets npyData(Path directory) {
        ExperimentConfig config = ConfigLayers.of(Preset.PAPER)
                .with("data.source=npy")
                .with("data.directory=" + directory)
                .with("data.train=6")
                .with("data.test=5")
                .with("data.fisher=4")
                .resolve();
        return DataFactory.build(config.data(), RandomSource.XO_RO_SHI_RO_128_PP.create(1L), Path.of(""));
    }

    @Test
    void npyDataFromAMissingDirectoryIsRefusedNamingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> npyData(tmp.resolve("absent")));
        assertNames(e, "absent", "not a directory");
        assertEquals("data.directory", e.field());
    }

    @Test
    void npyDataWithoutOneOfItsArraysIsRefusedNamingIt() throws IOException {
        Path dir = copy(mlp);
        Files.delete(dir.resolve("test_targets.npy"));
        ConfigException e = assertThrows(ConfigException.class, () -> npyData(dir));
        assertNames(e, "test_targets");
        assertEquals("data.directory", e.field());
    }

    @Test
    void npyDataWithTooFewRowsIsRefusedNamingTheArrayAndTheCount() throws IOException {
        Path dir = copy(mlp);
        reshape(dir, "fisher_inputs", 3, 2);
        assertNames(assertThrows(ConfigException.class, () -> npyData(dir)), "fisher_inputs.npy", "data.fisher = 4");
    }

    @Test
    void npyDataReadsTheSetsInOrder() throws IOException {
        DataSets data = npyData(mlp);
        double[] inputs = Npy.read(mlp.resolve("test_inputs.npy")).values();
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(
                    Arrays.copyOfRange(inputs, 2 * i, 2 * i + 2), data.test().inputs()[i]);
        }
        assertArrayEquals(
                Npy.read(mlp.resolve("train_targets.npy")).values(),
                data.train().targets());
    }

    // ---- nothing is written on failure ----

    enum Breakage {
        NAN_WEIGHT,
        WRONG_WIDTH,
        NAN_INPUT,
        BIAS_BEYOND_CONFIG
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Breakage.class)
    void aRunOfABadImportIsRefusedBeforeItsDirectoryExists(Breakage breakage) throws Exception {
        Path dir = copy(mlp);
        switch (breakage) {
            case NAN_WEIGHT -> edit(dir, "layer2_weight", w -> w[0] = Double.NaN);
            case WRONG_WIDTH -> reshape(dir, "layer3_weight", M, 1, N + 1);
            case NAN_INPUT -> edit(dir, "fisher_inputs", x -> x[3] = Double.NaN);
            case BIAS_BEYOND_CONFIG -> Npy.write(dir.resolve("layer2_bias.npy"), new double[M * N], M, N);
        }
        ExperimentConfig config = settle(small(), dir, loader -> {});
        Path run = tmp.resolve("run");
        assertThrows(
                ConfigException.class, () -> ExperimentRun.of(config).threads(1).writeTo(run));
        assertFalse(Files.exists(run), "nothing written");
    }

    // ---- the same numbers written other ways give the same run ----

    /** How the arrays are written: dtype, order, format version, container. */
    enum Writing {
        FLOAT64("<f8", false, 1, Container.NPY),
        FLOAT32("<f4", false, 1, Container.NPY),
        FLOAT32_BIG_ENDIAN(">f4", false, 2, Container.NPY),
        FLOAT64_BIG_ENDIAN(">f8", false, 3, Container.NPY),
        FORTRAN("<f8", true, 1, Container.NPY),
        NPZ_STORED("<f8", false, 1, Container.NPZ_STORED),
        NPZ_DEFLATED("<f8", false, 1, Container.NPZ_DEFLATED),
        FLOAT32_FORTRAN_NPZ(">f4", true, 3, Container.NPZ_DEFLATED);

        final String descr;
        final boolean fortran;
        final int version;
        final Container container;

        Writing(String descr, boolean fortran, int version, Container container) {
            this.descr = descr;
            this.fortran = fortran;
            this.version = version;
            this.container = container;
        }
    }

    enum Container {
        NPY,
        NPZ_STORED,
        NPZ_DEFLATED
    }

    /**
     * {@code source}'s arrays, every value rounded to float32 (so that float32 holds them exactly),
     * written as {@code writing} says into {@code target}.
     */
    private static Path rewrite(Path source, Writing writing, Path target) throws IOException {
        Files.createDirectories(target);
        Files.copy(source.resolve(EnsembleManifest.FILE), target.resolve(EnsembleManifest.FILE));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(source)) {
            files = listing.filter(f -> f.toString().endsWith(".npy")).sorted().toList();
        }
        for (Path file : files) {
            Npy.Array array = Npy.read(file);
            double[] values = array.values().clone();
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) values[i];
            }
            byte[] bytes = NumpyWriter.npy(
                    writing.descr, writing.fortran && array.shape().length > 1, writing.version, array.shape(), values);
            String name = file.getFileName().toString();
            if (writing.container == Container.NPY) {
                Files.write(target.resolve(name), bytes);
            } else {
                entries.put(name, bytes);
            }
        }
        if (writing.container != Container.NPY) {
            NumpyWriter.npz(target.resolve("ensemble.npz"), entries, writing.container == Container.NPZ_DEFLATED);
        }
        return target;
    }

    /** The files of a run that depend on nothing but its arithmetic. */
    private static final List<String> SAME_FILES = List.of(
            "predictions.npy",
            "fisher.npy",
            "cutoffs.npy",
            "readout.npy",
            "mesh_outputs.npy",
            "mesh_training.npy",
            "fisher_spectrum.npy",
            "fisher_geometry.npy",
            "test_inputs.npy",
            "test_targets.npy",
            "mesh_inputs.npy",
            "flow.csv",
            "members.csv");

    private Path run(Path ensemble, String name) throws Exception {
        ExperimentConfig config = settle(small(), ensemble, loader -> {});
        return ExperimentRun.of(config).threads(1).writeTo(tmp.resolve(name)).directory();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Writing.class, names = "FLOAT64", mode = EnumSource.Mode.EXCLUDE)
    void anMlpEnsembleWrittenAnotherWayGivesTheSameRun(Writing writing) throws Exception {
        assertSameRun(mlp, writing);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Writing.class,
            names = {"FLOAT32", "FORTRAN", "NPZ_STORED", "FLOAT32_FORTRAN_NPZ"})
    void aReadoutEnsembleWrittenAnotherWayGivesTheSameRun(Writing writing) throws Exception {
        assertSameRun(readout, writing);
    }

    private void assertSameRun(Path source, Writing writing) throws Exception {
        Path plain = run(rewrite(source, Writing.FLOAT64, tmp.resolve("plain")), "plain-run");
        Path other = run(rewrite(source, writing, tmp.resolve("other")), "other-run");
        int compared = 0;
        for (String file : SAME_FILES) {
            assertEquals(Files.exists(plain.resolve(file)), Files.exists(other.resolve(file)), file);
            if (Files.exists(plain.resolve(file))) {
                assertArrayEquals(
                        Files.readAllBytes(plain.resolve(file)), Files.readAllBytes(other.resolve(file)), file);
                compared++;
            }
        }
        assertTrue(compared >= 8, "compared " + compared + " files");
    }
}
