package dev.bayesrg.fisher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The dense metric against the diagonal one (a second algorithm) and against its own eigenbasis. */
class FisherMatrixTest {
    private static final ExperimentConfig SMALL = ConfigLoader.fromPreset(Preset.PAPER)
            .with("network.hidden=[{width: 4, activation: tanh, bias: true}, {width: 3, activation: relu, bias: true}]")
            .with("network.trainable=all")
            .load();

    @Test
    void diagonalIsTheDiagonalMetricAndTheEigenbasisRebuildsTheMatrix() {
        Architecture architecture = new Architecture(2, SMALL.network());
        Network network = new Network(architecture);
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(11L);
        double[] theta = new ParameterPrior(architecture, SMALL.network().init()).sample(rng);
        double[][] inputs = new double[15][2];
        for (double[] x : inputs) {
            x[0] = rng.nextDouble() * 2 - 1;
            x[1] = rng.nextDouble() * 2 - 1;
        }
        FisherMatrix dense = FisherMatrix.allParameters(network, theta, inputs, 0.5);
        FisherDiagonal diagonal = FisherDiagonal.allParameters(network, theta, inputs, 0.5);
        int p = dense.dimension();
        assertEquals(theta.length, p);
        for (int i = 0; i < p; i++) {
            assertEquals(diagonal.diagonal(i), dense.diagonal(i), 1e-12 * (1 + Math.abs(diagonal.diagonal(i))));
            for (int j = 0; j < p; j++) {
                assertEquals(dense.get(i, j), dense.get(j, i), 0.0);
            }
        }
        // F = Σ λ v vᵀ with orthonormal v; λ ≥ 0 (a Gram matrix) and at most 15 of them non-zero
        FisherMatrix.Eigenbasis basis = dense.eigenbasis();
        double scale = 0;
        for (int i = 0; i < p; i++) {
            scale = Math.max(scale, dense.diagonal(i));
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double rebuilt = 0;
                double overlap = 0;
                for (int k = 0; k < p; k++) {
                    rebuilt += basis.stiffness()[k] * basis.directions()[k][i] * basis.directions()[k][j];
                    overlap += basis.directions()[i][k] * basis.directions()[j][k];
                }
                assertEquals(dense.get(i, j), rebuilt, 1e-10 * scale);
                assertEquals(i == j ? 1.0 : 0.0, overlap, 1e-10);
            }
        }
        for (int k = 0; k < p; k++) {
            assertEquals(true, basis.stiffness()[k] > -1e-10 * scale, "eigenvalue " + basis.stiffness()[k]);
            if (k > 0) {
                assertEquals(true, basis.stiffness()[k] <= basis.stiffness()[k - 1]);
            }
            if (k >= inputs.length) {
                assertEquals(0.0, basis.stiffness()[k], 1e-10 * scale);
            }
        }
    }
}
