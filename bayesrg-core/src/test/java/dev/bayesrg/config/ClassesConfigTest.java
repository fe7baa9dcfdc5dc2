package dev.bayesrg.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code data.classes}: K ≥ 3 labels bind to a softmax classifier of K logits, and every combination
 * that classifier cannot run is refused in one line naming the field.
 */
class ClassesConfigTest {
    private static final String[] THREE = {"data.source=blobs", "data.classes=3", "train.loss=cross-entropy"};

    private static ExperimentConfig load(String... assignments) {
        ConfigLoader loader = ConfigLoader.fromPreset(Preset.PAPER);
        for (String a : THREE) {
            loader.with(a);
        }
        for (String a : assignments) {
            loader.with(a);
        }
        return loader.load();
    }

    private static ConfigException fails(String... assignments) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(assignments));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    @Test
    void threeBlobsWithCrossEntropyAreAThreeLogitClassifier() {
        ExperimentConfig c = load();
        assertEquals(3, c.data().classes());
        assertTrue(c.data().multiClass());
        assertEquals(3, c.outputsPerPoint());
        assertEquals(c, ConfigLoader.fromTree(ConfigLoader.toTree(c)));
        ExperimentConfig paper = ConfigLoader.fromPreset(Preset.PAPER).load();
        assertEquals(2, paper.data().classes());
        assertEquals(1, paper.outputsPerPoint());
        assertEquals(1, load("data.classes=2").outputsPerPoint(), "two classes: one logit, the binary loss");
        assertEquals(3, load("network.trainable=all").outputsPerPoint(), "every layer of a classifier trains too");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "train.loss=mse | train.loss cross-entropy (got mse",
                "data.source=two-moons | two-moons has two classes",
                "network.outputActivation=tanh | network.outputActivation identity (got tanh",
                "train.divergenceBound=true | train.divergenceBound false",
            })
    void combinationsTheClassifierCannotRunAreRefusedNamingDataClasses(String assignment, String reason) {
        ConfigException e = fails(assignment);
        assertEquals("data.classes", e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("got 3, allowed 3 or more only with"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void aCosNetIsRefused() {
        ConfigException e = fails(
                "data.inputMean=[2.0]",
                "data.inputCovariance=[[1.0]]",
                "data.probe=[0.0]",
                "network.architecture=cosnet",
                "network.hidden=[{width: 16, activation: cos, bias: true}]",
                "network.init.scheme=fan-in");
        assertEquals("data.classes", e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("network.architecture mlp (got cosnet"), e.getMessage());
    }

    /**
     * 2..32: the field of K classes lives on M × K ≤ 32 pairs of mesh point and class, so 32 classes
     * leave one mesh point and more leave none (each of them was accepted here and then refused as
     * "nnft.points … allowed at most 0").
     */
    @ParameterizedTest(name = "data.classes={0}")
    @CsvSource({"1", "0", "-3", "33", "1000", "1001"})
    void classesOutsideTwoToThirtyTwoAreRefused(int classes) {
        ConfigException e = fails("data.classes=" + classes, "nnft.points=1");
        assertEquals("data.classes", e.field());
        assertTrue(e.getMessage().contains("got " + classes), e.getMessage());
        assertTrue(e.getMessage().contains("32"), e.getMessage());
        assertEquals(32, load("data.classes=32", "nnft.points=1").outputsPerPoint());
        assertEquals("nnft.points", fails("data.classes=32", "nnft.points=2").field());
    }

    /** The field lives on M × K pairs of mesh point and class, at most 32: M ≤ 10 for K = 3. */
    @Test
    void theMeshHoldsAtMost32PairsOfPointAndClass() {
        ConfigException e = fails("nnft.points=16");
        assertEquals("nnft.points", e.field());
        assertTrue(e.getMessage().contains("allowed at most 10"), e.getMessage());
        assertTrue(e.getMessage().contains("48 pairs"), e.getMessage());
        assertEquals(10, load("nnft.points=10").nnft().points());
        assertEquals("nnft.points", fails("data.classes=4", "nnft.points=9").field());
        assertEquals(8, load("data.classes=4", "nnft.points=8").nnft().points());
        ConfigException line = fails("nnft.mesh=line", "nnft.line={from: [0.0, 0.0], to: [1.0, 1.0], points: 11}");
        assertEquals("nnft.line.points", line.field());
        // order 6 takes at most 12 points of the field: 4 mesh points of 3 classes, not 5
        ConfigException sextic = fails("nnft.order=6", "nnft.points=5");
        assertEquals("nnft.order", sextic.field());
        assertTrue(sextic.getMessage().contains("15 mesh points"), sextic.getMessage());
        assertEquals(6, load("nnft.order=6", "nnft.points=4").nnft().order());
        // two classes keep one output per point: the scalar limit
        assertEquals(16, load("data.classes=2", "nnft.points=16").nnft().points());
    }
}
