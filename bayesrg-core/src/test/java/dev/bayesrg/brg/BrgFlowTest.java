package dev.bayesrg.brg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.BrgConfig.CoarseGraining;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.fisher.FisherDiagonal;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.ParameterPrior;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The nested coarse graining along a cutoff schedule (SPEC §5.5, §7.5, cumulative semantics). */
class BrgFlowTest {
    private static final List<Double> CUTOFFS = List.of(1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0);

    /** An architecture 2 → hidden(5) → read-out of {@code width} weights plus a bias. */
    private static Architecture architecture(int width, InitConfig init) {
        return new Architecture(
                2,
                new NetworkConfig(
                        List.of(
                                new LayerConfig(5, Activation.RELU, false),
                                new LayerConfig(width, Activation.RELU, false)),
                        Activation.IDENTITY,
                        true,
                        init,
                        NetworkConfig.Trainable.LAST));
    }

    private static final InitConfig INIT = new InitConfig(InitConfig.Scheme.NORMAL, 0.5, 2.0, 1.0, 0.3);

    /** Fisher values spread log-uniformly over [1e-5, 1e3], with a few exact zeros and exact cutoffs. */
    private static double[] fisherValues(int dim, SplittableRandom rng) {
        double[] f = new double[dim];
        for (int i = 0; i < dim; i++) {
            f[i] = Math.pow(10, -5 + 8 * rng.nextDouble());
        }
        f[0] = 0.0;
        f[1] = 1.0; // equal to a cutoff: not sloppy there (strict F < ε), sloppy at the next one
        f[2] = 1e-3; // equal to the first cutoff
        f[3] = 1e300; // never sloppy
        return f;
    }

    /** The entry (1..K) of the first cutoff strictly above F, 0 if none. */
    private static int expectedEntry(double f, List<Double> cutoffs) {
        for (int k = 0; k < cutoffs.size(); k++) {
            if (f < cutoffs.get(k)) {
                return k + 1;
            }
        }
        return 0;
    }

    private static double[] randomTheta(int p, SplittableRandom rng) {
        double[] t = new double[p];
        for (int i = 0; i < p; i++) {
            t[i] = rng.nextDouble(-3, 3);
        }
        return t;
    }

    private static UniformRandomProvider rng(long seed) {
        return RandomSource.XO_SHI_RO_256_PP.create(seed);
    }

    @ParameterizedTest
    @EnumSource(CoarseGraining.class)
    void cutoffBelowEveryFisherValueChangesNoParameter(CoarseGraining mode) {
        Architecture arch = architecture(20, INIT);
        ParameterPrior prior = new ParameterPrior(arch, INIT);
        SplittableRandom r = new SplittableRandom(51);
        double[] fisher = new double[arch.readoutSize()];
        for (int i = 0; i < fisher.length; i++) {
            fisher[i] = 0.5 + r.nextDouble(); // all in [0.5, 1.5)
        }
        fisher[4] = 0.5; // equal to the largest cutoff: not sloppy (strict inequality)
        double[] theta = randomTheta(arch.parameterCount(), r);
        double[] original = theta.clone();
        List<double[]> seen = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();

        int[] at = BrgFlow.run(
                theta,
                arch.readoutOffset(),
                new FisherDiagonal(fisher),
                List.of(0.0, 0.1, 0.5),
                CoarseGrainer.of(mode, prior, 0.7, rng(1)),
                (entry, t, count) -> {
                    seen.add(t.clone());
                    counts.add(count);
                });

        assertArrayEquals(original, theta, 0.0);
        assertEquals(3, seen.size());
        for (double[] s : seen) {
            assertArrayEquals(original, s, 0.0);
        }
        assertEquals(List.of(0, 0, 0), counts);
        assertArrayEquals(new int[fisher.length], at);
    }

