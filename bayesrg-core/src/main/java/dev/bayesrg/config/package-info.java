/**
 * Immutable configuration of an experiment: the data law, the network, training, the Fisher
 * metric, the Bayesian RG flow and the ensemble. Configurations are assembled from a named preset
 * (the paper's experiment or the authors' reference code), an optional YAML file and
 * {@code key.path=value} overrides, then bound to records and validated; every rejection is a
 * {@link dev.bayesrg.config.ConfigException} naming the field, the value and what is allowed.
 * Activations are the {@link dev.bayesrg.activation.Activation} objects themselves, bound from and
 * written as their ids ({@code relu}, ...). This package depends on nothing else in bayesrg but
 * {@code activation}.
 */
package dev.bayesrg.config;
