package dev.bayesrg.brg;

import dev.bayesrg.fisher.FisherEigenbasis;
import java.util.List;

/**
 * The nested coarse graining of one member in the Fisher metric's eigenbasis instead of its
 * coordinates: at cutoff ε_k every direction with eigenvalue λ &lt; ε_k is coarse grained, the
 * metric's null space (λ = 0, all but at most n_F dimensions) at the first positive cutoff, and a
 * direction coarse grained earlier keeps its new component. Basis independent, as the paper's
 * diagonal flow is not (arXiv:2405.17538, §3.3 and its footnote on the diagonal approximation).
 * Only the directions stiff at the first positive cutoff are ever used; the P × P metric is never
 * formed, and under an isotropic or deterministic law (the prior resampled with one variance over
 * the flowed parameters, the zero mode) neither are the directions: {@link GramSpaceFlow}.
 */
public final class EigenbasisFlow {
    private EigenbasisFlow() {}

    /**
     * Coarse grains {@code theta} in place and tells {@code observer} after each cutoff (the count
     * it receives is the number of coarse-grained dimensions, P minus the stiff directions).
     *
     * @param flowedOffset index in θ of the first flowed parameter (the metric's index 0)
     * @return for each eigen-direction of the Gram matrix (stiffest first, n_F of them; those past
     *     the rank lie in the null space), the entry (1..K) at which it was coarse grained, 0 if never
     */
    public static int[] run(
            double[] theta,
            int flowedOffset,
            FisherEigenbasis basis,
            List<Double> cutoffs,
            SubspaceCoarseGrainer coarseGrainer,
            BrgFlow.Observer observer) {
        int[] coarseGrainedAt = new int[basis.stiffness().length];
        if (coarseGrainer.componentwise()) {
            GramSpaceFlow.run(theta, flowedOffset, basis, cutoffs, coarseGrainer, (entry, renormalized, count) -> {
                int stiff = basis.dimension() - count;
                for (int k = stiff; k < coarseGrainedAt.length; k++) {
                    if (coarseGrainedAt[k] == 0 && count > 0) {
                        coarseGrainedAt[k] = entry;
                    }
                }
                observer.observe(entry, renormalized, count);
            });
            return coarseGrainedAt;
        }
        int dimension = basis.dimension();
        double[][] directions = null;
        int stiff = dimension; // nothing coarse grained before the first positive cutoff
        for (int k = 0; k < cutoffs.size(); k++) {
            double cutoff = cutoffs.get(k);
            if (cutoff > 0.0) {
                int nowStiff = basis.stiffCount(cutoff);
                if (directions == null) {
                    directions = basis.directions(nowStiff);
                    coarseGrainer.keepOnly(theta, flowedOffset, directions, nowStiff);
                    java.util.Arrays.fill(coarseGrainedAt, nowStiff, coarseGrainedAt.length, k + 1);
                } else if (nowStiff < stiff) {
                    coarseGrainer.redraw(theta, flowedOffset, directions, nowStiff, stiff);
                    java.util.Arrays.fill(coarseGrainedAt, nowStiff, stiff, k + 1);
                }
                stiff = nowStiff;
            }
            observer.observe(k + 1, theta, dimension - stiff);
        }
        return coarseGrainedAt;
    }
}
