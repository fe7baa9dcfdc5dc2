package dev.bayesrg.config;

/** The fully resolved configuration of one experiment. */
public record ExperimentConfig(DataConfig data, NetworkConfig network, TrainConfig train,
                               FisherConfig fisher, BrgConfig brg, EnsembleConfig ensemble) {
}
