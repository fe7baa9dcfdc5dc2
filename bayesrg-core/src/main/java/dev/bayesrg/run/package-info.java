/**
 * The pipeline: one member (prior draw → training → Fisher metric → RG flow, measured after every
 * cutoff) and the ensemble (members spread over a fixed thread pool, results gathered in member
 * order), ensemble statistics of the flow, the critical cutoff, the members' outputs on the nnft
 * mesh along the flow and at training checkpoints, and the run directory. Every random
 * stream is created here ({@link dev.bayesrg.run.RandomStreams}), keyed by (seed, member, purpose),
 * so results are bit-identical whatever the thread count. Beside the run, the comparisons that read
 * one or sample their own ensembles: {@link dev.bayesrg.run.GpComparison} (the analytic renormalized
 * GP against a run's ensemble), {@link dev.bayesrg.run.WidthScaling} (non-Gaussianity at
 * initialisation against width) and {@link dev.bayesrg.run.TrainedCosNet} (the flow of a trained
 * finite cos-net).
 */
package dev.bayesrg.run;
