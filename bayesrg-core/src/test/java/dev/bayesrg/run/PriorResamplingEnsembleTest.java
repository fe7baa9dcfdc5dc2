package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * At a cutoff above every Fisher value with {@code resample-prior}, every read-out weight is a fresh
 * N(0, σ_prior²) draw (SPEC §7.5: "the ensemble then reverts to the prior predictive"). Given member
 * α's frozen features φ_α(x*), its output at the probe is then N(0, σ_prior² Σ_j φ_αj(x*)²), so over
 * the ensemble the mean at x* is 0 and the mean square equals the member average of
 * σ_prior² ‖φ_α(x*)‖². The features are recomputed here from the member's initialization stream.
 * Because ‖φ_α‖² is heavy-tailed over members, the standardised outputs z_α = f_α(x*)/(σ_prior‖φ_α(x*)‖),
 * i.i.d. N(0, 1), give the sharper check.
 */
class PriorResamplingEnsembleTest {
    private static final int MEMBERS = 2000;
    private static ExperimentConfig config;
    private static DataSets data;
    private static RunResult run;

    @BeforeAll
    static void runEnsemble() throws InterruptedException {
        config = ConfigLoader.fromPreset(Preset.PAPER)
                .with("network.hidden[2].width=32")
                .with("train.epochs=5")
                .with("train.lossEvery=1")
                .with("train.divergenceLoss=1e300")
                .with("data.train=50")
                .with("data.test=20")
                .with("data.fisher=30")
                .with("brg.cutoffs=[1e300]")
                .with("brg.mode=resample-prior")
                .with("ensemble.members=" + MEMBERS)
                .with("ensemble.seed=2024")
                .load();
        data = Experiment.prepareData(config, Path.of("."));
        run = Experiment.run(config, data, 2, done -> {});
    }

    @Test
    void everyReadoutWeightIsCoarseGrainedAtTheHugeCutoff() {
        int trainable = 32;
        assertEquals(trainable, run.trainableCount());
        for (MemberResult m : run.members()) {
            assertFalse(m.diverged());
            assertEquals(0, m.coarseGrained()[0]);
            assertEquals(trainable, m.coarseGrained()[1]);
            for (int at : m.coarseGrainedAt()) {
                assertEquals(1, at);
            }
        }
        assertEquals(2, run.flow().size());
        assertNull(run.flow().get(0).cutoff());
        assertEquals(1.0, run.flow().get(1).sloppyFraction());
        assertEquals(MEMBERS, run.flow().get(1).members());
    }

    @Test
    void ensembleAtProbeHasZeroMeanAndPriorPredictiveVariance() {
        Architecture arch = new Architecture(data.inputDimension(), config.network());
        ParameterPrior prior = new ParameterPrior(arch, config.network().init());
        Network network = new Network(arch);
        int width = arch.featureWidth();
        double sigma2 = config.network().init().std() * config.network().init().std();

        double sumS = 0; // Σ_α σ² ‖φ_α‖²   (the conditional variances)
        double sumS2 = 0; // Σ_α (σ² ‖φ_α‖²)²
        double sumF = 0;
        double sumF2 = 0;
        double sumZ = 0;
        double sumZ2 = 0;
        int live = 0;
        double[] phi = new double[width];
        for (MemberResult m : run.members()) {
            double[] theta = prior.sample(
                    RandomStreams.member(config.ensemble().seed(), m.member(), RandomStreams.Purpose.INITIALIZATION));
            network.features(theta, data.probe(), phi, 0);
            double s = 0;
            for (double v : phi) {
                s += sigma2 * v * v;
            }
            sumS += s;
            sumS2 += s * s;
            double f = m.probe()[1];
            sumF += f;
            sumF2 += f * f;
            if (s > 0) {
                double z = f / Math.sqrt(s);
                sumZ += z;
                sumZ2 += z * z;
                live++;
            }
        }
        int b = MEMBERS;
        double expectedVariance = sumS / b;
        assertTrue(expectedVariance > 0);

        // mean: Σ f_α ~ N(0, Σ S_α)
        double mean = sumF / b;
        assertEquals(0.0, mean, 5 * Math.sqrt(sumS) / b, "ensemble mean at x*");
        // mean square: Σ f_α² has mean Σ S_α and variance 2 Σ S_α²
        double meanSquare = sumF2 / b;
        assertEquals(expectedVariance, meanSquare, 5 * Math.sqrt(2 * sumS2) / b, "ensemble E[f(x*)²]");
        // standardised: z ~ N(0, 1) i.i.d.
        assertTrue(live > b / 2, "most members have live features at x*");
        assertEquals(0.0, sumZ / live, 5 / Math.sqrt(live), "mean of standardised outputs");
        assertEquals(1.0, sumZ2 / live, 5 * Math.sqrt(2.0 / live), "mean square of standardised outputs");
        // the flow table's sampled variance (normalised by |B|−1, around the sample mean)
        double sampleVariance = (sumF2 - b * mean * mean) / (b - 1);
        assertEquals(sampleVariance, run.flow().get(1).probeVariance(), 1e-9 * sampleVariance);
        assertEquals(mean, run.flow().get(1).probeMean(), 1e-12 * Math.sqrt(expectedVariance));
        assertEquals(
                expectedVariance,
                run.flow().get(1).probeVariance(),
                5 * Math.sqrt(2 * sumS2) / b + 5 * expectedVariance / b,
                "flow probe_variance");
    }

    /**
     * A member whose features all vanish at x* (every relu of the last hidden layer dead there)
     * outputs exactly 0 at x* after the resampling; every other member's output changed.
     */
    @Test
    void probeOutputAfterResamplingIsZeroExactlyWhenFeaturesVanishAtProbe() {
        Architecture arch = new Architecture(data.inputDimension(), config.network());
        ParameterPrior prior = new ParameterPrior(arch, config.network().init());
        Network network = new Network(arch);
        double[] phi = new double[arch.featureWidth()];
        for (MemberResult m : run.members()) {
            double[] theta = prior.sample(
                    RandomStreams.member(config.ensemble().seed(), m.member(), RandomStreams.Purpose.INITIALIZATION));
            network.features(theta, data.probe(), phi, 0);
            boolean dead = java.util.Arrays.stream(phi).allMatch(v -> v == 0.0);
            if (dead) {
                assertEquals(0.0, m.probe()[1], 0.0, "member " + m.member());
            } else {
                assertTrue(m.probe()[1] != m.probe()[0], "member " + m.member());
            }
        }
    }
}
