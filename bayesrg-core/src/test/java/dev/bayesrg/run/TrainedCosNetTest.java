package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Json;
import dev.bayesrg.nngp.CosNetField;
import dev.bayesrg.nngp.CosNetFlow;
import dev.bayesrg.nngp.GradientDescentPosterior;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trained finite cos-net's flow, called as an API. */
class TrainedCosNetTest {
    private static final CosNetField.Setup FIELD = new CosNetField.Setup(1, 3.0, 0.5, 100, 1.0, 5L);
    private static final TrainedCosNet.Setup TRAINING =
            new TrainedCosNet.Setup(96, 32, 10.0, CosNetFlow.Target.SIN, null, 200, 2.0, null);

    /**
     * Below every F_j nothing is sloppy (σ_eff² = tr Σ_T + ‖μ_T‖²); above every F_j everything is, with
     * the default sloppy variance σ_a²/N: then σ_eff² = N σ_a²/N = σ_a², so the field is the prior's
     * and Λ(ε) = Λ (σ_a²/σ_eff²)^{1/d} = Λ.
     */
    @Test
    void theFlowRunsFromTheTrainedEnsembleToThePrior() {
        TrainedCosNet.Result r = TrainedCosNet.train(FIELD, TRAINING, new double[] {1e-9, 1e9});
        CosNetFlow.Step trained = r.flow().steps().get(0);
        CosNetFlow.Step prior = r.flow().steps().get(1);
        assertEquals(0, trained.sloppyCount());
        assertEquals(r.flow().trainedVariance(), trained.effectiveVariance(), 0.0);
        assertEquals(96, prior.sloppyCount());
        assertEquals(2.0, prior.effectiveVariance(), 1e-13);
        assertEquals(3.0, prior.renormalizedCutoff(), 1e-13);
        assertEquals(2.0 / 96, r.setup().sloppyVariance(), 0.0);
    }

    /** The default η is half the stability bound n/λ_max(ΦΦᵀ) of the sampled features; the bound itself is refused. */
    @Test
    void theDefaultLearningRateIsHalfTheStabilityBoundAndTheBoundIsRefused() {
        double[][] x = CosNetFlow.gaussianInputs(32, 1, 10.0, RandomStreams.data(5L));
        double bound = GradientDescentPosterior.stableLearningRateBound(CosNetFlow.features(FIELD.sample(96), x, 0.5));
        TrainedCosNet.Result r = TrainedCosNet.train(FIELD, TRAINING, new double[] {0.1});
        assertEquals(0.5 * bound, r.setup().learningRate(), 0.0);
        TrainedCosNet.Setup atBound =
                new TrainedCosNet.Setup(96, 32, 10.0, CosNetFlow.Target.SIN, bound, 200, 2.0, null);
        ConfigException e =
                assertThrows(ConfigException.class, () -> TrainedCosNet.train(FIELD, atBound, new double[] {0.1}));
        assertEquals("learningRate", e.field());
    }

    @Test
    void theWrittenCsvAndJsonHoldTheSameFlow(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("flow");
        TrainedCosNet.checkOutput(out);
        TrainedCosNet.Result r = TrainedCosNet.train(FIELD, TRAINING, new double[] {1e-6, 0.1, 0.3, 1000});
        r.write(out);
        List<String> csv = Files.readAllLines(out.resolve(TrainedCosNet.CSV));
        JsonNode json = Json.read(out.resolve(TrainedCosNet.JSON));
        assertEquals(5, csv.size());
        assertTrue(csv.get(0).startsWith("epsilon,sloppy_count,sloppy_fraction,sigma_eff2,"), csv.get(0));
        for (int k = 0; k < 4; k++) {
            String[] cells = csv.get(k + 1).split(",", -1);
            JsonNode step = json.get("flow").get(k);
            assertEquals(r.flow().steps().get(k).sloppyCount(), Integer.parseInt(cells[1]));
            assertEquals(
                    r.flow().steps().get(k).sloppyCount(),
                    step.get("sloppy_count").asInt());
            assertEquals(r.flow().steps().get(k).effectiveVariance(), Double.parseDouble(cells[3]), 0.0);
            assertEquals(
                    r.flow().steps().get(k).effectiveVariance(),
                    step.get("sigma_eff2").asDouble(),
                    0.0);
        }
        assertEquals(96, json.get("width").asInt());
        assertEquals(32, json.get("points").asInt());
    }

    @Test
    void badParametersAreNamedByTheirParameterNames(@TempDir Path dir) throws IOException {
        assertEquals("width", field(() -> setup(0, 32, 10.0, null, 0, 2.0, null)));
        assertEquals("points", field(() -> setup(96, 4097, 10.0, null, 0, 2.0, null)));
        assertEquals("inputSpread", field(() -> setup(96, 32, 0.0, null, 0, 2.0, null)));
        assertEquals("learningRate", field(() -> setup(96, 32, 10.0, -1.0, 0, 2.0, null)));
        assertEquals("epochs", field(() -> setup(96, 32, 10.0, null, -1, 2.0, null)));
        assertEquals("sigmaA2", field(() -> setup(96, 32, 10.0, null, 0, 0.0, null)));
        assertEquals("sloppyVariance", field(() -> setup(96, 32, 10.0, null, 0, 2.0, -1.0)));
        Path file = Files.writeString(dir.resolve("a-file"), "");
        assertEquals(TrainedCosNet.OUT, field(() -> TrainedCosNet.checkOutput(file)));
    }

    private static void setup(
            int width, int points, double spread, Double eta, int epochs, double sigmaA2, Double sloppy) {
        new TrainedCosNet.Setup(width, points, spread, CosNetFlow.Target.SIN, eta, epochs, sigmaA2, sloppy);
    }

    private static String field(Runnable r) {
        return assertThrows(ConfigException.class, r::run).field();
    }
}
