package dev.bayesrg.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Training: {@code gd} is full-batch gradient descent on the mean squared error (what the paper's
 * text says); {@code sgd} is one step per sample in fixed order on (f − y)² (what the authors' code
 * does). The training loss is recorded every {@code lossEvery} epochs; a member whose loss becomes
 * non-finite or exceeds {@code divergenceLoss} is marked diverged (SPEC A.6).
 */
public record TrainConfig(Optimizer optimizer, double learningRate, int epochs, int lossEvery,
                          double divergenceLoss) {
    public enum Optimizer {
        @JsonProperty("gd") GD,
        @JsonProperty("sgd") SGD
    }
}
