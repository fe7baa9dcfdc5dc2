package dev.bayesrg.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.activation.Activation;
import dev.bayesrg.activation.CustomActivation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Building, binding and validating configurations, and the errors users see. */
class ConfigLoaderTest {

    private static ConfigException loadFails(String... assignments) {
        ConfigLoader loader = ConfigLoader.fromPreset(Preset.PAPER);
        return assertThrows(ConfigException.class, () -> {
            for (String a : assignments) {
                loader.with(a);
            }
            loader.load();
        });
    }

    // ----- presets -----

    @Test
    void paperPresetMatchesSpecTableA3() {
        ExperimentConfig c = ConfigLoader.fromPreset(Preset.PAPER).load();
        assertEquals(List.of(1.0, 1.0), c.data().inputMean());
        assertEquals(List.of(List.of(1.0, 0.0), List.of(0.0, 1.0)), c.data().inputCovariance());
        assertEquals(200, c.data().train());
        assertEquals(200, c.data().fisher());
        assertEquals(
                List.of(10, 10, 2048),
                c.network().hidden().stream().map(LayerConfig::width).toList());
        assertEquals(
                List.of(Activation.IDENTITY, Activation.RELU, Activation.RELU),
                c.network().hidden().stream().map(LayerConfig::activation).toList());
        assertEquals(TrainConfig.Optimizer.GD, c.train().optimizer());
        assertEquals(1e-6, c.train().learningRate());
        assertEquals(1000, c.train().epochs());
        assertEquals(25, c.brg().cutoffs().size());
        assertEquals(1e-4, c.brg().cutoffs().get(0));
        assertEquals(1e5, c.brg().cutoffs().get(24));
        assertEquals(512, c.ensemble().members());
        assertEquals(List.of(1.0, 1.0), c.data().probe());
    }

    @Test
    void referenceCodePresetChangesOnlyOptimizerWidthAndFisherInputs() {
        ExperimentConfig paper = ConfigLoader.fromPreset(Preset.PAPER).load();
        ExperimentConfig ref = ConfigLoader.fromPreset(Preset.REFERENCE_CODE).load();
        assertEquals(TrainConfig.Optimizer.SGD, ref.train().optimizer());
        assertEquals(2000, ref.network().hidden().get(2).width());
        assertEquals(10, ref.data().fisher());
        assertEquals(paper.brg(), ref.brg());
        assertEquals(paper.ensemble(), ref.ensemble());
        assertEquals(paper.train().learningRate(), ref.train().learningRate());
    }

    // ----- unknown keys -----

