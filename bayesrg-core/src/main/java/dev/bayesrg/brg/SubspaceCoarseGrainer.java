package dev.bayesrg.brg;

import dev.bayesrg.linalg.Kernels;
import java.util.function.DoubleSupplier;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Coarse graining along directions of parameter space rather than along coordinates. The sloppy
 * law of every flowed parameter i (the {@link SloppyLaw} N(m_i, D_i) of a {@link CoarseGrainer}
 * mode) makes a Gaussian law N(m, D) on parameter space; coarse graining a subspace redraws the
 * parameters' component in it from that law conditioned on every other component, which stays as it
 * was. For an isotropic law this is the projection of a fresh draw onto the subspace; when every
 * D_i is 0 (the zero mode) the component is set to the law's mean's, i.e. projected out for m = 0.
 *
 * <p>For an isotropic law N(m, s² I) the components along orthonormal directions are independent
 * N(v·m, s²): a redraw of |D| directions takes |D| standard normals, one per direction in order,
 * not one per parameter (which only the general law's conditioning needs); a direction's sign then
 * decides the sign of its draw, which is why the Fisher eigenbasis makes its signs canonical. The
 * first cutoff's redraw of everything but the kept directions (the null space included) takes one
 * standard normal per flowed parameter, in every law.
 */
public final class SubspaceCoarseGrainer {
    private final double[] mean;
    private final double[] variance;
    private final double[] std;
    private final boolean deterministic;
    private final boolean isotropic;
    private final DoubleSupplier normal;

    /**
     * The law N(m_i, D_i) of the flowed parameters θ[offset, offset + count).
     *
     * @param laws a coarse graining's laws by parameter index in θ
     * @param standardNormals the member's stream of N(0, 1) draws; unused when every D_i is 0
     * @throws IllegalArgumentException if some but not all D_i are 0: a subspace mixing pinned and
     *                                  free parameters has no conditional law to redraw from
     */
    public SubspaceCoarseGrainer(
            java.util.function.IntFunction<SloppyLaw> laws, int offset, int count, DoubleSupplier standardNormals) {
        mean = new double[count];
        variance = new double[count];
        std = new double[count];
        int zeros = 0;
        boolean equal = true;
        for (int i = 0; i < count; i++) {
            SloppyLaw law = laws.apply(offset + i);
            mean[i] = law.mean();
            variance[i] = law.variance();
            std[i] = Math.sqrt(variance[i]);
            zeros += variance[i] == 0.0 ? 1 : 0;
            equal &= variance[i] == variance[0];
        }
        if (zeros != 0 && zeros != count) {
            throw new IllegalArgumentException(zeros + " of " + count
                    + " flowed parameters have a coarse-graining variance of 0 and the rest do not: the eigenbasis"
                    + " flow needs all of them positive or all 0");
        }
        deterministic = zeros == count;
        isotropic = equal;
        normal = standardNormals;
    }

    /** Whether the law has no randomness (every D_i = 0): coarse graining projects, drawing nothing. */
    public boolean deterministic() {
        return deterministic;
    }

    /**
     * Whether the law is N(m, s² I) or has no randomness: a flow can then work with the components
     * along its directions alone ({@link #base()}, {@link #redrawnComponent}), as {@link GramSpaceFlow} does.
     */
    boolean componentwise() {
        return deterministic || isotropic;
    }

    /** m, the law's mean over the flowed parameters (do not modify it). */
    double[] mean() {
        return mean;
    }

    /**
     * A draw ξ of the law (m itself when it has no randomness, drawing nothing): what the first
     * cutoff keeps θ's stiff components in, one standard normal per flowed parameter.
     */
    double[] base() {
        return deterministic ? mean : freshDraw();
    }

    /**
     * A redraw of the component along one unit direction v of an isotropic or deterministic law,
     * given m's component v·m there: v·m + s z, one standard normal z (none when deterministic).
     */
    double redrawnComponent(double meanComponent) {
        return deterministic ? meanComponent : meanComponent + std[0] * normal.getAsDouble();
    }

    /**
     * Coarse grains everything but the span of {@code kept[0..count)} (orthonormal): θ becomes a draw
     * of the law conditioned on θ's components along the kept directions (for a law N(m, D), with
     * θ' ~ N(m, D): θ' + D V (Vᵀ D V)⁻¹ Vᵀ (θ − θ')).
     *
     * @param offset index in θ of the first flowed parameter
     */
    public void keepOnly(double[] theta, int offset, double[][] kept, int count) {
        int p = mean.length;
        double[] base = base();
        double[] r = new double[count];
        for (int k = 0; k < count; k++) {
            r[k] = Kernels.dot(kept[k], 0, theta, offset, p) - Kernels.dot(kept[k], 0, base, 0, p);
        }
        double[] result = base.clone();
        if (deterministic || isotropic) {
            for (int k = 0; k < count; k++) {
                Kernels.axpy(r[k], kept[k], 0, result, 0, p);
            }
        } else {
            double[] y = solve(gram(kept, 0, count, variance), r);
            double[] step = new double[p];
            for (int k = 0; k < count; k++) {
                Kernels.axpy(y[k], kept[k], 0, step, 0, p);
            }
            for (int i = 0; i < p; i++) {
                result[i] += variance[i] * step[i];
            }
        }
        System.arraycopy(result, 0, theta, offset, p);
    }

    /**
     * Coarse grains the span of {@code redrawn[from..to)} (orthonormal): θ's component there becomes a
     * draw of the law conditioned on all its other components (for N(m, D): θ + N y with
     * (Nᵀ D⁻¹ N) y = Nᵀ (D⁻¹ (m − θ) + D^{−½} z), z standard normal).
     *
     * @param offset index in θ of the first flowed parameter
     */
    public void redraw(double[] theta, int offset, double[][] redrawn, int from, int to) {
        int p = mean.length;
        int count = to - from;
        if (componentwise()) {
            // the component along each v_k becomes v_k·m + s z_k, independent of all the others
            for (int k = from; k < to; k++) {
                double now = Kernels.dot(redrawn[k], 0, theta, offset, p);
                double redrawnComponent = redrawnComponent(Kernels.dot(redrawn[k], 0, mean, 0, p));
                Kernels.axpy(redrawnComponent - now, redrawn[k], 0, theta, offset, p);
            }
            return;
        }
        double[] precision = new double[p];
        double[] w = new double[p];
        for (int i = 0; i < p; i++) {
            precision[i] = 1.0 / variance[i];
            w[i] = precision[i] * (mean[i] - theta[offset + i]) + normal.getAsDouble() / std[i];
        }
        double[] rhs = new double[count];
        for (int k = 0; k < count; k++) {
            rhs[k] = Kernels.dot(redrawn[from + k], 0, w, 0, p);
        }
        double[] y = solve(gram(redrawn, from, count, precision), rhs);
        for (int k = 0; k < count; k++) {
            Kernels.axpy(y[k], redrawn[from + k], 0, theta, offset, p);
        }
    }

    private double[] freshDraw() {
        double[] draw = new double[mean.length];
        for (int i = 0; i < draw.length; i++) {
            draw[i] = mean[i] + std[i] * normal.getAsDouble();
        }
        return draw;
    }

    /** Vᵀ W V for the rows V = vectors[from..from+count) and a diagonal weight W. */
    private static double[][] gram(double[][] vectors, int from, int count, double[] weight) {
        double[][] g = new double[count][count];
        double[] weighted = new double[weight.length];
        for (int a = 0; a < count; a++) {
            double[] va = vectors[from + a];
            for (int i = 0; i < weighted.length; i++) {
                weighted[i] = weight[i] * va[i];
            }
            for (int b = 0; b <= a; b++) {
                g[a][b] = Kernels.dot(weighted, 0, vectors[from + b], 0, weighted.length);
                g[b][a] = g[a][b];
            }
        }
        return g;
    }

    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        if (!CommonOps_DDRM.solveSPD(new DMatrixRMaj(a), new DMatrixRMaj(n, 1, true, b), x)) {
            throw new IllegalStateException(
                    "the conditional law's " + n + "x" + n + " system is not positive definite");
        }
        return x.data;
    }
}
