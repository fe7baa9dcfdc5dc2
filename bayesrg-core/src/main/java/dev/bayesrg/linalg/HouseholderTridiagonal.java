package dev.bayesrg.linalg;

/**
 * A symmetric n×n matrix reduced to tridiagonal form by Householder reflections,
 * A = Q T Qᵀ with Q = H₀ H₁ ⋯ H_{n−3} orthogonal and T tridiagonal (diagonal d, off-diagonal e).
 * Q is never formed: its reflectors are kept (in the matrix's own storage) and applied to vectors,
 * O(n²) each. The reduction costs about n³ multiply-adds, a fraction of the T·n² of T matrix-vector
 * products it replaces in read-out gradient descent (the tridiagonal solver of {@code dev.bayesrg.train}).
 *
 * <p>Reflector k maps the column below A_kk onto a multiple of e₁: H_k = I − τ_k v_k v_kᵀ acting on
 * indices k+1 … n−1, with v_k stored in row k right of the diagonal (that row, by symmetry the
 * column, is finished once step k is done). The trailing block is updated as
 * B ← B − v wᵀ − w vᵀ with p = τ B v, w = p − (τ/2)(vᵀp) v, the classical symmetric update; both
 * triangles are updated with the same two products, so B stays exactly symmetric.
 */
public final class HouseholderTridiagonal {
    private final int n;
    /** The reduced matrix: row k, columns k+1…n−1 hold v_k. */
    private final double[] a;

    private final double[] tau;
    private final double[] diagonal;
    private final double[] offDiagonal;

    /**
     * Reduces {@code matrix} (row-major n×n, symmetric) in place: it is overwritten by the
     * reflectors and must not be used as A afterwards.
     */
    public HouseholderTridiagonal(double[] matrix, int n) {
        if (matrix.length < (long) n * n) {
            throw new IllegalArgumentException("matrix has " + matrix.length + " entries, need " + n + "²");
        }
        this.n = n;
        this.a = matrix;
        this.tau = new double[Math.max(0, n - 2)];
        this.diagonal = new double[n];
        this.offDiagonal = new double[Math.max(0, n - 1)];
        reduce();
        for (int k = Math.max(0, n - 2); k < n; k++) {
            diagonal[k] = a[k * n + k];
        }
        if (n >= 2) {
            offDiagonal[n - 2] = a[(n - 2) * n + n - 1];
        }
    }

    /**
     * The reflections, one pass over the trailing block each: while step k updates the block row by
     * row, the next reflector (from the block's first row, updated first) is already known, and the
     * product B'v' the next step needs is accumulated from each row as soon as it is updated.
     */
    private void reduce() {
        double[][] products = {new double[n], new double[n]}; // B v of this step, B'v' of the next
        double[] w = new double[n];
        double[] v = new double[n]; // v_k copied out of A: C2 vectorises the row updates only across distinct arrays
        boolean prepared = false; // whether this step's reflector and B v were computed by the last one
        for (int k = 0; k < n - 2; k++) {
            prepared = step(k, prepared, products[k % 2], products[(k + 1) % 2], v, w);
        }
    }

    /**
     * Reflection k (one method per step, not one long loop: the JIT compiles it once, small, rather
     * than the whole reduction on the stack); returns whether step k+1 is prepared in {@code pNext}.
     */
    private boolean step(int k, boolean prepared, double[] p, double[] pNext, double[] v, double[] w) {
        int start = k + 1;
        int m = n - start;
        int row = k * n + start; // v_k
        if (!prepared && reflector(k)) {
            java.util.Arrays.fill(p, 0, m, 0.0);
            for (int j = 0; j < m; j++) {
                Kernels.axpy(a[row + j], a, (start + j) * n + start, p, 0, m);
            }
        }
        double t = tau[k];
        if (t == 0) {
            return false; // H_k = I: nothing to update
        }
        // p = τ B v, w = p − (τ/2)(vᵀp) v; B is symmetric, so B v = Σ_j v_j B_j (rows as columns)
        for (int i = 0; i < m; i++) {
            p[i] *= t;
        }
        double half = 0.5 * t * Kernels.dot(a, row, p, 0, m);
        for (int i = 0; i < m; i++) {
            v[i] = a[row + i];
            w[i] = p[i] - half * v[i];
        }
        updateRow(start, start, m, v, w);
        int next = k + 1;
        boolean fuse = next < n - 2 && reflector(next);
        if (fuse) {
            java.util.Arrays.fill(pNext, 0, m - 1, 0.0);
        }
        int nextRow = next * n + next + 1; // v_{k+1}, in the row just updated
        for (int i = start + 1; i < n; i++) {
            updateRow(i, start, m, v, w);
            if (fuse) {
                Kernels.axpy(a[nextRow + i - start - 1], a, i * n + start + 1, pNext, 0, m - 1);
            }
        }
        return fuse;
    }

