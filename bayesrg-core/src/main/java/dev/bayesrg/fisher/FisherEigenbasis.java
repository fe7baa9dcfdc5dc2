package dev.bayesrg.fisher;

import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.linalg.SymmetricEigenpairs;

/**
 * The eigenbasis of the regression Fisher metric F = Jᵀ J of n_F Fisher inputs, found without ever
 * forming the P × P metric: the n_F × n_F Gram matrix J Jᵀ = U Λ Uᵀ has the metric's nonzero
 * eigenvalues λ_k, and v_k = Jᵀ u_k / √λ_k are the matching unit eigenvectors of F (J Jᵀ u = λ u
 * gives F (Jᵀ u) = λ (Jᵀ u) and |Jᵀ u|² = λ). Every other direction of parameter space has
 * eigenvalue 0. The cost is one n_F × n_F × P Gram product, the Gram's eigenvalues
 * ({@link SymmetricEigenpairs}: a tridiagonal reduction, n_F³ multiply-adds), and per direction asked
 * for its Gram eigenvector u_k (O(n_F²)) and, if formed, n_F × P: the flow asks only for the
 * directions stiff at its first positive cutoff, so the sloppier eigenvectors are never found. An
 * instance caches what it has computed: use it from one thread.
 *
 * <p>Eigenvalues the Gram eigensolver cannot tell from zero (below λ_max · n_F · 2⁻⁵⁰, where its
 * rounding error lies) count as zero: their directions are not resolved and join the null space.
 */
public final class FisherEigenbasis {
    /** Relative size below which an eigenvalue of the Gram matrix is rounding error. */
    private static final double RESOLUTION = Math.scalb(1.0, -50);

    private final FisherJacobian jacobian;
    private final double[] stiffness;
    /** The Gram's eigenpairs; null for {@link #ofEigenpairs}, whose factor has the diagonal Gram diag(λ). */
    private final SymmetricEigenpairs gramPairs;

    private final int rank;
    /** v_k once formed: the flow and the diagnostics ask for the same directions. */
    private final double[][] directions;

    private FisherEigenbasis(FisherJacobian jacobian, double[] stiffness, SymmetricEigenpairs gramPairs, int rank) {
        this.jacobian = jacobian;
        this.stiffness = stiffness;
        this.gramPairs = gramPairs;
        this.rank = rank;
        this.directions = new double[rank][];
    }

    /**
     * The eigenbasis of Jᵀ J, or null if the metric is not finite (a gradient or the Gram matrix
     * overflowed: e.g. a tiny noise variance), where it has no eigenvalues.
     */
    public static FisherEigenbasis of(FisherJacobian jacobian) {
        return of(jacobian, new double[Kernels.gramScratchLength(jacobian.inputs(), jacobian.parameters())]);
    }

    /**
     * As {@link #of(FisherJacobian)}, the Gram product working in {@code gramScratch} (at least
     * {@link Kernels#gramScratchLength} of n_F and P): a caller finding many eigenbases reuses it,
     * where allocating the few megabytes afresh costs a third of the product again. The same bits.
     */
    public static FisherEigenbasis of(FisherJacobian jacobian, double[] gramScratch) {
        int n = jacobian.inputs();
        int p = jacobian.parameters();
        if (n > p) {
            // more Fisher inputs than parameters: the P × P metric Jᵀ J is the smaller matrix
            double[] metric = new double[p * p];
            Kernels.gramOfColumns(jacobian.values(), p, n, metric, p, new double[Kernels.gramScratchLength(p, n)]);
            for (double f : metric) {
                if (!Double.isFinite(f)) {
                    return null;
                }
            }
            return ofEigenpairs(FisherMatrix.descending(metric, p), null, n);
        }
        double[] gram = jacobian.gram(gramScratch);
        for (double g : gram) {
            if (!Double.isFinite(g)) {
                return null;
            }
        }
        SymmetricEigenpairs gramPairs = new SymmetricEigenpairs(gram, n);
        double[] stiffness = resolved(gramPairs.eigenvalues(), n);
        return new FisherEigenbasis(jacobian, stiffness, gramPairs, rank(stiffness));
    }

    /**
     * The eigenvalues (descending) as stiffness, {@code length} long: those the eigensolver cannot
     * tell from zero, below λ_max · n · 2⁻⁵⁰ (n the number given), and those past the given ones are 0.
     */
    private static double[] resolved(double[] eigenvalues, int length) {
        int n = eigenvalues.length;
        double largest = n == 0 ? 0.0 : Math.max(0.0, eigenvalues[0]);
        double zero = largest * n * RESOLUTION;
        double[] stiffness = new double[length];
        for (int k = 0; k < n; k++) {
            if (eigenvalues[k] > zero && eigenvalues[k] > 0.0) {
                stiffness[k] = eigenvalues[k];
            }
        }
        return stiffness;
    }

    /** The number of leading nonzero stiffness values. */
    private static int rank(double[] stiffness) {
        int rank = 0;
        for (int k = 0; k < stiffness.length; k++) {
            rank = stiffness[k] > 0.0 ? k + 1 : rank;
        }
        return rank;
    }

