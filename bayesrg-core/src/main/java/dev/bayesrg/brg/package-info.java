/**
 * Bayesian renormalization, the UV→IR leg of the paper's diagram. Along an ascending schedule of
 * cutoffs ε every trainable parameter whose Fisher diagonal falls below ε (sloppy) is coarse
 * grained — resampled from its prior, zeroed, or redrawn from N(0, σ²) (arXiv:2405.17538, eqs. 74–75, 94–98) —
 * and stays coarse grained at every larger cutoff. The flow hands each renormalized member to an
 * observer, which measures it.
 */
package dev.bayesrg.brg;
