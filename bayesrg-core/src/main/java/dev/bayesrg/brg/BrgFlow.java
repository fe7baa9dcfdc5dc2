package dev.bayesrg.brg;

import dev.bayesrg.fisher.FisherMetric;
import java.util.List;

/**
 * Runs the nested coarse-graining of one member along a cutoff schedule (arXiv:2405.17538, eqs. 94–98, cumulative
 * semantics): at cutoff ε_k every trainable parameter with F_ii &lt; ε_k that was not coarse grained
 * before is coarse grained now, in increasing parameter order; parameters coarse grained earlier
 * keep their new value.
 */
public final class BrgFlow {
    /** Receives the renormalized member after each cutoff. */
    @FunctionalInterface
    public interface Observer {
        /**
         * Called once per cutoff, in increasing order of the cutoff.
         *
         * @param entry         1..K, the index of the cutoff in the schedule plus one
         * @param theta         the member's parameters after coarse graining (do not keep a reference)
         * @param coarseGrained how many trainable parameters are coarse grained so far
         */
        void observe(int entry, double[] theta, int coarseGrained);
    }

    private BrgFlow() {}

    /**
     * Coarse grains {@code theta} in place.
     *
     * @param trainableOffset index in θ of the first trainable parameter (the metric's index 0)
     * @return for each trainable parameter, the entry (1..K) at which it was coarse grained, 0 if never
     */
    public static int[] run(
            double[] theta,
            int trainableOffset,
            FisherMetric fisher,
            List<Double> cutoffs,
            CoarseGrainer coarseGrainer,
            Observer observer) {
        int dim = fisher.dimension();
        int[] coarseGrainedAt = new int[dim];
        int count = 0;
        for (int k = 0; k < cutoffs.size(); k++) {
            double cutoff = cutoffs.get(k);
            for (int i = 0; i < dim; i++) {
                if (coarseGrainedAt[i] == 0 && fisher.diagonal(i) < cutoff) {
                    coarseGrainedAt[i] = k + 1;
                    theta[trainableOffset + i] = coarseGrainer.coarseGrain(trainableOffset + i);
                    count++;
                }
            }
            observer.observe(k + 1, theta, count);
        }
        return coarseGrainedAt;
    }
}
