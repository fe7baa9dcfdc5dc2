package dev.bayesrg.nngp;

import java.util.ArrayList;
import java.util.List;

/**
 * The analytic Bayesian RG flow of a network's predictive Gaussian process (arXiv:2405.17538, eqs. 74–76).
 * The read-out weights have posterior mean μ and covariance Σ; at a cutoff ε the sloppy weights
 * S_ε = {j : F_jj &lt; ε} get mean ν (eq. 74: 0), no correlations and variance σ² (eq. 75). With the
 * renormalized μ_ε, Σ_ε, eq. 72 with zero biases gives
 * <pre>
 *   m_ε(x)   = Σ_j μ_ε,j Φ_j(x)
 *   K_ε(x,y) = Σ_jl [ Σ_ε,jl Ψ_jl(x,y) + μ_ε,j μ_ε,l (Ψ_jl(x,y) − Φ_j(x) Φ_l(y)) ]
 * </pre>
 * Two forms of Φ, Ψ are supported:
 * <ul>
 * <li><b>exchangeable neurons</b> (random hidden layers, {@link #coefficients}): Φ_j = Φ, Ψ_jj = Ψ_d and
 * Ψ_{j≠l} = Ψ_o (neurons of one layer share the layer below; at infinite width Ψ_o = Φ⊗Φ). Then
 * m_ε = (Σ_j μ_ε,j) Φ and K_ε = A Ψ_d + B Ψ_o + C Φ⊗Φ with A = tr Σ_ε + ‖μ_ε‖²,
 * B = Σ_{j≠l} Σ_ε,jl + (Σ_j μ_ε,j)² − ‖μ_ε‖², C = −(Σ_j μ_ε,j)²;</li>
 * <li><b>fixed features</b> ({@link #atFeatures}): Φ_j(x) = φ_j(x), Ψ_jl(x,y) = φ_j(x) φ_l(y) (frozen hidden
 * layers shared by every member), where the μμ term vanishes: m_ε = φ·μ_ε, K_ε = φ(x)ᵀ Σ_ε φ(y).</li>
 * </ul>
 * At a cutoff below every F_jj this is the unrenormalized GP (eq. 73); above every F_jj, with ν = 0 and
 * σ² the prior variance, it is the prior GP.
 */
public final class RenormalizedGp {
    /** A Gaussian process on a mesh: its mean vector and kernel matrix. */
    public record GaussianProcess(double[] mean, double[][] kernel, int sloppy) {}

    /**
     * The GP at one cutoff for exchangeable neurons: m = {@code mean} Φ and
     * K = {@code psiDiagonal} Ψ_d + {@code psiOffDiagonal} Ψ_o + {@code phiPhi} Φ⊗Φ; {@code sloppy} = |S_ε|
     * (an average over members for a {@link #mixture}).
     */
    public record Coefficients(double mean, double psiDiagonal, double psiOffDiagonal, double phiPhi, double sloppy) {
        /** The GP on a mesh from Φ (length M), Ψ_d and Ψ_o (M×M). */
        public GaussianProcess on(double[] phi, double[][] psiDiagonal, double[][] psiOffDiagonal) {
            int m = phi.length;
            double[] mu = new double[m];
            double[][] k = new double[m][m];
            for (int a = 0; a < m; a++) {
                mu[a] = mean * phi[a];
                for (int b = 0; b < m; b++) {
                    k[a][b] = this.psiDiagonal * psiDiagonal[a][b]
                            + this.psiOffDiagonal * psiOffDiagonal[a][b]
                            + phiPhi * phi[a] * phi[b];
                }
            }
            return new GaussianProcess(mu, k, (int) Math.round(sloppy));
        }
    }

    private final double[] mu;
    private final double[][] sigma;
    private final double[] fisher;
    private final double sloppyVariance;
    private final double sloppyMean;
    /** Σ_l Σ_jl and Σ_jl Σ_jl, the start of every flow of {@link #coefficients}. */
    private final double[] fullRowSums;

    private final double fullTotal;