    @Test
    void unknownKeyNamesItsPathAndSuggestsTheClosestKnownKey() {
        ConfigException e = loadFails("train.learningrate=0.1");
        assertEquals("train.learningrate", e.field());
        assertTrue(e.getMessage().contains("train.learningrate"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'learningRate'"), e.getMessage());
    }

    @Test
    void unknownKeyInsideListElementNamesIndexedPath() {
        ConfigException e = loadFails("network.hidden[1].widht=5");
        assertEquals("network.hidden[1].widht", e.field());
        assertTrue(e.getMessage().contains("did you mean 'width'"), e.getMessage());
    }

    @Test
    void unknownSectionSuggestsTheClosestSection() {
        ConfigException e = loadFails("trian.epochs=3");
        assertEquals("trian", e.field());
        assertTrue(e.getMessage().contains("did you mean 'train'"), e.getMessage());
    }

    @Test
    void unknownKeyFarFromAnyKnownKeyListsKnownKeysWithoutSuggestion() {
        ConfigException e = loadFails("train.zzzzzzzzzzzz=1");
        assertEquals("train.zzzzzzzzzzzz", e.field());
        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
    }

    // ----- enums -----

    static Stream<Arguments> badEnums() {
        return Stream.of(
                Arguments.of("train.optimizer=adam", "train.optimizer", List.of("gd", "sgd")),
                Arguments.of(
                        "network.hidden[0].activation=sigmoid",
                        "network.hidden[0].activation",
                        List.of("identity", "relu", "tanh", "erf", "cos", "gelu")),
                Arguments.of(
                        "network.outputActivation=softmax",
                        "network.outputActivation",
                        List.of("identity", "relu", "tanh", "erf", "cos", "gelu")),
                Arguments.of("brg.mode=prune", "brg.mode", List.of("resample-prior", "zero", "gaussian")),
                Arguments.of("brg.basis=hessian", "brg.basis", List.of("diagonal", "eigen")),
                Arguments.of("brg.scope=hidden", "brg.scope", List.of("readout", "all")),
                Arguments.of("network.init.scheme=xavier", "network.init.scheme", List.of("normal", "fan-in")),
                Arguments.of("network.trainable=first", "network.trainable", List.of("last", "all")),
                Arguments.of("data.source=parquet", "data.source", List.of("gaussian", "csv")),
                Arguments.of("data.target=cubic", "data.target", List.of("quadratic", "sin", "linear", "rosenbrock")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEnums")
    void wrongEnumValueListsTheAllowedValues(String assignment, String field, List<String> allowed) {
        ConfigException e = loadFails(assignment);
        assertEquals(field, e.field());
        String value = assignment.substring(assignment.indexOf('=') + 1);
        assertTrue(e.getMessage().contains(value), e.getMessage());
        for (String a : allowed) {
            assertTrue(e.getMessage().contains(a), "message lacks '" + a + "': " + e.getMessage());
        }
    }

    // ----- activations -----

    static Stream<Activation> namedActivations() {
        return Activation.all().stream();
    }

    /** Every named activation reads from its id and is written back as it, in YAML and in JSON. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("namedActivations")
    void everyNamedActivationIsReadAndWrittenAsItsId(Activation activation) {
        ExperimentConfig c = ConfigLoader.fromPreset(Preset.PAPER)
                .with("network.hidden[1].activation=" + activation.id())
                .with("network.outputActivation=" + activation.id())
                .load();
        assertSame(activation, c.network().hidden().get(1).activation());
        assertSame(activation, c.network().outputActivation());
        String yaml = ConfigLoader.toYaml(c);
        assertTrue(yaml.contains("\n    activation: " + activation.id() + "\n"), yaml);
        assertTrue(yaml.contains("\n  outputActivation: " + activation.id() + "\n"), yaml);
        JsonNode tree = ConfigLoader.toTree(c);
        assertEquals(activation.id(), tree.at("/network/hidden/1/activation").textValue());
        assertEquals(activation.id(), tree.at("/network/outputActivation").textValue());
        assertEquals(c, ConfigLoader.fromTree(tree));
    }

    /** What a configuration accepts is exactly {@link Activation#all()}, and the message says so. */
    @Test
    void anActivationOutsideTheNamedOnesIsRefusedListingExactlyTheNamedOnes() {
        for (String bad : new String[] {"swish", "RELU", "''"}) {
            ConfigException e = loadFails("network.hidden[0].activation=" + bad);
            assertEquals(
                    "network.hidden[0].activation: got '" + bad.replace("''", "") + "', allowed one of "
                            + String.join(", ", Activation.ids()),
                    e.getMessage());
        }
    }

    /** Numbers, booleans, lists and maps are not names (an enum would have taken 1 as its ordinal). */
    @Test
    void aValueThatIsNotANameIsRefusedListingTheNamedOnes() {
        for (String bad : new String[] {"1", "0", "1.5", "true", "[relu]", "{id: relu}"}) {
            ConfigException e = loadFails("network.outputActivation=" + bad);
            assertEquals(
                    "network.outputActivation: expected one of the listed names (one of "
                            + String.join(", ", Activation.ids()) + ")",
                    e.getMessage());
        }
        assertEquals(
                "network.hidden[0].activation: missing value",
                loadFails("network.hidden[0].activation=null").getMessage());
    }

    /** A custom activation built in code has no name the loader could read back. */
    @Test
    void aCustomActivationInAConfigurationBuiltInCodeIsRefused() {
        ExperimentConfig base = ConfigLoader.fromPreset(Preset.PAPER).load();
        NetworkConfig n = base.network();
        CustomActivation swish = new CustomActivation(
                "swish", z -> z / (1 + Math.exp(-z)), z -> 1.0, CustomActivation.DEFAULT_QUADRATURE_POINTS);
        ConfigException hidden = assertThrows(
                ConfigException.class,
                () -> ConfigValidator.validate(base.withNetwork(new NetworkConfig(
                        List.of(new LayerConfig(3, swish, false)),
                        n.outputActivation(),
                        n.outputBias(),
                        n.init(),
                        n.trainable()))));
        assertEquals("network.hidden[0].activation", hidden.field());
        ConfigException output = assertThrows(
                ConfigException.class,
                () -> ConfigValidator.validate(base.withNetwork(
                        new NetworkConfig(n.hidden(), swish, n.outputBias(), n.init(), n.trainable()))));
        assertEquals(
                "network.outputActivation: got 'swish' (not a named activation), allowed one of "
                        + String.join(", ", Activation.ids()),
                output.getMessage());
    }

    // ----- ranges -----

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of("data.train=0", "data.train"),
                Arguments.of("data.train=10000001", "data.train"),
                Arguments.of("data.test=0", "data.test"),
                Arguments.of("data.fisher=0", "data.fisher"),
                Arguments.of("network.hidden[0].width=0", "network.hidden[0].width"),
                Arguments.of("network.hidden[2].width=1000001", "network.hidden[2].width"),
                Arguments.of("network.init.std=-1", "network.init.std"),
                Arguments.of("network.init.sigmaW=0", "network.init.sigmaW"),
                Arguments.of("network.init.biasStd=-0.5", "network.init.biasStd"),
                Arguments.of("train.learningRate=0", "train.learningRate"),
                Arguments.of("train.learningRate=-1e-3", "train.learningRate"),
                Arguments.of("train.epochs=-1", "train.epochs"),
                Arguments.of("train.epochs=100000001", "train.epochs"),
                Arguments.of("ensemble.members=100000001", "ensemble.members"),
                Arguments.of("train.lossEvery=0", "train.lossEvery"),
                Arguments.of("train.divergenceLoss=0", "train.divergenceLoss"),
                Arguments.of("train.divergenceLoss=-5", "train.divergenceLoss"),
                Arguments.of("train.divergenceFactor=0.99", "train.divergenceFactor"),
                Arguments.of("train.divergenceFactor=0", "train.divergenceFactor"),
                Arguments.of("train.divergenceFactor=-10", "train.divergenceFactor"),
                Arguments.of("fisher.noiseVariance=0", "fisher.noiseVariance"),
                Arguments.of("fisher.noiseVariance=-1", "fisher.noiseVariance"),
                Arguments.of("ensemble.importKind=outputs", "ensemble.importKind"),
                Arguments.of("brg.cutoffs=[-1.0]", "brg.cutoffs[0]"),
                Arguments.of("brg.cutoffs=[1.0, 0.5]", "brg.cutoffs[1]"),
                Arguments.of("brg.cutoffs=[0.1, 1.0, 1.0]", "brg.cutoffs[2]"),
                Arguments.of("brg.sloppyVariance=0", "brg.sloppyVariance"),
                Arguments.of("brg.sloppyVariance=-2", "brg.sloppyVariance"),
                Arguments.of("brg.criticalFactor=0", "brg.criticalFactor"),
                Arguments.of("fisher.geometryMembers=-1", "fisher.geometryMembers"),
                Arguments.of("fisher.geometryMembers=100000001", "fisher.geometryMembers"),
                Arguments.of("fisher.at=null", "fisher.at"),
                Arguments.of("ensemble.members=0", "ensemble.members"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfRange")
    void outOfRangeValueIsRejectedNamingTheField(String assignment, String field) {
        ConfigException e = loadFails(assignment);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
    }

    static Stream<Arguments> nonFinite() {
        return Stream.of(
                Arguments.of("network.init.mean", Double.NaN, "network.init.mean"),
                Arguments.of("network.init.mean", Double.POSITIVE_INFINITY, "network.init.mean"),
                Arguments.of("network.init.std", Double.POSITIVE_INFINITY, "network.init.std"),
                Arguments.of("network.init.sigmaW", Double.NaN, "network.init.sigmaW"),
                Arguments.of("network.init.biasStd", Double.POSITIVE_INFINITY, "network.init.biasStd"),
                Arguments.of("train.learningRate", Double.POSITIVE_INFINITY, "train.learningRate"),
                Arguments.of("train.learningRate", Double.NaN, "train.learningRate"),
                Arguments.of("train.divergenceLoss", Double.POSITIVE_INFINITY, "train.divergenceLoss"),
                Arguments.of("train.divergenceFactor", Double.POSITIVE_INFINITY, "train.divergenceFactor"),
                Arguments.of("train.divergenceFactor", Double.NaN, "train.divergenceFactor"),
                Arguments.of("fisher.noiseVariance", Double.NaN, "fisher.noiseVariance"),
                Arguments.of("brg.criticalFactor", Double.POSITIVE_INFINITY, "brg.criticalFactor"),
                Arguments.of("brg.sloppyVariance", Double.NaN, "brg.sloppyVariance"),
                Arguments.of("brg.cutoffs", List.of(1.0, Double.POSITIVE_INFINITY), "brg.cutoffs[1]"),
                Arguments.of("data.probe", List.of(Double.NaN, 1.0), "data.probe[0]"),
                Arguments.of("data.inputMean", List.of(1.0, Double.NEGATIVE_INFINITY), "data.inputMean[1]"),
                Arguments.of(
                        "data.inputCovariance",
                        List.of(List.of(Double.NaN, 0.0), List.of(0.0, 1.0)),
                        "data.inputCovariance[0][0]"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("nonFinite")
    void nonFiniteValueIsRejectedNamingTheField(String path, Object value, String field) {
        ConfigLoader loader = ConfigLoader.fromPreset(Preset.PAPER).set(path, value);
        ConfigException e = assertThrows(ConfigException.class, loader::load);
        assertEquals(field, e.field(), e.getMessage());
    }

    static Stream<Arguments> crossField() {
        return Stream.of(
                Arguments.of(List.of("data.probe=[1.0]"), "data.inputMean"),
                Arguments.of(List.of("data.inputCovariance=[[1.0, 0.0]]"), "data.inputCovariance"),
                Arguments.of(List.of("data.inputCovariance=[[1.0, 0.0], [0.0]]"), "data.inputCovariance[1]"),
                Arguments.of(List.of("data.inputCovariance=[[1.0, 0.5], [0.4, 1.0]]"), "data.inputCovariance[1][0]"),
                Arguments.of(
                        List.of(
                                "data.probe=[1.0, 1.0, 1.0]",
                                "data.inputMean=[0.0, 0.0, 0.0]",
                                "data.inputCovariance=[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]"),
                        "data.target"),
                Arguments.of(List.of("data.source=csv"), "data.csv"),
                Arguments.of(List.of("train.learningRate="), "train.learningRate"),
                Arguments.of(List.of("train.epochs=abc"), "train.epochs"),
                Arguments.of(List.of("train.epochs=1.5"), "train.epochs"),
                Arguments.of(List.of("brg.duringTraining=maybe"), "brg.duringTraining"),
                Arguments.of(List.of("brg.duringTraining="), "brg.duringTraining"),
                Arguments.of(List.of("nnft.snapshotEvery=0", "brg.duringTraining=true"), "brg.duringTraining"),
                Arguments.of(List.of("train.divergenceBound=maybe"), "train.divergenceBound"),
                Arguments.of(List.of("train.divergenceBound=true", "network.trainable=all"), "train.divergenceBound"),
                Arguments.of(
                        List.of("train.divergenceBound=true", "network.outputActivation=tanh"),
                        "train.divergenceBound"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossField")
    void inconsistentOrMalformedValueIsRejectedNamingTheField(List<String> assignments, String field) {
        ConfigException e = loadFails(assignments.toArray(String[]::new));
        assertEquals(field, e.field(), e.getMessage());
    }

    static Stream<Arguments> cutoffsOffTheirScale() {
        return Stream.of(
                // the default schedule reaches 1e5: switching to quantiles alone is refused at 5.0
                Arguments.of(
                        List.of("brg.cutoffScale=quantile"), "brg.cutoffs[10]", "got 5.0, allowed a number in (0, 1]"),
                Arguments.of(
                        List.of("brg.cutoffScale=quantile", "brg.cutoffs=[0.0, 0.5]"),
                        "brg.cutoffs[0]",
                        "got 0.0, allowed a number in (0, 1]"),
                Arguments.of(
                        List.of("brg.cutoffScale=quantile", "brg.cutoffs=[0.5, 1.0000001]"),
                        "brg.cutoffs[1]",
                        "allowed a number in (0, 1]"),
                Arguments.of(
                        List.of("brg.cutoffScale=quantile", "brg.cutoffs=[0.5, 0.5]"),
                        "brg.cutoffs[1]",
                        "got 0.5, allowed > 0.5 (cutoffs must be strictly ascending)"),
                Arguments.of(
                        List.of("brg.cutoffScale=mean-eigenvalue", "brg.cutoffs=[0.0, 1.0]"),
                        "brg.cutoffs[0]",
                        "got 0.0, allowed a finite number > 0"),
                Arguments.of(
                        List.of("brg.cutoffScale=mean-eigenvalue", "brg.cutoffs=[2.0, 1.0]"),
                        "brg.cutoffs[1]",
                        "allowed > 2.0"),
                Arguments.of(List.of("brg.cutoffScale=absolute", "brg.cutoffs=[-0.5]"), "brg.cutoffs[0]", ">= 0"),
                Arguments.of(
                        List.of("brg.cutoffScale=relative"), "brg.cutoffScale", "absolute, mean-eigenvalue, quantile"),
                Arguments.of(List.of("brg.cutoffScale="), "brg.cutoffScale", "missing value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cutoffsOffTheirScale")
    void aCutoffOutsideItsScalesRangeIsRejectedNamingTheFieldAndTheRange(
            List<String> assignments, String field, String allowed) {
        ConfigException e = loadFails(assignments.toArray(String[]::new));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(allowed), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void relativeCutoffsWithinTheirRangesAreAccepted() {
        assertEquals(
                BrgConfig.CutoffScale.QUANTILE,
                ConfigLoader.fromPreset(Preset.PAPER)
                        .with("brg.cutoffScale=quantile")
                        .with("brg.cutoffs=[1e-9, 0.5, 1.0]")
                        .load()
                        .brg()
                        .cutoffScale());
        assertEquals(
                List.of(1e-9, 3.0, 1e9),
                ConfigLoader.fromPreset(Preset.PAPER)
                        .with("brg.cutoffScale=mean-eigenvalue")
                        .with("brg.cutoffs=[1e-9, 3.0, 1e9]")
                        .load()
                        .brg()
                        .cutoffs());
        assertEquals(
                BrgConfig.CutoffScale.ABSOLUTE,
                ConfigLoader.fromPreset(Preset.REFERENCE_CODE).load().brg().cutoffScale(),
                "both presets are on the absolute scale");
    }

    // ----- paths -----

    @Test
    void indexedPathSetsOneListElementField() {
        ExperimentConfig base = ConfigLoader.fromPreset(Preset.PAPER).load();
        ExperimentConfig c = ConfigLoader.fromPreset(Preset.PAPER)
                .with("network.hidden[1].width=7")
                .with("network.hidden[2].activation=tanh")
                .with("data.inputCovariance[0][1]=0.25")
                .with("data.inputCovariance[1][0]=0.25")
                .with("brg.cutoffs=[1e300]")
                .load();
        assertEquals(10, c.network().hidden().get(0).width());
        assertEquals(7, c.network().hidden().get(1).width());
        assertEquals(Activation.RELU, c.network().hidden().get(1).activation());
        assertEquals(2048, c.network().hidden().get(2).width());
        assertEquals(Activation.TANH, c.network().hidden().get(2).activation());
        assertEquals(List.of(List.of(1.0, 0.25), List.of(0.25, 1.0)), c.data().inputCovariance());
        assertEquals(List.of(1e300), c.brg().cutoffs());
        assertEquals(base.train(), c.train());
    }

    @Test
    void indexedPathCanReplaceAWholeListElement() {
        ExperimentConfig c = ConfigLoader.fromPreset(Preset.PAPER)
                .with("network.hidden[0]={width: 3, activation: cos, bias: true}")
                .load();
        assertEquals(
                new LayerConfig(3, Activation.COS, true), c.network().hidden().get(0));
        assertEquals(3, c.network().hidden().size());
    }

    @Test
    void indexBeyondTheListIsRejectedNamingThePath() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.fromPreset(Preset.PAPER).with("network.hidden[5].width=3"));
        assertEquals("network.hidden[5].width", e.field());
        assertTrue(e.getMessage().contains("3 entries"), e.getMessage());
    }

    @Test
    void assignmentWithoutEqualsSignIsRejected() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.fromPreset(Preset.PAPER).with("train.epochs"));
        assertEquals(ConfigLoader.ASSIGNMENT, e.field());
    }

    @Test
    void laterOverridesWin() {
        ExperimentConfig c = ConfigLoader.fromPreset(Preset.PAPER)
                .with(List.of("train.epochs=3", "train.epochs=4"))
                .set("ensemble.members", 9)
                .load();
        assertEquals(4, c.train().epochs());
        assertEquals(9, c.ensemble().members());
    }

    // ----- round trips -----

    private static ExperimentConfig nonDefault() {
        return ConfigLoader.fromPreset(Preset.REFERENCE_CODE)
                .with("network.hidden[1].width=17")
                .with("network.hidden[0].bias=true")
                .with("network.outputBias=true")
                .with("network.outputActivation=tanh")
                .with("network.init.scheme=fan-in")
                .with("network.init.sigmaW=1.3")
                .with("network.trainable=all")
                .with("train.learningRate=3.5e-4")
                .with("train.lossEvery=7")
                .with("brg.mode=gaussian")
                .with("brg.sloppyVariance=0.125")
                .with("brg.cutoffs=[1e-300, 0.3, 1e300]")
                .with("data.inputCovariance=[[2.0, 0.3], [0.3, 0.5]]")
                .with("data.probe=[0.1, -0.2]")
                .with("ensemble.seed=-7")
                .with("data.seed=123456789012")
                .load();
    }

    @Test
    void toYamlWrittenToFileReadsBackToAnEqualConfig(@TempDir Path dir) throws Exception {
        ExperimentConfig c = nonDefault();
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, ConfigLoader.toYaml(c));
        ExperimentConfig back =
                ConfigLoader.fromPreset(Preset.PAPER).withFile(file).load();
        assertEquals(c, back);
        assertEquals(ConfigLoader.toYaml(c), ConfigLoader.toYaml(back));
    }

    @Test
    void toYamlRoundTripKeepsNullSloppyVariance(@TempDir Path dir) throws Exception {
        ExperimentConfig c = ConfigLoader.fromPreset(Preset.REFERENCE_CODE).load();
        assertNull(c.brg().sloppyVariance());
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, ConfigLoader.toYaml(c));
        ExperimentConfig back =
                ConfigLoader.fromPreset(Preset.PAPER).withFile(file).load();
        assertEquals(c, back);
    }

    @Test
    void jsonTreeRoundTripGivesAnEqualConfig() {
        ExperimentConfig c = nonDefault();
        assertEquals(c, ConfigLoader.fromTree(ConfigLoader.toTree(c)));
    }

    @Test
    void yamlFileMergesOverThePresetKeyByKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("partial.yaml");
        Files.writeString(file, "train:\n  epochs: 12\nbrg:\n  mode: zero\n");
        ExperimentConfig c =
                ConfigLoader.fromPreset(Preset.PAPER).withFile(file).load();
        assertEquals(12, c.train().epochs());
        assertEquals(1e-6, c.train().learningRate());
        assertEquals(BrgConfig.CoarseGraining.ZERO, c.brg().mode());
        assertEquals(25, c.brg().cutoffs().size());
    }

    @Test
    void unknownKeyInYamlFileIsRejectedNamingThePath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "fisher:\n  noiseVarience: 2.0\n");
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.fromPreset(Preset.PAPER).withFile(file).load());
        assertEquals("fisher.noiseVarience", e.field());
        assertTrue(e.getMessage().contains("did you mean 'noiseVariance'"), e.getMessage());
    }

    @Test
    void missingConfigFileIsAConfigException(@TempDir Path dir) {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.fromPreset(Preset.PAPER).withFile(dir.resolve("nope.yaml")));
        assertEquals(dir.resolve("nope.yaml").toString(), e.field());
    }

    @Test
    void unknownPresetListsTheKnownOnes() {
        ConfigException e = assertThrows(ConfigException.class, () -> Preset.of("papr"));
        assertTrue(e.getMessage().contains("paper"));
        assertTrue(e.getMessage().contains("reference-code"));
    }

    @Test
    void repeatedKeyInAConfigFileIsRefusedNamingTheKeyAndItsLine(@TempDir Path dir) throws Exception {
        Path nested = dir.resolve("nested.yaml");
        java.nio.file.Files.writeString(nested, "ensemble:\n  members: 4\n  members: 8\n");
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.fromPreset(Preset.PAPER).withFile(nested));
        assertTrue(e.field().startsWith(nested + ":3:"), e.getMessage());
        assertTrue(e.getMessage().contains("'members'"), e.getMessage());
        Path section = dir.resolve("section.yaml");
        java.nio.file.Files.writeString(
                section, "train:\n  epochs: 5\nbrg:\n  mode: zero\ntrain:\n  learningRate: 1e-5\n");
        ConfigException s = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.fromPreset(Preset.PAPER).withFile(section));
        assertTrue(s.field().startsWith(section + ":5:"), s.getMessage());
        assertTrue(s.getMessage().contains("'train'"), s.getMessage());
        // the same keys once each are fine
        java.nio.file.Files.writeString(section, "train:\n  epochs: 5\n  learningRate: 1e-5\nbrg:\n  mode: zero\n");
        assertEquals(
                5,
                ConfigLoader.fromPreset(Preset.PAPER)
                        .withFile(section)
                        .load()
                        .train()
                        .epochs());
    }

    @Test
    void secondYamlDocumentInAConfigFileIsRefusedNamingItsLine(@TempDir Path dir) throws Exception {
        Path two = dir.resolve("two.yaml");
        java.nio.file.Files.writeString(two, "ensemble:\n  members: 4\n---\nensemble:\n  members: 8\n");
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.fromPreset(Preset.PAPER).withFile(two));
        assertEquals(two + ":4", e.field());
        assertTrue(e.getMessage().contains("second YAML document"), e.getMessage());
        // a leading document marker is one document, not two
        java.nio.file.Files.writeString(two, "---\nensemble:\n  members: 4\n");
        assertEquals(
                4,
                ConfigLoader.fromPreset(Preset.PAPER)
                        .withFile(two)
                        .load()
                        .ensemble()
                        .members());
    }

    @Test
    void scopeAllNeedsEveryLayerTrained() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.fromPreset(Preset.PAPER)
                        .with("brg.scope=all")
                        .load());
        assertEquals("brg.scope", e.field());
        assertTrue(e.getMessage().contains("network.trainable is last"), e.getMessage());
    }

    @Test
    void theFlowDuringTrainingNeedsTrainingCheckpoints() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.fromPreset(Preset.REFERENCE_CODE)
                        .with("brg.duringTraining=true")
                        .load());
        assertEquals("brg.duringTraining", e.field());
        assertEquals(
                "brg.duringTraining: got true, allowed only with nnft.snapshotEvery > 0 (the training checkpoints it"
                        + " measures at; nnft.snapshotEvery is 0)",
                e.getMessage());
        assertFalse(ConfigLoader.fromPreset(Preset.PAPER).load().brg().duringTraining(), "off by default");
        assertFalse(ConfigLoader.fromPreset(Preset.REFERENCE_CODE).load().brg().duringTraining(), "in both presets");
        assertTrue(ConfigLoader.fromPreset(Preset.PAPER)
                .with("brg.duringTraining=true")
                .with("nnft.snapshotEvery=100")
                .with("brg.basis=eigen")
                .load()
                .brg()
                .duringTraining());
    }

    @Test
    void eigenbasisRefusesAPriorThatPinsTheBiasesButNotTheWeights() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.fromPreset(Preset.PAPER)
                        .with("network.outputBias=true")
                        .with("network.init.biasStd=0")
                        .with("brg.basis=eigen")
                        .load());
        assertEquals("brg.basis", e.field());
        assertTrue(e.getMessage().contains("brg.mode zero"), e.getMessage());
        // the zero mode draws nothing, and a fixed σ² is the same for every parameter: both allowed
        ConfigLoader.fromPreset(Preset.PAPER)
                .with("network.outputBias=true")
                .with("network.init.biasStd=0")
                .with("brg.basis=eigen")
                .with("brg.mode=zero")
                .load();
        ConfigLoader.fromPreset(Preset.PAPER)
                .with("network.outputBias=true")
                .with("network.init.biasStd=0")
                .with("brg.basis=eigen")
                .with("brg.mode=gaussian")
                .with("brg.sloppyVariance=0.5")
                .load();
    }
}
