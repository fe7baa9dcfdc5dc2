package dev.bayesrg.data;

import dev.bayesrg.config.ConfigException;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/** The input law x ~ N(mean, covariance), sampled as mean + L z with L the Cholesky factor. */
public final class GaussianInputs {
    private final double[] mean;
    private final double[][] lower;

    public GaussianInputs(double[] mean, double[][] covariance) {
        int d = mean.length;
        DMatrixRMaj cov = new DMatrixRMaj(covariance);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        if (!chol.decompose(cov.copy())) {
            throw new ConfigException(
                    "data.inputCovariance", "not positive definite, allowed a symmetric positive-definite matrix");
        }
        DMatrixRMaj l = chol.getT(null);
        this.mean = mean.clone();
        this.lower = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                lower[i][j] = l.get(i, j);
            }
        }
    }

    /** Draws n inputs, each from d standard normals of {@code rng} in order. */
    public double[][] sample(UniformRandomProvider rng, int n) {
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        int d = mean.length;
        double[][] out = new double[n][d];
        double[] z = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                z[k] = normal.sample();
            }
            for (int r = 0; r < d; r++) {
                double s = mean[r];
                for (int k = 0; k <= r; k++) {
                    s += lower[r][k] * z[k];
                }
                out[i][r] = s;
            }
        }
        return out;
    }
}
