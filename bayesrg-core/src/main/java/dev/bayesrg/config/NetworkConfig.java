package dev.bayesrg.config;

import java.util.List;

/**
 * A fully connected network: the hidden layers in order from the input, then a scalar read-out
 * layer with {@code outputActivation} and optional {@code outputBias}. The input width comes from
 * the data. {@code trainable} says which parameters training (and hence the Fisher metric and
 * the RG flow) acts on.
 */
public record NetworkConfig(List<LayerConfig> hidden, Activation outputActivation, boolean outputBias,
                            InitConfig init, Trainable trainable) {
    public NetworkConfig {
        hidden = hidden == null ? null : List.copyOf(hidden);
    }

    public enum Trainable {
        @com.fasterxml.jackson.annotation.JsonProperty("last") LAST,
        @com.fasterxml.jackson.annotation.JsonProperty("all") ALL
    }
}
