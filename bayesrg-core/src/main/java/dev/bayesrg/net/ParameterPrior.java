package dev.bayesrg.net;

import dev.bayesrg.config.InitConfig;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The prior P(θ): independent normals, one law per layer for its weights and one for its biases.
 * It is both the initialisation distribution and the law sloppy parameters are resampled from. A cos-net's hidden
 * layer is the exception: its frequencies and phases are drawn from their own uniform laws and are frozen, so their
 * {@link #mean} and {@link #std} are NaN.
 */
public final class ParameterPrior {
    private final double[] mean;
    private final double[] std;
    /** The cos-net's hidden layer (drawn from its own law, not from mean and std), or null. */
    private final Layer cosNetLayer;

    private final double cosNetCutoff;

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
        if (architecture.cosNet() != null) {
            // b uniform in a ball and c uniform in [−π, π]: no normal law to resample them from
            cosNetLayer = architecture.layers().get(0);
            cosNetCutoff = architecture.cosNet().cutoff();
            java.util.Arrays.fill(mean, cosNetLayer.offset(), cosNetLayer.end(), Double.NaN);
            java.util.Arrays.fill(std, cosNetLayer.offset(), cosNetLayer.end(), Double.NaN);
        } else {
            cosNetLayer = null;
            cosNetCutoff = Double.NaN;
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

    /**
     * Draws θ ~ P(θ), one standard normal per parameter in θ's order. A cos-net first draws its N neurons
     * ({@link CosNetLayer#sample}: b_i uniform in the d-ball of radius Λ, c_i uniform in [−π, π]) into the hidden layer's
     * weights and biases, then the read-out's normals.
     */
    public double[] sample(UniformRandomProvider rng) {
        double[] theta = new double[mean.length];
        int from = 0;
        if (cosNetLayer != null) {
            CosNetLayer.sample(
                    cosNetLayer.outputs(),
                    cosNetLayer.inputs(),
                    cosNetCutoff,
                    rng,
                    theta,
                    cosNetLayer.offset(),
                    cosNetLayer.biasOffset());
            from = cosNetLayer.end();
        }
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        for (int i = from; i < theta.length; i++) {
            theta[i] = mean[i] + std[i] * normal.sample();
        }
        return theta;
    }
}
