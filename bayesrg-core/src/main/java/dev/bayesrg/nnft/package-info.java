/**
 * Neural-network field theory: an ensemble of network outputs on a mesh of inputs read as a
 * statistical field theory. {@link dev.bayesrg.nnft.MomentAccumulator} collects the sampled n-point
 * functions G^(n)(x_1..x_n) = (1/|B|) Σ_α f_α(x_1)…f_α(x_n) (arXiv:2405.17538, eq. 38) in one streaming,
 * mergeable pass, stored once per multiset of mesh points; {@link dev.bayesrg.nnft.Correlators}
 * turns them into connected correlators G_c^(n) by the moment–cumulant formula on centred data and
 * measures non-Gaussianity; {@link dev.bayesrg.nnft.BlockedMoments} makes the merge of shards exact
 * (per fixed block of members); {@link dev.bayesrg.nnft.Couplings} gives the action's couplings by the
 * inverse Feynman rules and {@link dev.bayesrg.nnft.Edgeworth} the log-density of a configuration by
 * the Edgeworth series. Arrays in, arrays out: this package does not know how the ensemble was
 * made.
 */
package dev.bayesrg.nnft;
