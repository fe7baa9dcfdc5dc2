package dev.bayesrg.config;

/** The fully resolved configuration of one experiment. */
public record ExperimentConfig(
        DataConfig data,
        NetworkConfig network,
        TrainConfig train,
        FisherConfig fisher,
        BrgConfig brg,
        EnsembleConfig ensemble,
        NnftConfig nnft,
        PosteriorConfig posterior) {

    /** This configuration with another network (the rest unchanged). */
    public ExperimentConfig withNetwork(NetworkConfig other) {
        return new ExperimentConfig(data, other, train, fisher, brg, ensemble, nnft, posterior);
    }
}
