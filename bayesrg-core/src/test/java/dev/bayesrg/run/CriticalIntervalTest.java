package dev.bayesrg.run;

import static dev.bayesrg.run.CriticalScaleTest.member;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.io.RunDirectory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bootstrap interval of ε_c over members, against a brute-force bootstrap and exact laws. */
class CriticalIntervalTest {
    private static final List<Double> CUTOFFS = List.of(0.1, 1.0, 10.0);
    private static final long SEED = 7;

    /**
     * Five members that count, with ties, and a diverged one whose huge losses must not count.
     * Medians of the whole ensemble: 2, 3, 4, 8 (ε_c = 10 with factor 2; 4 is not above 4).
     */
    private static List<MemberResult> tinyFlow() {
        return List.of(
                member(0, false, 1, 1.5, 3, 8),
                member(1, false, 1, 3, 3, 2),
                member(2, true, 1e12, 1e12, 1e12, 1e12),
                member(3, false, 2, 2, 5, 9),
                member(4, false, 3, 3, 4, 7),
                member(5, false, 10, 10, 10, 30));
    }

    /**
     * The bootstrap written out naively: the same stream, n draws of nextInt(n) per resample, each
     * resample's values sorted and its median taken as flow.csv's, ε_c searched from the trained
     * entry; null (no crossing) sorts above every cutoff.
     */
    private static Double[] bruteForce(List<MemberResult> members, double factor, UniformRandomProvider rng) {
        List<MemberResult> used = members.stream().filter(m -> !m.diverged()).toList();
        int n = used.size();
        Double[] critical = new Double[CriticalInterval.RESAMPLES];
        for (int b = 0; b < critical.length; b++) {
            int[] draw = new int[n];
            for (int i = 0; i < n; i++) {
                draw[i] = rng.nextInt(n);
            }
            double[] medians = new double[CUTOFFS.size() + 1];
            for (int k = 0; k < medians.length; k++) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = used.get(draw[i]).testMse()[k];
                }
                Arrays.sort(v);
                medians[k] = FlowStatistics.quantile(v, 0.5);
            }
            for (int k = 1; k < medians.length && critical[b] == null; k++) {
                if (medians[k] > factor * medians[0]) {
                    critical[b] = CUTOFFS.get(k - 1);
                }
            }
        }
        return critical;
    }

    private static double orInfinity(Double c) {
        return c == null ? Double.POSITIVE_INFINITY : c;
    }

    @Test
    void intervalIsTheBruteForceBootstrapsPercentiles() {
        double factor = 2.0;
        Double[] brute =
                bruteForce(tinyFlow(), factor, RandomStreams.ensemble(SEED, RandomStreams.Purpose.CRITICAL_BOOTSTRAP));
        double[] sorted = Arrays.stream(brute)
                .mapToDouble(CriticalIntervalTest::orInfinity)
                .sorted()
                .toArray();
        assertTrue(
                Arrays.stream(sorted).distinct().count() >= 3,
                "the resamples disagree on ε_c, so the interval says something: " + Arrays.toString(sorted));
        Double lower = Double.isInfinite(sorted[24]) ? null : sorted[24]; // the 25th of 1000
        Double upper = Double.isInfinite(sorted[974]) ? null : sorted[974]; // the 975th
        int without = (int) Arrays.stream(brute).filter(c -> c == null).count();
        assertEquals(
                new CriticalInterval(lower, upper, 1000, without),
                CriticalInterval.bootstrap(tinyFlow(), CUTOFFS, factor, SEED));
    }

    /**
     * Two members a, b: a resample is {a, a}, {a, b} or {b, b} with chances 1/4, 1/2, 1/4, and the
     * median of two is their mean. By hand: {a, a} crosses at 0.1 (3 > 2 × 1), {a, b} at 1
     * (medians 1, 2, 3), {b, b} at 10 (medians 1, 1, 1, 3): the 2.5 % and 97.5 % points are 0.1
     * and 10. Resampling without replacement would always give {a, b}, hence [1, 1].
     */
    @Test
    void twoMembersGiveTheExactLawsPercentiles() {
        List<MemberResult> members = List.of(member(0, false, 1, 3, 5, 9), member(1, false, 1, 1, 1, 3));
        CriticalInterval ci = CriticalInterval.bootstrap(members, CUTOFFS, 2.0, SEED);
        assertEquals(new CriticalInterval(0.1, 10.0, 1000, 0), ci);

        // b alone never crosses: a quarter of the resamples are beyond the last cutoff
        List<MemberResult> never = List.of(member(0, false, 1, 3, 5, 9), member(1, false, 1, 1, 1, 1));
        CriticalInterval open = CriticalInterval.bootstrap(never, CUTOFFS, 2.0, SEED);
        assertEquals(0.1, open.lower());
        assertNull(open.upper(), "more than 2.5 % never cross: the upper bound is beyond the schedule");
        // binomial(1000, 1/4): 250 ± 5 standard errors of 13.7
        assertTrue(Math.abs(open.withoutCrossing() - 250) < 5 * 13.7, "without crossing: " + open.withoutCrossing());
    }

    @Test
    void percentilesAreTheTwentyFifthAndNineHundredSeventyFifthOfTheSortedResamples() {
        int none = CUTOFFS.size() + 1;
        assertEquals(new CriticalInterval(1.0, 1.0, 1000, 0), CriticalInterval.of(entries(24, 1, 976, 2), CUTOFFS));
        assertEquals(new CriticalInterval(0.1, 1.0, 1000, 0), CriticalInterval.of(entries(25, 1, 975, 2), CUTOFFS));
        assertEquals(
                new CriticalInterval(10.0, 10.0, 1000, 25), CriticalInterval.of(entries(975, 3, 25, none), CUTOFFS));
        assertEquals(
                new CriticalInterval(10.0, null, 1000, 26), CriticalInterval.of(entries(974, 3, 26, none), CUTOFFS));
        assertEquals(
                new CriticalInterval(null, null, 1000, 976), CriticalInterval.of(entries(24, 2, 976, none), CUTOFFS));
    }

    /** {@code countA} resamples at entry a and {@code countB} at entry b, in a fixed shuffled order. */
    private static int[] entries(int countA, int a, int countB, int b) {
        int[] e = new int[countA + countB];
        Arrays.fill(e, 0, countA, a);
        Arrays.fill(e, countA, e.length, b);
        for (int i = 0; i < e.length; i++) {
            int j = (int) ((i * 7919L) % e.length); // the order of the resamples must not matter
            int t = e[i];
            e[i] = e[j];
            e[j] = t;
        }
        return e;
    }

    @Test
    void divergedMembersAreLeftOutAsTheFlowLeavesThemOut() {
        List<MemberResult> kept = tinyFlow().stream().filter(m -> !m.diverged()).toList();
        assertEquals(
                CriticalInterval.bootstrap(kept, CUTOFFS, 2.0, SEED),
                CriticalInterval.bootstrap(tinyFlow(), CUTOFFS, 2.0, SEED));
        List<MemberResult> allDiverged = List.of(member(0, true, 1, 9, 9, 9), member(1, true, 1, 9, 9, 9));
        assertEquals(
                new CriticalInterval(null, null, 1000, 1000),
                CriticalInterval.bootstrap(allDiverged, CUTOFFS, 2.0, SEED));
    }

    /**
     * A small run with diverged members: one thread, three threads, and its three shards written,
     * read back and merged give one and the same interval (and a proper one: it has a lower bound).
     */
    @Test
    void intervalIsTheSameOnAnyThreadCountAndForMergedShards(@TempDir Path tmp) throws Exception {
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.PAPER)
                .with(List.of(
                        "network.hidden[2].width=24",
                        "train.epochs=20",
                        "data.train=30",
                        "data.test=20",
                        "data.fisher=10",
                        "train.divergenceLoss=300",
                        "ensemble.members=18"))
                .load();
        DataSets data = Experiment.prepareData(config, Path.of("."));
        RunResult one = Experiment.run(config, data, 1, done -> {});
        RunResult three = Experiment.run(config, data, 3, done -> {});
        assertTrue(one.divergedCount() > 0, "diverged members take part in the resampling's bookkeeping");
        CriticalInterval ci = one.critical().interval();
        assertNotNull(ci.lower(), ci.toString());
        assertEquals(ci, three.critical().interval());

        List<Path> shards = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            RunResult part = Experiment.run(config, data, 2, new Shard(s, 3), done -> {});
            Path dir = tmp.resolve("shard" + s);
            RunWriter.write(
                    RunDirectory.create(dir),
                    part,
                    new RunWriter.Provenance(List.of("test"), "paper", 2, Instant.EPOCH, Instant.EPOCH));
            shards.add(dir);
        }
        ShardMerge.Merged merged = ShardMerge.merge(List.of(shards.get(2), shards.get(0), shards.get(1)));
        assertEquals(one.critical(), merged.run().critical());
        assertArrayEquals(
                one.members().stream().mapToDouble(m -> m.testMse()[1]).toArray(),
                merged.run().members().stream().mapToDouble(m -> m.testMse()[1]).toArray());
    }
}
