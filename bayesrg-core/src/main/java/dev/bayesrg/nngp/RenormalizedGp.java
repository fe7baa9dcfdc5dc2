package dev.bayesrg.nngp;

import java.util.ArrayList;
import java.util.List;

/**
 * The analytic Bayesian RG flow of an infinite-width network's predictive Gaussian process
 * (SPEC §5.5, eqs. 74–76). The read-out weights have posterior mean μ and covariance Σ; at a cutoff
 * ε the sloppy weights S_ε = {j : F_jj &lt; ε} get mean 0, no correlations and variance σ²
 * (eqs. 74–75). With i.i.d. infinite-width features, Φ_j = Φ and Ψ_jl = δ_jl Ψ + (1 − δ_jl) Φ Φ, so
 * eq. 76 reduces to
 * <pre>
 *   m_ε(x)   = (Σ_{j∉S} μ_j) Φ(x)
 *   K_ε(x,y) = [tr Σ_kept + ‖μ_kept‖² + σ² |S|] Ψ(x,y) + [Σ_{j≠l ∉S} Σ_jl − ‖μ_kept‖²] Φ(x) Φ(y)
 * </pre>
 * At a cutoff below every F_jj this is the unrenormalized GP (eq. 73); above every F_jj with σ²
 * the prior variance it is the prior GP, N σ² Ψ.
 */
public final class RenormalizedGp {
    /** A Gaussian process on a mesh: its mean vector and kernel matrix. */
    public record GaussianProcess(double[] mean, double[][] kernel, int sloppy) {
    }

    private final double[] mu;
    private final double[][] sigma;
    private final double[] fisher;
    private final double sloppyVariance;

    /**
     * @param mu             posterior mean of the N read-out weights
     * @param sigma          their posterior covariance (N×N)
     * @param fisher         the Fisher diagonal F_jj of the read-out weights
     * @param sloppyVariance σ² given to sloppy weights (the prior variance recovers the prior as ε → ∞)
     */
    public RenormalizedGp(double[] mu, double[][] sigma, double[] fisher, double sloppyVariance) {
        int n = mu.length;
        if (sigma.length != n || fisher.length != n) {
            throw new IllegalArgumentException("mu, sigma and fisher must all have the read-out width " + n);
        }
        if (!(sloppyVariance >= 0)) {
            throw new IllegalArgumentException("the sloppy variance must be >= 0, got " + sloppyVariance);
        }
        this.mu = mu.clone();
        this.sigma = new double[n][];
        for (int j = 0; j < n; j++) {
            this.sigma[j] = sigma[j].clone();
        }
        this.fisher = fisher.clone();
        this.sloppyVariance = sloppyVariance;
    }

    /** The renormalized GP at cutoff ε on a mesh with Φ (length M) and Ψ (M×M) of the last hidden layer. */
    public GaussianProcess at(double cutoff, double[] phi, double[][] psi) {
        int n = mu.length;
        boolean[] kept = new boolean[n];
        int sloppy = 0;
        for (int j = 0; j < n; j++) {
            kept[j] = !(fisher[j] < cutoff);
            if (!kept[j]) {
                sloppy++;
            }
        }
        double meanSum = 0;
        double traceKept = 0;
        double muSquares = 0;
        double offDiagonal = 0;
        for (int j = 0; j < n; j++) {
            if (!kept[j]) {
                continue;
            }
            meanSum += mu[j];
            traceKept += sigma[j][j];
            muSquares += mu[j] * mu[j];
            for (int l = 0; l < n; l++) {
                if (l != j && kept[l]) {
                    offDiagonal += sigma[j][l];
                }
            }
        }
        double psiCoefficient = traceKept + muSquares + sloppyVariance * sloppy;
        double phiCoefficient = offDiagonal - muSquares;
        int m = phi.length;
        double[] mean = new double[m];
        double[][] kernel = new double[m][m];
        for (int a = 0; a < m; a++) {
            mean[a] = meanSum * phi[a];
            for (int b = 0; b < m; b++) {
                kernel[a][b] = psiCoefficient * psi[a][b] + phiCoefficient * phi[a] * phi[b];
            }
        }
        return new GaussianProcess(mean, kernel, sloppy);
    }

    /** The flow: the GP at every cutoff of an ascending schedule. */
    public List<GaussianProcess> flow(List<Double> cutoffs, double[] phi, double[][] psi) {
        List<GaussianProcess> out = new ArrayList<>();
        for (double c : cutoffs) {
            out.add(at(c, phi, psi));
        }
        return out;
    }
}
