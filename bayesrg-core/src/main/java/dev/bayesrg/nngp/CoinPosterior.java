package dev.bayesrg.nngp;

import java.util.OptionalDouble;
import org.hipparchus.distribution.continuous.BetaDistribution;

/**
 * The coin example of arXiv:2405.17538, Sec. 2.1 (eqs. 17–23): n_H heads and n_T tails under the flat prior P(θ) = 1
 * give the posterior Beta(n_H+1, n_T+1), with mean (n_H+1)/(n+2), variance
 * (n_H+1)(n_T+1)/((n+2)²(n+3)) and mode (MAP) n_H/n. With no tosses (n = 0) the posterior is the flat
 * prior, whose mode is not unique: {@link #map()} is then empty. Immutable.
 */
public final class CoinPosterior {
    private static final double INVERSE_ACCURACY = 1e-14;

    /**
     * The most heads (or tails) taken: beyond 10^12 the credible interval's quantiles, found to an
     * absolute 1e-14, lose their leading digits (at 10^14 the interval is 0.1% off, near 2^53 it
     * misses the mean), and at Long.MAX_VALUE n + 1 overflows.
     */
    public static final long MAX_COUNT = 1_000_000_000_000L;

    private final long heads;
    private final long tails;
    private final BetaDistribution beta;

    public CoinPosterior(long heads, long tails) {
        if (heads < 0 || tails < 0 || heads > MAX_COUNT || tails > MAX_COUNT) {
            throw new IllegalArgumentException(
                    "counts must be in [0, " + MAX_COUNT + "], got heads " + heads + ", tails " + tails);
        }
        this.heads = heads;
        this.tails = tails;
        this.beta = new BetaDistribution(heads + 1.0, tails + 1.0, INVERSE_ACCURACY);
    }

    public long heads() {
        return heads;
    }

    public long tails() {
        return tails;
    }

    /** n = n_H + n_T. */
    public long tosses() {
        return heads + tails;
    }

    /** α = n_H + 1. */
    public double alpha() {
        return heads + 1.0;
    }

    /** β = n_T + 1. */
    public double beta() {
        return tails + 1.0;
    }

    /** (n_H+1)/(n+2), eq. 22. */
    public double mean() {
        return alpha() / (tosses() + 2.0);
    }

    /** (n_H+1)(n_T+1)/((n+2)²(n+3)), eq. 23. */
    public double variance() {
        double n2 = tosses() + 2.0;
        return alpha() * beta() / (n2 * n2 * (tosses() + 3.0));
    }

    /** The mode n_H/n; empty for n = 0 (flat posterior: every θ is a mode). */
    public OptionalDouble map() {
        return tosses() == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) heads / tosses());
    }

    /** The posterior density at θ (0 outside [0, 1]). */
    public double density(double theta) {
        if (theta < 0.0 || theta > 1.0 || Double.isNaN(theta)) {
            return 0.0;
        }
        return beta.density(theta);
    }

    /** P(θ ≤ t | data). */
    public double cumulative(double t) {
        return beta.cumulativeProbability(t);
    }

    /**
     * The equal-tailed credible interval at the given level (0 &lt; level &lt; 1): each tail outside it holds
     * posterior mass (1 − level)/2.
     */
    public double[] credibleInterval(double level) {
        if (!(level > 0.0 && level < 1.0)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        double tail = 0.5 * (1.0 - level);
        return new double[] {beta.inverseCumulativeProbability(tail), beta.inverseCumulativeProbability(1.0 - tail)};
    }
}
