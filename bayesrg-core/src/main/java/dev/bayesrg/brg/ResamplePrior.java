package dev.bayesrg.brg;

import dev.bayesrg.net.ParameterPrior;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Redraws a sloppy parameter from its own prior, N(mean_i, std_i²), as the paper's code does: the
 * coarse-grained parameter forgets what training taught it.
 */
public final class ResamplePrior implements CoarseGrainer {
    private final ParameterPrior prior;
    private final ZigguratSampler.NormalizedGaussian normal;

    /** Draws from {@code prior} with standard normals from {@code normal}. */
    public ResamplePrior(ParameterPrior prior, ZigguratSampler.NormalizedGaussian normal) {
        this.prior = prior;
        this.normal = normal;
    }

    @Override
    public double coarseGrain(int index) {
        return prior.mean(index) + prior.std(index) * normal.sample();
    }

    @Override
    public SloppyLaw law(int index) {
        return new SloppyLaw(prior.mean(index), prior.variance(index));
    }
}