    /**
     * The unit eigenvectors u_1 … u_count of the Gram matrix J Jᵀ, k &lt; {@link #rank()}, as rows
     * (found once; do not modify them): v_k = Jᵀ u_k / √λ_k. Their signs are canonical
     * ({@link SymmetricEigenpairs}: entries summing to a positive number), so that nothing drawn
     * along v_k depends on the eigensolver's choice of sign.
     */
    public double[][] gramVectors(int count) {
        checkRank(count);
        if (gramPairs == null) { // u_k = e_k
            double[][] unit = new double[count][jacobian.inputs()];
            for (int k = 0; k < count; k++) {
                unit[k][k] = 1.0;
            }
            return unit;
        }
        return gramPairs.eigenvectors(count);
    }

    /**
     * u_k·y for k &lt; count, the {@link #gramVectors} without forming them: with y = J x, v_k·x √λ_k.
     * For a flow that works in the n_F-dimensional Gram space and never needs u_k itself.
     */
    public double[] gramComponents(double[] y, int count) {
        checkRank(count);
        return gramPairs == null ? java.util.Arrays.copyOf(y, count) : gramPairs.components(y, count);
    }

    /** Σ_k a_rk u_k over k &lt; count for every row a_r, the {@link #gramVectors} without forming them. */
    public double[][] gramCombinations(double[][] coefficients, int count) {
        checkRank(count);
        if (gramPairs == null) {
            double[][] rows = new double[coefficients.length][jacobian.inputs()];
            for (int r = 0; r < rows.length; r++) {
                System.arraycopy(coefficients[r], 0, rows[r], 0, count);
            }
            return rows;
        }
        return gramPairs.combinations(coefficients, count);
    }

    private void checkRank(int count) {
        if (count > rank) {
            throw new IndexOutOfBoundsException(count + " directions of a metric of rank " + rank);
        }
    }

    /**
     * The eigenbasis of a metric F = Σ_k λ_k v_k v_kᵀ already decomposed (e.g. the dense P × P average
     * of many members' metrics, {@link FisherMatrix#eigenbasis()}), with the same resolution rule as
     * {@link #of}: eigenvalues below λ_max · n · 2⁻⁵⁰ count as zero, n the number given. The
     * directions are the given vectors themselves, not copies (do not modify them), given canonical signs
     * in place when the factor is formed here ({@link SymmetricEigenpairs#canonicalize}); nothing is formed lazily, so instances built from the same eigenpairs may serve different threads. The
     * factor's rows √λ_k v_k are orthogonal: its Gram matrix is diag(λ), whose eigenvectors are the
     * unit vectors e_k.
     *
     * @param eigenpairs λ_k descending and the unit eigenvectors v_k over the P parameters
     * @param factor     the rows √λ_k v_k, k &lt; n, zero past the rank (from an earlier call's
     *                   {@link #factor()}; null: formed here)
     * @return null if an eigenvalue is not finite
     */
    public static FisherEigenbasis ofEigenpairs(FisherMatrix.Eigenbasis eigenpairs, FisherJacobian factor) {
        return ofEigenpairs(eigenpairs, factor, eigenpairs.stiffness().length);
    }

    /**
     * As {@link #ofEigenpairs(FisherMatrix.Eigenbasis, FisherJacobian)}, with {@code length} ≥ the
     * number of eigenpairs given stiffness values and factor rows, those past the given ones 0: a
     * metric of n_F &gt; P Fisher inputs found from its P × P matrix has the n_F-long spectrum and
     * coarse-graining record that its n_F × n_F Gram matrix would give.
     */
    private static FisherEigenbasis ofEigenpairs(
            FisherMatrix.Eigenbasis eigenpairs, FisherJacobian factor, int length) {
        double[] lambda = eigenpairs.stiffness();
        int n = lambda.length;
        for (double l : lambda) {
            if (!Double.isFinite(l)) {
                return null;
            }
        }
        double[] stiffness = resolved(lambda, length);
        int rank = rank(stiffness);
        int p = n == 0 ? 0 : eigenpairs.directions()[0].length;
        FisherJacobian rows = factor;
        if (rows == null) {
            for (int k = 0; k < rank; k++) { // the Gram eigenvectors' sign rule
                SymmetricEigenpairs.canonicalize(eigenpairs.directions()[k]);
            }
            // J = rows √λ_k v_k is a factor of the metric (F = Jᵀ J) for what asks for one
            double[] values = new double[length * p]; // one row per dimension of the spectrum
            for (int k = 0; k < rank; k++) {
                double root = Math.sqrt(stiffness[k]);
                double[] v = eigenpairs.directions()[k];
                for (int i = 0; i < p; i++) {
                    values[k * p + i] = root * v[i];
                }
            }
            rows = new FisherJacobian(length, p, values);
        }
        FisherEigenbasis basis = new FisherEigenbasis(rows, stiffness, null, rank);
        System.arraycopy(eigenpairs.directions(), 0, basis.directions, 0, rank);
        return basis;
    }

    /**
     * A factor J of the metric, F = Jᵀ J (do not modify it): the scaled per-input gradients it was
     * built from, or the rows √λ_k v_k of {@link #ofEigenpairs}.
     */
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
            double[][] gramVectors = gramVectors(count);
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
