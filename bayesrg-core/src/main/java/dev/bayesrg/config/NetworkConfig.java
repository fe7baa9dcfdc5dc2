package dev.bayesrg.config;

import dev.bayesrg.activation.Activation;
import java.util.List;

/**
 * A fully connected network: the hidden layers in order from the input, then a scalar read-out
 * layer with {@code outputActivation} and optional {@code outputBias}. The input width comes from
 * the data. {@code trainable} says which parameters training (and hence the Fisher metric and
 * the RG flow) acts on. {@code sharedHidden}: every member starts from the same hidden layers (drawn
 * once from the ensemble seed) and only its read-out initialisation is its own; with
 * {@code trainable: last} the features are then identical for all members, which makes the trained
 * ensemble exactly Gaussian (docs/method.md, "nngp --compare") and the analytic renormalized GP (eqs. 74–76) exact.
 * {@code architecture}: {@code mlp} (the layers as listed) or {@code cosnet}, whose one hidden layer is the frozen
 * generalized cos-net of arXiv:2405.17538, eq. 77, with the frequencies and phases drawn as {@code cosnet} says
 * (null reads as {@code mlp}, for run directories written before it existed).
 */
public record NetworkConfig(
        List<LayerConfig> hidden,
        Activation outputActivation,
        boolean outputBias,
        InitConfig init,
        Trainable trainable,
        boolean sharedHidden,
        Kind architecture,
        CosNetConfig cosnet) {
    public NetworkConfig {
        hidden = hidden == null ? null : List.copyOf(hidden);
        architecture = architecture == null ? Kind.MLP : architecture;
    }

    /** A multilayer perceptron ({@code architecture: mlp}). */
    public NetworkConfig(
            List<LayerConfig> hidden,
            Activation outputActivation,
            boolean outputBias,
            InitConfig init,
            Trainable trainable,
            boolean sharedHidden) {
        this(hidden, outputActivation, outputBias, init, trainable, sharedHidden, Kind.MLP, null);
    }

    /** Whether the hidden layer is a generalized cos-net ({@code architecture: cosnet}). */
    public boolean hasCosNetLayer() {
        return architecture == Kind.COSNET;
    }

    /** A configuration with per-member hidden layers ({@code sharedHidden: false}), as in the paper. */
    public NetworkConfig(
            List<LayerConfig> hidden,
            Activation outputActivation,
            boolean outputBias,
            InitConfig init,
            Trainable trainable) {
        this(hidden, outputActivation, outputBias, init, trainable, false);
    }

    /** What the hidden layers are: a multilayer perceptron, or the frozen layer of a generalized cos-net. */
    public enum Kind {
        @com.fasterxml.jackson.annotation.JsonProperty("mlp")
        MLP,
        @com.fasterxml.jackson.annotation.JsonProperty("cosnet")
        COSNET
    }

    /** Which parameters are trained (and ranked by the Fisher metric): the read-out only, or every layer. */
    public enum Trainable {
        @com.fasterxml.jackson.annotation.JsonProperty("last")
        LAST,
        @com.fasterxml.jackson.annotation.JsonProperty("all")
        ALL
    }
}
