package dev.bayesrg.brg;

import dev.bayesrg.config.BrgConfig.CoarseGraining;
import dev.bayesrg.net.ParameterPrior;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * What a sloppy parameter becomes when it is coarse grained: one small class per
 * {@link CoarseGraining} mode ({@link ResamplePrior}, {@link Zero}, {@link WideGaussian}), which
 * draws the new value and tells the law it draws it from. A new mode is a new class here and a new
 * case in {@link #of}, which the compiler checks is exhaustive.
 */
public interface CoarseGrainer {
    /** The new value of parameter {@code index} of θ. */
    double coarseGrain(int index);

    /** The law {@link #coarseGrain} draws parameter {@code index} from. */
    SloppyLaw law(int index);

    /**
     * The coarse graining of a configured mode.
     *
     * @param sloppyVariance σ² of the gaussian mode; null means each parameter's prior variance
     * @param rng            the member's coarse-graining stream (unused by the zero mode)
     */
    static CoarseGrainer of(
            CoarseGraining mode, ParameterPrior prior, Double sloppyVariance, UniformRandomProvider rng) {
        return switch (mode) {
            case RESAMPLE_PRIOR -> new ResamplePrior(prior, ZigguratSampler.NormalizedGaussian.of(rng));
            case ZERO -> new Zero();
            case GAUSSIAN -> new WideGaussian(prior, sloppyVariance, ZigguratSampler.NormalizedGaussian.of(rng));
        };
    }

    /**
     * The law a configured mode gives parameter {@code index}, without drawing anything (for the
     * analytic side of the flow).
     *
     * @param sloppyVariance σ² of the gaussian mode; null means each parameter's prior variance
     */
    static SloppyLaw law(CoarseGraining mode, ParameterPrior prior, Double sloppyVariance, int index) {
        UniformRandomProvider noDraws = () -> {
            throw new IllegalStateException("the law of a coarse graining draws nothing");
        };
        return of(mode, prior, sloppyVariance, noDraws).law(index);
    }
}
