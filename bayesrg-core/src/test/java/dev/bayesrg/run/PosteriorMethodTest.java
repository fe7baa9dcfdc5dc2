package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.posterior.ReadoutPosterior;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

/** posterior.method in the member pipeline: which parameters a member flows from. */
class PosteriorMethodTest {
    private static ExperimentConfig config(String method) {
        return small(method, "network.sharedHidden=true");
    }

    /**
     * A small paper-shaped experiment (12 features with a read-out bias, 8 training points, σ² = 0.3)
     * under {@code method}, with {@code more} assignments.
     */
    static ExperimentConfig small(String method, String... more) {
        List<String> assignments = new java.util.ArrayList<>(List.of(
                "network.hidden[2].width=12",
                "network.init.std=0.5",
                "network.outputBias=true",
                "data.train=8",
                "data.test=5",
                "data.fisher=5",
                "train.epochs=40",
                "train.learningRate=1e-3",
                "fisher.noiseVariance=0.3",
                "posterior.method=" + method));
        assignments.addAll(List.of(more));
        return ConfigLoader.fromPreset(Preset.PAPER).with(assignments).load();
    }

    private static DataSets data(ExperimentConfig config) {
        return Experiment.prepareData(config, Path.of(""));
    }

    /** The conjugate posterior of the shared read-out, computed apart from the pipeline. */
    private static ReadoutPosterior posterior(MemberPipeline pipeline, ExperimentConfig config, DataSets data) {
        FeatureMatrix features = new Network(pipeline.architecture())
                .frozen(pipeline.initialParameters(0))
                .features(data.train().inputs());
        return new ReadoutPosterior(
                features,
                true,
                data.train().targets(),
                0.0,
                0.25,
                config.network().init().biasStd() * config.network().init().biasStd(),
                config.fisher().noiseVariance());
    }

