package dev.bayesrg.nngp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KernelSpectrumFitTest {
    /** The cos-net's kernel σ_a² Ψ(|x_i − x_j|) on M points of spacing a, Ψ by CosNet's own quadrature. */
    private static double[][] exactKernel(
            int points, double spacing, int d, double cutoff, double mass, double sigmaA2) {
        double[] psi = new double[points];
        for (int r = 0; r < points; r++) {
            psi[r] = CosNet.propagator(r * spacing, d, cutoff, mass);
        }
        double[][] k = new double[points][points];
        for (int i = 0; i < points; i++) {
            for (int j = 0; j < points; j++) {
                k[i][j] = sigmaA2 * psi[Math.abs(i - j)];
            }
        }
        return k;
    }

    @ParameterizedTest
    @CsvSource({"1, 3.0, 1.0", "1, 5.0, 0.5", "2, 3.0, 1.0", "3, 4.0, 1.5"})
    void lineKernelIsThePropagatorOverTheSpectralWeight(int d, double cutoff, double mass) {
        double a = CosNet.spectralWeight(d, cutoff);
        for (double r : new double[] {0, 0.3, 1.7, 6.1}) {
            double psi = CosNet.propagator(r, d, cutoff, mass);
            assertEquals(psi, a * KernelSpectrumFit.lineKernel(r, d, mass, cutoff), 1e-9 * Math.abs(psi) + 1e-12);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 3.0, 1.0", "1, 5.0, 0.5", "2, 3.0, 1.0", "3, 4.0, 1.5"})
    void recoversMassAndCutoffOfTheExactKernel(int d, double cutoff, double mass) {
        double sigmaA2 = 2.0;
        double spacing = 0.4;
        KernelSpectrumFit.Fit fit =
                KernelSpectrumFit.fit(exactKernel(32, spacing, d, cutoff, mass, sigmaA2), spacing, d);
        assertEquals(mass, fit.mass(), 1e-3 * mass, fit.toString());
        assertEquals(cutoff, fit.cutoff(), 1e-3 * cutoff, fit.toString());
        double z = sigmaA2 * CosNet.spectralWeight(d, cutoff);
        assertEquals(z, fit.z(), 1e-3 * z, fit.toString());
        assertTrue(fit.residual() < 1e-4, fit.toString());
    }

    /** The kernel of a wide cos-net, σ_a²/N Σ_i σ_i(x) σ_i(y) over N sampled neurons: infinite width to 1/sqrt(N). */
    @ParameterizedTest
    @CsvSource({"1, 3.0, 1.0", "2, 3.0, 1.0"})
    void recoversMassAndCutoffOfAWideSampledNet(int d, double cutoff, double mass) {
        int n = 200_000;
        int points = 32;
        double spacing = 0.4;
        double sigmaA2 = 1.5;
        CosNet.Neurons neurons = CosNet.sample(n, d, cutoff, RandomSource.XO_SHI_RO_256_PP.create(7L));
        double[] u = new double[d];
        for (int k = 0; k < d; k++) {
            u[k] = 1 / Math.sqrt(d); // the line along the diagonal: the ball's isotropy is what the fit assumes
        }
        double[][] phi = new double[points][n];
        for (int i = 0; i < points; i++) {
            double[] x = new double[d];
            for (int k = 0; k < d; k++) {
                x[k] = -3 + i * spacing * u[k];
            }
            for (int j = 0; j < n; j++) {
                phi[i][j] = CosNet.feature(neurons, j, x, mass);
            }
        }
        double[][] kernel = new double[points][points];
        for (int i = 0; i < points; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int q = 0; q < n; q++) {
                    s += phi[i][q] * phi[j][q];
                }
                kernel[i][j] = kernel[j][i] = sigmaA2 * s / n;
            }
        }
        KernelSpectrumFit.Fit fit = KernelSpectrumFit.fit(kernel, spacing, d);
        assertEquals(mass, fit.mass(), 0.05 * mass, fit.toString());
        assertEquals(cutoff, fit.cutoff(), 0.05 * cutoff, fit.toString());
    }

    @Test
    void lineSpacingOfAnEvenLineAndNotOfABentOne() {
        double[] line = {0, 1, 0.5, 1.5, 1.0, 2.0, 1.5, 2.5};
        assertEquals(Math.sqrt(0.5), KernelSpectrumFit.lineSpacing(line, 4, 2), 1e-15);
        double[] bent = {0, 1, 0.5, 1.5, 1.0, 2.0, 1.5, 2.6};
        assertTrue(Double.isNaN(KernelSpectrumFit.lineSpacing(bent, 4, 2)));
    }

    @Test
    void diagonalMeansAverageEachDiagonal() {
        double[][] k = {{1, 2, 3}, {2, 5, 6}, {3, 6, 9}};
        double[] means = KernelSpectrumFit.diagonalMeans(k);
        assertEquals(5, means[0], 1e-15);
        assertEquals(4, means[1], 1e-15);
        assertEquals(3, means[2], 1e-15);
    }
}
