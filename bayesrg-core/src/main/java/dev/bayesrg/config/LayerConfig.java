package dev.bayesrg.config;

import dev.bayesrg.activation.Activation;

/** One hidden layer: its width (number of neurons), activation and whether it has a bias. */
public record LayerConfig(int width, Activation activation, boolean bias) {}
