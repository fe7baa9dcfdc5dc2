package dev.bayesrg.fisher;

import dev.bayesrg.linalg.Kernels;

/**
 * The eigenbasis of the regression Fisher metric F = Jᵀ J of n_F Fisher inputs, found without ever
 * forming the P × P metric: the n_F × n_F Gram matrix J Jᵀ = U Λ Uᵀ has the metric's nonzero
 * eigenvalues λ_k, and v_k = Jᵀ u_k / √λ_k are the matching unit eigenvectors of F (J Jᵀ u = λ u
 * gives F (Jᵀ u) = λ (Jᵀ u) and |Jᵀ u|² = λ). Every other direction of parameter space has
 * eigenvalue 0. The cost is one n_F × n_F × P Gram product, one n_F × n_F symmetric
 * eigendecomposition (EJML) and n_F × P per direction asked for. An instance caches the directions
 * it has formed: use it from one thread.
 *
 * <p>Eigenvalues the Gram eigensolver cannot tell from zero (below λ_max · n_F · 2⁻⁵⁰, where its
 * rounding error lies) count as zero: their directions are not resolved and join the null space.
 */
public final class FisherEigenbasis {
    /** Relative size below which an eigenvalue of the Gram matrix is rounding error. */
    private static final double RESOLUTION = Math.scalb(1.0, -50);

    private final FisherJacobian jacobian;
    private final double[] stiffness;
    private final double[][] gramVectors;
    private final int rank;
    /** v_k once formed: the flow and the diagnostics ask for the same directions. */
    private final double[][] directions;

    private FisherEigenbasis(FisherJacobian jacobian, double[] stiffness, double[][] gramVectors, int rank) {
        this.jacobian = jacobian;
        this.stiffness = stiffness;
        this.gramVectors = gramVectors;
        this.rank = rank;
        this.directions = new double[rank][];
    }

    /**
     * The eigenbasis of Jᵀ J, or null if the metric is not finite (a gradient or the Gram matrix
     * overflowed: e.g. a tiny noise variance), where it has no eigenvalues.
     */
    public static FisherEigenbasis of(FisherJacobian jacobian) {
        int n = jacobian.inputs();
        double[] gram = jacobian.gram();
        for (double g : gram) {
            if (!Double.isFinite(g)) {
                return null;
            }
        }
        FisherMatrix.Eigenbasis gramBasis = FisherMatrix.descending(gram, n);
        double largest = n == 0 ? 0.0 : Math.max(0.0, gramBasis.stiffness()[0]);
        double zero = largest * n * RESOLUTION;
        double[] stiffness = new double[n];
        int rank = 0;
        for (int k = 0; k < n; k++) {
            double l = gramBasis.stiffness()[k];
            if (l > zero && l > 0.0) {
                stiffness[k] = l;
                rank = k + 1;
            }
        }
        double[][] vectors = gramBasis.directions();
        return new FisherEigenbasis(jacobian, stiffness, vectors, rank);
    }