    /** B_i· ← B_i· − v_i wᵀ − w_i vᵀ on row i of the block starting at {@code start}. */
    private void updateRow(int i, int start, int m, double[] v, double[] w) {
        double vi = v[i - start];
        double wi = w[i - start];
        Kernels.rankTwoRow(a, i * n + start, vi, w, wi, v, m);
    }

    /**
     * Reflector k from the column below A_kk (row k right of the diagonal, up to date): stores v_k
     * in its place, τ_k, d_k and e_k; false (τ_k = 0, H_k = I) if that column is zero.
     */
    private boolean reflector(int k) {
        int start = k + 1;
        int m = n - start;
        int row = k * n + start;
        diagonal[k] = a[k * n + k];
        double scale = 0;
        for (int i = 0; i < m; i++) {
            scale = Math.max(scale, Math.abs(a[row + i]));
        }
        if (scale == 0) {
            tau[k] = 0;
            offDiagonal[k] = 0;
            return false;
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            double x = a[row + i] / scale;
            sum += x * x;
        }
        double norm = scale * Math.sqrt(sum);
        double x0 = a[row];
        double sigma = x0 >= 0 ? -norm : norm; // the sign that avoids cancellation in v₀ = x₀ − σ
        a[row] = x0 - sigma;
        tau[k] = 1.0 / (norm * (norm + Math.abs(x0))); // 2/(vᵀv)
        offDiagonal[k] = sigma;
        return true;
    }

    public int size() {
        return n;
    }

    /** The diagonal d of T (a view: do not modify). */
    public double[] diagonal() {
        return diagonal;
    }

    /** The off-diagonal e of T, e_i = T_{i,i+1} = T_{i+1,i} (a view: do not modify). */
    public double[] offDiagonal() {
        return offDiagonal;
    }

    /** x ← Qᵀ x = H_{n−3} ⋯ H₀ x. */
    public void applyTransposeQ(double[] x) {
        for (int k = 0; k < n - 2; k++) {
            reflectVector(k, x);
        }
    }

    /** x ← Q x = H₀ ⋯ H_{n−3} x. */
    public void applyQ(double[] x) {
        for (int k = n - 3; k >= 0; k--) {
            reflectVector(k, x);
        }
    }

    /**
     * X ← Q X for a row-major n × {@code columns} matrix X, i.e. Q applied to each of its columns:
     * each reflector as sᵀ = τ vᵀ X then X −= v sᵀ, whose loops run along X's rows (C2 vectorises
     * them), where one vector at a time is a dot product and an axpy per reflector. The same Q x to
     * rounding, not bit for bit (the sums run in another order).
     */
    public void applyQToColumns(double[] x, int columns) {
        double[] s = new double[columns];
        for (int k = n - 3; k >= 0; k--) {
            if (tau[k] == 0) {
                continue;
            }
            int start = k + 1;
            int row = k * n + start;
            java.util.Arrays.fill(s, 0.0);
            for (int i = start; i < n; i++) {
                Kernels.axpy(a[row + i - start], x, i * columns, s, 0, columns);
            }
            for (int c = 0; c < columns; c++) {
                s[c] *= tau[k];
            }
            for (int i = start; i < n; i++) {
                Kernels.axpy(-a[row + i - start], s, 0, x, i * columns, columns);
            }
        }
    }

    private void reflectVector(int k, double[] x) {
        if (tau[k] == 0) {
            return;
        }
        int start = k + 1;
        int m = n - start;
        int row = k * n + start;
        double s = tau[k] * Kernels.dot(a, row, x, start, m);
        Kernels.axpy(-s, a, row, x, start, m);
    }
}
