package dev.bayesrg.brg;

import dev.bayesrg.config.BrgConfig.CoarseGraining;
import dev.bayesrg.net.ParameterPrior;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/** The value a sloppy parameter is given, by {@link CoarseGraining} mode. */
public final class CoarseGrainer {
    private final CoarseGraining mode;
    private final ParameterPrior prior;
    private final Double sloppyVariance;
    private final ZigguratSampler.NormalizedGaussian normal;

    /**
     * @param sloppyVariance σ² of the gaussian mode; null means each parameter's prior variance
     * @param rng            the member's coarse-graining stream (unused by the zero mode)
     */
    public CoarseGrainer(CoarseGraining mode, ParameterPrior prior, Double sloppyVariance, UniformRandomProvider rng) {
        this.mode = mode;
        this.prior = prior;
        this.sloppyVariance = sloppyVariance;
        this.normal = ZigguratSampler.NormalizedGaussian.of(rng);
    }

    /** The new value of parameter {@code index} of θ. */
    public double coarseGrain(int index) {
        switch (mode) {
            case RESAMPLE_PRIOR -> {
                return prior.mean(index) + prior.std(index) * normal.sample();
            }
            case ZERO -> {
                return 0.0;
            }
            case GAUSSIAN -> {
                double std = sloppyVariance == null ? prior.std(index) : Math.sqrt(sloppyVariance);
                return std * normal.sample();
            }
            default -> throw new IllegalStateException(String.valueOf(mode));
        }
    }
}
