package dev.bayesrg.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The Bayesian RG flow: ascending {@code cutoffs} ε; at each one every trainable parameter with
 * F_ii &lt; ε not yet coarse grained is coarse grained by {@code mode}. {@code cutoffScale} says what
 * the cutoffs are measured in: F_ii itself, or per member relative to its Fisher diagonal
 * ({@code dev.bayesrg.brg.CutoffSchedule} turns them into each member's ε). {@code sloppyVariance}
 * is σ² of arXiv:2405.17538, eq. 75, for the {@code gaussian} mode (null: the parameter's prior
 * variance). {@code criticalFactor} defines the critical cutoff (docs/method.md, "run").
 */
public record BrgConfig(
        List<Double> cutoffs,
        CutoffScale cutoffScale,
        CoarseGraining mode,
        Double sloppyVariance,
        double criticalFactor) {
    public BrgConfig {
        cutoffs = cutoffs == null ? null : List.copyOf(cutoffs);
    }

    /** What the numbers of {@code brg.cutoffs} are measured in. */
    public enum CutoffScale {
        /** ε_k = c_k: the cutoffs are values of F_ii, the same for every member. */
        @JsonProperty("absolute")
        ABSOLUTE,
        /** ε_k = c_k × (trace F / P): multiples of the member's mean Fisher eigenvalue. */
        @JsonProperty("mean-eigenvalue")
        MEAN_EIGENVALUE,
        /** c_k in (0, 1]: about the fraction c_k of the member's parameters is coarse grained at cutoff k. */
        @JsonProperty("quantile")
        QUANTILE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** What becomes of a sloppy parameter at a cutoff: resampled from its prior, zeroed, or drawn from a wide Gaussian. */
    public enum CoarseGraining {
        /** Redraw from the parameter's prior (initialisation law), as in the paper's code. */
        @JsonProperty("resample-prior")
        RESAMPLE_PRIOR,
        /** Set to zero (pruning). */
        @JsonProperty("zero")
        ZERO,
        /** Redraw from N(0, σ²), arXiv:2405.17538, eqs. 74–75. */
        @JsonProperty("gaussian")
        GAUSSIAN;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
