package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ε_c and the knee, measured from the trained ensemble (flow entry 0), on hand-computed flows. */
class CriticalScaleTest {
    private static final List<Double> CUTOFFS = List.of(1e-4, 0.005, 0.05, 0.5);

    /** A member with these test MSE per flow entry (entry 0 trained) and nothing else. */
    static MemberResult member(int id, boolean diverged, double... testMse) {
        int entries = testMse.length;
        return new MemberResult(
                id,
                diverged,
                new double[entries][0],
                testMse,
                new double[entries],
                new int[entries],
                new double[0],
                new int[0],
                new double[0],
                0.0,
                new double[0],
                MeshOutputs.NONE,
                new double[0],
                null,
                null,
                MemberResult.unmeasured(entries));
    }

    private static CriticalScale scale(List<MemberResult> members, double factor) {
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.PAPER)
                .with("brg.cutoffs=" + CUTOFFS)
                .with("brg.criticalFactor=" + factor)
                .load();
        return CriticalScale.of(members, FlowStatistics.flow(members, CUTOFFS, 1), config);
    }

    /**
     * The reference-code situation: the first cutoff already multiplies the median 12-fold. Medians
     * by hand (three members): trained 29, then 357, 490, 728, 1273. With factor 2 the threshold is
     * 58, crossed at the first cutoff; measured from the first cutoff (714) it would have been 0.05.
     */
    @Test
    void aFirstCutoffThatAlreadyExceedsTheFactorIsTheCriticalCutoff() {
        List<MemberResult> members = List.of(
                member(0, false, 20, 300, 400, 700, 1200),
                member(1, false, 29, 357, 490, 728, 1273),
                member(2, false, 40, 900, 900, 900, 1300),
                member(3, true, 1e9, 1e9, 1e9, 1e9, 1e9));
        CriticalScale s = scale(members, 2.0);
        assertEquals(1e-4, s.criticalCutoff());
        assertEquals(1e-4, s.kneeCutoff(), "the largest rise is the trained ensemble's to the first cutoff");
    }

    @Test
    void theCriticalCutoffIsTheFirstWhoseMedianExceedsTheFactorTimesTheTrainedMedian() {
        // medians 10, 15, 20, 21, 40: the threshold 2 × 10 = 20 is not exceeded by 20 itself
        List<MemberResult> members = new ArrayList<>();
        members.add(member(0, false, 10, 15, 20, 21, 40));
        CriticalScale s = scale(members, 2.0);
        assertEquals(0.05, s.criticalCutoff());
        assertEquals(0.5, s.kneeCutoff(), "ln 40/21 is the largest rise");
        assertNull(scale(members, 4.0).criticalCutoff(), "40 is not above 4 × 10");
    }

    @Test
    void entriesFollowTheTrainedMedianWithNaNAndWithoutCutoffs() {
        assertEquals(-1, CriticalScale.criticalEntry(new double[] {Double.NaN, 5, 9}, 2));
        assertEquals(-1, CriticalScale.criticalEntry(new double[] {1}, 2));
        assertEquals(-1, CriticalScale.kneeEntry(new double[] {1}));
        assertEquals(1, CriticalScale.kneeEntry(new double[] {1, 3}));
        assertEquals(2, CriticalScale.criticalEntry(new double[] {0, 0, 1e-300}, 1e6), "a perfect fit: any loss");
    }
}
