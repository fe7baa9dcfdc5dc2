package dev.bayesrg.linalg;

/**
 * The eigenvalues of a symmetric n×n matrix, and its eigenvectors only for the largest eigenvalues
 * asked for, instead of a full eigendecomposition: a caller that needs a hundred of two hundred
 * eigenvectors (the Fisher eigenbasis flow) pays for a hundred. A = Q T Qᵀ by
 * {@link HouseholderTridiagonal} (about n³ multiply-adds, the bulk of the cost); the eigenvalues of T
 * by the implicit QL algorithm without vectors (O(n²)); an eigenvector of T by inverse iteration on
 * T − λI (O(n) per solve), orthogonalized against the eigenvectors already found for eigenvalues
 * within 10⁻³ ‖T‖ of it (as LAPACK's dstein, so that clustered eigenvalues still get orthonormal
 * vectors); then u = Q w through the reflectors (O(n²)). Everything is deterministic: the start
 * vectors of inverse iteration are a fixed sequence.
 *
 * <p>T is first split where an off-diagonal is below ε ‖T‖ (a perturbation the reduction's own
 * rounding already makes), and each block solved on its own: a zero or block-diagonal matrix gives
 * unit vectors, not vectors that inverse iteration could not separate.
 *
 * <p>An eigenvector's sign is canonical, so that nothing built on it depends on the solver's
 * choices: its entries sum to a positive number, or, where the sum is within 10⁻⁸ of 0 (a sign the
 * sum cannot tell), its entry of largest magnitude (the first, on a tie) is positive. The sum is
 * w·(Qᵀ 1), found without u itself; so is every use of u that goes through
 * {@link #components} and {@link #combinations}, which reach the eigenvectors through the
 * reflectors, O(n²) per vector in or out, never forming them.
 *
 * <p>An instance computes eigenvectors on demand and keeps them: use it from one thread.
 */
public final class SymmetricEigenpairs {
    private static final double EPS = Math.ulp(1.0);
    /** Eigenvalues closer than this times ‖T‖ have their vectors orthogonalized against each other (dstein's). */
    private static final double CLUSTER = 1e-3;

    private static final int MAX_ITERATIONS = 5;
    private static final int QL_ITERATIONS = 60;

    private final int n;
    private final HouseholderTridiagonal reduced;
    /** The power of two the matrix was scaled by (exactly) so that no product over- or underflows. */
    private final double scale;

    private final double[] d;
    private final double[] e;
    private final double norm;
    /** λ of T, descending, and for each the first and last+1 index of its unreduced block. */
    private final double[] values;

    private final int[] blockStart;
    private final int[] blockEnd;
    /** Eigenvectors of T (over their block's indices, zero elsewhere) and of A, as found. */
    private final double[][] tridiagonalVectors;

    private final double[][] vectors;
    /** How many of {@link #tridiagonalVectors} are found (with their canonical signs). */
    private int prepared;
    /** Qᵀ 1, for the sums of the eigenvectors' entries (made when first needed). */
    private double[] onesReduced;

