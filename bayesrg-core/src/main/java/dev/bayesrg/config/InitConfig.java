package dev.bayesrg.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The prior (initialisation law) of the weights. {@code normal}: every weight N(mean, std²), as in
 * the paper's code. {@code fan-in}: W ~ N(0, sigmaW²/fan_in), the NNGP normalisation of arXiv:2405.17538, eq. 61.
 * Biases are N(0, biasStd²) in both schemes.
 */
public record InitConfig(Scheme scheme, double mean, double std, double sigmaW, double biasStd) {
    /** How weights are initialised: N(mean, std²), or fan-in scaled N(0, sigmaW²/fan_in). */
    public enum Scheme {
        @JsonProperty("normal")
        NORMAL,
        @JsonProperty("fan-in")
        FAN_IN
    }
}
