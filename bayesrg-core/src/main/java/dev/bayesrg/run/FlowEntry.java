package dev.bayesrg.run;

/**
 * Ensemble statistics of one flow entry, over the members that did not diverge.
 *
 * @param cutoff              ε, or null for the trained, un-renormalized ensemble
 * @param sloppyFraction      mean fraction of trainable parameters coarse grained so far
 * @param testMseMean         mean over members of the test MSE
 * @param testMseMedian       median over members of the test MSE
 * @param testMseQ25          first quartile of the test MSE
 * @param testMseQ75          third quartile of the test MSE
 * @param probeMean           sampled one-point function G^(1)(x*)
 * @param probeVariance       sampled connected two-point function G_c^(2)(x*, x*), normalised by |B| − 1
 * @param probeExcessKurtosis κ4/κ2² of f(x*) from central sample moments (0 for a Gaussian)
 * @param members             |B|, the members the statistics are over
 * @param trainMseMean        mean over members of the training-set MSE after coarse graining (NaN in
 *                            directories written before it was measured)
 * @param trainMseMedian      median over members of the same
 * @param predictive          the ensemble's Gaussian predictive on the test set and the bias–variance
 *                            split of its test MSE ({@link PredictiveQuality#UNDEFINED} where not known)
 */
public record FlowEntry(
        Double cutoff,
        double sloppyFraction,
        double testMseMean,
        double testMseMedian,
        double testMseQ25,
        double testMseQ75,
        double probeMean,
        double probeVariance,
        double probeExcessKurtosis,
        int members,
        double trainMseMean,
        double trainMseMedian,
        PredictiveQuality predictive) {

    /** The generalisation gap along the flow: mean test MSE minus mean training MSE. */
    public double generalisationGap() {
        return testMseMean - trainMseMean;
    }
}