    /**
     * @param mu             posterior mean of the N read-out weights
     * @param sigma          their posterior covariance (N×N, symmetric)
     * @param fisher         the Fisher diagonal F_jj of the read-out weights
     * @param sloppyVariance σ² given to sloppy weights (the prior variance recovers the prior as ε → ∞)
     */
    public RenormalizedGp(double[] mu, double[][] sigma, double[] fisher, double sloppyVariance) {
        this(mu, sigma, fisher, sloppyVariance, 0.0);
    }

    /**
     * As {@link #RenormalizedGp(double[], double[][], double[], double)} with sloppy weights of mean ν
     * instead of eq. 74's 0: resampling from a prior N(ν, σ²) renormalizes to exactly this.
     */
    public RenormalizedGp(double[] mu, double[][] sigma, double[] fisher, double sloppyVariance, double sloppyMean) {
        int n = mu.length;
        if (sigma.length != n || fisher.length != n) {
            throw new IllegalArgumentException("mu, sigma and fisher must all have the read-out width " + n);
        }
        if (!(sloppyVariance >= 0) || !Double.isFinite(sloppyVariance)) {
            throw new IllegalArgumentException("the sloppy variance must be finite and >= 0, got " + sloppyVariance);
        }
        if (!Double.isFinite(sloppyMean)) {
            throw new IllegalArgumentException("the sloppy mean must be finite, got " + sloppyMean);
        }
        this.mu = mu.clone();
        this.sigma = new double[n][];
        for (int j = 0; j < n; j++) {
            if (sigma[j].length != n) {
                throw new IllegalArgumentException("sigma must be " + n + "×" + n);
            }
            this.sigma[j] = sigma[j].clone();
        }
        this.fisher = fisher.clone();
        this.sloppyVariance = sloppyVariance;
        this.sloppyMean = sloppyMean;
        this.fullRowSums = new double[n];
        double total = 0;
        for (int j = 0; j < n; j++) {
            for (int l = 0; l < n; l++) {
                fullRowSums[j] += this.sigma[j][l];
            }
            total += fullRowSums[j];
        }
        this.fullTotal = total;
    }

    /** N, the number of read-out weights. */
    public int width() {
        return mu.length;
    }

