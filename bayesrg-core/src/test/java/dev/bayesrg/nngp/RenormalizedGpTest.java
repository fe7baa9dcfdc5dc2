package dev.bayesrg.nngp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RenormalizedGpTest {
    private static final double[] PHI = {0.4, 0.7, 0.2};
    private static final double[][] PSI = {{0.5, 0.3, 0.1}, {0.3, 0.9, 0.2}, {0.1, 0.2, 0.3}};

    private static double[][] randomCovariance(Random rnd, int n) {
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                l[i][j] = rnd.nextGaussian() * 0.3 + (i == j ? 1 : 0);
            }
        }
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    s[i][j] += l[i][k] * l[j][k];
                }
            }
        }
        return s;
    }

    @Test
    void belowEveryFisherValueItIsTheUnrenormalizedGp() {
        Random rnd = new Random(1);
        int n = 5;
        double[] mu = {0.3, -0.2, 0.5, 0.1, -0.4};
        double[][] sigma = randomCovariance(rnd, n);
        double[] fisher = {0.5, 1, 2, 3, 4};
        RenormalizedGp.GaussianProcess gp = new RenormalizedGp(mu, sigma, fisher, 0.7).at(0.1, PHI, PSI);
        // eq. 73 directly: m = Σ μ_j Φ; K = Σ_jl [Σ_jl Ψ_jl + μ_jμ_l(Ψ_jl − ΦΦ)] with Ψ_jl = δΨ + (1−δ)ΦΦ
        double sumMu = 0;
        for (double v : mu) {
            sumMu += v;
        }
        for (int a = 0; a < 3; a++) {
            assertEquals(sumMu * PHI[a], gp.mean()[a], 1e-12);
            for (int b = 0; b < 3; b++) {
                double k = 0;
                for (int j = 0; j < n; j++) {
                    for (int l = 0; l < n; l++) {
                        double psiJl = j == l ? PSI[a][b] : PHI[a] * PHI[b];
                        k += sigma[j][l] * psiJl + mu[j] * mu[l] * (psiJl - PHI[a] * PHI[b]);
                    }
                }
                assertEquals(k, gp.kernel()[a][b], 1e-12);
            }
        }
        assertEquals(0, gp.sloppy());
    }

    @Test
    void aboveEveryFisherValueItIsThePriorGp() {
        Random rnd = new Random(2);
        int n = 7;
        double prior = 0.25;
        double[] mu = new double[n];
        for (int j = 0; j < n; j++) {
            mu[j] = rnd.nextGaussian();
        }
        RenormalizedGp.GaussianProcess gp = new RenormalizedGp(
                        mu, randomCovariance(rnd, n), new double[] {1, 2, 3, 4, 5, 6, 7}, prior)
                .at(1e9, PHI, PSI);
        for (int a = 0; a < 3; a++) {
            assertEquals(0.0, gp.mean()[a], 0.0);
            for (int b = 0; b < 3; b++) {
                assertEquals(n * prior * PSI[a][b], gp.kernel()[a][b], 1e-12);
            }
        }
        assertEquals(n, gp.sloppy());
    }

    /**
     * Monte Carlo of eqs. 74–75 themselves: draw the renormalized read-out weights (sloppy ones
     * independent N(0, σ²), the rest from N(μ, Σ) restricted to the kept block) and i.i.d. features
     * φ_j = relu(u_j) with u_j ~ N(0, C) at three inputs; the sample mean and covariance of
     * f = Σ a_j φ_j match m_ε and K_ε within sampling error.
     */
    @Test
    void matchesAMonteCarloOfTheRenormalizedPosterior() {
        Random rnd = new Random(3);
        int n = 4;
        double[] mu = {0.8, -0.5, 0.3, 1.1};
        double[][] sigma = randomCovariance(rnd, n);
        double[] fisher = {0.2, 5, 0.7, 9};
        double cutoff = 1.0; // weights 0 and 2 are sloppy
        double sloppyVariance = 0.6;
        double[][] c = {{1.0, 0.5, 0.2}, {0.5, 1.3, 0.4}, {0.2, 0.4, 0.8}};
        dev.bayesrg.activation.Activation relu = dev.bayesrg.activation.Activation.RELU;
        double[] phi = new double[3];
        double[][] psi = new double[3][3];
        for (int a = 0; a < 3; a++) {
            phi[a] = relu.gaussianMean(c[a][a]);
            for (int b = 0; b < 3; b++) {
                psi[a][b] = relu.gaussianProduct(c[a][a], c[a][b], c[b][b]);
            }
        }
        RenormalizedGp.GaussianProcess gp = new RenormalizedGp(mu, sigma, fisher, sloppyVariance).at(cutoff, phi, psi);

        // kept block {1, 3}: Cholesky of its 2×2 covariance
        double s11 = sigma[1][1];
        double s13 = sigma[1][3];
        double s33 = sigma[3][3];
        double l11 = Math.sqrt(s11);
        double l31 = s13 / l11;
        double l33 = Math.sqrt(s33 - l31 * l31);
        double[][] lc = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                double s = c[i][j];
                for (int k = 0; k < j; k++) {
                    s -= lc[i][k] * lc[j][k];
                }
                lc[i][j] = i == j ? Math.sqrt(s) : s / lc[j][j];
            }
        }
        int samples = 200_000;
        double[][] f = new double[samples][3];
        double[] z = new double[3];
        for (int t = 0; t < samples; t++) {
            double z1 = rnd.nextGaussian();
            double z3 = rnd.nextGaussian();
            double[] a = {
                Math.sqrt(sloppyVariance) * rnd.nextGaussian(),
                mu[1] + l11 * z1,
                Math.sqrt(sloppyVariance) * rnd.nextGaussian(),
                mu[3] + l31 * z1 + l33 * z3
            };
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < 3; k++) {
                    z[k] = rnd.nextGaussian();
                }
                for (int i = 0; i < 3; i++) {
                    double u = 0;
                    for (int k = 0; k <= i; k++) {
                        u += lc[i][k] * z[k];
                    }
                    f[t][i] += a[j] * Math.max(0, u);
                }
            }
        }
        double[] mean = new double[3];
        for (double[] draw : f) {
            for (int i = 0; i < 3; i++) {
                mean[i] += draw[i] / samples;
            }
        }
        // 5 SE throughout: the mean's SE is exact, √(K_ii/n); the covariance's comes from the same draws,
        // √((mean(d_i² d_k²) − ĉ_ik²)/n) with d = f − mean, ≈ 1.6 times the Gaussian value (f is a sum of
        // four Gaussian-weighted relus). 2·10⁵ draws keep a dropped −(Σμ)² Φ⊗Φ term 8 SE out (at 10⁵ it
        // was 5.6 SE, caught about 70% of the time); a doubled sloppy variance is further
        for (int i = 0; i < 3; i++) {
            double se = Math.sqrt(gp.kernel()[i][i] / samples);
            assertEquals(gp.mean()[i], mean[i], 5 * se, "mean at " + i);
            for (int k = 0; k < 3; k++) {
                double products = 0;
                double squares = 0;
                for (double[] draw : f) {
                    double p = (draw[i] - mean[i]) * (draw[k] - mean[k]);
                    products += p;
                    squares += p * p;
                }
                double cov = products / samples;
                double seCov = Math.sqrt((squares / samples - cov * cov) / samples);
                assertEquals(gp.kernel()[i][k], cov, 5 * seCov, "K at " + i + k + ", ± " + seCov);
            }
        }
        assertEquals(2, gp.sloppy());
    }
    /** μ_ε, Σ_ε of eqs. 74–75 written out, with sloppy mean ν. */
    private static double[][] renormalized(
            double[] mu,
            double[][] sigma,
            double[] fisher,
            double cutoff,
            double sloppyVariance,
            double sloppyMean,
            double[] muOut) {
        int n = mu.length;
        double[][] s = new double[n][n];
        for (int j = 0; j < n; j++) {
            boolean sj = fisher[j] < cutoff;
            muOut[j] = sj ? sloppyMean : mu[j];
            for (int l = 0; l < n; l++) {
                boolean sl = fisher[l] < cutoff;
                s[j][l] = sj || sl ? (j == l ? sloppyVariance : 0) : sigma[j][l];
            }
        }
        return s;
    }

    /**
     * Exchangeable finite-width neurons (Φ_j = Φ, Ψ_jj = Ψ_d, Ψ_j≠l = Ψ_o ≠ Φ⊗Φ) and a non-zero sloppy
     * mean: the coefficient form equals eq. 72 summed term by term over j, l with μ_ε, Σ_ε of eqs. 74–75,
     * at every cutoff of a nested schedule (the incremental update is checked against the direct sum).
     */
    @Test
    void exchangeableCoefficientsEqualEquation72TermByTerm() {
        Random rnd = new Random(5);
        int n = 6;
        double[] mu = new double[n];
        double[] fisher = new double[n];
        for (int j = 0; j < n; j++) {
            mu[j] = rnd.nextGaussian();
            fisher[j] = rnd.nextDouble() * 10;
        }
        double[][] sigma = randomCovariance(rnd, n);
        double[][] psiO = {{0.35, 0.2, 0.05}, {0.2, 0.6, 0.1}, {0.05, 0.1, 0.15}};
        double nu = 0.3;
        double s2 = 0.8;
        RenormalizedGp rg = new RenormalizedGp(mu, sigma, fisher, s2, nu);
        java.util.List<Double> cutoffs = java.util.List.of(Double.NEGATIVE_INFINITY, 2.0, 5.0, 7.5, 11.0);
        java.util.List<RenormalizedGp.Coefficients> flow = rg.coefficients(fisher, cutoffs);
        for (int c = 0; c < cutoffs.size(); c++) {
            RenormalizedGp.GaussianProcess gp = flow.get(c).on(PHI, PSI, psiO);
            double[] me = new double[n];
            double[][] se = renormalized(mu, sigma, fisher, cutoffs.get(c), s2, nu, me);
            for (int a = 0; a < 3; a++) {
                double m = 0;
                for (int j = 0; j < n; j++) {
                    m += me[j] * PHI[a];
                }
                assertEquals(m, gp.mean()[a], 1e-12, "m at cutoff " + cutoffs.get(c));
                for (int b = 0; b < 3; b++) {
                    double k = 0;
                    for (int j = 0; j < n; j++) {
                        for (int l = 0; l < n; l++) {
                            double psiJl = j == l ? PSI[a][b] : psiO[a][b];
                            k += se[j][l] * psiJl + me[j] * me[l] * (psiJl - PHI[a] * PHI[b]);
                        }
                    }
                    assertEquals(k, gp.kernel()[a][b], 1e-11, "K at cutoff " + cutoffs.get(c));
                }
            }
        }
    }

    /** The mixture of members' GPs has the mixture's mean and covariance (law of total covariance, by hand). */
    @Test
    void mixtureHasTheMeanAndCovarianceOfTheMembersMixture() {
        Random rnd = new Random(6);
        int n = 5;
        double[] mu = {0.4, -0.3, 0.9, 0.2, -0.7};
        double[][] sigma = randomCovariance(rnd, n);
        double[][] psiO = {{0.35, 0.2, 0.05}, {0.2, 0.6, 0.1}, {0.05, 0.1, 0.15}};
        RenormalizedGp rg = new RenormalizedGp(mu, sigma, new double[n], 0.5);
        double[][] fishers = {{1, 2, 3, 4, 5}, {5, 4, 3, 2, 1}, {0.5, 9, 0.5, 9, 0.5}};
        java.util.List<RenormalizedGp.Coefficients> members = new java.util.ArrayList<>();
        java.util.List<RenormalizedGp.GaussianProcess> gps = new java.util.ArrayList<>();
        for (double[] f : fishers) {
            RenormalizedGp.Coefficients c =
                    rg.coefficients(f, java.util.List.of(2.5)).get(0);
            members.add(c);
            gps.add(c.on(PHI, PSI, psiO));
        }
        RenormalizedGp.GaussianProcess mixture = RenormalizedGp.mixture(members).on(PHI, PSI, psiO);
        for (int i = 0; i < 3; i++) {
            final int a = i;
            double m = gps.stream().mapToDouble(g -> g.mean()[a]).average().orElseThrow();
            assertEquals(m, mixture.mean()[a], 1e-12);
            for (int b = 0; b < 3; b++) {
                final int bb = b;
                double second = gps.stream()
                        .mapToDouble(g -> g.kernel()[a][bb] + g.mean()[a] * g.mean()[bb])
                        .average()
                        .orElseThrow();
                double mb =
                        gps.stream().mapToDouble(g -> g.mean()[bb]).average().orElseThrow();
                assertEquals(second - m * mb, mixture.kernel()[a][b], 1e-12);
            }
        }
    }

    /** Fixed features: m_ε = φ·μ_ε and K_ε = φᵀ Σ_ε φ with μ_ε, Σ_ε of eqs. 74–75 written out. */
    @Test
    void fixedFeaturesGiveTheProjectedRenormalizedPosterior() {
        Random rnd = new Random(7);
        int n = 5;
        double[] mu = {0.4, -0.3, 0.9, 0.2, -0.7};
        double[][] sigma = randomCovariance(rnd, n);
        double[] fisher = {0.1, 3, 0.2, 4, 9};
        double[][] features = new double[3][n];
        for (double[] row : features) {
            for (int j = 0; j < n; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        RenormalizedGp rg = new RenormalizedGp(mu, sigma, fisher, 0.6, -0.2);
        for (double cutoff : new double[] {0, 1, 5, 100}) {
            RenormalizedGp.GaussianProcess gp = rg.atFeatures(cutoff, features);
            double[] me = new double[n];
            double[][] se = renormalized(mu, sigma, fisher, cutoff, 0.6, -0.2, me);
            for (int a = 0; a < 3; a++) {
                double m = 0;
                for (int j = 0; j < n; j++) {
                    m += me[j] * features[a][j];
                }
                assertEquals(m, gp.mean()[a], 1e-12);
                for (int b = 0; b < 3; b++) {
                    double k = 0;
                    for (int j = 0; j < n; j++) {
                        for (int l = 0; l < n; l++) {
                            k += features[a][j] * se[j][l] * features[b][l];
                        }
                    }
                    assertEquals(k, gp.kernel()[a][b], 1e-12);
                }
            }
        }
    }
}
