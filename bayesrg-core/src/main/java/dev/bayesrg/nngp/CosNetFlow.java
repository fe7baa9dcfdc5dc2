package dev.bayesrg.nngp;

import dev.bayesrg.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The BRG flow of a trained generalized cos-net at finite width N (arXiv:2405.17538, eqs. 86–90). The frozen
 * neurons give the n×N feature matrix φ_j(x_i) = cos(b_j·x_i + c_j)/sqrt(b_j² + m²); the read-out,
 * a_j ~ N(0, σ_a²/N) at initialisation, is trained by full-batch gradient descent, whose ensemble is
 * exactly Gaussian (μ_T, Σ_T by {@link GradientDescentPosterior}). The read-out Fisher is diagonal in
 * the mean over the training inputs, F_j = (1/n) Σ_i φ_j(x_i)²/σ². At each information cutoff ε the
 * sloppy neurons S_ε = {j : F_j &lt; ε} are reset to the sloppy variance, which gives σ_eff²(ε) (eq. 87),
 * the field rescaling sqrt(σ_eff² A) (eq. 88), the mass m'² = m²/(σ_eff² A) (eq. 89) and the cutoff
 * Λ(ε) (eq. 90). The last two columns test the identification (docs/method.md, "cosnet") of the information scale with a
 * momentum: the share of sloppy neurons with |b_j| &gt; Λ_info(ε), and of stiff ones with |b_j| ≤ Λ_info(ε).
 * Λ(ε) only re-labels the prefactor A: the frozen b_j still span B_Λ.
 */
public final class CosNetFlow {
    private CosNetFlow() {}

    /** The function the read-out is trained to fit. */
    public enum Target {
        /** y = sin(x_0): a frequency 1 mode, inside the ball whenever Λ &gt; 1. */
        SIN("sin"),
        /** y = 0: training only shrinks the read-out towards zero. */
        ZERO("zero");

        private final String id;

        Target(String id) {
            this.id = id;
        }

        /** The name a user types, e.g. {@code sin}. */
        public String id() {
            return id;
        }

        /** The target called {@code id}; a bad name is refused under the parameter name {@code target}. */
        public static Target of(String id) {
            for (Target t : values()) {
                if (t.id.equals(id)) {
                    return t;
                }
            }
            throw new ConfigException("target", "got '" + id + "', allowed sin or zero");
        }

        public double value(double[] x) {
            return this == SIN ? Math.sin(x[0]) : 0;
        }
    }

    /**
     * The net and its training.
     *
     * @param sigmaA2        σ_a²: the prior read-out weights are N(0, σ_a²/N)
     * @param noiseVariance  σ² of the regression likelihood in the Fisher
     * @param sloppyVariance the variance a sloppy read-out weight is reset to (σ_a²/N returns it to its prior)
     */
    public record Setup(
            int dimension,
            double cutoff,
            double mass,
            double sigmaA2,
            double noiseVariance,
            double sloppyVariance,
            double learningRate,
            int epochs) {}

    /** One information cutoff of the flow. */
    public record Step(
            double epsilon,
            int sloppyCount,
            double sloppyFraction,
            double effectiveVariance,
            double fieldScale,
            double renormalizedMass2,
            double renormalizedCutoff,
            double informationMomentum,
            double sloppyAboveShare,
            double stiffBelowShare) {}

    /**
     * The cos-net flow: the trained ensemble's summary and one step per cutoff.
     *
     * @param trainedVariance tr Σ_T + ‖μ_T‖², the σ_eff² of the trained ensemble before any coarse-graining
     * @param trainingError   the mean squared error of the mean read-out μ_T on the training inputs
     * @param fisher          F_j of every neuron
     */
    public record Result(double trainedVariance, double trainingError, double[] fisher, List<Step> steps) {}

