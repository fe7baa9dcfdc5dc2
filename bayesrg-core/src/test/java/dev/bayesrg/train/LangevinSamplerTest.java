package dev.bayesrg.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.data.Dataset;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.net.Readout;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

/**
 * The Langevin sampler against closed forms on conjugate problems: a linear read-out (or a network
 * without hidden layers) under a Gaussian prior and Gaussian noise has the Gaussian posterior
 * N(A⁻¹ b, A⁻¹) with A = XᵀX/σ² + S⁻¹ and b = Xᵀy/σ² + S⁻¹m, and the preconditioned chain's own
 * stationary law is N(A⁻¹ b, (A (I − η S A / 2))⁻¹) at any step size η (with S = s² I).
 */
class LangevinSamplerTest {
    private static final double NOISE = 0.5;
    private static final int CHAINS = 2000;
    private static final TrainConfig LOSS = new TrainConfig(TrainConfig.Optimizer.GD, 1e-3, 100, 10, 1e300);

    /** Six points on three features, columns far from parallel so the posterior is well conditioned. */
    private static final double[][] X = {
        {1.0, 0.2, 0.0}, {0.1, 1.1, 0.3}, {0.0, 0.4, 0.9}, {0.8, -0.3, 0.5}, {-0.2, 0.7, -0.6}, {0.5, 0.5, 0.5}
    };

    private static final double[] Y = {0.7, -0.4, 1.3, 0.2, -0.9, 0.5};

    private static final InitConfig UNIT_NORMAL = new InitConfig(InitConfig.Scheme.NORMAL, 0.0, 1.0, 1.0, 1.0);

    private static Architecture readoutNet() {
        return new Architecture(
                1,
                new NetworkConfig(
                        List.of(new LayerConfig(3, Activation.RELU, false)),
                        Activation.IDENTITY,
                        false,
                        UNIT_NORMAL,
                        NetworkConfig.Trainable.LAST));
    }

    private static FeatureMatrix features() {
        double[] v = new double[X.length * 3];
        for (int i = 0; i < X.length; i++) {
            System.arraycopy(X[i], 0, v, 3 * i, 3);
        }
        return new FeatureMatrix(X.length, 3, v);
    }

    /** A = XᵀX/σ² + I/s² over the design's columns (prior N(0, s² I)). */
    private static DMatrixRMaj precision(double[][] design, double priorVariance) {
        DMatrixRMaj x = new DMatrixRMaj(design);
        DMatrixRMaj a = new DMatrixRMaj(x.numCols, x.numCols);
        CommonOps_DDRM.multTransA(1.0 / NOISE, x, x, a);
        for (int k = 0; k < a.numRows; k++) {
            a.add(k, k, 1.0 / priorVariance);
        }
        return a;
    }

    private static DMatrixRMaj posteriorMean(double[][] design, double priorVariance) {
        DMatrixRMaj x = new DMatrixRMaj(design);
        DMatrixRMaj b = new DMatrixRMaj(x.numCols, 1);
        CommonOps_DDRM.multTransA(1.0 / NOISE, x, new DMatrixRMaj(Y.length, 1, true, Y), b);
        DMatrixRMaj mean = new DMatrixRMaj(x.numCols, 1);
        CommonOps_DDRM.solve(precision(design, priorVariance), b, mean);
        return mean;
    }

    private static DMatrixRMaj inverse(DMatrixRMaj m) {
        DMatrixRMaj inverse = m.copy();
        CommonOps_DDRM.invert(inverse);
        return inverse;
    }