    /**
     * Reduces {@code matrix} (row-major n×n, symmetric, finite) and finds its eigenvalues. The matrix
     * is overwritten.
     */
    public SymmetricEigenpairs(double[] matrix, int n) {
        this.n = n;
        double largest = 0;
        for (int i = 0; i < n * n; i++) {
            largest = Math.max(largest, Math.abs(matrix[i]));
        }
        int exponent = largest == 0 ? 0 : Math.getExponent(largest);
        this.scale = Math.scalb(1.0, exponent);
        if (exponent != 0) {
            for (int i = 0; i < n * n; i++) {
                matrix[i] = Math.scalb(matrix[i], -exponent);
            }
        }
        this.reduced = new HouseholderTridiagonal(matrix, n);
        this.d = reduced.diagonal().clone();
        this.e = new double[n];
        System.arraycopy(reduced.offDiagonal(), 0, e, 0, Math.max(0, n - 1));
        double t = 0;
        for (int i = 0; i < n; i++) {
            t = Math.max(t, Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0.0));
        }
        this.norm = t;
        for (int i = 0; i + 1 < n; i++) {
            if (Math.abs(e[i]) <= EPS * norm) {
                e[i] = 0.0;
            }
        }
        this.values = new double[n];
        this.blockStart = new int[n];
        this.blockEnd = new int[n];
        solveBlocks();
        this.tridiagonalVectors = new double[n][];
        this.vectors = new double[n][];
    }

    /** n. */
    public int size() {
        return n;
    }

    /** λ_1 ≥ … ≥ λ_n (a copy). */
    public double[] eigenvalues() {
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            out[k] = values[k] * scale;
        }
        return out;
    }

    /**
     * The unit eigenvectors of λ_1 … λ_count as rows (found once and kept; do not modify them).
     */
    public double[][] eigenvectors(int count) {
        prepare(count);
        int first = 0;
        while (first < count && vectors[first] != null) {
            first++;
        }
        double[][] formed = outOfTridiagonalSpace(java.util.Arrays.copyOfRange(tridiagonalVectors, first, count));
        System.arraycopy(formed, 0, vectors, first, formed.length);
        return java.util.Arrays.copyOf(vectors, count);
    }

    /** u_k·y for every k &lt; count (as if by {@link #eigenvectors}, without forming them): w_k·(Qᵀ y). */
    public double[] components(double[] y, int count) {
        prepare(count);
        double[] reducedY = y.clone();
        reduced.applyTransposeQ(reducedY);
        double[] c = new double[count];
        for (int k = 0; k < count; k++) {
            c[k] = Kernels.dot(
                    tridiagonalVectors[k], blockStart[k], reducedY, blockStart[k], blockEnd[k] - blockStart[k]);
        }
        return c;
    }

    /**
     * Σ_k a_rk u_k over k &lt; count for every row a_r of {@code coefficients} (as if by
     * {@link #eigenvectors}, without forming them): Q Σ_k a_rk w_k, all rows through the reflectors at once.
     */
    public double[][] combinations(double[][] coefficients, int count) {
        prepare(count);
        double[][] reducedRows = new double[coefficients.length][n];
        for (int r = 0; r < coefficients.length; r++) {
            for (int k = 0; k < count; k++) {
                int from = blockStart[k];
                Kernels.axpy(coefficients[r][k], tridiagonalVectors[k], from, reducedRows[r], from, blockEnd[k] - from);
            }
        }
        return outOfTridiagonalSpace(reducedRows);
    }

    /** Q w for every w, as the columns of one n × count matrix through the reflectors. */
    private double[][] outOfTridiagonalSpace(double[][] w) {
        int columns = w.length;
        double[] x = new double[n * columns];
        for (int c = 0; c < columns; c++) {
            for (int i = 0; i < n; i++) {
                x[i * columns + c] = w[c][i];
            }
        }
        reduced.applyQToColumns(x, columns);
        double[][] out = new double[columns][n];
        for (int c = 0; c < columns; c++) {
            for (int i = 0; i < n; i++) {
                out[c][i] = x[i * columns + c];
            }
        }
        return out;
    }

    /** Finds the eigenvectors of T for λ_1 … λ_count not found yet, with their canonical signs. */
    private void prepare(int count) {
        if (count < 0 || count > n) {
            throw new IndexOutOfBoundsException(count + " eigenvectors of a " + n + "x" + n + " matrix");
        }
        int first = prepared;
        if (count <= first) {
            return;
        }
        // also as the columns of an n × count matrix, for the dot products of orthogonalization
        int columns = count - first;
        double[] found = new double[n * columns];
        for (int k = first; k < count; k++) {
            double[] w = tridiagonalVector(k, found, columns, first);
            tridiagonalVectors[k] = canonicalSign(k, w);
            for (int i = blockStart[k]; i < blockEnd[k]; i++) {
                found[i * columns + k - first] = w[i];
            }
        }
        prepared = count;
    }

    /** w_k or −w_k, whichever makes u_k = Q w_k canonical (see the class comment). */
    private double[] canonicalSign(int k, double[] w) {
        if (onesReduced == null) {
            onesReduced = new double[n];
            java.util.Arrays.fill(onesReduced, 1.0);
            reduced.applyTransposeQ(onesReduced);
        }
        int from = blockStart[k];
        double sum = Kernels.dot(w, from, onesReduced, from, blockEnd[k] - from);
        if (flips(sum, () -> {
            double[] u = w.clone();
            reduced.applyQ(u);
            return u;
        })) {
            negate(w);
        }
        return w;
    }

    /**
     * Gives a unit vector u the canonical sign of the class comment, in place: the rule this class's
     * eigenvectors follow, for eigenvectors found elsewhere (e.g. of a dense matrix by EJML).
     */
    public static void canonicalize(double[] u) {
        double sum = 0;
        for (double x : u) {
            sum += x;
        }
        if (flips(sum, () -> u)) {
            negate(u);
        }
    }

    /**
     * Whether a unit vector whose entries sum to {@code sum} is flipped: where the sum is negative,
     * or within 10⁻⁸ of 0 and its largest-magnitude entry (the first, on a tie) is negative; the
     * vector itself is asked for only then.
     */
    private static boolean flips(double sum, java.util.function.Supplier<double[]> vector) {
        if (Math.abs(sum) > 1e-8) {
            return sum < 0;
        }
        double[] u = vector.get();
        int largest = 0;
        for (int i = 1; i < u.length; i++) {
            largest = Math.abs(u[i]) > Math.abs(u[largest]) ? i : largest;
        }
        return u[largest] < 0;
    }

    private static void negate(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
        }
    }

    /** The eigenvalues of every unreduced block of T by implicit QL, sorted descending over all. */
    private void solveBlocks() {
        double[] lambda = new double[n];
        int[] start = new int[n];
        int[] end = new int[n];
        int from = 0;
        while (from < n) {
            int to = from;
            while (to + 1 < n && e[to] != 0.0) {
                to++;
            }
            to++;
            double[] blockD = java.util.Arrays.copyOfRange(d, from, to);
            double[] blockE = java.util.Arrays.copyOfRange(e, from, to);
            blockE[to - from - 1] = 0.0;
            implicitQl(blockD, blockE, EPS * norm);
            for (int i = from; i < to; i++) {
                lambda[i] = blockD[i - from];
                start[i] = from;
                end[i] = to;
            }
            from = to;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // descending; ties by block then position, so the order is fixed
        java.util.Arrays.sort(
                order,
                (a, b) -> a.equals(b)
                        ? 0
                        : lambda[b] != lambda[a] ? Double.compare(lambda[b], lambda[a]) : Integer.compare(a, b));
        for (int k = 0; k < n; k++) {
            values[k] = lambda[order[k]];
            blockStart[k] = start[order[k]];
            blockEnd[k] = end[order[k]];
        }
    }

    /**
     * The eigenvalues of the symmetric tridiagonal (d, e) into d, e destroyed (e_i couples i and
     * i+1, the last e is 0): EISPACK's tql1 with Wilkinson's shift, as Numerical Recipes' tqli. A
     * coupling also splits the block once it is below {@code negligible}, the rounding of the whole
     * matrix (EPS ‖T‖): the relative test alone never splits inside a cluster of eigenvalues at zero
     * (a rank-deficient metric, e.g. a softmax Fisher's K − 1 of K rows per input), whose diagonal
     * entries are as small as their couplings.
     */
    private static void implicitQl(double[] d, double[] e, double negligible) {
        int m = d.length;
        for (int l = 0; l < m; l++) {
            int iterations = 0;
            int split;
            do {
                split = l;
                while (split < m - 1
                        && Math.abs(e[split]) > EPS * (Math.abs(d[split]) + Math.abs(d[split + 1]))
                        && Math.abs(e[split]) > negligible) {
                    split++;
                }
                if (split != l) {
                    if (iterations++ == QL_ITERATIONS) {
                        throw new IllegalStateException("implicit QL did not converge");
                    }
                    chase(d, e, l, split);
                }
            } while (split != l);
        }
    }

    /** One implicit QL sweep over the unreduced block [l, split]. */
    private static void chase(double[] d, double[] e, int l, int split) {
        double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
        double r = hypot(g, 1.0);
        g = d[split] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
        double s = 1.0;
        double c = 1.0;
        double p = 0.0;
        for (int i = split - 1; i >= l; i--) {
            double f = s * e[i];
            double b = c * e[i];
            r = hypot(f, g);
            e[i + 1] = r;
            if (r == 0.0) { // underflow: deflate and start again
                d[i + 1] -= p;
                e[split] = 0.0;
                return;
            }
            s = f / r;
            c = g / r;
            g = d[i + 1] - p;
            r = (d[i] - g) * s + 2.0 * c * b;
            p = s * r;
            d[i + 1] = g + p;
            g = c * r - b;
        }
        d[l] -= p;
        e[l] = g;
        e[split] = 0.0;
    }

    /** √(a² + b²), by the plain formula where it neither over- nor underflows (Math.hypot is slow). */
    private static double hypot(double a, double b) {
        double r = Math.sqrt(a * a + b * b);
        return r > 0x1.0p-400 && r < 0x1.0p400 ? r : Math.hypot(a, b);
    }

    /**
     * The unit eigenvector of T for λ_k by inverse iteration, over all n indices; those of λ_first …
     * λ_{k−1} are also the columns of the row-major n × {@code columns} matrix {@code found}.
     */
    private double[] tridiagonalVector(int k, double[] found, int columns, int first) {
        int from = blockStart[k];
        int to = blockEnd[k];
        int m = to - from;
        double[] full = new double[n];
        if (m == 1) {
            full[from] = 1.0;
            return full;
        }
        // the earlier eigenvalues of this block in its cluster: the vectors to stay orthogonal to,
        // and a shift kept apart from theirs so that the solves differ
        double shift = values[k];
        double separation = 10 * EPS * norm;
        int clusterFrom = k;
        for (int j = k - 1; j >= 0; j--) {
            if (blockStart[j] != from) {
                continue;
            }
            if (values[j] - values[clusterFrom] > CLUSTER * norm) {
                break;
            }
            clusterFrom = j;
        }
        double previous = Double.NaN;
        for (int j = k - 1; j >= clusterFrom; j--) {
            if (blockStart[j] == from) {
                previous = values[j];
                break;
            }
        }
        if (!Double.isNaN(previous) && previous - shift < separation) {
            shift = previous - separation;
        }
        Factorization lu = new Factorization(d, e, from, m, shift, EPS * norm);
        double[] x = startVector(k, m);
        scale(x, 1.0 / Math.sqrt(Kernels.dot(x, 0, x, 0, m)));
        // accepted once the residual |(T − σI) x| / |x| is certified below this (x solves
        // (T − σI) x = b, |b| = 1, and orthogonalization moved it by Σ c_j w_j, (T − σI) w_j = (λ_j − σ) w_j)
        double residual = 4 * EPS * Math.max(norm, Double.MIN_NORMAL);
        double[] dots = new double[Math.max(0, k - first)];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            lu.solve(x);
            double before = Math.sqrt(Kernels.dot(x, 0, x, 0, m));
            double moved = 0;
            int together = Math.max(clusterFrom, first);
            for (int j = clusterFrom; j < together; j++) { // found by an earlier call: one at a time
                if (blockStart[j] == from) {
                    double dot = Kernels.dot(tridiagonalVectors[j], from, x, 0, m);
                    Kernels.axpy(-dot, tridiagonalVectors[j], from, x, 0, m);
                    moved += Math.abs(dot) * Math.abs(values[j] - shift);
                }
            }
            // the rest all at once (classical Gram–Schmidt): their dot products row by row of the
            // column matrix, vectors of other blocks giving exact zeros on this block's rows
            int c = k - together;
            java.util.Arrays.fill(dots, 0, c, 0.0);
            for (int i = 0; i < m; i++) {
                Kernels.axpy(x[i], found, (from + i) * columns + together - first, dots, 0, c);
            }
            for (int j = 0; j < c; j++) {
                if (dots[j] != 0.0) {
                    Kernels.axpy(-dots[j], tridiagonalVectors[together + j], from, x, 0, m);
                    moved += Math.abs(dots[j]) * Math.abs(values[together + j] - shift);
                }
            }
            double length = Math.sqrt(Kernels.dot(x, 0, x, 0, m));
            scale(x, 1.0 / length);
            // one orthogonalization suffices when it removed at most half of x ("twice is enough";
            // otherwise the next iteration orthogonalizes again)
            if ((1.0 + moved) <= residual * length && length >= 0.5 * before) {
                break;
            }
        }
        System.arraycopy(x, 0, full, from, m);
        return full;
    }

    private static void scale(double[] x, double factor) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= factor;
        }
    }

    /** A fixed start vector with entries in (−1, 1): SplitMix64 seeded by the eigenvalue's index. */
    private static double[] startVector(int k, int m) {
        double[] x = new double[m];
        long state = 0x9E3779B97F4A7C15L * (k + 1);
        for (int i = 0; i < m; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            x[i] = 2.0 * ((z >>> 11) * 0x1.0p-53) - 1.0;
        }
        return x;
    }

    /**
     * T − σI of one block, LU-factored with partial pivoting (LAPACK's dgttrf): L unit lower
     * bidiagonal with row swaps, U upper with two superdiagonals. A pivot smaller than
     * {@code tiny} is raised to it, so that solving at an exact eigenvalue still gives the large,
     * finite vector inverse iteration wants.
     */
    private static final class Factorization {
        private final int m;
        private final double[] diagonal;
        private final double[] upper;
        private final double[] upper2;
        private final double[] lower;
        private final boolean[] swapped;

        Factorization(double[] d, double[] e, int from, int m, double shift, double tiny) {
            this.m = m;
            diagonal = new double[m];
            upper = new double[m];
            upper2 = new double[m];
            lower = new double[m];
            swapped = new boolean[m];
            for (int i = 0; i < m; i++) {
                diagonal[i] = d[from + i] - shift;
                if (i + 1 < m) {
                    upper[i] = e[from + i];
                    lower[i] = e[from + i];
                }
            }
            for (int i = 0; i + 1 < m; i++) {
                if (Math.abs(diagonal[i]) >= Math.abs(lower[i])) {
                    if (diagonal[i] != 0.0) {
                        double factor = lower[i] / diagonal[i];
                        lower[i] = factor;
                        diagonal[i + 1] -= factor * upper[i];
                    }
                } else {
                    double factor = diagonal[i] / lower[i];
                    diagonal[i] = lower[i];
                    lower[i] = factor;
                    double temp = upper[i];
                    upper[i] = diagonal[i + 1];
                    diagonal[i + 1] = temp - factor * diagonal[i + 1];
                    if (i + 2 < m) {
                        upper2[i] = upper[i + 1];
                        upper[i + 1] = -factor * upper[i + 1];
                    }
                    swapped[i] = true;
                }
            }
            double floor = Math.max(tiny, Double.MIN_NORMAL);
            for (int i = 0; i < m; i++) {
                if (Math.abs(diagonal[i]) < floor) {
                    diagonal[i] = diagonal[i] < 0 ? -floor : floor;
                }
            }
        }

        /** x ← (T − σI)⁻¹ x. */
        void solve(double[] x) {
            for (int i = 0; i + 1 < m; i++) {
                if (swapped[i]) {
                    double temp = x[i];
                    x[i] = x[i + 1];
                    x[i + 1] = temp - lower[i] * x[i];
                } else {
                    x[i + 1] -= lower[i] * x[i];
                }
            }
            x[m - 1] /= diagonal[m - 1];
            if (m > 1) {
                x[m - 2] = (x[m - 2] - upper[m - 2] * x[m - 1]) / diagonal[m - 2];
            }
            for (int i = m - 3; i >= 0; i--) {
                x[i] = (x[i] - upper[i] * x[i + 1] - upper2[i] * x[i + 2]) / diagonal[i];
            }
        }
    }
}
