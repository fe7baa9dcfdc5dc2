package dev.bayesrg.run;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;

/**
 * The heap a run needs, estimated before it starts, so that a size typo (a width of 10⁶, 10⁸
 * members) is refused at once instead of failing with OutOfMemoryError an hour later.
 */
public final class MemoryEstimate {
    private static final long MESH_POINTS = dev.bayesrg.config.NnftConfig.MAX_POINTS;

    private MemoryEstimate() {}

    /** Bytes: the per-member results kept until the end, plus every thread's working arrays. */
    public static long bytes(ExperimentConfig c, int threads) {
        var d = c.data();
        long entries = c.brg().cutoffs().size() + 1L;
        long width = c.network().hidden().isEmpty()
                ? c.data().probe().size()
                : c.network().hidden().get(c.network().hidden().size() - 1).width();
        long parameters = 0;
        long in = c.data().probe().size();
        for (LayerConfig l : c.network().hidden()) {
            parameters += in * l.width() + (l.bias() ? l.width() : 0);
            in = l.width();
        }
        parameters += in + 1;
        boolean lastOnly = c.network().trainable() == NetworkConfig.Trainable.LAST;
        long trainable = lastOnly ? width + 1 : parameters;
        long points =
                (c.train().epochs() + c.train().lossEvery() - 1L) / c.train().lossEvery();
        long readout = width + 1; // the trained read-out kept for readout.npy
        // the nnft mesh outputs along the flow and at the training checkpoints (at most 32 points each)
        long meshRows = entries
                + dev.bayesrg.train.TrainingCheckpoints.count(
                        c.train().epochs(), c.nnft().snapshotEvery());
        long perMember = 8L * (entries * d.test() + 3 * entries + trainable + readout + points + meshRows * MESH_POINTS)
                + 4L * entries
                + 4L * trainable;
        long largest = Math.max(d.train(), Math.max(d.test(), d.fisher()));
        long working = 8L
                * (width * (d.train() + d.test() + d.fisher() + 2 * largest)
                        + (long) d.train() * d.train() * 3
                        + 4 * parameters);
        return c.ensemble().members() * perMember + threads * working;
    }

    /** Refuses a run that would not fit the JVM's heap, naming the estimate and the ways out. */
    public static void check(ExperimentConfig c, int threads, long maxHeap) {
        long need = bytes(c, threads);
        if (need > maxHeap * 0.9) {
            throw new ConfigException(
                    "ensemble.members",
                    String.format(
                            java.util.Locale.ROOT,
                            "this run needs about %.1f GiB of heap (members, widths, set sizes and %d threads), the JVM has "
                                    + "%.1f GiB; make it smaller or give the JVM more heap (-Xmx)",
                            need / 1073741824.0,
                            threads,
                            maxHeap / 1073741824.0));
        }
    }
}
