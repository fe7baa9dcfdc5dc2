/**
 * The data of an experiment: input laws (Gaussian with any mean and covariance), built-in target
 * functions (the paper's quadratic, sin, linear, Rosenbrock), a strict CSV reader, and the
 * {@link dev.bayesrg.data.DataSets} — training, test and Fisher inputs plus the probe x* — drawn
 * once from the data seed and shared by every ensemble member, so members differ only in their
 * parameters.
 */
package dev.bayesrg.data;
