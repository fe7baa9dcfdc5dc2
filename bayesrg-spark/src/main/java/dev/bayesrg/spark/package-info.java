/**
 * Runs an ensemble on Apache Spark: the member index range is cut into strided shards
 * ({@link dev.bayesrg.run.Shard}), each Spark task computes one shard with the engine's member
 * pipeline and publishes it atomically as a shard run directory under the output location, and the
 * driver merges the shards from their files exactly as {@code bayesrg merge} does. Members depend
 * only on (seed, member index), so a recomputed or speculative task writes the same bytes and the
 * run directory equals {@code bayesrg run}'s. Spark itself is provided by the cluster. The driver is
 * written against bayesrg-core alone (its options are core's {@link dev.bayesrg.config.ConfigLayers});
 * the figures come from the report service bayesrg-cli offers at run time
 * ({@link dev.bayesrg.run.RunCompletion#installedReport()}).
 */
package dev.bayesrg.spark;
