package dev.bayesrg.net;

import dev.bayesrg.config.TrainConfig;
import org.hipparchus.special.Erf;

/**
 * The per-point training loss ℓ(f, y) of a network output f against a target y, its derivative
 * ∂ℓ/∂f that gradient descent follows, and the likelihood p(y | f) it stands for, whose Fisher
 * information about f, I(f) = E_{y~p(·|f)}[(∂_f log p(y|f))²], weights each input's gradient in
 * the Fisher metric: F = (1/n_F) Σ_n I(f(x_n)) ∇f(x_n) ∇f(x_n)ᵀ (arXiv:2405.17538, eq. 50).
 *
 * <p>The regression losses are read as negative log-likelihoods at the temperature 2σ² of the
 * mean squared error, p(y | f) ∝ exp(−ℓ(f, y) / (2σ²)) with σ² = {@code fisher.noiseVariance}, a
 * location family in y − f: its Fisher information is a constant, so the metric is the regression
 * metric Jᵀ J / n_F scaled by it.
 *
 * <ul>
 *   <li>{@code mse}: ℓ = (f − y)², p = N(f, σ²), I = 1/σ² (the regression Fisher of before);
 *   <li>{@code huber} with δ &gt; 0: ℓ = r² for |r| ≤ δ, 2δ|r| − δ² beyond (twice the textbook Huber
 *       loss, so that it equals the squared error in its core and tends to it as δ → ∞); p has a
 *       Gaussian core and exponential tails, and I = P(|r| ≤ δ)/σ², with
 *       P(|r| ≤ δ) = C / (C + T), C = σ√(2π) erf(δ/(σ√2)), T = (2σ²/δ) exp(−δ²/(2σ²)), exactly;
 *   <li>{@code l1}: ℓ = |f − y|, p the Laplace law of scale b = 2σ², I = 1/b² = 1/(4σ⁴);
 *   <li>{@code cross-entropy}: f is the logit of a binary label y ∈ {0, 1}, ℓ = log(1 + eᶠ) − y f,
 *       p = Bernoulli(s(f)) with s the logistic function, I = s(f)(1 − s(f)) (the classification
 *       Fisher; σ² does not enter, and I depends on the trained output).
 * </ul>
 */
public abstract class OutputLoss {
    private final String id;

    OutputLoss(String id) {
        this.id = id;
    }

    /** The per-point loss ℓ(f, y). */
    public abstract double value(double output, double target);

    /** ∂ℓ/∂f at (f, y). */
    public abstract double derivative(double output, double target);

    /** The Fisher information about f of the likelihood ℓ stands for, at output f (σ² = {@code noiseVariance}). */
    public abstract double fisherInformation(double output, double noiseVariance);

    /**
     * σ² I(f), the Fisher information relative to the squared error's 1/σ²: exactly 1 for {@code mse},
     * so that its metric keeps the rounding of the regression Fisher (1/(n_F σ²)) Σ ∇f∇fᵀ.
     */
    public double relativeInformation(double output, double noiseVariance) {
        return this == MSE ? 1.0 : noiseVariance * fisherInformation(output, noiseVariance);
    }

    /** Whether {@link #fisherInformation} is the same for every output f (true for the regression losses). */
    public boolean constantInformation() {
        return true;
    }

    /** Whether the targets must be binary labels 0 or 1. */
    public boolean classification() {
        return false;
    }

    /**
     * The network outputs each point's loss takes: 1 for these scalar losses, K for the softmax
     * cross-entropy of K classes ({@link SoftmaxCrossEntropy}), whose arrays of outputs hold K per
     * point, point-major.
     */
    public int outputsPerPoint() {
        return 1;
    }

    /** The {@code train.loss} name. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /** The mean of ℓ over the points: (1/n) Σ_i ℓ(f_i, y_i). */
    public double mean(double[] outputs, double[] targets) {
        double s = 0;
        for (int i = 0; i < outputs.length; i++) {
            s += value(outputs[i], targets[i]);
        }
        return s / outputs.length;
    }

