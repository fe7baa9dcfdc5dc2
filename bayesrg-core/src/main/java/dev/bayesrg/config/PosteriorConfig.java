package dev.bayesrg.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which posterior the ensemble samples before it flows (docs/method.md, "Which posterior"):
 * {@code gd-ensemble}, each member trained by gradient descent from its own prior draw (the paper);
 * {@code exact}, each member drawn from the conjugate Gaussian posterior of the linear read-out given
 * its frozen features, prior N(m, s²) of {@code network.init} and noise variance σ²; {@code laplace},
 * each member drawn from a Gaussian at its GD-trained parameters with covariance (F_total + prior⁻¹)⁻¹,
 * F_total = ΦᵀΦ/σ² the Fisher information of the training set; {@code langevin}, each member the state of
 * a Langevin chain on the posterior of the trainable parameters ({@link LangevinConfig}, any
 * {@code network.trainable}). σ² = {@code noiseVariance}, or
 * {@code fisher.noiseVariance} when null (one likelihood for the metric and the posterior).
 */
public record PosteriorConfig(Method method, Double noiseVariance, LangevinConfig langevin) {
    /** How each member's parameters are produced. */
    public enum Method {
        /** Gradient descent (or SGD) from the member's prior draw: the paper's ensemble. */
        @JsonProperty("gd-ensemble")
        GD_ENSEMBLE("gd-ensemble"),
        /** An exact draw from the read-out's conjugate Gaussian posterior (no training). */
        @JsonProperty("exact")
        EXACT("exact"),
        /** A draw from the Laplace Gaussian at the member's GD-trained parameters. */
        @JsonProperty("laplace")
        LAPLACE("laplace"),
        /** The state of a Langevin chain on the posterior of the trained parameters ({@link LangevinConfig}). */
        @JsonProperty("langevin")
        LANGEVIN("langevin");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** The paper's ensemble: members trained by gradient descent, σ² from the Fisher metric. */
    public static final PosteriorConfig GD_ENSEMBLE =
            new PosteriorConfig(Method.GD_ENSEMBLE, null, LangevinConfig.DEFAULT);

    /** The likelihood's noise variance σ²: {@code noiseVariance}, else the Fisher metric's. */
    public double noiseVariance(FisherConfig fisher) {
        return noiseVariance == null ? fisher.noiseVariance() : noiseVariance;
    }
}
