package dev.bayesrg.nngp;

import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.special.BesselJ;

/**
 * Fits a kernel sampled on an evenly spaced line mesh to a ball-limited free propagator, the spectrum of the
 * generalized cos-net (arXiv:2405.17538, eqs. 81, 86): G̃(p) = Z/(p² + m²) for |p| &lt; Λ in d dimensions, 0 outside.
 *
 * <p>Along a line x_i = x_0 + i a u (|u| = 1) a translation-invariant kernel is a function of r = |i − j| a alone,
 * K(r) = Z g(r; m, Λ) with
 *
 * <pre>
 * g(r) = ∫_{|p|&lt;Λ} d^dp/(2π)^d e^{i p·u r}/(p² + m²)
 *   d = 1:  (1/π)    ∫_0^Λ cos(pr)        /(p² + m²) dp
 *   d = 2:  (1/(2π)) ∫_0^Λ J_0(pr) p      /(p² + m²) dp
 *   d = 3:  (1/(2π²))∫_0^Λ sinc(pr) p²    /(p² + m²) dp
 * </pre>
 *
 * (the angular integral of the d-ball taken, so the line sees the d-dimensional spectrum, not the 1-D one; for d = 1
 * it is exactly Z/(p² + m²) on |p| &lt; Λ). The cos-net's prior kernel σ_a² Ψ(r) of eq. 85 is this with
 * Z = σ_a² A, A = (2π)^d/(2 vol B_Λ).
 *
 * <p>The kernel's translation-invariant part is the mean k_r of each diagonal K(x_i, x_{i+r}), r = 0 … M−1, weighted by
 * its M − r pairs. For given (m, Λ) the best Z is linear least squares; (m, Λ) are found by a log-spaced grid scan
 * followed by Nelder–Mead in (log m, log Λ), inside the range the mesh can resolve: Λ up to the Nyquist momentum π/a,
 * m and Λ above about 1/L, L = (M − 1) a. The integrals are composite 16-point Gauss–Legendre with panels fine enough
 * for the oscillation over the mesh's length and the peak of width m at p = 0.
 */
public final class KernelSpectrumFit {
    private static final GaussIntegrator NODES = new GaussIntegratorFactory().legendre(16, 0, 1);
    private static final int GRID = 40;
    private static final int MAX_PANELS = 100_000;

    private KernelSpectrumFit() {}

    /**
     * The fitted spectrum.
     *
     * @param z           Z, the weight of the propagator (σ_eff² A for the cos-net, eq. 86)
     * @param mass        m_eff
     * @param cutoff      Λ_eff
     * @param residual    sqrt(Σ w_r (k_r − Z g_r)² / Σ w_r k_r²), the weighted relative misfit of the diagonal means
     * @param evaluations how many (m, Λ) were tried
     */
    public record Fit(double z, double mass, double cutoff, double residual, int evaluations) {
        /** A fit of nothing (a kernel without variance): every number NaN. */
        static Fit none() {
            return new Fit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
    }

    /**
     * The spacing a of an evenly spaced line mesh (M ≥ 2 points x_i = x_0 + i Δ, row-major [M][d]), or NaN when the
     * points are not evenly spaced on a line to 1e-9 of the mesh's length.
     */
    public static double lineSpacing(double[] mesh, int points, int dimension) {
        if (points < 2) {
            return Double.NaN;
        }
        double[] step = new double[dimension];
        double a2 = 0;
        for (int k = 0; k < dimension; k++) {
            step[k] = (mesh[(points - 1) * dimension + k] - mesh[k]) / (points - 1);
            a2 += step[k] * step[k];
        }
        double a = Math.sqrt(a2);
        if (!(a > 0)) {
            return Double.NaN;
        }
        double tolerance = 1e-9 * a * (points - 1);
        for (int i = 0; i < points; i++) {
            for (int k = 0; k < dimension; k++) {
                if (Math.abs(mesh[i * dimension + k] - (mesh[k] + i * step[k])) > tolerance) {
                    return Double.NaN;
                }
            }
        }
        return a;
    }

    /** k_r, the mean of the r-th diagonal K(x_i, x_{i+r}) of the symmetric part of an M×M kernel, r = 0 … M−1. */
    public static double[] diagonalMeans(double[][] kernel) {
        int m = kernel.length;
        double[] k = new double[m];
        for (int r = 0; r < m; r++) {
            double s = 0;
            for (int i = 0; i + r < m; i++) {
                s += 0.5 * (kernel[i][i + r] + kernel[i + r][i]);
            }
            k[r] = s / (m - r);
        }
        return k;
    }

    /** g(r) at one separation (see the class comment), d = 1, 2, 3. */
    public static double lineKernel(double r, int dimension, double mass, double cutoff) {
        return new Basis(new double[] {r}, dimension, cutoff, mass).kernel(mass)[0];
    }

