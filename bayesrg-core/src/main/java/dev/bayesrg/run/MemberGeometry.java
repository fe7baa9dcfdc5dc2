package dev.bayesrg.run;

import dev.bayesrg.fisher.FisherGeometry;

/**
 * What one member says of the Fisher metric beyond its diagonal: the metric's geometry along the
 * schedule ({@link FisherGeometry}), the test loss of the flow in the basis the run does not flow in,
 * and the relative entropy each cutoff is predicted to cost (arXiv:2405.17538, eqs. 51–52,
 * D_KL ≈ ½ δθᵀ F δθ with δθ the change coarse graining made to the trained parameters).
 *
 * @param geometry          spectrum, sloppy fractions in both bases and their overlap, per cutoff
 * @param otherBasisTestMse [K] test MSE along the flow in the other basis, per cutoff
 * @param predictedKl       [K] ½ δθᵀ F δθ with the whole metric, per cutoff
 * @param predictedKlDiagonal [K] ½ Σ F_ii δθ_i², the diagonal approximation of the same, per cutoff
 */
public record MemberGeometry(
        FisherGeometry geometry, double[] otherBasisTestMse, double[] predictedKl, double[] predictedKlDiagonal) {
    /** The values per cutoff of a member's geometry file row, in {@link #row} order. */
    public static final int COLUMNS = 6;

    /** One row per cutoff: diagonal and eigen sloppy fractions, overlap, other basis test MSE, both KLs. */
    public double[] row() {
        int k = predictedKl.length;
        double[] row = new double[k * COLUMNS];
        for (int c = 0; c < k; c++) {
            row[c * COLUMNS] = geometry.diagonalSloppyFraction()[c];
            row[c * COLUMNS + 1] = geometry.eigenSloppyFraction()[c];
            row[c * COLUMNS + 2] = geometry.overlap()[c];
            row[c * COLUMNS + 3] = otherBasisTestMse[c];
            row[c * COLUMNS + 4] = predictedKl[c];
            row[c * COLUMNS + 5] = predictedKlDiagonal[c];
        }
        return row;
    }

    /** Whether the metric was finite and its geometry measured (not {@link #undefined}). */
    public boolean defined() {
        double[] spectrum = geometry.spectrum();
        return spectrum.length == 0 || !Double.isNaN(spectrum[0]);
    }

    /** The geometry of a metric that is not finite: every value NaN. */
    public static MemberGeometry undefined(int fisherInputs, int cutoffs) {
        double[] spectrum = new double[fisherInputs];
        double[] row = new double[cutoffs * COLUMNS];
        java.util.Arrays.fill(spectrum, Double.NaN);
        java.util.Arrays.fill(row, Double.NaN);
        return of(spectrum, row);
    }

    /** The inverse of {@link #row}, with the member's spectrum. */
    public static MemberGeometry of(double[] spectrum, double[] row) {
        int k = row.length / COLUMNS;
        double[][] columns = new double[COLUMNS][k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < COLUMNS; j++) {
                columns[j][c] = row[c * COLUMNS + j];
            }
        }
        return new MemberGeometry(
                new FisherGeometry(spectrum, columns[0], columns[1], columns[2]), columns[3], columns[4], columns[5]);
    }
}