    /**
     * On a small net's own features (width 12 with a bias, 8 training points) the dual's mean and
     * covariance equal the brute-force primal ones, the P × P precision Φ̃ᵀΦ̃/σ² + D⁻¹ inverted by LU,
     * to 1e-10 relative to the largest entry.
     */
    @Test
    void theDualPosteriorOfASmallNetsReadoutIsTheBruteForceInverse() {
        ExperimentConfig config = config("exact");
        DataSets data = data(config);
        MemberPipeline pipeline = new MemberPipeline(config, data);
        ReadoutPosterior exact = posterior(pipeline, config, data);
        FeatureMatrix features = new Network(pipeline.architecture())
                .frozen(pipeline.initialParameters(0))
                .features(data.train().inputs());
        int n = features.rows();
        int p = exact.dimension();
        double[][] design = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features.width(); j++) {
                design[i][j] = features.get(i, j);
            }
            design[i][p - 1] = 1.0;
        }
        double noise = config.fisher().noiseVariance();
        double biasVariance =
                config.network().init().biasStd() * config.network().init().biasStd();
        var x = new org.hipparchus.linear.Array2DRowRealMatrix(design);
        double[] precision = new double[p];
        Arrays.fill(precision, 1 / 0.25);
        precision[p - 1] = 1 / biasVariance;
        var sigma = org.hipparchus.linear.MatrixUtils.inverse(x.transpose()
                .multiply(x)
                .scalarMultiply(1 / noise)
                .add(org.hipparchus.linear.MatrixUtils.createRealDiagonalMatrix(precision)));
        double[] rhs = x.transpose().operate(data.train().targets());
        for (int j = 0; j < p; j++) {
            rhs[j] /= noise; // the prior mean is 0
        }
        double[] mu = sigma.operate(rhs);
        double[] mean = exact.mean();
        double[] cov = exact.covariance();
        double scale = Math.max(
                sigma.getNorm1(), Arrays.stream(mu).map(Math::abs).max().orElseThrow());
        for (int j = 0; j < p; j++) {
            assertEquals(mu[j], mean[j], 1e-10 * scale, "mean " + j);
            for (int k = 0; k < p; k++) {
                assertEquals(sigma.getEntry(j, k), cov[j * p + k], 1e-10 * scale, "covariance " + j + "," + k);
            }
        }
    }

    /**
     * 4,000 exact members on one shared feature map: the sample mean of every read-out coordinate lies
     * within 5 standard errors of the closed-form posterior mean, and the sample variance within 5 of
     * the closed-form variance; the hidden layers are the shared ones, untouched.
     */
    @Test
    void exactMembersHaveTheClosedFormPosteriorMoments() {
        ExperimentConfig config = config("exact");
        DataSets data = data(config);
        MemberPipeline pipeline = new MemberPipeline(config, data);
        ReadoutPosterior exact = posterior(pipeline, config, data);
        int offset = pipeline.architecture().readoutOffset();
        int p = exact.dimension();
        assertEquals(pipeline.architecture().parameterCount() - offset, p);
        int members = 4000;
        double[][] readouts = new double[members][];
        for (int m = 0; m < members; m++) {
            double[] theta = pipeline.trainedParameters(m);
            assertArrayEquals(
                    Arrays.copyOf(pipeline.initialParameters(m), offset), Arrays.copyOf(theta, offset), "hidden " + m);
            readouts[m] = Arrays.copyOfRange(theta, offset, offset + p);
        }
        double[] mu = exact.mean();
        double[] sigma = exact.covariance();
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (double[] r : readouts) {
                mean += r[j] / members;
            }
            double variance = 0;
            for (double[] r : readouts) {
                variance += (r[j] - mean) * (r[j] - mean) / (members - 1);
            }
            double v = sigma[j * p + j];
            assertTrue(Math.abs(mean - mu[j]) < 5 * Math.sqrt(v / members), "mean " + j + ": " + mean + " vs " + mu[j]);
            assertTrue(
                    Math.abs(variance - v) < 5 * v * Math.sqrt(2.0 / members),
                    "variance " + j + ": " + variance + " vs " + v);
        }
    }

    /**
     * A Laplace member is its GD-trained member plus the posterior perturbation of its own stream, to
     * rounding; it keeps the GD loss curve, and its training loss is that of the drawn member. An exact
     * member has no loss curve (NaN) and the training loss of its draw.
     */
    @Test
    void aLaplaceMemberIsItsTrainedMemberMovedByThePosteriorPerturbation() {
        ExperimentConfig laplaceConfig = config("laplace");
        DataSets data = data(laplaceConfig);
        MemberPipeline laplace = new MemberPipeline(laplaceConfig, data);
        MemberPipeline gd = new MemberPipeline(config("gd-ensemble"), data);
        ReadoutPosterior posterior = posterior(laplace, laplaceConfig, data);
        int offset = laplace.architecture().readoutOffset();
        for (int m : new int[] {0, 3, 11}) {
            double[] trained = gd.trainedParameters(m);
            double[] drawn = laplace.trainedParameters(m);
            double[] delta = posterior.perturbation(ZigguratSampler.NormalizedGaussian.of(
                    RandomStreams.member(laplaceConfig.ensemble().seed(), m, RandomStreams.Purpose.POSTERIOR))::sample);
            for (int j = 0; j < delta.length; j++) {
                assertEquals(trained[offset + j] + delta[j], drawn[offset + j], 1e-12, "member " + m + ", " + j);
            }
            MemberResult l = laplace.run(m);
            MemberResult g = gd.run(m);
            assertArrayEquals(g.lossCurve(), l.lossCurve(), "the GD curve to the Laplace centre");
            assertEquals(trainingMse(laplace, data, drawn), l.finalTrainLoss(), 1e-9);
        }
        ExperimentConfig exactConfig = config("exact");
        MemberPipeline exact = new MemberPipeline(exactConfig, data);
        MemberResult e = exact.run(2);
        assertTrue(Arrays.stream(e.lossCurve()).allMatch(Double::isNaN), "nothing trained");
        assertEquals(trainingMse(exact, data, exact.trainedParameters(2)), e.finalTrainLoss(), 1e-9);
    }

    private static double trainingMse(MemberPipeline pipeline, DataSets data, double[] theta) {
        double[] out = new double[data.train().size()];
        new Network(pipeline.architecture()).outputs(theta, data.train().inputs(), out);
        return MemberPipeline.meanSquaredError(out, data.train().targets());
    }

    /**
     * A Laplace member over every layer is its GD-trained member θ̂ moved by z_j / √(F_total,jj + 1/s_j²),
     * here with F_total,jj = Σ_i (∂f(x_i)/∂θ_j)² / σ² from central finite differences of the network's
     * output (not its backpropagation) and z from the member's posterior stream.
     */
    @Test
    void anAllLayerLaplaceMemberIsItsTrainedMemberMovedByTheDiagonalPosteriorSpread() {
        String[] allLayers = {
            "network.trainable=all",
            "network.init.scheme=fan-in",
            "network.hidden[2].width=6",
            "train.learningRate=1e-2"
        };
        ExperimentConfig laplaceConfig = small("laplace", allLayers);
        DataSets data = data(laplaceConfig);
        MemberPipeline laplace = new MemberPipeline(laplaceConfig, data);
        MemberPipeline gd = new MemberPipeline(small("gd-ensemble", allLayers), data);
        Network network = new Network(laplace.architecture());
        dev.bayesrg.net.ParameterPrior prior = new dev.bayesrg.net.ParameterPrior(
                laplace.architecture(), laplaceConfig.network().init());
        for (int m : new int[] {0, 5}) {
            double[] centre = gd.trainedParameters(m);
            double[] drawn = laplace.trainedParameters(m);
            ZigguratSampler.NormalizedGaussian z = ZigguratSampler.NormalizedGaussian.of(
                    RandomStreams.member(laplaceConfig.ensemble().seed(), m, RandomStreams.Purpose.POSTERIOR));
            for (int j = 0; j < centre.length; j++) {
                double h = 1e-6 * Math.max(1.0, Math.abs(centre[j]));
                double fisher = 0;
                for (double[] x : data.train().inputs()) {
                    double[] up = centre.clone();
                    double[] down = centre.clone();
                    up[j] += h;
                    down[j] -= h;
                    double g = (network.output(up, x) - network.output(down, x)) / (2 * h);
                    fisher += g * g / 0.3;
                }
                double step = z.sample() / Math.sqrt(fisher + 1.0 / prior.variance(j));
                assertEquals(centre[j] + step, drawn[j], 1e-6 * Math.abs(step) + 1e-12, "member " + m + ", " + j);
            }
        }
    }
}
