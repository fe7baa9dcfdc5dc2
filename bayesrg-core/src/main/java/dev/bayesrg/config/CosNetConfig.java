package dev.bayesrg.config;

/**
 * The frozen hidden layer of a generalized cos-net ({@code network.architecture: cosnet}; arXiv:2405.17538, eqs.
 * 77–80): N neurons σ_i(x) = cos(b_i·x + c_i)/sqrt(b_i² + m²) with b_i uniform in the d-ball of radius
 * {@code cutoff} Λ and c_i uniform in [−π, π]. Read only with the cos-net architecture.
 *
 * @param mass   m ≥ 0 (&gt; 0 for d = 1, 2, where the massless propagator diverges)
 * @param cutoff Λ &gt; 0, the radius of the ball the frequencies b_i are drawn from
 */
public record CosNetConfig(double mass, double cutoff) {}
