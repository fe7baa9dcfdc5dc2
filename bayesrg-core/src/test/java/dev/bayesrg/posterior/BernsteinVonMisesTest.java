package dev.bayesrg.posterior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.net.FeatureMatrix;
import java.util.Arrays;
import java.util.Random;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.junit.jupiter.api.Test;

class BernsteinVonMisesTest {
    /**
     * Training inputs = Fisher inputs and the same σ²: then nF = ΦᵀΦ/σ² exactly, its eigenvectors
     * diagonalise Σ = (ΦᵀΦ/σ² + I/s²)⁻¹, and along v_k the exact variance is 1/(nλ_k + 1/s²), the
     * BvM one 1/(nλ_k). The stiff subspace is the directions with nλ_k ≥ 1/s², λ_k from an
     * independent eigendecomposition (Hipparchus) of ΦΦᵀ/(nσ²).
     */
    @Test
    void exactAgainstBvmAlongTheFisherEigenvectorsIsTheClosedFormShrinkage() {
        int n = 7;
        int width = 11;
        double noise = 0.5;
        double s2 = 0.05;
        Random rnd = new Random(9);
        double[] phi = new double[n * width];
        for (int i = 0; i < phi.length; i++) {
            phi[i] = Math.max(0, rnd.nextGaussian()) * (1 + i % 3);
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextGaussian();
        }
        FeatureMatrix features = new FeatureMatrix(n, width, phi);
        ReadoutPosterior exact = new ReadoutPosterior(features, false, y, 0.0, s2, 0.0, noise);
        BernsteinVonMises b = BernsteinVonMises.of(exact, n, features, false, noise, s2, null);

        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < width; k++) {
                    gram[i][j] += phi[i * width + k] * phi[j * width + k] / (n * noise);
                }
            }
        }
        double[] lambda = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(gram)).getEigenvalues();
        double[] descending =
                Arrays.stream(lambda).map(v -> -v).sorted().map(v -> -v).toArray();
        long stiff = Arrays.stream(descending).filter(l -> n * l >= 1 / s2).count();
        assertTrue(stiff > 0 && stiff < n, "the case has both stiff and sloppy directions: " + stiff);
        assertEquals(stiff, b.dimension());
        assertEquals(0, b.ensembleMembers());
        for (BernsteinVonMises.Row r : b.rows()) {
            double l = descending[r.index() - 1];
            assertEquals(l, r.fisherEigenvalue(), 1e-12 * l);
            assertEquals(1 / (n * l), r.bvmVariance(), 1e-12 / (n * l));
            assertEquals(1 / (n * l + 1 / s2), r.exactVariance(), 1e-10 / (n * l));
            assertTrue(Double.isNaN(r.ensembleVariance()));
        }
    }

    /**
     * An ensemble of M exact draws: along every stiff direction its variance is the exact one within
     * 5 standard errors (√(2/(M − 1)) relative), and its whitened distance from the exact covariance
     * is about the sampling floor √((k + 1)/(M − 1)).
     */
    @Test
    void anEnsembleOfExactDrawsMatchesTheExactCovarianceToTheSamplingFloor() {
        int n = 12;
        int width = 9;
        Random rnd = new Random(4);
        double[] phi = new double[n * width];
        for (int i = 0; i < phi.length; i++) {
            phi[i] = Math.max(0, rnd.nextGaussian() + 0.1);
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextGaussian();
        }
        FeatureMatrix train = new FeatureMatrix(n, width, phi);
        FeatureMatrix fisher = new FeatureMatrix(5, width, Arrays.copyOf(phi, 5 * width));
        ReadoutPosterior exact = new ReadoutPosterior(train, true, y, 0.1, 2.0, 1.0, 0.3);
        int members = 6000;
        double[][] ensemble = new double[members][];
        for (int m = 0; m < members; m++) {
            ensemble[m] = exact.sample(rnd::nextGaussian);
        }
        BernsteinVonMises b = BernsteinVonMises.of(exact, n, fisher, true, 0.3, 2.0, ensemble);
        assertTrue(b.dimension() > 1, "stiff directions: " + b.dimension());
        assertEquals(members, b.ensembleMembers());
        double se = Math.sqrt(2.0 / (members - 1));
        for (BernsteinVonMises.Row r : b.rows()) {
            double ratio = r.ensembleVariance() / r.exactVariance();
            assertTrue(Math.abs(ratio - 1) < 5 * se, "direction " + r.index() + ": " + ratio);
        }
        assertEquals(Math.sqrt((b.dimension() + 1.0) / (members - 1)), b.samplingFloor(), 1e-15);
        assertTrue(
                b.ensembleVsExact() < 2 * b.samplingFloor() && b.ensembleVsExact() > 0.3 * b.samplingFloor(),
                b.ensembleVsExact() + " against the floor " + b.samplingFloor());
    }

    /** ‖B^{-½}AB^{-½} − I‖_F/√k: 0 for A = B, 1 for A = 2B, whatever B. */
    @Test
    void theWhitenedDistanceIsZeroForEqualAndOneForDoubledCovariances() {
        double[] b = {4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2};
        double[] twice = Arrays.stream(b).map(v -> 2 * v).toArray();
        assertEquals(0, BernsteinVonMises.whitenedDistance(b, b, 3), 1e-14);
        assertEquals(1, BernsteinVonMises.whitenedDistance(twice, b, 3), 1e-14);
    }
}
