package dev.bayesrg.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The Bayesian RG flow: ascending {@code cutoffs} ε; at each one every trainable parameter with
 * F_ii &lt; ε not yet coarse grained is coarse grained by {@code mode}. {@code sloppyVariance} is σ²
 * of arXiv:2405.17538, eq. 75, for the {@code gaussian} mode (null: the parameter's prior variance).
 * {@code criticalFactor} defines the critical cutoff (docs/method.md, "run").
 */
public record BrgConfig(List<Double> cutoffs, CoarseGraining mode, Double sloppyVariance, double criticalFactor) {
    public BrgConfig {
        cutoffs = cutoffs == null ? null : List.copyOf(cutoffs);
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
