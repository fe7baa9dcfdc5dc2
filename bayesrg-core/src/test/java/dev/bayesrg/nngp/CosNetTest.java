package dev.bayesrg.nngp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CosNetTest {

    /** E_{b,c}[σ(x)σ(y)] over sampled neurons equals the radial-quadrature propagator Ψ(|x − y|). */
    @ParameterizedTest(name = "d={0} r={1}")
    @CsvSource({"1, 0.0", "1, 0.7", "1, 2.5", "2, 0.0", "2, 0.9", "2, 3.0", "3, 0.0", "3, 0.5", "3, 2.0"})
    void ensemblePropagatorMatchesTheExactOneWithinSamplingError(int d, double r) {
        double cutoff = 3.0;
        double mass = 0.8;
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(100L * d + (long) (10 * r));
        int n = 400_000;
        CosNet.Neurons neurons = CosNet.sample(n, d, cutoff, rng);
        double[] x = new double[d];
        double[] y = new double[d];
        y[0] = r;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double v = CosNet.feature(neurons, i, x, mass) * CosNet.feature(neurons, i, y, mass);
            sum += v;
            sumSquares += v * v;
        }
        double mean = sum / n;
        double se = Math.sqrt((sumSquares / n - mean * mean) / n);
        assertEquals(CosNet.propagator(r, d, cutoff, mass), mean, 4.5 * se);
    }

    @Test
    void propagatorAtZeroSeparationIsTheBallAverageOfOneOverTwoBSquaredPlusMSquared() {
        // d = 1: (1/(4Λ))·2∫_0^Λ db/(b²+m²) = (1/(2Λ m)) arctan(Λ/m)
        double cutoff = 2.0;
        double mass = 0.5;
        assertEquals(Math.atan(cutoff / mass) / (2 * cutoff * mass), CosNet.propagator(0, 1, cutoff, mass), 1e-12);
    }

    @Test
    void thePriorHasEffectiveVarianceSigmaASquared() {
        int n = 1000;
        double sigmaA2 = 1.7;
        double[] mu = new double[n];
        double[] sigma = new double[n];
        double[] fisher = new double[n];
        for (int j = 0; j < n; j++) {
            sigma[j] = sigmaA2 / n;
            fisher[j] = j;
        }
        assertEquals(sigmaA2, CosNet.effectiveVariance(mu, sigma, fisher, 0, sigmaA2 / n), 1e-12);
        assertEquals(sigmaA2, CosNet.effectiveVariance(mu, sigma, fisher, 1e9, sigmaA2 / n), 1e-12);
        assertEquals(3.0, CosNet.renormalizedCutoff(3.0, sigmaA2, sigmaA2, 2), 1e-15);
        assertTrue(CosNet.renormalizedCutoff(3.0, 1.0, 2.0, 2) < 3.0, "a growing σ_eff² shrinks the ball");
    }

    @Test
    void ballVolumeIsTheUnitBallTimesLambdaToTheD() {
        assertEquals(2 * 1.5, CosNet.ballVolume(1, 1.5), 1e-15);
        assertEquals(Math.PI * 2.25, CosNet.ballVolume(2, 1.5), 1e-14);
        assertEquals(4 * Math.PI / 3 * 3.375, CosNet.ballVolume(3, 1.5), 1e-14);
        assertEquals(Math.PI * Math.PI / 2 * Math.pow(1.5, 4), CosNet.ballVolume(4, 1.5), 1e-13);
        assertEquals(Math.pow(2 * Math.PI, 2) / (2 * Math.PI * 2.25), CosNet.spectralWeight(2, 1.5), 1e-14);
    }

    /** 1/(2σ²ε) − m² ≤ 0: even b = 0 has F ≈ 1/(2σ²m²) &lt; ε, so Λ_info is 0 (every mode sloppy), not undefined. */
    @Test
    void informationMomentumIsZeroWhenEveryModeIsSloppy() {
        assertEquals(0.0, CosNet.informationMomentum(10, 1, 0.5));
        assertEquals(Math.sqrt(0.5 - 0.25), CosNet.informationMomentum(1, 1, 0.5), 1e-15);
    }

    /**
     * The read-out Fisher F_jj = (1/σ²) E_x[σ_j(x)²] over a widely spread input law is ≈ 1/(2σ²(b_j² + m²)),
     * so the sloppy neurons at ε are the high-momentum ones, |b_j| > Λ_info(ε).
     */
    @Test
    void sloppyNeuronsAreTheHighMomentumModes() {
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(5L);
        int d = 2;
        int n = 2000;
        double mass = 0.3;
        double noise = 1.0;
        CosNet.Neurons neurons = CosNet.sample(n, d, 4.0, rng);
        int inputs = 4000;
        double[][] xs = new double[inputs][d];
        java.util.Random r = new java.util.Random(9);
        for (double[] x : xs) {
            for (int k = 0; k < d; k++) {
                x[k] = r.nextGaussian() * 20; // spread ≫ 1/|b|
            }
        }
        double epsilon = 0.2;
        double pInfo = CosNet.informationMomentum(epsilon, noise, mass);
        int agree = 0;
        int counted = 0;
        for (int j = 0; j < n; j++) {
            double f = 0;
            for (double[] x : xs) {
                double s = CosNet.feature(neurons, j, x, mass);
                f += s * s;
            }
            f /= inputs * noise;
            double b2 = 0;
            for (double v : neurons.frequencies()[j]) {
                b2 += v * v;
            }
            double b = Math.sqrt(b2);
            if (Math.abs(b - pInfo) < 0.1 || b < 0.2) {
                continue; // too close to the boundary, or a slow mode the input spread does not average out
            }
            counted++;
            if ((f < epsilon) == (b > pInfo)) {
                agree++;
            }
        }
        assertTrue(counted > 1500);
        assertTrue(agree >= 0.98 * counted, agree + " of " + counted + " neurons classified alike");
    }
}
