package dev.bayesrg.net;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.UnitSphereSampler;

/**
 * The frozen hidden layer of a generalized cos-net (arXiv:2405.17538, eqs. 77–80): N units
 * σ_i(x) = cos(b_i·x + c_i)/sqrt(b_i² + m²), b_i uniform in the d-ball of radius Λ, c_i uniform in [−π, π].
 */
public final class CosNetLayer {
    private CosNetLayer() {}

    /**
     * Draws N neurons into θ: b_i (row-major [N][d] from {@code weightOffset}) uniform in the d-ball of radius
     * {@code cutoff}, c_i (from {@code biasOffset}) uniform in [−π, π]; per neuron a direction on the sphere, then the
     * radius, then the phase.
     */
    public static void sample(
            int n, int d, double cutoff, UniformRandomProvider rng, double[] theta, int weightOffset, int biasOffset) {
        UnitSphereSampler sphere = UnitSphereSampler.of(rng, d);
        for (int i = 0; i < n; i++) {
            double[] direction = sphere.sample();
            double radius = cutoff * Math.pow(rng.nextDouble(), 1.0 / d); // uniform in the ball
            for (int k = 0; k < d; k++) {
                theta[weightOffset + i * d + k] = direction[k] * radius;
            }
            theta[biasOffset + i] = Math.PI * (2 * rng.nextDouble() - 1);
        }
    }

    /**
     * 1/sqrt(b² + m²) of the unit whose frequency b is {@code theta[row .. row + inputs)}, summed in increasing k
     * (one formula for every path that evaluates the features, so that they agree to the bit).
     */
    public static double scale(double[] theta, int row, int inputs, double mass) {
        double b2 = 0;
        for (int k = 0; k < inputs; k++) {
            b2 += theta[row + k] * theta[row + k];
        }
        return 1.0 / Math.sqrt(b2 + mass * mass);
    }
}
