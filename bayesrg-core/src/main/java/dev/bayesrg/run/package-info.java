/**
 * The pipeline: one member (prior draw → training → Fisher metric → RG flow, measured after every
 * cutoff) and the ensemble (members spread over a fixed thread pool, results gathered in member
 * order), ensemble statistics of the flow, the critical cutoff, the members' outputs on the nnft
 * mesh along the flow and at training checkpoints, and the run directory. Every random
 * stream is created here ({@link dev.bayesrg.run.RandomStreams}), keyed by (seed, member, purpose),
 * so results are bit-identical whatever the thread count.
 */
package dev.bayesrg.run;
