package dev.bayesrg.fisher;

import dev.bayesrg.net.Network;
import dev.bayesrg.net.SoftmaxCrossEntropy;

/**
 * The K score rows of one input under a softmax classifier's likelihood, the factor of its Fisher
 * block: r_c = √p_c (∇f_c − Σ_k p_k ∇f_k), so that Σ_c r_c r_cᵀ = Jᵀ (diag(p) − p pᵀ) J with J the K × P
 * Jacobian of the logits ({@link SoftmaxCrossEntropy}). One backpropagation per class (f_c's own
 * gradient); one instance serves one thread.
 */
final class SoftmaxScores {
    private final Network network;
    private final SoftmaxCrossEntropy loss;
    private final double[][] gradients;
    private final double[] mean;
    private final double[] logits;
    private final double[] probabilities;
    private final double[] unit;

    SoftmaxScores(Network network, SoftmaxCrossEntropy loss) {
        int k = loss.classes();
        int p = network.architecture().parameterCount();
        this.network = network;
        this.loss = loss;
        this.gradients = new double[k][p];
        this.mean = new double[p];
        this.logits = new double[k];
        this.probabilities = new double[k];
        this.unit = new double[k];
    }

    /**
     * The K rows at input x over the parameters [from, to) into {@code into} (K × (to − from),
     * row-major), each multiplied by {@code scale}.
     */
    void rows(double[] theta, double[] x, int from, int to, double scale, double[] into, int at) {
        int k = loss.classes();
        for (int c = 0; c < k; c++) {
            java.util.Arrays.fill(unit, 0.0);
            unit[c] = 1.0;
            network.gradient(theta, x, unit, gradients[c], logits);
        }
        loss.probabilities(logits, 0, probabilities, 0);
        java.util.Arrays.fill(mean, from, to, 0.0);
        for (int c = 0; c < k; c++) {
            double pc = probabilities[c];
            double[] g = gradients[c];
            for (int j = from; j < to; j++) {
                mean[j] += pc * g[j];
            }
        }
        int width = to - from;
        for (int c = 0; c < k; c++) {
            double root = scale * Math.sqrt(probabilities[c]);
            double[] g = gradients[c];
            int row = at + c * width;
            for (int j = from; j < to; j++) {
                into[row + j - from] = root * (g[j] - mean[j]);
            }
        }
    }
}
