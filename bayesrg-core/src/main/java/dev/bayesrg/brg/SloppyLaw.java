package dev.bayesrg.brg;

/**
 * The law a coarse-grained (sloppy) parameter is drawn from: N(mean, variance), a point mass at the
 * mean when the variance is 0. The analytic renormalized GP (arXiv:2405.17538, eqs. 74–75) needs exactly these two
 * numbers of the sloppy read-out weights.
 *
 * @param mean     the mean of the new value
 * @param variance its variance (0: a fixed value)
 */
public record SloppyLaw(double mean, double variance) {}
