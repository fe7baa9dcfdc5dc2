package dev.bayesrg.config;

/**
 * The Langevin sampler of {@code posterior.method: langevin} (docs/method.md, "Which posterior"):
 * every {@code chainMembers} consecutive members share one chain, started from the prior draw of its
 * first member; member q of a chain (q = 0, 1, …) is the chain's state after
 * {@code steps + q · thinning} steps of size {@code stepSize} (null: half the stability bound of the
 * read-out's posterior at the chain's features), each step's gradient over {@code batchSize} training
 * inputs (null: all of them).
 */
public record LangevinConfig(Double stepSize, int steps, int thinning, int chainMembers, Integer batchSize) {
    /** The defaults: independent chains of 2000 full-batch steps of the automatic size. */
    public static final LangevinConfig DEFAULT = new LangevinConfig(null, 2000, 100, 1, null);
}
