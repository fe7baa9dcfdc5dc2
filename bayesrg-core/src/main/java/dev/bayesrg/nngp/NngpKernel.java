package dev.bayesrg.nngp;

import dev.bayesrg.activation.Activation;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The infinite-width NNGP kernel of a fully connected network of depth L (L weight layers, L−1 hidden
 * nonlinearities; arXiv:2405.17538, eqs. 59–62; Lee et al. 2018):
 * <pre>
 *   K¹(x,x') = σ_b,1² + σ_w,1² x·x'/d
 *   K^l(x,x') = σ_b,l² + σ_w,l² E[σ_{l−1}(u)σ_{l−1}(v)],  (u,v) ~ N(0, [[K^{l−1}(x,x), K^{l−1}(x,x')], [·, K^{l−1}(x',x')]])
 * </pre>
 * for l = 2..L, with per-layer variances (σ_w,l², σ_b,l²) (weights N(0, σ_w²/fan-in), biases
 * N(0, σ_b²)). {@link #matrix} is K^L, the output kernel. {@link #phi} and {@link #psi} are
 * Φ(x) = E[σ(u)] and Ψ(x,y) = E[σ(u)σ(v)] of the last hidden layer, (u, v) ~ N(0, K^{L−1})
 * (arXiv:2405.17538, eqs. 66–67, in the i.i.d. infinite-width limit), so that K^L = σ_b² + σ_w² Ψ.
 * Points are rows of a double[n][d]; results are fresh arrays. Quadrature entries are computed in
 * parallel (common fork-join pool); each entry is independent, so results never depend on it.
 * Immutable and thread-safe.
 */
public final class NngpKernel {
    private final List<Activation> activations;
    private final double[] sigmaW2;
    private final double[] sigmaB2;

    /**
     * @param activations the L−1 hidden nonlinearities, first hidden layer first (each with its
     *     Gaussian expectations, closed form or quadrature; see {@link Activation})
     * @param sigmaW2 the L weight variances σ_w,l² (each weight of layer l is N(0, σ_w,l²/fan-in))
     * @param sigmaB2 the L bias variances σ_b,l²
     */
    public NngpKernel(List<Activation> activations, double[] sigmaW2, double[] sigmaB2) {
        this.activations = List.copyOf(activations);
        this.sigmaW2 = sigmaW2.clone();
        this.sigmaB2 = sigmaB2.clone();
        int depth = this.activations.size() + 1;
        if (this.sigmaW2.length != depth || this.sigmaB2.length != depth) {
            throw new IllegalArgumentException("need " + depth + " weight and bias variances (one per layer), got "
                    + this.sigmaW2.length + " and " + this.sigmaB2.length);
        }
        for (int l = 0; l < depth; l++) {
            if (!(Double.isFinite(this.sigmaW2[l]) && this.sigmaW2[l] >= 0)) {
                throw new IllegalArgumentException(
                        "sigmaW2[" + l + "] must be finite and >= 0, got " + this.sigmaW2[l]);
            }
            if (!(Double.isFinite(this.sigmaB2[l]) && this.sigmaB2[l] >= 0)) {
                throw new IllegalArgumentException(
                        "sigmaB2[" + l + "] must be finite and >= 0, got " + this.sigmaB2[l]);
            }
        }
    }

    /** Depth L with the same nonlinearity and the same (σ_w², σ_b²) in every layer. */
    public static NngpKernel uniform(int depth, Activation activation, double sigmaW2, double sigmaB2) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
        Objects.requireNonNull(activation, "activation");
        double[] w = new double[depth];
        double[] b = new double[depth];
        Arrays.fill(w, sigmaW2);
        Arrays.fill(b, sigmaB2);
        return new NngpKernel(java.util.Collections.nCopies(depth - 1, activation), w, b);
    }

    /** L, the number of weight layers. */
    public int depth() {
        return sigmaW2.length;
    }

    /** The output kernel K^L on the points (n×n, symmetric). */
    public double[][] matrix(double[][] points) {
        return layer(depth(), points);
    }

    /** K^L(x, y) for two points. */
    public double value(double[] x, double[] y) {
        return matrix(new double[][] {x, y})[0][1];
    }

    /** The pre-activation kernel K^l of layer l (1 ≤ l ≤ L) on the points. */
    public double[][] layer(int l, double[][] points) {
        if (l < 1 || l > depth()) {
            throw new IllegalArgumentException("layer must be in 1.." + depth() + ", got " + l);
        }
        double[][] k = input(points);
        for (int layer = 2; layer <= l; layer++) {
            k = next(k, activations.get(layer - 2), sigmaW2[layer - 1], sigmaB2[layer - 1]);
        }
        return k;
    }

    /** Φ(x) = E[σ(u)], u ~ N(0, K^{L−1}(x,x)), of the last hidden layer; needs L ≥ 2. */
    public double[] phi(double[][] points) {
        double[][] k = lastHidden(points);
        Activation sigma = activations.get(depth() - 2);
        double[] phi = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            phi[i] = sigma.gaussianMean(k[i][i]);
        }
        return phi;
    }

    /** Ψ(x,y) = E[σ(u)σ(v)], (u, v) ~ N(0, K^{L−1}), of the last hidden layer; needs L ≥ 2. */
    public double[][] psi(double[][] points) {
        double[][] k = lastHidden(points);
        return expectations(k, activations.get(depth() - 2));
    }

    private double[][] lastHidden(double[][] points) {
        if (depth() < 2) {
            throw new IllegalArgumentException("Φ and Ψ need a hidden layer (depth >= 2), depth is " + depth());
        }
        return layer(depth() - 1, points);
    }

    private double[][] input(double[][] points) {
        int n = points.length;
        int d = n == 0 ? 0 : points[0].length;
        for (double[] p : points) {
            if (p.length != d || d == 0) {
                throw new IllegalArgumentException("all points need the same dimension >= 1");
            }
        }
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double dot = 0.0;
                for (int c = 0; c < d; c++) {
                    dot += points[i][c] * points[j][c];
                }
                k[i][j] = sigmaB2[0] + sigmaW2[0] * dot / d;
                k[j][i] = k[i][j];
            }
        }
        return k;
    }

    private static double[][] next(double[][] prev, Activation sigma, double w2, double b2) {
        double[][] e = expectations(prev, sigma);
        for (double[] row : e) {
            for (int j = 0; j < row.length; j++) {
                row[j] = b2 + w2 * row[j];
            }
        }
        return e;
    }

    private static double[][] expectations(double[][] k, Activation sigma) {
        int n = k.length;
        double[][] e = new double[n][n];
        // every entry is computed on its own, so the result does not depend on the parallelism
        int pairs = n * (n + 1) / 2;
        int[] row = new int[pairs];
        int[] col = new int[pairs];
        for (int i = 0, p = 0; i < n; i++) {
            for (int j = i; j < n; j++, p++) {
                row[p] = i;
                col[p] = j;
            }
        }
        IntStream all = IntStream.range(0, pairs);
        if (!sigma.hasClosedForm() && n > 1) {
            all = all.parallel();
        }
        all.forEach(p -> {
            int i = row[p];
            int j = col[p];
            e[i][j] = sigma.gaussianProduct(k[i][i], k[i][j], k[j][j]);
        });
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                e[i][j] = e[j][i];
            }
        }
        return e;
    }
}