    private static double[] eigenvalues(DMatrixRMaj symmetric) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(symmetric.numRows, false, true);
        eig.decompose(symmetric.copy());
        double[] values = new double[symmetric.numRows];
        for (int k = 0; k < values.length; k++) {
            values[k] = eig.getEigenvalue(k).getReal();
        }
        return values;
    }

    /** The steps that bring the slowest direction within e⁻¹⁴ of stationarity. */
    private static int stepsToMix(DMatrixRMaj precision, double stepSize, double priorVariance) {
        double slowest = java.util.Arrays.stream(eigenvalues(precision)).min().orElseThrow();
        return (int) Math.ceil(14.0 / (stepSize * priorVariance * slowest));
    }

    private static double largestEigenvalue(DMatrixRMaj m) {
        return java.util.Arrays.stream(eigenvalues(m)).max().orElseThrow();
    }

    /**
     * The end points of {@value #CHAINS} independent chains from prior draws (one stream each), run
     * until the slowest direction of {@code precision} has mixed, as rows over the moving parameters.
     */
    private static double[][] chains(
            Architecture net, SquaredErrorTerm term, DMatrixRMaj precision, double eta, int batchSize) {
        ParameterPrior prior = new ParameterPrior(net, UNIT_NORMAL);
        int steps = stepsToMix(precision, eta, 1.0);
        double[][] samples = new double[CHAINS][];
        for (int c = 0; c < CHAINS; c++) {
            UniformRandomProvider start = RandomSource.XO_RO_SHI_RO_128_PP.create(1000L + c);
            TrainingResult result = new LangevinSampler(term, prior, NOISE, eta, steps, batchSize, LOSS, chainStream(c))
                    .train(prior.sample(start));
            assertTrue(!result.diverged(), "chain " + c + " diverged");
            samples[c] = java.util.Arrays.copyOfRange(result.theta(), term.from(), term.to());
        }
        return samples;
    }

    private static SquaredErrorTerm readoutTerm() {
        return SquaredErrorTerm.readout(features(), Y, new Readout(readoutNet()));
    }

    private static UniformRandomProvider chainStream(int chain) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(77_000L + chain);
    }

    /**
     * The largest |sample − expected| / standard error over the mean's components and the
     * covariance's entries (standard errors of the expected law: √(Σ_ii/M) and √((Σ_ii Σ_jj + Σ_ij²)/M)).
     */
    private static double largestPull(double[][] samples, DMatrixRMaj mean, DMatrixRMaj covariance) {
        int m = samples.length;
        int d = samples[0].length;
        double[] average = new double[d];
        for (double[] s : samples) {
            for (int i = 0; i < d; i++) {
                average[i] += s[i] / m;
            }
        }
        double worst = 0;
        for (int i = 0; i < d; i++) {
            worst = Math.max(worst, Math.abs(average[i] - mean.get(i)) / Math.sqrt(covariance.get(i, i) / m));
            for (int j = i; j < d; j++) {
                double c = 0;
                for (double[] s : samples) {
                    c += (s[i] - average[i]) * (s[j] - average[j]);
                }
                c /= m - 1;
                double expected = covariance.get(i, j);
                double se = Math.sqrt((covariance.get(i, i) * covariance.get(j, j) + expected * expected) / m);
                worst = Math.max(worst, Math.abs(c - expected) / se);
            }
        }
        return worst;
    }

    @Test
    void readoutChainsAtSmallStepsSampleTheExactGaussianPosterior() {
        DMatrixRMaj a = precision(X, 1.0);
        double eta = 0.01 / largestEigenvalue(a); // O(η) bias: 0.5 % of the stiffest variance
        double[][] samples = chains(readoutNet(), readoutTerm(), a, eta, 0);
        double pull = largestPull(samples, posteriorMean(X, 1.0), inverse(a));
        assertTrue(pull < 5.0, "largest pull " + pull);
    }

    @Test
    void atLargeStepsTheChainFollowsItsDiscretisedLawNotThePosterior() {
        DMatrixRMaj a = precision(X, 1.0);
        double eta = 0.8 / largestEigenvalue(a);
        double[][] samples = chains(readoutNet(), readoutTerm(), a, eta, 0);
        DMatrixRMaj shrunk = CommonOps_DDRM.identity(3);
        CommonOps_DDRM.addEquals(shrunk, -eta / 2.0, a);
        DMatrixRMaj product = new DMatrixRMaj(3, 3);
        CommonOps_DDRM.mult(a, shrunk, product);
        DMatrixRMaj discretised = inverse(product);
        DMatrixRMaj mean = posteriorMean(X, 1.0);
        double ownLaw = largestPull(samples, mean, discretised);
        double posterior = largestPull(samples, mean, inverse(a));
        assertTrue(ownLaw < 5.0, "pull against the chain's own stationary law " + ownLaw);
        assertTrue(posterior > 10.0, "the O(η) bias must show at this step: pull " + posterior);
    }

    @Test
    void allLayerChainsOfANetworkWithoutHiddenLayersSampleBayesianLinearRegression() {
        Architecture net = new Architecture(
                2, new NetworkConfig(List.of(), Activation.IDENTITY, true, UNIT_NORMAL, NetworkConfig.Trainable.ALL));
        double[][] inputs = new double[X.length][];
        double[][] design = new double[X.length][];
        for (int i = 0; i < X.length; i++) {
            inputs[i] = new double[] {X[i][0], X[i][1]};
            design[i] = new double[] {X[i][0], X[i][1], 1.0}; // θ = (w₁, w₂, b)
        }
        DMatrixRMaj a = precision(design, 1.0);
        double eta = 0.02 / largestEigenvalue(a); // O(η) bias: 1 % of the stiffest variance, 0.3 standard errors
        SquaredErrorTerm term = SquaredErrorTerm.network(net, new Dataset(inputs, Y));
        assertEquals(3, term.to() - term.from());
        double[][] samples = chains(net, term, a, eta, 0);
        double pull = largestPull(samples, posteriorMean(design, 1.0), inverse(a));
        assertTrue(pull < 5.0, "largest pull " + pull);
    }

    @Test
    void stochasticGradientChainsKeepThePosteriorAtSmallSteps() {
        DMatrixRMaj a = precision(X, 1.0);
        double eta = 0.005 / largestEigenvalue(a); // SGLD's gradient noise adds its own O(η) error
        double[][] samples = chains(readoutNet(), readoutTerm(), a, eta, 2);
        double pull = largestPull(samples, posteriorMean(X, 1.0), inverse(a));
        assertTrue(pull < 5.0, "largest pull " + pull);
    }

    /** One read-out chain of {@code steps} steps of size η from the prior draw of stream 5. */
    private static TrainingResult readoutChain(double[] start, double eta, int steps) {
        return new LangevinSampler(
                        readoutTerm(),
                        new ParameterPrior(readoutNet(), UNIT_NORMAL),
                        NOISE,
                        eta,
                        steps,
                        0,
                        LOSS,
                        chainStream(0))
                .train(start);
    }

    private static double[] priorDraw() {
        return new ParameterPrior(readoutNet(), UNIT_NORMAL).sample(RandomSource.XO_RO_SHI_RO_128_PP.create(5L));
    }

    @Test
    void onlyTheReadoutMovesAndTheLossCurveIsTheChainsTrainingError() {
        SquaredErrorTerm term = readoutTerm();
        double[] start = priorDraw();
        TrainingResult result = readoutChain(start, 0.01, 50);
        assertArrayEquals(
                java.util.Arrays.copyOfRange(start, 0, term.from()),
                java.util.Arrays.copyOfRange(result.theta(), 0, term.from()));
        assertEquals(term.meanSquaredError(start), result.lossCurve()[0], 0.0);
        assertEquals(term.meanSquaredError(result.theta()), result.finalLoss(), 0.0);
        for (int k = 5; k < result.lossCurve().length; k++) { // 50 steps of a 100-epoch curve
            assertTrue(Double.isNaN(result.lossCurve()[k]));
        }
    }

    @Test
    void aChainThatOverflowsStopsDiverged() {
        assertTrue(readoutChain(priorDraw(), 50.0, 5000).diverged());
    }

    /**
     * The automatic step is 1/(1.05 λ + 1) with λ the largest eigenvalue of S^½ Φ̃ᵀΦ̃ S^½ / σ², here
     * from a full EJML eigendecomposition of a read-out with a bias (a column of ones in Φ̃) and a
     * fan-in prior (weights of variance 2/N, a bias of variance 0.25).
     */
    @Test
    void theAutomaticStepSizeIsHalfTheStabilityBoundOfThePreconditionedPosterior() {
        InitConfig fanIn = new InitConfig(InitConfig.Scheme.FAN_IN, 0.0, 1.0, Math.sqrt(2.0), 0.5);
        Architecture net = new Architecture(
                1,
                new NetworkConfig(
                        List.of(new LayerConfig(3, Activation.RELU, false)),
                        Activation.IDENTITY,
                        true,
                        fanIn,
                        NetworkConfig.Trainable.LAST));
        ParameterPrior prior = new ParameterPrior(net, fanIn);
        double[][] scaled = new double[X.length][4];
        for (int i = 0; i < X.length; i++) {
            for (int j = 0; j < 3; j++) {
                scaled[i][j] = Math.abs(X[i][j]) * Math.sqrt(2.0 / 3.0);
            }
            scaled[i][3] = 0.5;
        }
        double[] features = new double[X.length * 3];
        for (int i = 0; i < X.length; i++) {
            for (int j = 0; j < 3; j++) {
                features[3 * i + j] = Math.abs(X[i][j]);
            }
        }
        DMatrixRMaj x = new DMatrixRMaj(scaled);
        DMatrixRMaj curvature = new DMatrixRMaj(4, 4);
        CommonOps_DDRM.multTransA(1.0 / NOISE, x, x, curvature);
        double lambda = largestEigenvalue(curvature);
        double eta = LangevinSampler.stableStepSize(
                new FeatureMatrix(X.length, 3, features), new Readout(net), prior, NOISE);
        assertEquals(1.0 / (1.05 * lambda + 1.0), eta, 1e-6 * eta); // the iteration stops at a relative change of 1e-6
    }
}
