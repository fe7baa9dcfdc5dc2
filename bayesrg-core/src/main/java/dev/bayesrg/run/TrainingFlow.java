package dev.bayesrg.run;

import java.util.Arrays;

/**
 * One member's Bayesian RG flow during training ({@code brg.duringTraining}): at each training
 * checkpoint t (epochs 0, k, 2k, …, T of {@code nnft.snapshotEvery}) the Fisher diagonal at θ_t,
 * compared with the trained one by its rank correlation, and the nested coarse graining of θ_t along
 * the member's own cutoffs, ranked by that diagonal (or the metric's eigenbasis at θ_t), with the
 * test MSE at every flow entry. Entry 0 of a checkpoint is θ_t itself. A checkpoint training never
 * reached (it diverged before) has NaN throughout.
 *
 * @param testMse    [checkpoints][K + 1] test MSE along the flow from θ_t
 * @param fisherRank [checkpoints] Spearman's ρ between the Fisher diagonal at θ_t and at the trained θ
 */
public record TrainingFlow(double[][] testMse, double[] fisherRank) {
    /** The flow of a member with {@code checkpoints} checkpoints and {@code entries} flow entries, all NaN. */
    static TrainingFlow unmeasured(int checkpoints, int entries) {
        double[][] mse = new double[checkpoints][entries];
        for (double[] row : mse) {
            Arrays.fill(row, Double.NaN);
        }
        double[] rank = new double[checkpoints];
        Arrays.fill(rank, Double.NaN);
        return new TrainingFlow(mse, rank);
    }

    /** The checkpoints. */
    public int checkpoints() {
        return fisherRank.length;
    }

    /** The test MSE row by row, [checkpoints × (K + 1)] (a member's row of training_flow.npy). */
    public double[] flatTestMse() {
        int entries = testMse.length == 0 ? 0 : testMse[0].length;
        double[] flat = new double[testMse.length * entries];
        for (int c = 0; c < testMse.length; c++) {
            System.arraycopy(testMse[c], 0, flat, c * entries, entries);
        }
        return flat;
    }

    /** The inverse of {@link #flatTestMse}, with the member's rank correlations. */
    public static TrainingFlow of(double[] flatTestMse, double[] fisherRank) {
        int checkpoints = fisherRank.length;
        int entries = checkpoints == 0 ? 0 : flatTestMse.length / checkpoints;
        double[][] mse = new double[checkpoints][];
        for (int c = 0; c < checkpoints; c++) {
            mse[c] = Arrays.copyOfRange(flatTestMse, c * entries, (c + 1) * entries);
        }
        return new TrainingFlow(mse, fisherRank);
    }
}