    /** n inputs x ~ N(0, s² I_d). */
    public static double[][] gaussianInputs(int n, int d, double spread, UniformRandomProvider rng) {
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] = spread * normal.sample();
            }
        }
        return x;
    }

    /** y_i = target(x_i). */
    public static double[] targets(Target target, double[][] inputs) {
        double[] y = new double[inputs.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = target.value(inputs[i]);
        }
        return y;
    }

    /** Φ, the n×N matrix φ_j(x_i). */
    public static double[][] features(CosNet.Neurons neurons, double[][] inputs, double mass) {
        double[][] phi = new double[inputs.length][neurons.count()];
        for (int i = 0; i < inputs.length; i++) {
            for (int j = 0; j < neurons.count(); j++) {
                phi[i][j] = CosNet.feature(neurons, j, inputs[i], mass);
            }
        }
        return phi;
    }

    /** Trains the read-out on (inputs, targets) and follows the flow through the given cutoffs. */
    public static Result of(
            Setup setup, CosNet.Neurons neurons, double[][] inputs, double[] targets, double[] epsilons) {
        int width = neurons.count();
        int n = inputs.length;
        double[][] phi = features(neurons, inputs, setup.mass());
        double[] priorVariance = new double[width];
        java.util.Arrays.fill(priorVariance, setup.sigmaA2() / width);
        GradientDescentPosterior.Gaussian trained = GradientDescentPosterior.of(
                phi, targets, setup.learningRate(), setup.epochs(), new double[width], priorVariance);
        double[] mu = trained.mean();
        double[] sigmaDiagonal = new double[width];
        double[] fisher = new double[width];
        double[] momentum = new double[width];
        for (int j = 0; j < width; j++) {
            sigmaDiagonal[j] = trained.covariance()[j][j];
            double s = 0;
            for (double[] row : phi) {
                s += row[j] * row[j];
            }
            fisher[j] = s / (n * setup.noiseVariance());
            double b2 = 0;
            for (double b : neurons.frequencies()[j]) {
                b2 += b * b;
            }
            momentum[j] = Math.sqrt(b2);
        }
        double trainingError = 0;
        for (int i = 0; i < n; i++) {
            double f = 0;
            for (int j = 0; j < width; j++) {
                f += phi[i][j] * mu[j];
            }
            trainingError += (f - targets[i]) * (f - targets[i]);
        }
        trainingError /= n;
        // Below every F_j nothing is sloppy: eq. 87 is then tr Σ_T + ‖μ_T‖².
        double trainedVariance = CosNet.effectiveVariance(mu, sigmaDiagonal, fisher, Double.NEGATIVE_INFINITY, 0);
        double a = CosNet.spectralWeight(setup.dimension(), setup.cutoff());
        List<Step> steps = new ArrayList<>(epsilons.length);
        for (double epsilon : epsilons) {
            double sigmaEff2 = CosNet.effectiveVariance(mu, sigmaDiagonal, fisher, epsilon, setup.sloppyVariance());
            double lambdaInfo = CosNet.informationMomentum(epsilon, setup.noiseVariance(), setup.mass());
            int sloppy = 0;
            int sloppyAbove = 0;
            int stiffBelow = 0;
            for (int j = 0; j < width; j++) {
                if (fisher[j] < epsilon) {
                    sloppy++;
                    sloppyAbove += momentum[j] > lambdaInfo ? 1 : 0;
                } else {
                    stiffBelow += momentum[j] <= lambdaInfo ? 1 : 0;
                }
            }
            int stiff = width - sloppy;
            steps.add(new Step(
                    epsilon,
                    sloppy,
                    (double) sloppy / width,
                    sigmaEff2,
                    Math.sqrt(sigmaEff2 * a),
                    setup.mass() * setup.mass() / (sigmaEff2 * a),
                    CosNet.renormalizedCutoff(setup.cutoff(), setup.sigmaA2(), sigmaEff2, setup.dimension()),
                    lambdaInfo,
                    sloppy == 0 ? Double.NaN : (double) sloppyAbove / sloppy,
                    stiff == 0 ? Double.NaN : (double) stiffBelow / stiff));
        }
        return new Result(trainedVariance, trainingError, fisher, List.copyOf(steps));
    }
}
