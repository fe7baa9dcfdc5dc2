package dev.bayesrg.nngp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class CosNetFlowTest {
    private static final int WIDTH = 256;
    private static final double SIGMA_A2 = 1.3;

    private static CosNetFlow.Setup setup(int d, double learningRate, int epochs) {
        return new CosNetFlow.Setup(d, 3.0, 0.5, SIGMA_A2, 1.0, SIGMA_A2 / WIDTH, learningRate, epochs);
    }

    private record Net(CosNet.Neurons neurons, double[][] inputs, double[] targets) {}

    private static Net net(int d, int points, double spread, long seed) {
        CosNet.Neurons neurons = CosNet.sample(WIDTH, d, 3.0, RandomSource.XO_SHI_RO_256_PP.create(seed));
        double[][] x = CosNetFlow.gaussianInputs(points, d, spread, RandomSource.XO_SHI_RO_256_PP.create(seed + 1));
        return new Net(neurons, x, CosNetFlow.targets(CosNetFlow.Target.SIN, x));
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }

    @Test
    void belowEveryFisherTheFlowIsTheTrainedEnsemble() {
        Net net = net(2, 48, 5, 11);
        CosNetFlow.Setup s = setup(2, 0.05, 300);
        double[] fisher = CosNetFlow.of(s, net.neurons(), net.inputs(), net.targets(), new double[] {1})
                .fisher();
        CosNetFlow.Result r =
                CosNetFlow.of(s, net.neurons(), net.inputs(), net.targets(), new double[] {0.5 * min(fisher)});
        // tr Σ_T + ‖μ_T‖² straight from the closed-form trained law
        double[] prior = new double[WIDTH];
        Arrays.fill(prior, SIGMA_A2 / WIDTH);
        GradientDescentPosterior.Gaussian g = GradientDescentPosterior.of(
                CosNetFlow.features(net.neurons(), net.inputs(), 0.5),
                net.targets(),
                0.05,
                300,
                new double[WIDTH],
                prior);
        double expected = 0;
        for (int j = 0; j < WIDTH; j++) {
            expected += g.covariance()[j][j] + g.mean()[j] * g.mean()[j];
        }
        CosNetFlow.Step step = r.steps().get(0);
        assertEquals(0, step.sloppyCount());
        assertEquals(expected, step.effectiveVariance(), 0);
        assertEquals(expected, r.trainedVariance(), 0);
        assertTrue(Math.abs(expected - SIGMA_A2) > 1e-3, "training moved the ensemble away from the prior");
        assertTrue(
                r.trainingError() < 0.5 * 0.5, "the mean read-out fits sin better than 0 does: " + r.trainingError());
    }

    /** The Fisher is the mean squared feature over the inputs, divided by σ². */
    @Test
    void fisherIsTheMeanSquaredFeatureOverTheNoiseVariance() {
        Net net = net(1, 7, 2, 3);
        CosNetFlow.Setup s = new CosNetFlow.Setup(1, 3.0, 0.5, SIGMA_A2, 0.25, SIGMA_A2 / WIDTH, 0.05, 10);
        double[] fisher = CosNetFlow.of(s, net.neurons(), net.inputs(), net.targets(), new double[] {1})
                .fisher();
        for (int j : new int[] {0, 17, WIDTH - 1}) {
            double b = net.neurons().frequencies()[j][0];
            double sum = 0;
            for (double[] x : net.inputs()) {
                double f = Math.cos(b * x[0] + net.neurons().phases()[j]);
                sum += f * f / (b * b + 0.25);
            }
            assertEquals(sum / 7 / 0.25, fisher[j], 1e-13 * fisher[j]);
        }
    }

    @Test
    void aboveEveryFisherWithThePriorVarianceTheFlowReturnsToThePrior() {
        for (int d = 1; d <= 3; d++) {
            Net net = net(d, 40, 5, 20 + d);
            CosNetFlow.Setup s = setup(d, 0.05, 300);
            double[] fisher = CosNetFlow.of(s, net.neurons(), net.inputs(), net.targets(), new double[] {1})
                    .fisher();
            CosNetFlow.Step step = CosNetFlow.of(
                            s, net.neurons(), net.inputs(), net.targets(), new double[] {2 * max(fisher)})
                    .steps()
                    .get(0);
            double a = Math.pow(2 * Math.PI, d) / (2 * new double[] {6, Math.PI * 9, 4 * Math.PI * 9}[d - 1]);
            assertEquals(WIDTH, step.sloppyCount());
            assertEquals(1.0, step.sloppyFraction());
            assertEquals(SIGMA_A2, step.effectiveVariance(), 1e-13);
            assertEquals(3.0, step.renormalizedCutoff(), 1e-13);
            assertEquals(Math.sqrt(SIGMA_A2 * a), step.fieldScale(), 1e-12);
            assertEquals(0.25 / (SIGMA_A2 * a), step.renormalizedMass2(), 1e-13);
        }
    }

    @Test
    void anUntrainedNetDoesNotFlowWhenSloppyWeightsReturnToThePrior() {
        Net net = net(1, 30, 5, 4);
        double[] eps = {1e-3, 0.05, 0.1, 0.3, 1, 10};
        for (CosNetFlow.Step step : CosNetFlow.of(setup(1, 0.05, 0), net.neurons(), net.inputs(), net.targets(), eps)
                .steps()) {
            assertEquals(SIGMA_A2, step.effectiveVariance(), 1e-13, "eps " + step.epsilon());
            assertEquals(3.0, step.renormalizedCutoff(), 1e-13);
        }
    }

    /** Λ(ε)^d σ_eff²(ε) = Λ^d σ_a² (eq. 90), so the ball shrinks exactly where σ_eff² grows. */
    @Test
    void cutoffShrinksExactlyWhereTheEffectiveVarianceGrows() {
        Net net = net(2, 64, 8, 7);
        double[] eps = new double[25];
        for (int k = 0; k < eps.length; k++) {
            eps[k] = 0.02 * Math.pow(10, k / 12.0);
        }
        // a sloppy variance away from the prior's, so the flow moves both ways
        CosNetFlow.Setup s = new CosNetFlow.Setup(2, 3.0, 0.5, SIGMA_A2, 1.0, 2 * SIGMA_A2 / WIDTH, 0.05, 500);
        List<CosNetFlow.Step> steps = CosNetFlow.of(s, net.neurons(), net.inputs(), net.targets(), eps)
                .steps();
        int moves = 0;
        for (int k = 0; k < steps.size(); k++) {
            CosNetFlow.Step step = steps.get(k);
            assertEquals(9 * SIGMA_A2, Math.pow(step.renormalizedCutoff(), 2) * step.effectiveVariance(), 1e-12);
            if (k > 0) {
                double grow = step.effectiveVariance() - steps.get(k - 1).effectiveVariance();
                double shrink = steps.get(k - 1).renormalizedCutoff() - step.renormalizedCutoff();
                assertEquals(Math.signum(grow), Math.signum(shrink), "eps " + step.epsilon());
                moves += grow != 0 ? 1 : 0;
                assertTrue(step.sloppyCount() >= steps.get(k - 1).sloppyCount(), "S_eps grows with eps");
            }
        }
        assertTrue(moves >= 10, "the flow moves at most cutoffs: " + moves);
    }

    /** SPEC §6: with inputs spread far wider than 1/|b|, F_j < ε ⇔ |b_j| > Λ_info(ε). */
    @Test
    void wideInputSpreadMakesTheSloppyNeuronsTheHighMomentumOnes() {
        for (int d = 1; d <= 3; d++) {
            Net net = net(d, 256, 30, 40 + d);
            List<CosNetFlow.Step> steps = CosNetFlow.of(
                            setup(d, 0.05, 100), net.neurons(), net.inputs(), net.targets(), new double[] {
                                0.07, 0.1, 0.2, 0.4
                            })
                    .steps();
            for (CosNetFlow.Step step : steps) {
                assertTrue(
                        step.sloppyCount() > 10 && step.sloppyCount() < WIDTH - 10,
                        "both sets populated at eps " + step.epsilon() + ": " + step.sloppyCount());
                assertTrue(step.sloppyAboveShare() > 0.9, "d=" + d + " " + step);
                assertTrue(step.stiffBelowShare() > 0.9, "d=" + d + " " + step);
            }
        }
    }

    /** The contrast: inputs much narrower than 1/|b| see cos²(c_j), not 1/2, and the identification fails. */
    @Test
    void narrowInputSpreadBreaksTheIdentification() {
        Net net = net(1, 256, 0.01, 9);
        CosNetFlow.Step step = CosNetFlow.of(
                        setup(1, 0.05, 0), net.neurons(), net.inputs(), net.targets(), new double[] {0.2})
                .steps()
                .get(0);
        assertTrue(Math.min(step.sloppyAboveShare(), step.stiffBelowShare()) < 0.8, step.toString());
    }
}
