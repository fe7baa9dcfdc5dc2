package dev.bayesrg.config;

/**
 * The regression Fisher metric F = (1/σ²) mean over the Fisher inputs of ∇f ∇fᵀ, with
 * σ² = {@code noiseVariance} (1 in the paper's code). Its diagonal ranks the parameters of every
 * member; {@code geometryMembers} members (the first ones by index; null: every member) also measure
 * the metric beyond its diagonal: its spectrum, the sloppy fractions in the diagonal and in the
 * eigenbasis, their overlap, the flow in the basis the run does not flow in and the relative entropy
 * each cutoff is predicted to cost. That takes the metric's eigenbasis, which costs a member about as
 * much again as the rest of it, hence a sample of members by default.
 */
public record FisherConfig(double noiseVariance, Integer geometryMembers) {
    /** A metric without the geometry measurements. */
    public FisherConfig(double noiseVariance) {
        this(noiseVariance, 0);
    }

    /** Whether member {@code member} measures the metric beyond its diagonal. */
    public boolean measuresGeometry(int member) {
        return geometryMembers == null || member < geometryMembers;
    }
}
