/**
 * The data of an experiment: input laws (Gaussian with any mean and covariance), built-in target
 * functions (the paper's quadratic, sin, linear, Rosenbrock), a strict CSV reader, and the
 * {@link dev.bayesrg.data.DataSets} — training, test and Fisher inputs plus the probe x* — drawn
 * once from the data seed and shared by every ensemble member, so members differ only in their
 * parameters — and the nnft mesh ({@link dev.bayesrg.data.MeshInputs}: test inputs, a CSV of points,
 * a line or a grid) on which the ensemble is recorded as a field.
 */
package dev.bayesrg.data;