    /**
     * Fits Z, m and Λ to the kernel on an evenly spaced line mesh.
     *
     * @param kernel    the M×M kernel, M ≥ 3
     * @param spacing   a, the distance between neighbouring mesh points
     * @param dimension d of the inputs (1, 2 or 3)
     */
    public static Fit fit(double[][] kernel, double spacing, int dimension) {
        int m = kernel.length;
        if (m < 3) {
            throw new IllegalArgumentException("a spectrum fit needs at least 3 mesh points, got " + m);
        }
        if (dimension < 1 || dimension > 3) {
            throw new IllegalArgumentException("the line kernel is implemented for d = 1, 2, 3, got " + dimension);
        }
        double[] k = diagonalMeans(kernel);
        double[] r = new double[m];
        double[] w = new double[m];
        double norm = 0;
        for (int i = 0; i < m; i++) {
            r[i] = i * spacing;
            w[i] = m - i;
            norm += w[i] * k[i] * k[i];
        }
        if (!(norm > 0) || !Double.isFinite(norm)) {
            return Fit.none();
        }
        double length = (m - 1) * spacing;
        double lambdaLo = 0.5 * Math.PI / length;
        double lambdaHi = Math.PI / spacing;
        double massLo = 0.05 / length;
        double massHi = 20 / spacing;
        Objective objective = new Objective(k, r, w, dimension, norm, massLo, massHi, lambdaLo, lambdaHi);
        // the grid: one basis per Λ serves every m
        double bestValue = Double.POSITIVE_INFINITY;
        double[] best = null;
        for (int a = 0; a < GRID; a++) {
            double lambda = lambdaLo * Math.pow(lambdaHi / lambdaLo, a / (GRID - 1.0));
            Basis basis = new Basis(r, dimension, lambda, massLo);
            for (int b = 0; b < GRID; b++) {
                double mass = massLo * Math.pow(massHi / massLo, b / (GRID - 1.0));
                double v = objective.misfit(basis.kernel(mass));
                objective.evaluations++;
                if (v < bestValue) {
                    bestValue = v;
                    best = new double[] {Math.log(mass), Math.log(lambda)};
                }
            }
        }
        double[] x = nelderMead(objective, best, 0.1, 400);
        double mass = Math.exp(x[0]);
        double lambda = Math.exp(x[1]);
        double[] g = new Basis(r, dimension, lambda, mass).kernel(mass);
        double z = objective.amplitude(g);
        return new Fit(z, mass, lambda, Math.sqrt(objective.misfit(g) / norm), objective.evaluations);
    }

    /** The weighted least-squares misfit of the diagonal means, Z eliminated. */
    private static final class Objective {
        private final double[] k;
        private final double[] r;
        private final double[] w;
        private final int dimension;
        private final double norm;
        private final double[] logBounds;
        int evaluations;

        Objective(
                double[] k,
                double[] r,
                double[] w,
                int dimension,
                double norm,
                double massLo,
                double massHi,
                double lambdaLo,
                double lambdaHi) {
            this.k = k;
            this.r = r;
            this.w = w;
            this.dimension = dimension;
            this.norm = norm;
            this.logBounds = new double[] {Math.log(massLo), Math.log(massHi), Math.log(lambdaLo), Math.log(lambdaHi)};
        }

        double amplitude(double[] g) {
            double kg = 0;
            double gg = 0;
            for (int i = 0; i < g.length; i++) {
                kg += w[i] * k[i] * g[i];
                gg += w[i] * g[i] * g[i];
            }
            return gg > 0 ? kg / gg : 0;
        }

        double misfit(double[] g) {
            double z = amplitude(g);
            double s = 0;
            for (int i = 0; i < g.length; i++) {
                double e = k[i] - z * g[i];
                s += w[i] * e * e;
            }
            return s;
        }

        /** The misfit at (log m, log Λ); outside the resolvable box, the box's misfit plus a penalty. */
        double value(double[] x) {
            double excess = 0;
            double[] inside = x.clone();
            for (int j = 0; j < 2; j++) {
                double lo = logBounds[2 * j];
                double hi = logBounds[2 * j + 1];
                double c = Math.min(hi, Math.max(lo, x[j]));
                excess += Math.abs(x[j] - c);
                inside[j] = c;
            }
            double mass = Math.exp(inside[0]);
            evaluations++;
            double v = misfit(new Basis(r, dimension, Math.exp(inside[1]), mass).kernel(mass));
            return v + excess * norm;
        }
    }

