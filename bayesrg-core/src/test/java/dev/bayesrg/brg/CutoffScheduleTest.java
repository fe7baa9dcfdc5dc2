package dev.bayesrg.brg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.config.BrgConfig.CutoffScale;
import dev.bayesrg.fisher.FisherMetric;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A member's absolute cutoffs from the schedule on each scale, against direct computation. */
class CutoffScheduleTest {
    /** Quantiles as whole percentages q, so that ⌈q P / 100⌉ is exact integer arithmetic. */
    private static final int[] PERCENT = {1, 7, 10, 30, 33, 50, 70, 99, 100};

    private static List<Double> quantiles() {
        return Arrays.stream(PERCENT).mapToObj(q -> q / 100.0).toList();
    }

    static IntStream seeds() {
        return IntStream.range(0, 40);
    }

    /**
     * Stiffness values as a flow sees them: log-spread, with exact zeros (dead units, or the P − r
     * zero eigenvalues of an eigenbasis flow) and repeated values.
     */
    private static double[] stiffness(SplittableRandom rng) {
        int p = 1 + rng.nextInt(300);
        double[] s = new double[p];
        for (int i = 0; i < p; i++) {
            double u = rng.nextDouble();
            s[i] = u < 0.15 ? 0.0 : u < 0.3 ? 0.5 : Math.pow(10, -6 + 9 * rng.nextDouble());
        }
        return s;
    }

    private static int below(double[] s, double cutoff) {
        return (int) Arrays.stream(s).filter(v -> v < cutoff).count();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void quantileCutoffCoarseGrainsTheCeilingOfCTimesPSoftestParametersAndTheirTies(int seed) {
        double[] s = stiffness(new SplittableRandom(seed));
        double[] before = s.clone();
        double[] eps = new CutoffSchedule(quantiles(), CutoffScale.QUANTILE).resolve(s);
        assertArrayEquals(before, s, "the stiffness values are left alone");
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        int p = s.length;
        for (int k = 0; k < PERCENT.length; k++) {
            int j = Math.max(1, (PERCENT[k] * p + 99) / 100); // ⌈q P / 100⌉
            double jth = sorted[j - 1];
            long expected = Arrays.stream(s).filter(v -> v <= jth).count();
            assertEquals(expected, below(s, eps[k]), "quantile " + PERCENT[k] + " % of P = " + p);
            assertEquals(p, below(s, eps[PERCENT.length - 1]), "quantile 1 coarse grains every parameter");
        }
    }

    @Test
    void quantileOfDistinctValuesCoarseGrainsExactlyTheFractionRoundedUp() {
        double[] s = {9, 3, 7, 1, 5, 8, 2, 6, 4, 10}; // P = 10
        double[] eps = new CutoffSchedule(List.of(0.05, 0.1, 0.3, 0.55, 1.0), CutoffScale.QUANTILE).resolve(s);
        // 0.3 × 10 is 3.0000000000000004 in binary: still 3 parameters, not 4
        int[] counts = Arrays.stream(eps).mapToInt(e -> below(s, e)).toArray();
        assertArrayEquals(new int[] {1, 1, 3, 6, 10}, counts);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void meanEigenvalueCutoffIsCTimesTheMeanOfTheStiffnessValues(int seed) {
        double[] s = stiffness(new SplittableRandom(seed));
        List<Double> c = List.of(1e-3, 0.5, 1.0, 20.0);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        double mean = sum / s.length; // trace F / P
        double[] eps = new CutoffSchedule(c, CutoffScale.MEAN_EIGENVALUE).resolve(s);
        for (int k = 0; k < c.size(); k++) {
            assertEquals(c.get(k) * mean, eps[k], 1e-13 * c.get(k) * mean, "c = " + c.get(k));
        }
    }

    @Test
    void absoluteCutoffsAreTheScheduleForEveryMember() {
        List<Double> c = List.of(0.0, 1e-4, 5.0, 1e5);
        double[] expected = {0.0, 1e-4, 5.0, 1e5};
        for (double[] s : new double[][] {{1, 2, 3}, {1e9}, {0, 0}}) {
            assertArrayEquals(expected, new CutoffSchedule(c, CutoffScale.ABSOLUTE).resolve(s));
        }
    }

    @Test
    void theFlowCoarseGrainsWhatTheResolvedQuantilesSay() {
        double[] f = {0.4, 0.0, 3.0, 0.1, 2.5, 0.0, 7.0, 1.5};
        FisherMetric fisher = new FisherMetric() {
            @Override
            public int dimension() {
                return f.length;
            }

            @Override
            public double diagonal(int i) {
                return f[i];
            }
        };
        double[] eps = new CutoffSchedule(List.of(0.25, 0.5, 1.0), CutoffScale.QUANTILE).resolve(f);
        int[] counts = new int[4];
        BrgFlow.run(
                new double[f.length],
                0,
                fisher,
                Arrays.stream(eps).boxed().toList(),
                new Zero(),
                (entry, theta, count) -> counts[entry] = count);
        // ⌈0.25 × 8⌉ = 2 (the two zeros), ⌈0.5 × 8⌉ = 4, then all 8
        assertArrayEquals(new int[] {0, 2, 4, 8}, counts);
    }
}
