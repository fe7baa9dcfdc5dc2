package dev.bayesrg.run;

/**
 * Everything measured on one ensemble member. Flow entries are indexed 0..K: entry 0 is the
 * trained member, entry k the member after the k-th cutoff.
 *
 * @param predictions     [K+1][test points] outputs f(x) on the test set
 * @param testMse         [K+1] mean squared error on the test set
 * @param probe           [K+1] output at the probe input x*
 * @param coarseGrained   [K+1] how many trainable parameters are coarse grained
 * @param fisherDiagonal  F_ii of the flowed parameters
 * @param coarseGrainedAt in the diagonal basis per flowed parameter, in the eigenbasis per eigen-direction of
 *                        the Fisher inputs' Gram matrix (stiffest first), the entry at which it was coarse
 *                        grained (0: never)
 * @param lossCurve       training loss every k epochs
 * @param finalTrainLoss  training loss of the trained parameters
 * @param trainedReadout  the trained read-out layer's parameters (weights a_j, then the bias), before any
 *                        coarse graining; NaN-filled for members read from files written before it existed
 * @param mesh            outputs on the nnft mesh along the flow and during training
 * @param cutoffs         [K] the member's absolute cutoffs ε_1..ε_K on its Fisher diagonal (brg.cutoffs
 *                        resolved on brg.cutoffScale by {@link dev.bayesrg.brg.CutoffSchedule}); empty for
 *                        members read from files written before it existed
 * @param geometry        the Fisher metric beyond its diagonal; null for members read from files written
 *                        before it existed
 * @param trainingFlow    the Fisher diagonal and the flow at every training checkpoint; null unless
 *                        {@code brg.duringTraining}
 * @param trainMse        [K+1] mean squared error on the training set at every flow entry (entry 0: the
 *                        trained member's training loss); NaN where not measured (members read from
 *                        files written before it existed, members known by their outputs alone)
 */
public record MemberResult(
        int member,
        boolean diverged,
        double[][] predictions,
        double[] testMse,
        double[] probe,
        int[] coarseGrained,
        double[] fisherDiagonal,
        int[] coarseGrainedAt,
        double[] lossCurve,
        double finalTrainLoss,
        double[] trainedReadout,
        MeshOutputs mesh,
        double[] cutoffs,
        MemberGeometry geometry,
        TrainingFlow trainingFlow,
        double[] trainMse) {

    /** NaN at each of {@code entries} flow entries. */
    static double[] unmeasured(int entries) {
        double[] v = new double[entries];
        java.util.Arrays.fill(v, Double.NaN);
        return v;
    }
}