    /** A plain Nelder–Mead minimiser in two variables from {@code start} with initial steps {@code step}. */
    private static double[] nelderMead(Objective f, double[] start, double step, int maxEvaluations) {
        int n = start.length;
        double[][] p = new double[n + 1][];
        double[] v = new double[n + 1];
        p[0] = start.clone();
        for (int i = 0; i < n; i++) {
            p[i + 1] = start.clone();
            p[i + 1][i] += step;
        }
        for (int i = 0; i <= n; i++) {
            v[i] = f.value(p[i]);
        }
        for (int used = n + 1; used < maxEvaluations; ) {
            // order: best first
            for (int i = 1; i <= n; i++) {
                for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
                    double t = v[j];
                    v[j] = v[j - 1];
                    v[j - 1] = t;
                    double[] q = p[j];
                    p[j] = p[j - 1];
                    p[j - 1] = q;
                }
            }
            double size = 0;
            for (int i = 1; i <= n; i++) {
                for (int j = 0; j < n; j++) {
                    size = Math.max(size, Math.abs(p[i][j] - p[0][j]));
                }
            }
            if (size < 1e-9 || v[n] - v[0] <= 1e-15 * Math.abs(v[0])) {
                break;
            }
            double[] centroid = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    centroid[j] += p[i][j] / n;
                }
            }
            double[] reflected = along(centroid, p[n], -1);
            double fr = f.value(reflected);
            used++;
            if (fr < v[0]) {
                double[] expanded = along(centroid, p[n], -2);
                double fe = f.value(expanded);
                used++;
                p[n] = fe < fr ? expanded : reflected;
                v[n] = Math.min(fe, fr);
            } else if (fr < v[n - 1]) {
                p[n] = reflected;
                v[n] = fr;
            } else {
                double[] contracted = along(centroid, fr < v[n] ? reflected : p[n], 0.5);
                double fc = f.value(contracted);
                used++;
                if (fc < Math.min(fr, v[n])) {
                    p[n] = contracted;
                    v[n] = fc;
                } else {
                    for (int i = 1; i <= n; i++) {
                        p[i] = along(p[0], p[i], 0.5);
                        v[i] = f.value(p[i]);
                        used++;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) {
            best = v[i] < v[best] ? i : best;
        }
        return p[best];
    }

    /** c + t (x − c). */
    private static double[] along(double[] c, double[] x, double t) {
        double[] y = new double[c.length];
        for (int j = 0; j < c.length; j++) {
            y[j] = c[j] + t * (x[j] - c[j]);
        }
        return y;
    }

    /**
     * The angular part of g on the Gauss–Legendre nodes p_q of [0, Λ] at every separation: B[i][q] = w_q c_d
     * p_q^{d−1} j_d(p_q r_i), so that g(r_i) = Σ_q B[i][q]/(p_q² + m²) for any m at least the one the panels were
     * sized for.
     */
    private static final class Basis {
        private final double[] p2;
        private final double[][] values;

        Basis(double[] r, int dimension, double cutoff, double smallestMass) {
            double rMax = 0;
            for (double v : r) {
                rMax = Math.max(rMax, v);
            }
            // panels: at most a half oscillation of the longest separation wide, and near p = 0 no wider than the
            // distance sqrt(p² + m²) to the propagator's pole at ±i m (geometrically graded there)
            double oscillation = rMax > 0 ? Math.PI / rMax : cutoff;
            java.util.List<double[]> panels = new java.util.ArrayList<>();
            for (double t = 0; t < cutoff && panels.size() < MAX_PANELS; ) {
                double h = Math.min(oscillation, Math.sqrt(t * t + smallestMass * smallestMass));
                double end = Math.min(cutoff, t + h);
                panels.add(new double[] {t, end});
                t = end;
            }
            panels.get(panels.size() - 1)[1] = cutoff;
            int nodes = NODES.getNumberOfPoints();
            p2 = new double[panels.size() * nodes];
            values = new double[r.length][panels.size() * nodes];
            double c = switch (dimension) {
                case 1 -> 1 / Math.PI;
                case 2 -> 1 / (2 * Math.PI);
                default -> 1 / (2 * Math.PI * Math.PI);
            };
            for (int s = 0; s < panels.size(); s++) {
                double from = panels.get(s)[0];
                double h = panels.get(s)[1] - from;
                for (int q = 0; q < nodes; q++) {
                    int index = s * nodes + q;
                    double p = from + h * NODES.getPoint(q);
                    double weight = h * NODES.getWeight(q) * c * (dimension == 1 ? 1 : dimension == 2 ? p : p * p);
                    p2[index] = p * p;
                    for (int i = 0; i < r.length; i++) {
                        double x = p * r[i];
                        double angular = switch (dimension) {
                            case 1 -> Math.cos(x);
                            case 2 -> BesselJ.value(0, x);
                            default -> Math.abs(x) < 1e-8 ? 1 - x * x / 6 : Math.sin(x) / x;
                        };
                        values[i][index] = weight * angular;
                    }
                }
            }
        }

        double[] kernel(double mass) {
            double m2 = mass * mass;
            double[] g = new double[values.length];
            for (int i = 0; i < g.length; i++) {
                double s = 0;
                double[] row = values[i];
                for (int q = 0; q < row.length; q++) {
                    s += row[q] / (p2[q] + m2);
                }
                g[i] = s;
            }
            return g;
        }
    }
}
