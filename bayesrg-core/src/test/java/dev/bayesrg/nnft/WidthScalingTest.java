package dev.bayesrg.nnft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.run.RandomStreams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Non-Gaussianity of networks at initialisation against width (SPEC eq. 43). */
class WidthScalingTest {
    private static final int MEMBERS = 40_000;
    private static final double[] PROBE = {1.0, 1.0};

    /** κ4/(3κ2²) of f(x*) over an ensemble drawn from the prior of the given hidden layers. */
    private static double normalisedKappa4AtInit(List<LayerConfig> hidden, long seed) {
        NetworkConfig config = new NetworkConfig(
                hidden,
                Activation.IDENTITY,
                false,
                new InitConfig(InitConfig.Scheme.FAN_IN, 0, 1, 1.0, 0),
                NetworkConfig.Trainable.LAST);
        Architecture arch = new Architecture(2, config);
        ParameterPrior prior = new ParameterPrior(arch, config.init());
        Network network = new Network(arch);
        MomentAccumulator acc = new MomentAccumulator(1, 4);
        double[] f = new double[1];
        for (int m = 0; m < MEMBERS; m++) {
            double[] theta = prior.sample(RandomStreams.member(seed, m, RandomStreams.Purpose.INITIALIZATION));
            f[0] = network.output(theta, PROBE);
            acc.add(f);
        }
        Correlators c = new Correlators(acc);
        return c.normalisedConnected4(0, 0, 0, 0);
    }

    @Test
    void iidReluNetworksApproachTheGaussianProcessAsOneOverWidth() {
        int[] widths = {4, 8, 16, 32, 64};
        double[] x = new double[widths.length];
        double[] y = new double[widths.length];
        for (int k = 0; k < widths.length; k++) {
            x[k] = widths[k];
            y[k] = normalisedKappa4AtInit(List.of(new LayerConfig(widths[k], Activation.RELU, false)), 11);
            assertTrue(y[k] > 0, "relu features give a positive excess kurtosis at width " + widths[k]);
        }
        PowerLawFit fit = PowerLawFit.fit(x, y);
        assertEquals(-1.0, fit.exponent(), 0.15, "κ4 ∝ N^p, fitted p");
        // one hidden relu layer with Gaussian weights: κ4/(3κ2²) = (E[φ⁴]/E[φ²]² − 1)/N = 5/N exactly
        assertEquals(5.0, fit.prefactor(), 1.0);
    }

    @Test
    void aNarrowBottleneckKeepsTheFieldNonGaussianAtAnyWidth() {
        // the paper's code: 10-wide hidden layers feed the wide one, so the wide layer's features are
        // correlated through the shared bottleneck and non-Gaussianity does not fall like 1/N
        List<Double> y = new ArrayList<>();
        int[] widths = {16, 64, 256};
        for (int w : widths) {
            y.add(normalisedKappa4AtInit(
                    List.of(new LayerConfig(10, Activation.RELU, false), new LayerConfig(w, Activation.RELU, false)),
                    5));
        }
        PowerLawFit fit = PowerLawFit.fit(
                new double[] {16, 64, 256},
                y.stream().mapToDouble(Double::doubleValue).toArray());
        assertTrue(fit.exponent() > -0.5, "fitted exponent " + fit.exponent() + " from " + y);
        assertTrue(y.get(2) > 0.05, "still non-Gaussian at width 256: " + y.get(2));
    }
}
