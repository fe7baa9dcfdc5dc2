package dev.bayesrg.nngp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import java.util.List;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class FeatureMonteCarloTest {
    private static final double[][] MESH = {{1.0, 1.0}, {-0.5, 2.0}, {1.5, -0.4}};

    private static FeatureMonteCarlo sample(List<LayerConfig> hidden, int draws) {
        NetworkConfig network = new NetworkConfig(
                hidden,
                Activation.IDENTITY,
                false,
                new InitConfig(InitConfig.Scheme.FAN_IN, 0, 1, Math.sqrt(2.0), 1),
                NetworkConfig.Trainable.LAST);
        return FeatureMonteCarlo.sample(network, 2, MESH, draws, s -> RandomSource.XO_SHI_RO_256_PP.create(1000L + s));
    }

    /**
     * One relu layer of width 256 with weights N(0, σ_w²/d): φ_j(x) = relu(w_j·x) with
     * w_j·x ~ N(0, K¹(x,x) = σ_w² x·x/d), so Φ and Ψ_d are the arc-cosine closed forms, and two
     * neurons are independent given the input, so Ψ_o = Φ⊗Φ. All within 4 Monte Carlo standard errors.
     */
    @Test
    void singleWideReluLayerMatchesTheArcCosineClosedForms() {
        FeatureMonteCarlo mc = sample(List.of(new LayerConfig(256, Activation.RELU, false)), 400);
        Activation relu = Activation.RELU;
        double[][] k = NngpKernel.uniform(1, Activation.RELU, 2.0, 0.0).matrix(MESH);
        for (int a = 0; a < MESH.length; a++) {
            double phi = relu.gaussianMean(k[a][a]);
            assertEquals(phi, mc.phi()[a], 4 * mc.phiError(a), "Phi at " + a);
            for (int b = 0; b < MESH.length; b++) {
                double psi = relu.gaussianProduct(k[a][a], k[a][b], k[b][b]);
                assertEquals(psi, mc.psiDiagonal()[a][b], 4 * mc.psiDiagonalError(a, b), "Psi_d at " + a + b);
                double phiB = relu.gaussianMean(k[b][b]);
                assertEquals(
                        phi * phiB, mc.psiOffDiagonal()[a][b], 4 * mc.psiOffDiagonalError(a, b), "Psi_o at " + a + b);
                assertTrue(
                        mc.psiDiagonalError(a, b) < 0.02 * psi,
                        "the check must be sharp: SE " + mc.psiDiagonalError(a, b));
            }
        }
    }

    /**
     * Below a 3-wide relu bottleneck two neurons of the last layer share their inputs, so Ψ_o exceeds
     * Φ⊗Φ (both are positive functions of the same random bottleneck: positively correlated) — the
     * reason the finite-width case needs Ψ_o at all.
     */
    @Test
    void neuronsAboveANarrowLayerAreCorrelated() {
        FeatureMonteCarlo mc = sample(
                List.of(new LayerConfig(3, Activation.RELU, false), new LayerConfig(64, Activation.RELU, false)), 2000);
        double[] phi = mc.phi();
        double excess = mc.psiOffDiagonal()[0][0] - phi[0] * phi[0];
        assertTrue(excess > 10 * mc.psiOffDiagonalError(0, 0), "Psi_o − Phi² = " + excess);
    }
}