    /**
     * The eigenbasis of a metric F = Σ_k λ_k v_k v_kᵀ already decomposed (e.g. the dense P × P average
     * of many members' metrics, {@link FisherMatrix#eigenbasis()}), with the same resolution rule as
     * {@link #of}: eigenvalues below λ_max · n · 2⁻⁵⁰ count as zero, n the number given. The
     * directions are the given vectors themselves, not copies (do not modify them); nothing is formed
     * lazily, so instances built from the same eigenpairs may serve different threads.
     *
     * @param eigenpairs λ_k descending and the unit eigenvectors v_k over the P parameters
     * @param factor     the rows √λ_k v_k over the resolved λ_k (from an earlier call's {@link #factor()};
     *                   null: formed here)
     * @return null if an eigenvalue is not finite
     */
    public static FisherEigenbasis ofEigenpairs(FisherMatrix.Eigenbasis eigenpairs, FisherJacobian factor) {
        double[] lambda = eigenpairs.stiffness();
        int n = lambda.length;
        for (double l : lambda) {
            if (!Double.isFinite(l)) {
                return null;
            }
        }
        double largest = n == 0 ? 0.0 : Math.max(0.0, lambda[0]);
        double zero = largest * n * RESOLUTION;
        double[] stiffness = new double[n];
        int rank = 0;
        for (int k = 0; k < n; k++) {
            if (lambda[k] > zero && lambda[k] > 0.0) {
                stiffness[k] = lambda[k];
                rank = k + 1;
            }
        }
        int p = n == 0 ? 0 : eigenpairs.directions()[0].length;
        FisherJacobian rows = factor;
        if (rows == null) {
            // J = rows √λ_k v_k is a factor of the metric (F = Jᵀ J) for what asks for one
            double[] values = new double[rank * p];
            for (int k = 0; k < rank; k++) {
                double root = Math.sqrt(stiffness[k]);
                double[] v = eigenpairs.directions()[k];
                for (int i = 0; i < p; i++) {
                    values[k * p + i] = root * v[i];
                }
            }
            rows = new FisherJacobian(rank, p, values);
        }
        FisherEigenbasis basis = new FisherEigenbasis(rows, stiffness, new double[0][], rank);
        System.arraycopy(eigenpairs.directions(), 0, basis.directions, 0, rank);
        return basis;
    }

    /** A factor J of the metric, F = Jᵀ J: the per-input gradients, or the rows √λ_k v_k of {@link #ofEigenpairs}. */
    public FisherJacobian factor() {
        return jacobian;
    }

    /** P, the dimension of parameter space. */
    public int dimension() {
        return jacobian.parameters();
    }

    /** The number of nonzero eigenvalues (at most n_F). */
    public int rank() {
        return rank;
    }

    /**
     * λ_1 ≥ λ_2 ≥ … ≥ λ_{n_F}, the eigenvalues of the Gram matrix (those past {@link #rank()} are
     * 0); the metric's other P − n_F eigenvalues are 0 as well.
     */
    public double[] stiffness() {
        return stiffness.clone();
    }

    /** λ_k. */
    public double stiffness(int k) {
        return stiffness[k];
    }

    /** How many directions have λ ≥ {@code cutoff} (for a positive cutoff, the stiff ones). */
    public int stiffCount(double cutoff) {
        int count = 0;
        while (count < rank && stiffness[count] >= cutoff) {
            count++;
        }
        return count;
    }

    /**
     * The unit eigenvector v_k = Jᵀ u_k / √λ_k, k &lt; {@link #rank()}, over the parameters (formed
     * once; do not modify it).
     */
    public double[] direction(int k) {
        return directions(k + 1)[k];
    }

    /**
     * The first {@code count} directions, stiffest first (formed once; do not modify them). The ones
     * not formed yet are formed together, as one product (u_k / √λ_k)ᵀ J by the dense-layer kernel.
     */
    public double[][] directions(int count) {
        if (count > rank) {
            throw new IndexOutOfBoundsException(count + " directions of a metric of rank " + rank);
        }
        int formed = 0;
        while (formed < count && directions[formed] != null) {
            formed++;
        }
        if (formed < count) {
            int n = jacobian.inputs();
            int p = jacobian.parameters();
            int rows = count - formed;
            double[] scaled = new double[rows * n];
            for (int k = 0; k < rows; k++) {
                double norm = 1.0 / Math.sqrt(stiffness[formed + k]);
                for (int i = 0; i < n; i++) {
                    scaled[k * n + i] = gramVectors[formed + k][i] * norm;
                }
            }
            double[] product = new double[rows * p];
            Kernels.denseLayer(jacobian.values(), null, n, p, scaled, rows, product, false);
            for (int k = 0; k < rows; k++) {
                directions[formed + k] = java.util.Arrays.copyOfRange(product, k * p, (k + 1) * p);
            }
        }
        return java.util.Arrays.copyOf(directions, count);
    }
}
