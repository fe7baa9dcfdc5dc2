package dev.bayesrg.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where the inputs and targets come from. {@code gaussian}: inputs x ~ N(inputMean,
 * inputCovariance) and y = target(x); {@code two-moons} and {@code blobs}: binary labels y ∈ {0, 1}
 * with inputs drawn around them ({@link Source}; {@code target} unused); {@code csv}: rows {@code x0..x{d-1},y} of the file {@code csv},
 * shuffled with {@code seed} and split; {@code npy}: the arrays of the directory {@code directory},
 * in their order (what {@code bayesrg import} writes). Either way the training, test and Fisher sets
 * are made once and shared by every ensemble member. {@code probe} is the fixed input x* at
 * which the ensemble's one-point distribution is tracked. {@code classes} is the number K of labels of
 * a classification task (2 by default): with K ≥ 3 and {@code train.loss: cross-entropy} the network
 * has K outputs, the logits of a softmax, and the labels are 0..K−1.
 */
public record DataConfig(
        Source source,
        List<Double> inputMean,
        List<List<Double>> inputCovariance,
        Target target,
        String csv,
        String directory,
        int train,
        int test,
        int fisher,
        long seed,
        List<Double> probe,
        int classes) {
    public DataConfig {
        inputMean = inputMean == null ? null : List.copyOf(inputMean);
        inputCovariance = inputCovariance == null
                ? null
                : inputCovariance.stream()
                        .map(row -> row == null ? null : List.copyOf(row))
                        .toList();
        probe = probe == null ? null : List.copyOf(probe);
    }

    /** Where the data come from: Gaussian inputs with a built-in target, a CSV file, or a directory of arrays. */
    public enum Source {
        @JsonProperty("gaussian")
        GAUSSIAN,
        @JsonProperty("csv")
        CSV,
        @JsonProperty("npy")
        NPY,
        /**
         * A binary classification task: the two interleaved half circles of scikit-learn's make_moons
         * (label 0: (cos t, sin t), label 1: (1 − cos t, 1/2 − sin t), t ~ U(0, π), each label with
         * probability 1/2), shifted by inputMean, plus Gaussian noise of covariance inputCovariance; d = 2.
         */
        @JsonProperty("two-moons")
        TWO_MOONS,
        /**
         * A classification task. Binary ({@code classes} 2): label 1 with probability 1/2,
         * x ~ N(+inputMean, inputCovariance) for label 1 and N(−inputMean, inputCovariance) for label 0.
         * With {@code classes} K ≥ 3: label c = ⌊K u⌋, u ~ U(0, 1), and x ~ N(centre_c, inputCovariance),
         * centre_c being inputMean turned by 2πc/K in the plane of the first two coordinates (d = 1:
         * spread evenly from −inputMean to +inputMean).
         */
        @JsonProperty("blobs")
        BLOBS;

        /** Whether the inputs are drawn from data.seed with inputMean and inputCovariance (not read from files). */
        public boolean drawn() {
            return this == GAUSSIAN || this == TWO_MOONS || this == BLOBS;
        }
    }

    /** Built-in target functions y(x). */
    public enum Target {
        /** The paper's "2D quadratic" (arXiv:2405.17538, eq. 91): (1 − x0)² − 0.5 (x1 − x0²); needs d = 2. */
        @JsonProperty("quadratic")
        QUADRATIC,
        /** sin(x0 + … + x{d-1}). */
        @JsonProperty("sin")
        SIN,
        /** x0 + … + x{d-1}. */
        @JsonProperty("linear")
        LINEAR,
        /** Σ_i (1 − x_i)² + 100 (x_{i+1} − x_i²)²; needs d ≥ 2. */
        @JsonProperty("rosenbrock")
        ROSENBROCK
    }

    /**
     * The largest magnitude of a number in the data: every input and target (a CSV cell, the probe,
     * a mesh point, the Gaussian inputs' mean and covariance) must satisfy |v| &lt;= 1e50. A run squares
     * them (losses, kernels, Fisher entries) and takes fourth powers of outputs of their size (the
     * probe's kurtosis, the connected four-point function), on top of network gains, sample sums and
     * 1/fisher.noiseVariance: at 1e50 the fourth powers (1e200) stay a factor 1e108 below the largest
     * float64 (1.8e308), where 1e300 would overflow to infinite Fisher entries at once.
     */
    public static final double MAX_MAGNITUDE = 1e50;

    /** What {@link #MAX_MAGNITUDE} allows, for messages. */
    public static final String MAGNITUDE_ALLOWED =
            "a finite number with |v| <= 1e50 (larger ones overflow float64 in squares and fourth powers; rescale)";

    public int inputDimension() {
        return probe.size();
    }

    /**
     * The largest {@link #classes}: the nnft field of K classes lives on the pairs of mesh point and
     * class, at most {@link NnftConfig#MAX_POINTS} of them, and a mesh has at least one point.
     */
    public static final int MAX_CLASSES = NnftConfig.MAX_POINTS;

    /** Whether the labels are 0..K−1 with K = {@link #classes} ≥ 3 (a softmax classification task). */
    public boolean multiClass() {
        return classes >= 3;
    }
}
