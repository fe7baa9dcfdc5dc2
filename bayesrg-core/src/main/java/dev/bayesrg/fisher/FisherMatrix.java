package dev.bayesrg.fisher;

import dev.bayesrg.net.Network;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The whole empirical regression Fisher metric F = (1/σ²) (1/n_F) Σ_n ∇f(x_n) ∇f(x_n)ᵀ over the
 * trainable parameters, dense (P×P: for the read-out or a small network, not for every weight of
 * a wide one). As a {@link FisherMetric} it answers by its diagonal, exactly what
 * {@link FisherDiagonal} computes, so the flow ranks the same parameters; {@link #eigenbasis()}
 * gives the stiff and sloppy directions of the full metric, which a flow in the eigenbasis ranks
 * instead of the coordinates.
 *
 * @param dimension P, the trainable parameters
 * @param values    F row by row, P×P, symmetric
 */
public record FisherMatrix(int dimension, double[] values) implements FisherMetric {
    /**
     * The metric's eigendecomposition: F = Σ_k λ_k v_k v_kᵀ.
     *
     * @param stiffness  λ_k, descending
     * @param directions v_k as rows (unit vectors), in the order of {@code stiffness}
     */
    public record Eigenbasis(double[] stiffness, double[][] directions) {}

    /** Checks that {@code values} is P×P. */
    public FisherMatrix {
        if (values.length != dimension * dimension) {
            throw new IllegalArgumentException(
                    values.length + " values for a " + dimension + "x" + dimension + " metric");
        }
    }

    @Override
    public double diagonal(int i) {
        return values[i * dimension + i];
    }

    /** F_ij. */
    public double get(int i, int j) {
        return values[i * dimension + j];
    }

    /** Over every parameter of the network, at θ, from the per-sample gradients by backpropagation. */
    public static FisherMatrix allParameters(
            Network network, double[] theta, double[][] fisherInputs, double noiseVariance) {
        int p = theta.length;
        double[] f = new double[p * p];
        double[] grad = new double[p];
        for (double[] x : fisherInputs) {
            network.gradient(theta, x, grad);
            for (int i = 0; i < p; i++) {
                double gi = grad[i];
                for (int j = 0; j < p; j++) {
                    f[i * p + j] += gi * grad[j];
                }
            }
        }
        double scale = 1.0 / (fisherInputs.length * noiseVariance);
        for (int k = 0; k < f.length; k++) {
            f[k] *= scale;
        }
        return new FisherMatrix(p, f);
    }

    /** The eigenvalues (descending) and unit eigenvectors of F (a symmetric eigendecomposition). */
    public Eigenbasis eigenbasis() {
        return descending(values, dimension);
    }

    /** The eigenvalues (descending) and unit eigenvectors of a symmetric row-major n×n matrix (EJML). */
    static Eigenbasis descending(double[] symmetric, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(new DMatrixRMaj(n, n, true, symmetric))) {
            throw new IllegalStateException("the symmetric eigendecomposition of a " + n + "x" + n + " matrix failed");
        }
        Integer[] order = new Integer[n];
        double[] lambda = new double[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
            lambda[k] = eig.getEigenvalue(k).getReal();
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(lambda[b], lambda[a]));
        double[] stiffness = new double[n];
        double[][] directions = new double[n][];
        for (int k = 0; k < n; k++) {
            stiffness[k] = lambda[order[k]];
            directions[k] = java.util.Arrays.copyOf(eig.getEigenVector(order[k]).data, n);
        }
        return new Eigenbasis(stiffness, directions);
    }
}
