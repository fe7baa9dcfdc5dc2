package dev.bayesrg.train;

import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Readout;

/**
 * What full-batch GD of a linear read-out needs of the training set when there are more points
 * than features (n &gt; N), the primal mirror of the Gram matrix ({@link DualSolution}): with the
 * bias as a feature that is 1 everywhere (Φ̃ = [Φ, 1], N' = N or N + 1 columns),
 * <pre>
 *   C = Φ̃ᵀ Φ̃ (N'×N', row-major),   b = Φ̃ᵀ y,   yᵀy
 * </pre>
 * so that the loss is L(a) = (aᵀCa − 2 aᵀb + yᵀy)/n and its gradient (2/n)(Ca − b) for the
 * read-out's weights a (and bias), never touching the n×N features again.
 *
 * @param matrix  C, row-major N'×N'
 * @param size    N'
 * @param moment  b = Φ̃ᵀ y
 * @param targetSquares yᵀy
 */
record FeatureCovariance(double[] matrix, int size, double[] moment, double targetSquares) {

    /**
     * C, b and yᵀy of the training features: C by the vectorised Gram kernel of Φ's columns
     * (n N²/2 multiply-adds), b as one pass of row updates.
     *
     * @param scratch work space of at least {@link Kernels#gramScratchLength}(N, n) doubles (null: allocate one)
     */
    static FeatureCovariance of(FeatureMatrix features, Readout readout, double[] targets, double[] scratch) {
        int n = features.rows();
        int width = readout.width();
        int size = width + (readout.hasBias() ? 1 : 0);
        double[] phi = features.values();
        double[] c = new double[size * size];
        Kernels.gramOfColumns(
                phi, width, n, c, size, scratch != null ? scratch : new double[Kernels.gramScratchLength(width, n)]);
        double[] b = new double[size];
        double squares = 0;
        for (int i = 0; i < n; i++) {
            Kernels.axpy(targets[i], phi, features.rowOffset(i), b, 0, width);
            squares += targets[i] * targets[i];
        }
        if (readout.hasBias()) {
            // the constant feature: its row and column of C are the feature sums, its diagonal n
            double[] sums = new double[width];
            double targetSum = 0;
            for (int i = 0; i < n; i++) {
                Kernels.axpy(1.0, phi, features.rowOffset(i), sums, 0, width);
                targetSum += targets[i];
            }
            for (int j = 0; j < width; j++) {
                c[j * size + width] = sums[j];
                c[width * size + j] = sums[j];
            }
            c[width * size + width] = n;
            b[width] = targetSum;
        }
        return new FeatureCovariance(c, size, b, squares);
    }

    /** The read-out slice a (and bias) of θ, as a new vector of length N'. */
    double[] weights(double[] theta, Readout readout) {
        double[] a = new double[size];
        System.arraycopy(theta, readout.offset(), a, 0, size);
        return a;
    }
}