    /**
     * The renormalized GP at cutoff ε on a mesh, for i.i.d. infinite-width features: Φ (length M) and
     * Ψ (M×M) of the last hidden layer, Ψ_o = Φ⊗Φ.
     */
    public GaussianProcess at(double cutoff, double[] phi, double[][] psi) {
        int m = phi.length;
        double[][] phiPhi = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                phiPhi[a][b] = phi[a] * phi[b];
            }
        }
        return coefficients(fisher, List.of(cutoff)).get(0).on(phi, psi, phiPhi);
    }

    /** The flow: the GP at every cutoff of an ascending schedule (i.i.d. infinite-width features). */
    public List<GaussianProcess> flow(List<Double> cutoffs, double[] phi, double[][] psi) {
        List<GaussianProcess> out = new ArrayList<>();
        for (double c : cutoffs) {
            out.add(at(c, phi, psi));
        }
        return out;
    }

    /**
     * The exchangeable-neuron coefficients at every cutoff of an ascending schedule, for the sloppy sets
     * of the given Fisher diagonal (not necessarily the constructor's: each ensemble member has its own).
     * The sets are nested, so each weight leaves the kept block once and the whole flow costs O(N |S|).
     */
    public List<Coefficients> coefficients(double[] fisherDiagonal, List<Double> cutoffs) {
        int n = mu.length;
        if (fisherDiagonal.length != n) {
            throw new IllegalArgumentException(
                    "the Fisher diagonal has " + fisherDiagonal.length + " entries, the" + " read-out " + n);
        }
        // Σ_{j,l kept} Σ_jl is updated as weights leave the kept block (rowSums[j] = Σ_{l kept} Σ_jl);
        // the O(N) sums are recomputed at each cutoff, so an all-sloppy flow gives the prior exactly
        double[] rowSums = fullRowSums.clone();
        double keptTotal = fullTotal;
        boolean[] sloppy = new boolean[n];
        int sloppyCount = 0;
        List<Coefficients> out = new ArrayList<>(cutoffs.size());
        double previous = Double.NEGATIVE_INFINITY;
        for (double cutoff : cutoffs) {
            if (!(cutoff >= previous)) {
                throw new IllegalArgumentException("cutoffs must be ascending, got " + cutoff + " after " + previous);
            }
            previous = cutoff;
            for (int r = 0; r < n; r++) {
                if (sloppy[r] || !(fisherDiagonal[r] < cutoff)) {
                    continue;
                }
                sloppy[r] = true;
                sloppyCount++;
                keptTotal -= 2 * rowSums[r] - sigma[r][r];
                double[] column = sigma[r]; // Σ is symmetric: row r is column r, read in memory order
                for (int j = 0; j < n; j++) {
                    rowSums[j] -= column[j];
                }
            }
            double sumMean = 0;
            double sumSquares = 0;
            double trace = 0;
            for (int j = 0; j < n; j++) {
                double m = sloppy[j] ? sloppyMean : mu[j];
                sumMean += m;
                sumSquares += m * m;
                trace += sloppy[j] ? sloppyVariance : sigma[j][j];
            }
            double total = (sloppyCount == n ? 0 : keptTotal) + sloppyVariance * sloppyCount; // Σ_jl Σ_ε,jl
            out.add(new Coefficients(
                    sumMean,
                    trace + sumSquares,
                    total - trace + sumMean * sumMean - sumSquares,
                    -sumMean * sumMean,
                    sloppyCount));
        }
        return out;
    }

    /**
     * The ensemble of members that each renormalize with their own sloppy set (their own Fisher
     * diagonal) under one GP ansatz is the mixture of those GPs. Its mean and covariance are again of
     * the exchangeable form: the average coefficients, plus the spread of the members' means,
     * Var_α(Σ_j μ_ε,j) Φ⊗Φ (law of total covariance; population variance over the members).
     */
    public static Coefficients mixture(List<Coefficients> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a mixture needs at least one member");
        }
        double m = 0;
        double a = 0;
        double b = 0;
        double c = 0;
        double s = 0;
        for (Coefficients k : members) {
            m += k.mean();
            a += k.psiDiagonal();
            b += k.psiOffDiagonal();
            c += k.phiPhi();
            s += k.sloppy();
        }
        int count = members.size();
        m /= count;
        double spread = 0;
        for (Coefficients k : members) {
            spread += (k.mean() - m) * (k.mean() - m);
        }
        return new Coefficients(m, a / count, b / count, c / count + spread / count, s / count);
    }

    /**
     * The renormalized GP at cutoff ε for fixed features: {@code features[a]} is φ(x_a) ∈ R^N at mesh
     * point a; m_ε(x_a) = φ(x_a)·μ_ε and K_ε(x_a, x_b) = φ(x_a)ᵀ Σ_ε φ(x_b).
     */
    public GaussianProcess atFeatures(double cutoff, double[][] features) {
        int n = mu.length;
        int m = features.length;
        boolean[] sloppy = new boolean[n];
        int sloppyCount = 0;
        for (int j = 0; j < n; j++) {
            sloppy[j] = fisher[j] < cutoff;
            sloppyCount += sloppy[j] ? 1 : 0;
        }
        double[] mean = new double[m];
        double[][] sigmaPhi = new double[m][n]; // Σ_ε φ(x_a)
        for (int a = 0; a < m; a++) {
            double[] phi = features[a];
            if (phi.length != n) {
                throw new IllegalArgumentException(
                        "features of mesh point " + a + " have " + phi.length + " entries, the read-out " + n);
            }
            for (int j = 0; j < n; j++) {
                if (sloppy[j]) {
                    mean[a] += sloppyMean * phi[j];
                    sigmaPhi[a][j] = sloppyVariance * phi[j];
                    continue;
                }
                mean[a] += mu[j] * phi[j];
                double s = 0;
                double[] row = sigma[j];
                for (int l = 0; l < n; l++) {
                    if (!sloppy[l]) {
                        s += row[l] * phi[l];
                    }
                }
                sigmaPhi[a][j] = s;
            }
        }
        double[][] kernel = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += features[b][j] * sigmaPhi[a][j];
                }
                kernel[a][b] = s;
                kernel[b][a] = s;
            }
        }
        return new GaussianProcess(mean, kernel, sloppyCount);
    }
}
