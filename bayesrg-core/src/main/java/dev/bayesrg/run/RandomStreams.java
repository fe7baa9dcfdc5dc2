package dev.bayesrg.run;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.SplitMix64;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The one place random streams are made. Each stream is a XoShiRo256++ generator whose state is
 * expanded by SplitMix64 from a key that mixes (seed, member, purpose), so streams of different
 * members or purposes are unrelated, and a member's draws never depend on which thread runs it or
 * on what other members do.
 */
public final class RandomStreams {
    /** What a member's stream is used for; each purpose has its own stream. */
    public enum Purpose {
        /** The prior draw of all parameters θ ~ P(θ). */
        INITIALIZATION(1),
        /** The values given to sloppy parameters along the RG flow. */
        COARSE_GRAINING(2),
        /** Bootstrap resampling of members for error bars (keyed by flow entry instead of member). */
        BOOTSTRAP(3),
        /** The hidden layers all members share under {@code network.sharedHidden} (keyed by the seed alone). */
        SHARED_HIDDEN(4),
        /** Monte Carlo draws of the hidden layers for the analytic GP's Φ and Ψ (keyed by draw instead of member). */
        FEATURE_MONTE_CARLO(5),
        /** Bootstrap resampling of members for the critical cutoff's interval (keyed by the seed alone). */
        CRITICAL_BOOTSTRAP(6),
        /**
         * The coarse graining of the comparison flow, the one in the basis the run does not flow in
         * (its draws must not disturb the run's own flow).
         */
        COMPARISON_FLOW(7),
        /**
         * The coarse graining of the flows run at a member's training checkpoints
         * ({@code brg.duringTraining}; keyed by member and checkpoint, and apart from the run's own flow).
         */
        TRAINING_FLOW(8),
        /**
         * The Gaussian surrogate ensembles of the field theory's noise floor ({@code nnft/}; keyed by flow
         * entry or training checkpoint instead of member, occasion 0 for the flow and 1 for training; for
         * {@code nnft --widths} keyed by the width N instead of member, occasion 2).
         */
        NOISE_FLOOR(9),
        /**
         * A member's draw from a Gaussian posterior ({@code posterior.method} exact or laplace): the
         * prior normals, then the noise normals of Matheron's rule.
         */
        POSTERIOR(10),
        /**
         * A Langevin chain's normals and minibatches ({@code posterior.method} langevin; keyed by the
         * chain's first member).
         */
        LANGEVIN(11);

        /**
         * The purpose's part of a stream key, fixed once and for all: every result ever written
         * depends on it, so it must not follow the declaration order as {@code ordinal()} would.
         */
        private final long key;

        Purpose(long key) {
            this.key = key;
        }
    }

    private static final long DATA_KEY = 0x6461746173657473L; // "datasets"

    private RandomStreams() {}

    /** The stream the shared data sets are drawn from. */
    public static UniformRandomProvider data(long dataSeed) {
        return create(mix(mix(dataSeed) ^ DATA_KEY));
    }

    /** The stream of one member for one purpose. */
    public static UniformRandomProvider member(long seed, int member, Purpose purpose) {
        return create(memberKey(seed, member, purpose));
    }

    /**
     * The stream of one member for one purpose at one of several occasions, {@code index} ≥ 0 (e.g.
     * its training checkpoints): unrelated to the member's stream for that purpose and to each other.
     */
    public static UniformRandomProvider member(long seed, int member, Purpose purpose, int index) {
        return create(mix(memberKey(seed, member, purpose) ^ (0xD6E8FEB86659FD93L * (index + 1L))));
    }

    private static long memberKey(long seed, int member, Purpose purpose) {
        long key = mix(seed);
        key = mix(key ^ (0x9E3779B97F4A7C15L * (member + 1L)));
        return mix(key ^ (0xC2B2AE3D27D4EB4FL * purpose.key));
    }

    /**
     * The stream of the whole ensemble for one purpose: independent of every member's streams
     * (member indices are never negative, this key uses the slot of member −1).
     */
    public static UniformRandomProvider ensemble(long seed, Purpose purpose) {
        return member(seed, -1, purpose);
    }

    private static UniformRandomProvider create(long key) {
        SplitMix64 expand = new SplitMix64(key);
        long[] state = {expand.nextLong(), expand.nextLong(), expand.nextLong(), expand.nextLong()};
        return RandomSource.XO_SHI_RO_256_PP.create(state);
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser (as in SplitMix64). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
