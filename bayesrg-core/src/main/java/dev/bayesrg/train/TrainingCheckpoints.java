package dev.bayesrg.train;

/**
 * Where a trainer hands over its parameters during training, for the IR→UV leg of the paper's
 * diagram: θ_t at the checkpoint epochs t = 0, k, 2k, … and finally T (the epoch count), checkpoint
 * j being epoch min(jk, T). θ_t is the parameter vector after t steps. A run that diverges at epoch e
 * hands over θ_e if e is a checkpoint epoch and nothing after it.
 */
public final class TrainingCheckpoints {
    /** Receives θ at checkpoint {@code index} (do not keep a reference to {@code theta}). */
    @FunctionalInterface
    public interface Sink {
        void at(int index, double[] theta);
    }

    /** No checkpoints. */
    public static final TrainingCheckpoints NONE = new TrainingCheckpoints(0, (index, theta) -> {});

    private final int every;
    private final Sink sink;

    /** @param every k ≥ 1, or 0 for none */
    public TrainingCheckpoints(int every, Sink sink) {
        if (every < 0) {
            throw new IllegalArgumentException("every must be >= 0, got " + every);
        }
        this.every = every;
        this.sink = sink;
    }

    /** How many checkpoints T epochs have: ⌈T/k⌉ + 1 (0 when off). */
    public static int count(int epochs, int every) {
        return every == 0 ? 0 : (epochs + every - 1) / every + 1;
    }

    /** The epoch of checkpoint j: min(jk, T). */
    public static int epoch(int index, int epochs, int every) {
        return (int) Math.min((long) index * every, epochs);
    }

    public int every() {
        return every;
    }

    boolean active() {
        return every > 0;
    }

    /** Called at the start of every epoch t &lt; T with θ_t. */
    void atEpoch(int epoch, double[] theta) {
        if (every > 0 && epoch % every == 0) {
            sink.at(epoch / every, theta);
        }
    }

    /** Called once after the last epoch with θ_T (not after a divergence). */
    void atEnd(int epochs, double[] theta) {
        if (every > 0) {
            sink.at(count(epochs, every) - 1, theta);
        }
    }

    /** Whether epoch t is a checkpoint below the last one. */
    boolean due(int epoch) {
        return every > 0 && epoch % every == 0;
    }
}
