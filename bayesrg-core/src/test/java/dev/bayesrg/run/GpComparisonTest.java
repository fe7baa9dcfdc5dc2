package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.Npy;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.nngp.Corroboration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GpComparison} called as an API on small runs written by core's own pipeline: one whose
 * members share their hidden layers (the prediction is exact, so it must agree at every cutoff and
 * be the prior GP at the all-sloppy end) and one with per-member hidden layers (the paper's ansatz).
 */
class GpComparisonTest {
    private static final int WIDTH = 16;
    private static final int ENTRIES = 6;

    @TempDir
    static Path tmp;

    static Path shared;
    static Path perMember;

    @BeforeAll
    static void runEnsembles() throws IOException, InterruptedException {
        shared = write("shared", 64, true);
        perMember = write("per-member", 32, false);
    }

    /** Width 16, 50 training points, cutoff 1e12 above every F_jj. */
    private static Path write(String name, int members, boolean sharedHidden) throws IOException, InterruptedException {
        return write(name, members, sharedHidden, "brg.cutoffs=[0, 1, 10, 100, 1e12]");
    }

    private static Path write(String name, int members, boolean sharedHidden, String... brg)
            throws IOException, InterruptedException {
        List<String> settings = new java.util.ArrayList<>(List.of(
                "network.hidden[2].width=" + WIDTH,
                "train.epochs=100",
                "train.learningRate=1e-4",
                "data.train=50",
                "data.test=20",
                "data.fisher=20",
                "ensemble.members=" + members,
                "network.sharedHidden=" + sharedHidden));
        settings.addAll(List.of(brg));
        ExperimentConfig config =
                ConfigLoader.fromPreset(Preset.PAPER).with(settings).load();
        RunResult result = Experiment.run(config, Experiment.prepareData(config, Path.of("")), 2, done -> {});
        Path dir = tmp.resolve(name);
        RunWriter.write(
                RunDirectory.create(dir),
                result,
                new RunWriter.Provenance(List.of("test"), "paper", 2, Instant.EPOCH, Instant.EPOCH));
        return dir;
    }

    @Test
    void sharedHiddenLayersAgreeAtEveryCutoffAndTheAllSloppyEndIsThePriorGp() throws IOException {
        RunFiles run = RunFiles.open(shared);
        Path out = tmp.resolve("shared-gp");
        GpComparison.Result r = new GpComparison(8, 2000, null).compare(run, out);
        assertEquals(GpComparison.Source.CLOSED_FORM, r.source());
        assertEquals(ENTRIES, r.rows().size());
        assertTrue(r.allAgree(), r::toString);
        assertEquals(0, r.leftOut());
        for (Corroboration.Row row : r.rows()) {
            // one Fisher diagonal for all members: the predicted sloppy set is each member's
            assertEquals(row.sloppyFraction(), row.measuredSloppyFraction(), 0.0, row::toString);
        }
        // the measured probe mean at the trained end is the members' mean output at x*
        double[] probe = new double[64];
        for (int b = 0; b < 64; b++) {
            probe[b] = run.members().probe()[b][0];
        }
        assertEquals(
                java.util.Arrays.stream(probe).sum() / 64,
                r.rows().get(0).measuredMean(),
                1e-12 * Math.abs(r.rows().get(0).measuredMean()));

        // above every F_jj every weight is a prior draw: mean 0 and variance s² |φ(x*)|², exactly
        ExperimentConfig config = run.summary().config();
        Architecture architecture = new Architecture(2, config.network());
        ParameterPrior prior = new ParameterPrior(architecture, config.network().init());
        FeatureMatrix phi = new Network(architecture)
                .features(
                        MemberPipeline.sharedHiddenParameters(config.ensemble().seed(), prior),
                        new double[][] {run.summary().probeInput()});
        double s2 = prior.variance(architecture.readoutOffset());
        double variance = 0;
        for (int j = 0; j < WIDTH; j++) {
            variance += s2 * phi.get(0, j) * phi.get(0, j);
        }
        Corroboration.Row ir = r.rows().get(ENTRIES - 1);
        assertEquals(1.0, ir.sloppyFraction(), 0.0);
        assertEquals(0.0, ir.predictedMean(), 0.0);
        assertEquals(variance, ir.predictedVariance(), 1e-12 * variance);
        assertEquals(s2, r.sloppyVariance(), 0.0, "resample-prior: the prior variance");

        assertArrayEquals(
                new int[] {1 + 8, 2}, Npy.read(out.resolve("mesh.npy")).shape());
        assertArrayEquals(
                new int[] {ENTRIES, 9, 9},
                Npy.read(out.resolve("gp_kernel.npy")).shape());
        assertEquals(
                1 + ENTRIES, Files.readAllLines(out.resolve(GpComparison.CSV)).size());
        assertEquals(
                ENTRIES + " of " + ENTRIES + " entries agree; table in " + out.resolve(GpComparison.CSV),
                r.summaryLine());
    }

    /** The verdict has power: twice the prior variance for sloppy weights is flagged where all are sloppy. */
    @Test
    void aWrongSloppyVarianceIsFlaggedAtTheAllSloppyEnd() throws IOException {
        RunFiles run = RunFiles.open(shared);
        double s2 = new GpComparison(0, 2000, null)
                .compare(run, tmp.resolve("right"))
                .sloppyVariance();
        GpComparison.Result r = new GpComparison(0, 2000, 2 * s2).compare(run, tmp.resolve("wrong"));
        assertTrue(r.rows().get(0).agrees(), "nothing is sloppy at the trained end");
        assertFalse(r.rows().get(ENTRIES - 1).agrees(), r.rows().get(ENTRIES - 1)::toString);
    }

    /**
     * Per-member hidden layers: at the all-sloppy end the mixture is the prior's, mean 0 and variance
     * N s² Ψ_d(x*, x*) with the Monte Carlo Ψ_d written beside it.
     */
    @Test
    void perMemberHiddenLayersPredictThePriorGpFromMonteCarloFeaturesAtTheAllSloppyEnd() throws IOException {
        Path out = tmp.resolve("per-member-gp");
        GpComparison.Result r = new GpComparison(2, 400, null).compare(RunFiles.open(perMember), out);
        assertEquals(GpComparison.Source.ENSEMBLE, r.source());
        JsonNode json = Json.read(out.resolve(GpComparison.JSON));
        assertEquals(400, json.get("monte_carlo_features").get("draws").asInt());
        double psiD = json.get("monte_carlo_features")
                .get("psi_diagonal")
                .get(0)
                .get(0)
                .asDouble();
        Corroboration.Row ir = r.rows().get(ENTRIES - 1);
        assertEquals(1.0, ir.sloppyFraction(), 0.0);
        assertEquals(0.0, ir.predictedMean(), 0.0);
        double expected = WIDTH * r.sloppyVariance() * psiD;
        assertEquals(expected, ir.predictedVariance(), 1e-12 * expected);
    }

    /**
     * On a quantile scale each member coarse grains its own softest weights: the prediction must use
     * each member's recorded cutoffs, so its sloppy fraction is the measured one at every entry
     * (⌈c × 16⌉ / 16 where the member's Fisher values do not tie), and the shared-hidden-layer
     * closed form still agrees everywhere.
     */
    @Test
    void onAQuantileScaleThePredictionCoarseGrainsWhatEachMemberDid() throws Exception {
        String[] quantiles = {"brg.cutoffScale=quantile", "brg.cutoffs=[0.1, 0.25, 0.5, 0.75, 1.0]"};
        GpComparison.Result perMemberRows = new GpComparison(2, 400, null)
                .compare(RunFiles.open(write("q-per-member", 16, false, quantiles)), tmp.resolve("q-per-member-gp"));
        GpComparison.Result sharedRows = new GpComparison(2, 400, null)
                .compare(RunFiles.open(write("q-shared", 32, true, quantiles)), tmp.resolve("q-shared-gp"));
        for (GpComparison.Result r : List.of(perMemberRows, sharedRows)) {
            for (Corroboration.Row row : r.rows()) {
                assertEquals(row.measuredSloppyFraction(), row.sloppyFraction(), 1e-12, row::toString);
            }
            assertEquals(1.0, r.rows().get(r.rows().size() - 1).sloppyFraction(), 0.0, "quantile 1: all");
        }
        assertTrue(sharedRows.allAgree(), sharedRows::toString);
    }

    @Test
    void aRunWithoutSavedReadoutsIsRefusedUnderItsDirectory() throws IOException {
        Path old = tmp.resolve("old");
        Files.createDirectories(old);
        try (var files = Files.list(perMember)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!f.getFileName().toString().equals(RunWriter.READOUT)) {
                    Files.copy(f, old.resolve(f.getFileName()));
                }
            }
        }
        RunFiles run = RunFiles.open(old);
        Path out = tmp.resolve("never");
        ConfigException e = assertThrows(ConfigException.class, () -> new GpComparison(2, 400, null).compare(run, out));
        assertEquals(old.toString(), e.field());
        assertTrue(e.detail().contains(RunWriter.READOUT), e::getMessage);
        assertFalse(Files.exists(out));
    }

    @Test
    void badParametersAreNamedByTheirParameterNames() {
        assertEquals(GpComparison.MESH_POINTS, field(() -> new GpComparison(65, 2000, null)));
        assertEquals(GpComparison.MONTE_CARLO_DRAWS, field(() -> new GpComparison(8, 99, null)));
        assertEquals(GpComparison.SLOPPY_VARIANCE, field(() -> new GpComparison(8, 2000, Double.NaN)));
    }

    private static String field(Runnable r) {
        return assertThrows(ConfigException.class, r::run).field();
    }
}
