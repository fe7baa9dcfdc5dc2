package dev.bayesrg.nnft;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * Is an ensemble's non-Gaussianity above the sampling noise of its member count? For each order
 * r ∈ {3, 4, 6} (up to R) the statistic is the whitened norm t_r = ‖G_c^(r)·(K^{-1/2})^{⊗r}‖, the
 * cumulant in the basis where the sampled kernel is the identity. Sample cumulants are multilinear
 * and the whitening uses the sample's own kernel, so under a Gaussian field t_r does not depend on
 * the mean or the kernel: its law depends on n, M and r alone (it is pivotal). S surrogate
 * ensembles of n Gaussian configurations with the sampled mean and kernel give S draws from that
 * law, and the Monte-Carlo p-value p = (1 + #{surrogate ≥ observed})/(S + 1) then has exact size:
 * P(p ≤ α) = α for α a multiple of 1/(S + 1) (α = 0.05 with S = 19). Only a jittered (singular)
 * kernel breaks the invariance. The z-score (observed − surrogate mean)/surrogate sd says by how
 * much.
 */
public final class NoiseFloor {
    /** Surrogate ensembles per test by default. */
    public static final int SURROGATES = 19;

    /** The default level: 1/(S + 1) for S = 19. */
    public static final double ALPHA = 0.05;

    private NoiseFloor() {}

    /**
     * One order's test.
     *
     * @param order         r
     * @param observed      t_r of the ensemble
     * @param surrogateMean mean of t_r over the surrogates
     * @param surrogateSd   their standard deviation (divisor S − 1)
     * @param z             (observed − surrogateMean)/surrogateSd
     * @param p             (1 + #{surrogate ≥ observed})/(S + 1)
     * @param significant   p ≤ α
     */
    public record Test(
            int order,
            double observed,
            double surrogateMean,
            double surrogateSd,
            double z,
            double p,
            boolean significant) {}

    /** The orders tested for a field theory measured up to R: those of {3, 4, 6} that are ≤ R. */
    public static int[] orders(int maxOrder) {
        return java.util.stream.IntStream.of(3, 4, 6).filter(r -> r <= maxOrder).toArray();
    }

    /**
     * Tests the ensemble of {@code members} configurations with sampled {@code mean} and
     * {@code kernel} (M×M, positive definite: add the jitter used), whose whitened norms are
     * {@code observed} (indexed like {@link #orders}), against {@code surrogates} Gaussian ensembles
     * drawn from {@code rng}.
     */
    public static Test[] test(
            double[] mean,
            double[][] kernel,
            int members,
            int maxOrder,
            double[] observed,
            int surrogates,
            double alpha,
            UniformRandomProvider rng) {
        int[] orders = orders(maxOrder);
        double[][] draws = new double[surrogates][];
        double[][] factor = cholesky(kernel);
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        int m = mean.length;
        for (int s = 0; s < surrogates; s++) {
            MomentAccumulator acc = new MomentAccumulator(m, orders.length == 0 ? 2 : orders[orders.length - 1]);
            double[] z = new double[m];
            double[] x = new double[m];
            for (int b = 0; b < members; b++) {
                for (int i = 0; i < m; i++) {
                    z[i] = normal.sample();
                }
                for (int i = 0; i < m; i++) {
                    double v = mean[i];
                    for (int j = 0; j <= i; j++) {
                        v += factor[i][j] * z[j];
                    }
                    x[i] = v;
                }
                acc.add(x);
            }
            draws[s] = CouplingEstimate.whitenedNorms(acc, maxOrder);
        }
        Test[] out = new Test[orders.length];
        for (int q = 0; q < orders.length; q++) {
            double[] t = new double[surrogates];
            for (int s = 0; s < surrogates; s++) {
                t[s] = draws[s][q];
            }
            out[q] = evaluate(orders[q], observed[q], t, alpha);
        }
        return out;
    }

    /** The test of one observed statistic against its surrogate draws. */
    public static Test evaluate(int order, double observed, double[] surrogate, double alpha) {
        int s = surrogate.length;
        double sum = 0;
        int above = 0;
        for (double t : surrogate) {
            sum += t;
            if (t >= observed) {
                above++;
            }
        }
        double mean = sum / s;
        double ss = 0;
        for (double t : surrogate) {
            ss += (t - mean) * (t - mean);
        }
        double sd = s > 1 ? Math.sqrt(ss / (s - 1)) : Double.NaN;
        double p = Double.isNaN(observed) ? Double.NaN : (1.0 + above) / (s + 1.0);
        return new Test(order, observed, mean, sd, (observed - mean) / sd, p, p <= alpha);
    }

    /** The lower Cholesky factor L of K = L Lᵀ. */
    private static double[][] cholesky(double[][] kernel) {
        int m = kernel.length;
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(m, true);
        if (!chol.decompose(new DMatrixRMaj(kernel))) {
            throw new IllegalArgumentException("the kernel is not positive definite: add its jitter");
        }
        DMatrixRMaj l = chol.getT(null);
        double[][] out = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                out[i][j] = l.get(i, j);
            }
        }
        return out;
    }
}
