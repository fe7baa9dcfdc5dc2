package dev.bayesrg.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Pointwise nonlinearities a layer may apply; each knows its derivative (see {@code net}). */
public enum Activation {
    @JsonProperty("identity")
    IDENTITY,
    @JsonProperty("relu")
    RELU,
    @JsonProperty("tanh")
    TANH,
    @JsonProperty("erf")
    ERF,
    @JsonProperty("cos")
    COS,
    @JsonProperty("gelu")
    GELU;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
