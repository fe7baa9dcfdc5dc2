package dev.bayesrg.net;

import dev.bayesrg.config.InitConfig;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The prior P(θ): independent normals, one law per layer for its weights and one for its biases.
 * It is both the initialisation distribution and the law sloppy parameters are resampled from.
 */
public final class ParameterPrior {
    private final double[] mean;
    private final double[] std;

    public ParameterPrior(Architecture architecture, InitConfig init) {
        int p = architecture.parameterCount();
        mean = new double[p];
        std = new double[p];
        for (Layer layer : architecture.layers()) {
            double wMean;
            double wStd;
            if (init.scheme() == InitConfig.Scheme.NORMAL) {
                wMean = init.mean();
                wStd = init.std();
            } else {
                wMean = 0.0;
                wStd = init.sigmaW() / Math.sqrt(layer.inputs());
            }
            java.util.Arrays.fill(mean, layer.offset(), layer.biasOffset(), wMean);
            java.util.Arrays.fill(std, layer.offset(), layer.biasOffset(), wStd);
            java.util.Arrays.fill(mean, layer.biasOffset(), layer.end(), 0.0);
            java.util.Arrays.fill(std, layer.biasOffset(), layer.end(), init.biasStd());
        }
    }

    public int size() {
        return mean.length;
    }

    public double mean(int parameter) {
        return mean[parameter];
    }

    public double std(int parameter) {
        return std[parameter];
    }

    public double variance(int parameter) {
        return std[parameter] * std[parameter];
    }

    /** Draws θ ~ P(θ), one standard normal per parameter in θ's order. */
    public double[] sample(UniformRandomProvider rng) {
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] theta = new double[mean.length];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = mean[i] + std[i] * normal.sample();
        }
        return theta;
    }
}
