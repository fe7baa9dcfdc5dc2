package dev.bayesrg.nngp;

import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import java.util.function.IntFunction;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Φ and Ψ of the last hidden layer (arXiv:2405.17538, eqs. 66–67) for finite hidden widths, by Monte Carlo over
 * the prior of the hidden layers. The neurons of the last hidden layer are exchangeable, so three
 * functions on the mesh carry everything: Φ(x) = E[φ_j(x)], Ψ_d(x,y) = E[φ_j(x) φ_j(y)] and
 * Ψ_o(x,y) = E[φ_j(x) φ_l(y)] for j ≠ l (not Φ(x)Φ(y): the two neurons share the layers below).
 * Each draw of the hidden layers estimates all three by averaging over its N neurons (and its
 * N(N−1) ordered pairs); the estimate is the mean over draws and its standard error comes from
 * the spread between draws, which are independent. Draw s uses the stream {@code streams.apply(s)},
 * so the result depends only on those streams.
 */
public final class FeatureMonteCarlo {
    private final double[][] phiDraws;
    private final double[][][] psiDiagonalDraws;
    private final double[][][] psiOffDiagonalDraws;

    private FeatureMonteCarlo(double[][] phi, double[][][] psiDiagonal, double[][][] psiOffDiagonal) {
        this.phiDraws = phi;
        this.psiDiagonalDraws = psiDiagonal;
        this.psiOffDiagonalDraws = psiOffDiagonal;
    }

    /**
     * Estimates Φ, Ψ_d and Ψ_o on the mesh from {@code draws} independent draws of the hidden layers.
     *
     * @param network        the architecture and prior (its read-out is not used); last hidden width N ≥ 2
     * @param inputDimension d
     * @param mesh           M points of dimension d
     * @param draws          S ≥ 2 independent draws of the hidden layers
     */
    public static FeatureMonteCarlo sample(
            NetworkConfig network,
            int inputDimension,
            double[][] mesh,
            int draws,
            IntFunction<UniformRandomProvider> streams) {
        Architecture architecture = new Architecture(inputDimension, network);
        int width = architecture.featureWidth();
        if (network.hidden().isEmpty() || width < 2) {
            throw new IllegalArgumentException("Φ and Ψ need a last hidden layer of width >= 2, got "
                    + (network.hidden().isEmpty() ? "no hidden layer" : "width " + width));
        }
        if (draws < 2) {
            throw new IllegalArgumentException("need at least 2 draws for an error bar, got " + draws);
        }
        ParameterPrior prior = new ParameterPrior(architecture, network.init());
        Network net = new Network(architecture);
        int m = mesh.length;
        double[][] phi = new double[draws][m];
        double[][][] psiD = new double[draws][m][m];
        double[][][] psiO = new double[draws][m][m];
        double pairs = (double) width * (width - 1);
        for (int s = 0; s < draws; s++) {
            FeatureMatrix f = net.features(prior.sample(streams.apply(s)), mesh);
            double[] sums = new double[m];
            for (int a = 0; a < m; a++) {
                for (int j = 0; j < width; j++) {
                    sums[a] += f.get(a, j);
                }
                phi[s][a] = sums[a] / width;
            }
            for (int a = 0; a < m; a++) {
                for (int b = a; b < m; b++) {
                    double same = 0;
                    for (int j = 0; j < width; j++) {
                        same += f.get(a, j) * f.get(b, j);
                    }
                    psiD[s][a][b] = same / width;
                    psiD[s][b][a] = psiD[s][a][b];
                    psiO[s][a][b] = (sums[a] * sums[b] - same) / pairs;
                    psiO[s][b][a] = psiO[s][a][b];
                }
            }
        }
        return new FeatureMonteCarlo(phi, psiD, psiO);
    }

    public int draws() {
        return phiDraws.length;
    }

    /** Φ on the mesh. */
    public double[] phi() {
        int m = phiDraws[0].length;
        double[] out = new double[m];
        for (double[] d : phiDraws) {
            for (int a = 0; a < m; a++) {
                out[a] += d[a];
            }
        }
        for (int a = 0; a < m; a++) {
            out[a] /= draws();
        }
        return out;
    }

    /** Ψ_d on the mesh. */
    public double[][] psiDiagonal() {
        return average(psiDiagonalDraws);
    }

    /** Ψ_o on the mesh. */
    public double[][] psiOffDiagonal() {
        return average(psiOffDiagonalDraws);
    }

    /** The standard error of Φ(x_a). */
    public double phiError(int a) {
        return standardError(s -> phiDraws[s][a]);
    }

    /** The standard error of Ψ_d(x_a, x_b). */
    public double psiDiagonalError(int a, int b) {
        return standardError(s -> psiDiagonalDraws[s][a][b]);
    }

    /** The standard error of Ψ_o(x_a, x_b). */
    public double psiOffDiagonalError(int a, int b) {
        return standardError(s -> psiOffDiagonalDraws[s][a][b]);
    }

    /** The Monte Carlo standard error of the predicted mean m(x_a) = k.mean Φ(x_a). */
    public double meanError(RenormalizedGp.Coefficients k, int a) {
        return Math.abs(k.mean()) * phiError(a);
    }

    /**
     * The Monte Carlo standard error of the predicted K(x_a, x_b) = A Ψ_d + B Ψ_o + C Φ(x_a)Φ(x_b), to
     * first order in the errors (the product Φ⊗Φ linearised about the estimate).
     */
    public double kernelError(RenormalizedGp.Coefficients k, int a, int b) {
        double[] phi = phi();
        return standardError(s -> k.psiDiagonal() * psiDiagonalDraws[s][a][b]
                + k.psiOffDiagonal() * psiOffDiagonalDraws[s][a][b]
                + k.phiPhi() * (phiDraws[s][a] * phi[b] + phi[a] * phiDraws[s][b]));
    }

    private double standardError(java.util.function.IntToDoubleFunction perDraw) {
        int s = draws();
        double mean = 0;
        for (int i = 0; i < s; i++) {
            mean += perDraw.applyAsDouble(i);
        }
        mean /= s;
        double ss = 0;
        for (int i = 0; i < s; i++) {
            double d = perDraw.applyAsDouble(i) - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / (s - 1) / s);
    }

    private double[][] average(double[][][] draws) {
        int m = draws[0].length;
        double[][] out = new double[m][m];
        for (double[][] d : draws) {
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    out[a][b] += d[a][b];
                }
            }
        }
        for (double[] row : out) {
            for (int b = 0; b < m; b++) {
                row[b] /= draws.length;
            }
        }
        return out;
    }
}
