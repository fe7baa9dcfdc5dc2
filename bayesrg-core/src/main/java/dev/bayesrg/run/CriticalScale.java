package dev.bayesrg.run;

import java.util.List;

/**
 * Where the coarse-grained ensemble stops describing the data (docs/method.md, "run", step 7).
 *
 * @param criticalCutoff the smallest cutoff whose median test MSE exceeds {@code factor} times the
 *                       median at the first cutoff; null if none does
 * @param kneeCutoff     the cutoff at the upper end of the largest rise of log median test MSE
 *                       between neighbouring cutoffs; null with fewer than two cutoffs
 */
public record CriticalScale(Double criticalCutoff, Double kneeCutoff) {

    public static CriticalScale of(List<FlowEntry> flow, double factor) {
        if (flow.size() < 2) {
            return new CriticalScale(null, null);
        }
        double reference = flow.get(1).testMseMedian();
        Double critical = null;
        for (int k = 1; k < flow.size(); k++) {
            if (flow.get(k).testMseMedian() > factor * reference) {
                critical = flow.get(k).cutoff();
                break;
            }
        }
        Double knee = null;
        double largest = Double.NEGATIVE_INFINITY;
        for (int k = 2; k < flow.size(); k++) {
            double rise = Math.log(flow.get(k).testMseMedian())
                    - Math.log(flow.get(k - 1).testMseMedian());
            if (rise > largest) {
                largest = rise;
                knee = flow.get(k).cutoff();
            }
        }
        return new CriticalScale(critical, knee);
    }
}
