package dev.bayesrg.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The regression Fisher metric F = (1/σ²) mean over the Fisher inputs of ∇f ∇fᵀ, with
 * σ² = {@code noiseVariance} (1 in the paper's code). Its diagonal ranks the parameters of every
 * member; {@code geometryMembers} members (the first ones by index; null: every member) also measure
 * the metric beyond its diagonal: its spectrum, the sloppy fractions in the diagonal and in the
 * eigenbasis, their overlap, the flow in the basis the run does not flow in and the relative entropy
 * each cutoff is predicted to cost. That takes the metric's eigenbasis, which costs a member about as
 * much again as the rest of it, hence a sample of members by default. {@code at} says whose parameters
 * the metric is evaluated at: each member's own (the paper's code), or one metric for the whole
 * ensemble that ranks every member's parameters alike.
 */
public record FisherConfig(double noiseVariance, Integer geometryMembers, At at) {
    /** Where the metric is evaluated, and so whether members share their sloppy parameters. */
    public enum At {
        /** Each member's metric at its own trained parameters (the paper's code, §4.2). */
        @JsonProperty("member")
        MEMBER("member"),
        /**
         * One metric at the ensemble-mean trained parameters θ̄, the paper's proxy for θ_MAP (§3.3);
         * meaningful only where the members' hidden units are aligned ({@code network.sharedHidden}).
         */
        @JsonProperty("ensemble-mean")
        ENSEMBLE_MEAN("ensemble-mean"),
        /** One metric, the mean over the members of their own metrics: F̄ = (1/M) Σ_m F(θ_m). */
        @JsonProperty("ensemble-average")
        ENSEMBLE_AVERAGE("ensemble-average");

        private final String id;

        At(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Whether one metric, computed from the whole trained ensemble, serves every member. */
        public boolean shared() {
            return this != MEMBER;
        }
    }

    /** A metric without the geometry measurements, at each member's own parameters. */
    public FisherConfig(double noiseVariance) {
        this(noiseVariance, 0, At.MEMBER);
    }

    /** A metric at each member's own parameters. */
    public FisherConfig(double noiseVariance, Integer geometryMembers) {
        this(noiseVariance, geometryMembers, At.MEMBER);
    }

    /** Whether member {@code member} measures the metric beyond its diagonal. */
    public boolean measuresGeometry(int member) {
        return geometryMembers == null || member < geometryMembers;
    }
}
