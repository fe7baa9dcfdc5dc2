package dev.bayesrg.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The Bayesian RG flow: ascending {@code cutoffs} ε; at each one everything sloppy (stiffness &lt; ε)
 * and not yet coarse grained is coarse grained by {@code mode}. {@code cutoffScale} says what the
 * cutoffs are measured in: the stiffness itself, or per member relative to its Fisher metric
 * ({@code dev.bayesrg.brg.CutoffSchedule} turns them into each member's ε). {@code basis} says what is
 * ranked: the flowed parameters by their Fisher diagonal F_ii (the paper), or the directions of the
 * Fisher metric's eigenbasis by their eigenvalue. {@code scope} says which parameters flow (null:
 * every trainable one). {@code sloppyVariance} is σ² of arXiv:2405.17538, eq. 75, for the
 * {@code gaussian} mode (null: the parameter's prior variance). {@code criticalFactor} defines the
 * critical cutoff (docs/method.md, "run"). {@code duringTraining} also measures the Fisher diagonal
 * and runs the flow at every training checkpoint ({@code nnft.snapshotEvery}), not only at the
 * trained parameters.
 */
public record BrgConfig(
        List<Double> cutoffs,
        CutoffScale cutoffScale,
        CoarseGraining mode,
        Double sloppyVariance,
        double criticalFactor,
        Basis basis,
        Scope scope,
        boolean duringTraining) {
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

    /** What the flow ranks and coarse grains. */
    public enum Basis {
        /** Each flowed parameter by its Fisher diagonal F_ii, as the paper does. */
        @JsonProperty("diagonal")
        DIAGONAL,
        /** Each direction of the Fisher metric's eigenbasis by its eigenvalue (basis independent). */
        @JsonProperty("eigen")
        EIGEN;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Which parameters the Fisher metric covers and the flow coarse grains. */
    public enum Scope {
        /** The read-out layer's weights and bias. */
        @JsonProperty("readout")
        READOUT,
        /** Every parameter of the network (needs {@code network.trainable: all}). */
        @JsonProperty("all")
        ALL;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
