package dev.bayesrg.brg;

import dev.bayesrg.net.ParameterPrior;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Redraws a sloppy parameter from N(0, σ²) (arXiv:2405.17538, eqs. 74–75): a fixed σ² for every parameter, or,
 * without one, each parameter's prior variance around zero.
 */
public final class WideGaussian implements CoarseGrainer {
    private final ParameterPrior prior;
    private final Double variance;
    private final ZigguratSampler.NormalizedGaussian normal;

    /**
     * Draws with standard normals from {@code normal}.
     *
     * @param variance σ², or null for each parameter's prior variance
     */
    public WideGaussian(ParameterPrior prior, Double variance, ZigguratSampler.NormalizedGaussian normal) {
        this.prior = prior;
        this.variance = variance;
        this.normal = normal;
    }

    @Override
    public double coarseGrain(int index) {
        double std = variance == null ? prior.std(index) : Math.sqrt(variance);
        return std * normal.sample();
    }

    @Override
    public SloppyLaw law(int index) {
        return new SloppyLaw(0.0, variance == null ? prior.variance(index) : variance);
    }
}