    /** The squared error, the loss of the paper (arXiv:2405.17538, eq. 92). */
    public static final OutputLoss MSE = new OutputLoss("mse") {
        @Override
        public double value(double output, double target) {
            double r = output - target;
            return r * r;
        }

        @Override
        public double derivative(double output, double target) {
            return 2.0 * (output - target);
        }

        @Override
        public double fisherInformation(double output, double noiseVariance) {
            return 1.0 / noiseVariance;
        }
    };

    /** The absolute error. */
    public static final OutputLoss L1 = new OutputLoss("l1") {
        @Override
        public double value(double output, double target) {
            return Math.abs(output - target);
        }

        @Override
        public double derivative(double output, double target) {
            return Math.signum(output - target);
        }

        @Override
        public double fisherInformation(double output, double noiseVariance) {
            return 1.0 / (4.0 * noiseVariance * noiseVariance);
        }
    };

    /** The binary cross-entropy of a logit f against a label y ∈ {0, 1}. */
    public static final OutputLoss CROSS_ENTROPY = new OutputLoss("cross-entropy") {
        @Override
        public double value(double output, double target) {
            // log(1 + e^f) without overflow, minus y f
            double softplus = Math.max(output, 0.0) + Math.log1p(Math.exp(-Math.abs(output)));
            return softplus - target * output;
        }

        @Override
        public double derivative(double output, double target) {
            return logistic(output) - target;
        }

        @Override
        public double fisherInformation(double output, double noiseVariance) {
            return logistic(output) * logistic(-output);
        }

        @Override
        public boolean constantInformation() {
            return false;
        }

        @Override
        public boolean classification() {
            return true;
        }
    };

    /** The Huber loss of threshold δ, scaled to equal (f − y)² for |f − y| ≤ δ. */
    public static OutputLoss huber(double delta) {
        if (!(delta > 0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("the Huber threshold must be finite and > 0, got " + delta);
        }
        return new OutputLoss("huber") {
            @Override
            public double value(double output, double target) {
                double r = Math.abs(output - target);
                return r <= delta ? r * r : 2.0 * delta * r - delta * delta;
            }

            @Override
            public double derivative(double output, double target) {
                double r = output - target;
                return Math.abs(r) <= delta ? 2.0 * r : 2.0 * delta * Math.signum(r);
            }

            @Override
            public double fisherInformation(double output, double noiseVariance) {
                return coreProbability(delta, noiseVariance) / noiseVariance;
            }
        };
    }

    /**
     * P(|r| ≤ δ) under the density ∝ exp(−ρ_δ(r)/(2σ²)) of the scaled Huber loss ρ_δ: the Gaussian
     * core C = σ√(2π) erf(δ/(σ√2)) over C plus the two exponential tails T = (2σ²/δ) exp(−δ²/(2σ²)).
     */
    public static double coreProbability(double delta, double noiseVariance) {
        double sigma = Math.sqrt(noiseVariance);
        double core = sigma * Math.sqrt(2 * Math.PI) * Erf.erf(delta / (sigma * Math.sqrt(2)));
        double tails = 2 * noiseVariance / delta * Math.exp(-delta * delta / (2 * noiseVariance));
        return core / (core + tails);
    }

    /** The logistic function 1/(1 + e^{−f}), without overflow. */
    public static double logistic(double f) {
        if (f >= 0) {
            return 1.0 / (1.0 + Math.exp(-f));
        }
        double e = Math.exp(f);
        return e / (1.0 + e);
    }

    /**
     * The loss of a whole configuration: {@link #of(TrainConfig)}, except that cross-entropy over
     * {@code data.classes} K ≥ 3 is the softmax cross-entropy of K logits.
     */
    public static OutputLoss of(dev.bayesrg.config.ExperimentConfig config) {
        int outputs = config.outputsPerPoint();
        return outputs > 1 ? new SoftmaxCrossEntropy(outputs) : of(config.train());
    }

    /** The loss a training configuration names (one output per point; the binary cross-entropy). */
    public static OutputLoss of(TrainConfig config) {
        return switch (config.loss()) {
            case MSE -> MSE;
            case HUBER -> huber(config.huberDelta());
            case L1 -> L1;
            case CROSS_ENTROPY -> CROSS_ENTROPY;
        };
    }
}