    @Test
    void eachParameterIsCoarseGrainedOnceAtFirstCutoffAboveItsFisherValueAndKeepsItsNewValue() {
        Architecture arch = architecture(200, INIT);
        ParameterPrior prior = new ParameterPrior(arch, INIT);
        SplittableRandom r = new SplittableRandom(52);
        int dim = arch.readoutSize();
        double[] fisher = fisherValues(dim, r);
        double[] theta = randomTheta(arch.parameterCount(), r);
        double[] original = theta.clone();
        int offset = arch.readoutOffset();
        List<double[]> snapshots = new ArrayList<>();
        List<Integer> entries = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();

        int[] at = BrgFlow.run(
                theta,
                offset,
                new FisherDiagonal(fisher),
                CUTOFFS,
                CoarseGrainer.of(CoarseGraining.RESAMPLE_PRIOR, prior, null, rng(2)),
                (entry, t, count) -> {
                    entries.add(entry);
                    snapshots.add(t.clone());
                    counts.add(count);
                });

        assertEquals(List.of(1, 2, 3, 4, 5, 6), entries);
        // the assignment: first cutoff strictly above F
        for (int i = 0; i < dim; i++) {
            assertEquals(expectedEntry(fisher[i], CUTOFFS), at[i], "parameter " + i + " with F=" + fisher[i]);
        }
        assertEquals(1, at[0]);
        assertEquals(5, at[1]);
        assertEquals(2, at[2]);
        assertEquals(0, at[3]);
        for (int k = 1; k <= CUTOFFS.size(); k++) {
            double[] s = snapshots.get(k - 1);
            int expectedCount = 0;
            for (int i = 0; i < dim; i++) {
                if (at[i] != 0 && at[i] <= k) {
                    expectedCount++;
                    // set at entry at[i], unchanged afterwards
                    assertEquals(
                            snapshots.get(at[i] - 1)[offset + i],
                            s[offset + i],
                            0.0,
                            "parameter " + i + " changed after it was coarse grained");
                } else {
                    assertEquals(
                            original[offset + i], s[offset + i], 0.0, "parameter " + i + " changed before its cutoff");
                }
            }
            assertEquals(expectedCount, counts.get(k - 1), "count at entry " + k);
            // parameters in front of the trainable block are never touched
            for (int i = 0; i < offset; i++) {
                assertEquals(original[i], s[i], 0.0);
            }
        }
        assertArrayEquals(snapshots.get(CUTOFFS.size() - 1), theta, 0.0);

        // Each coarse-grained parameter consumed exactly one prior draw, in order of (entry, index):
        // replaying the same stream reproduces every value.
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng(2));
        for (int k = 1; k <= CUTOFFS.size(); k++) {
            for (int i = 0; i < dim; i++) {
                if (at[i] == k) {
                    double expected = prior.mean(offset + i) + prior.std(offset + i) * normal.sample();
                    assertEquals(expected, theta[offset + i], 0.0, "value of parameter " + i);
                }
            }
        }
    }

    @Test
    void zeroModeZeroesExactlyTheSloppySet() {
        Architecture arch = architecture(300, INIT);
        ParameterPrior prior = new ParameterPrior(arch, INIT);
        SplittableRandom r = new SplittableRandom(53);
        int dim = arch.readoutSize();
        double[] fisher = fisherValues(dim, r);
        double[] theta = randomTheta(arch.parameterCount(), r);
        double[] original = theta.clone();
        int offset = arch.readoutOffset();
        List<double[]> snapshots = new ArrayList<>();

        BrgFlow.run(
                theta,
                offset,
                new FisherDiagonal(fisher),
                CUTOFFS,
                CoarseGrainer.of(CoarseGraining.ZERO, prior, null, rng(3)),
                (e, t, c) -> snapshots.add(t.clone()));

        for (int k = 0; k < CUTOFFS.size(); k++) {
            double cutoff = CUTOFFS.get(k);
            double[] s = snapshots.get(k);
            for (int i = 0; i < dim; i++) {
                double expected = fisher[i] < cutoff ? 0.0 : original[offset + i];
                assertEquals(expected, s[offset + i], 0.0, "parameter " + i + " at cutoff " + cutoff);
            }
        }
    }

    /** Sample mean within 5 standard errors, sample variance within 5 standard errors (normal law). */
    private static void assertNormalSample(double[] values, double mean, double variance) {
        int n = values.length;
        double m = 0;
        for (double v : values) {
            m += v;
        }
        m /= n;
        double s2 = 0;
        for (double v : values) {
            s2 += (v - m) * (v - m);
        }
        s2 /= n - 1;
        assertEquals(mean, m, 5 * Math.sqrt(variance / n), "sample mean");
        assertEquals(variance, s2, 5 * variance * Math.sqrt(2.0 / (n - 1)), "sample variance");
    }

    private static double[] coarseGrainAll(CoarseGraining mode, InitConfig init, Double sloppyVariance, long seed) {
        int dim = 20_000;
        Architecture arch = architecture(dim, init);
        ParameterPrior prior = new ParameterPrior(arch, init);
        double[] theta = new double[arch.parameterCount()];
        java.util.Arrays.fill(theta, 123.0);
        double[] fisher = new double[arch.readoutSize()];
        BrgFlow.run(
                theta,
                arch.readoutOffset(),
                new FisherDiagonal(fisher),
                List.of(1.0),
                CoarseGrainer.of(mode, prior, sloppyVariance, rng(seed)),
                (e, t, c) -> assertEquals(fisher.length, c));
        // the read-out weights (not the bias, whose prior differs)
        return java.util.Arrays.copyOfRange(theta, arch.readoutOffset(), arch.readoutOffset() + dim);
    }

    @Test
    void gaussianModeDrawsZeroMeanValuesWithTheConfiguredSloppyVariance() {
        double[] v = coarseGrainAll(CoarseGraining.GAUSSIAN, INIT, 0.09, 4);
        for (double x : v) {
            assertNotEquals(123.0, x);
        }
        assertNormalSample(v, 0.0, 0.09);
    }

    @Test
    void gaussianModeWithoutSloppyVarianceUsesThePriorVarianceAroundZero() {
        // prior N(0.5, 2²): the gaussian mode keeps the variance but centres on 0 (SPEC eq. 74)
        assertNormalSample(coarseGrainAll(CoarseGraining.GAUSSIAN, INIT, null, 5), 0.0, 4.0);
    }

    @Test
    void resamplePriorModeDrawsFromThePrior() {
        assertNormalSample(coarseGrainAll(CoarseGraining.RESAMPLE_PRIOR, INIT, null, 6), 0.5, 4.0);
        // fan-in prior: N(0, σ_W²/fan_in) with fan_in = 5 (the hidden width)
        InitConfig fanIn = new InitConfig(InitConfig.Scheme.FAN_IN, 0.0, 1.0, 1.5, 1.0);
        assertNormalSample(coarseGrainAll(CoarseGraining.RESAMPLE_PRIOR, fanIn, null, 7), 0.0, 1.5 * 1.5 / 20_000);
    }

    @Test
    void observerCountIsCumulativeNumberOfSloppyParameters() {
        Architecture arch = architecture(3, INIT);
        double[] theta = new double[arch.parameterCount()];
        double[] fisher = {5.0, 6.0, 7.0, 8.0};
        List<Integer> counts = new ArrayList<>();
        BrgFlow.run(
                theta,
                arch.readoutOffset(),
                new FisherDiagonal(fisher),
                List.of(1.0, 6.5, 100.0),
                CoarseGrainer.of(CoarseGraining.ZERO, new ParameterPrior(arch, INIT), null, rng(8)),
                (e, t, c) -> counts.add(c));
        assertEquals(List.of(0, 2, 4), counts);
    }
}
