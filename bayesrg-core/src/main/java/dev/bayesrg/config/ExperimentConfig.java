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

    /**
     * The number of network outputs per input: K = {@code data.classes} logits for a softmax
     * classification ({@code train.loss: cross-entropy} with K ≥ 3), else 1. Every array of outputs
     * (predictions, mesh outputs) then holds K per point, point-major: (point i, class c) at i·K + c.
     */
    public int outputsPerPoint() {
        return data.multiClass() && train.loss() == TrainConfig.Loss.CROSS_ENTROPY ? data.classes() : 1;
    }

    /** This configuration with another network (the rest unchanged). */
    public ExperimentConfig withNetwork(NetworkConfig other) {
        return new ExperimentConfig(data, other, train, fisher, brg, ensemble, nnft, posterior);
    }
}
