package dev.bayesrg.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Training: {@code gd} is full-batch gradient descent on the mean squared error (what the paper's
 * text says); {@code sgd} is one step per sample in fixed order on (f − y)² (what the authors' code
 * does). The training loss is recorded every {@code lossEvery} epochs. A member is marked diverged
 * (docs/method.md, "Diverged members") at the first epoch whose loss is non-finite, or above
 * {@code divergenceFactor} times the loss of its initial parameters (null: no growth test), or above
 * the absolute {@code divergenceLoss} (null: none; the first version's rule, which judges the loss
 * before the first update too and so drops members that merely start high); with
 * {@code divergenceBound} also at epoch 0 when the learning rate is not below the stable bound of
 * linear read-out training, η &lt; m/λ_max(Φ̃_B Φ̃_Bᵀ) over the batches B of m points a step uses
 * (GD: m = n, the whole training set; SGD: m = 1, each point). {@code solver} says
 * how read-out training is computed: in closed form (docs/method.md; GD of a linear read-out), by
 * iteration in the dual space of the training features, or by iteration on the weights; all three
 * give the same trajectory up to rounding. {@code auto}: the fastest exact one. {@code loss} is the
 * per-point loss ℓ(f, y) the optimizer descends and the flow's test loss measures, and the
 * likelihood whose Fisher metric the flow follows ({@link dev.bayesrg.net.OutputLoss}; the closed
 * forms hold for {@code mse} alone); {@code huberDelta} is the Huber loss's threshold δ.
 */
public record TrainConfig(
        Optimizer optimizer,
        double learningRate,
        int epochs,
        int lossEvery,
        Double divergenceLoss,
        Double divergenceFactor,
        boolean divergenceBound,
        Solver solver,
        Loss loss,
        double huberDelta) {

    /** The growth factor of the {@code paper} preset: a loss ten times its initial value diverges. */
    public static final double DEFAULT_DIVERGENCE_FACTOR = 10.0;

    /** A configuration on the squared error. */
    public TrainConfig(
            Optimizer optimizer,
            double learningRate,
            int epochs,
            int lossEvery,
            Double divergenceLoss,
            Double divergenceFactor,
            boolean divergenceBound,
            Solver solver) {
        this(
                optimizer,
                learningRate,
                epochs,
                lossEvery,
                divergenceLoss,
                divergenceFactor,
                divergenceBound,
                solver,
                Loss.MSE,
                1.0);
    }

    /**
     * A configuration on the squared error judged by the absolute {@code divergenceLoss} alone (the first
     * version's rule: no growth test, no learning-rate bound).
     */
    public TrainConfig(
            Optimizer optimizer, double learningRate, int epochs, int lossEvery, Double divergenceLoss, Solver solver) {
        this(optimizer, learningRate, epochs, lossEvery, divergenceLoss, null, false, solver);
    }

    /** As {@link #TrainConfig(Optimizer, double, int, int, Double, Solver)} with {@code solver: auto}. */
    public TrainConfig(Optimizer optimizer, double learningRate, int epochs, int lossEvery, Double divergenceLoss) {
        this(optimizer, learningRate, epochs, lossEvery, divergenceLoss, Solver.AUTO);
    }

    /** This configuration with another solver. */
    public TrainConfig withSolver(Solver other) {
        return new TrainConfig(
                optimizer,
                learningRate,
                epochs,
                lossEvery,
                divergenceLoss,
                divergenceFactor,
                divergenceBound,
                other,
                loss,
                huberDelta);
    }

    /** This configuration with another divergence rule. */
    public TrainConfig withDivergence(Double newLoss, Double factor, boolean bound) {
        return new TrainConfig(
                optimizer, learningRate, epochs, lossEvery, newLoss, factor, bound, solver, loss, huberDelta);
    }

    /** This configuration with another loss (and Huber threshold). */
    public TrainConfig withLoss(Loss newLoss, double newHuberDelta) {
        return new TrainConfig(
                optimizer,
                learningRate,
                epochs,
                lossEvery,
                divergenceLoss,
                divergenceFactor,
                divergenceBound,
                solver,
                newLoss,
                newHuberDelta);
    }

    /** The per-point training loss and the likelihood it stands for (docs/method.md, "Losses and likelihoods"). */
    public enum Loss {
        /** (f − y)², a Gaussian likelihood of variance σ² (the paper's). */
        @JsonProperty("mse")
        MSE("mse"),
        /** r² for |r| ≤ δ, 2δ|r| − δ² beyond (r = f − y, δ = {@code train.huberDelta}). */
        @JsonProperty("huber")
        HUBER("huber"),
        /** |f − y|, a Laplace likelihood. */
        @JsonProperty("l1")
        L1("l1"),
        /** log(1 + eᶠ) − y f for a logit f and a label y ∈ {0, 1}, a Bernoulli likelihood. */
        @JsonProperty("cross-entropy")
        CROSS_ENTROPY("cross-entropy");

        private final String id;

        Loss(String id) {
            this.id = id;
        }

        /** The configuration name. */
        public String id() {
            return id;
        }
    }

    /** Full-batch gradient descent on the mean MSE, or per-sample SGD in a fixed order. */
    public enum Optimizer {
        @JsonProperty("gd")
        GD,
        @JsonProperty("sgd")
        SGD
    }

    /** How the training trajectory is computed (all give the same trajectory up to rounding). */
    public enum Solver {
        /**
         * The fastest exact method: for GD of a linear read-out the tridiagonal iteration on the
         * smaller of the n×n Gram matrix and the N×N feature covariance when forming it,
         * min(n, N)² max(n, N), costs less than the epochs on the weights, epochs · n N (or the
         * closed form when the epochs are so many that it is cheaper); otherwise the iteration (in
         * the dual space when n &lt; N).
         */
        @JsonProperty("auto")
        AUTO,
        /**
         * Always the closed form, from one eigendecomposition of the smaller of the Gram matrix and
         * the feature covariance (an error where it does not apply).
         */
        @JsonProperty("closed-form")
        CLOSED_FORM,
        /**
         * GD of a linear read-out iterated in the basis where the smaller of the Gram matrix ΦΦᵀ (n &lt; N)
         * and the feature covariance ΦᵀΦ (n ≥ N) is tridiagonal: min(n, N)³ once, then O(min(n, N)) per
         * epoch (an error where it does not apply).
         */
        @JsonProperty("tridiagonal")
        TRIDIAGONAL,
        /** Iterate epoch by epoch, in the dual (kernel) space where that is cheaper (n &lt; N), else on the weights. */
        @JsonProperty("iterate")
        ITERATE,
        /** Iterate epoch by epoch on the weights themselves: the reference loop, O(nN) per epoch. */
        @JsonProperty("iterate-primal")
        ITERATE_PRIMAL
    }
}
