package dev.bayesrg.net;

/**
 * The cross-entropy of K ≥ 3 logits f_1..f_K against a label y ∈ {0, …, K−1}, ℓ = log Σ_c e^{f_c} − f_y:
 * the negative log-likelihood of the categorical law p_c = softmax(f)_c. Its gradient in the logits is
 * p − e_y, and its Fisher information about them is the softmax covariance
 * I(f) = E_{y~p}[(p − e_y)(p − e_y)ᵀ] = diag(p) − p pᵀ, the Hessian of ℓ, the same for every label.
 * The Fisher metric of parameters θ is F = (1/n_F) Σ_n J_nᵀ I(f(x_n)) J_n with J_n = ∂f(x_n)/∂θ the
 * K × P Jacobian; since diag(p) − p pᵀ = Σ_c p_c (e_c − p)(e_c − p)ᵀ, it is the Gram matrix of the
 * K rows √p_c (∂f_c − Σ_k p_k ∂f_k) per input, which is how {@link dev.bayesrg.fisher.FisherJacobian}
 * stores it. For K = 2 it is the binary cross-entropy of the logit difference, which is why two
 * classes keep one output ({@link OutputLoss#CROSS_ENTROPY}).
 *
 * <p>Outputs come K per point, point-major: point i's logits are {@code outputs[i·K .. i·K + K)}, and
 * a target is the label as a double. The scalar methods of {@link OutputLoss} do not apply (a point's
 * loss needs all its K outputs) and throw.
 */
public final class SoftmaxCrossEntropy extends OutputLoss {
    private final int classes;

    /** The loss of {@code classes} ≥ 3 labels. */
    public SoftmaxCrossEntropy(int classes) {
        super("cross-entropy");
        if (classes < 3) {
            throw new IllegalArgumentException(
                    "a softmax of " + classes + " classes: two are the binary cross-entropy");
        }
        this.classes = classes;
    }

    /** K, the number of classes. */
    public int classes() {
        return classes;
    }

    @Override
    public int outputsPerPoint() {
        return classes;
    }

    @Override
    public boolean constantInformation() {
        return false;
    }

    @Override
    public boolean classification() {
        return true;
    }

    /** The label a target stands for: an integer in [0, K), else an exception naming it. */
    public int label(double target) {
        int y = (int) target;
        if (y != target || y < 0 || y >= classes) {
            throw new IllegalArgumentException("target " + target + " is not a label 0.." + (classes - 1));
        }
        return y;
    }

    /** log Σ_c e^{f_c} over the K logits at {@code outputs[from..from + K)}, without overflow. */
    public double logPartition(double[] outputs, int from) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, outputs[from + c]);
        }
        if (!Double.isFinite(max)) {
            return max; // NaN, or an infinite logit: the loss is not finite either way
        }
        double s = 0;
        for (int c = 0; c < classes; c++) {
            s += Math.exp(outputs[from + c] - max);
        }
        return max + Math.log(s);
    }

    /** One point's loss ℓ = log Σ_c e^{f_c} − f_y, its logits at {@code outputs[from..from + K)}. */
    public double pointLoss(double[] outputs, int from, double target) {
        return logPartition(outputs, from) - outputs[from + label(target)];
    }

    /** The probabilities softmax(f) of the logits at {@code outputs[from..]} into {@code into[at..at + K)}. */
    public void probabilities(double[] outputs, int from, double[] into, int at) {
        double log = logPartition(outputs, from);
        for (int c = 0; c < classes; c++) {
            into[at + c] = Math.exp(outputs[from + c] - log);
        }
    }

    /**
     * ∂ℓ/∂f = p − e_y of one point into {@code into[at..at + K)}; returns the point's loss, computed from
     * the same log-partition.
     */
    public double gradient(double[] outputs, int from, double target, double[] into, int at) {
        int y = label(target);
        double log = logPartition(outputs, from);
        for (int c = 0; c < classes; c++) {
            into[at + c] = Math.exp(outputs[from + c] - log);
        }
        into[at + y] -= 1.0;
        return log - outputs[from + y];
    }

    /** The mean loss over the points: {@code outputs} holds K logits per target. */
    @Override
    public double mean(double[] outputs, double[] targets) {
        if (outputs.length != (long) targets.length * classes) {
            throw new IllegalArgumentException(
                    outputs.length + " outputs for " + targets.length + " points of " + classes + " classes");
        }
        double s = 0;
        for (int i = 0; i < targets.length; i++) {
            s += pointLoss(outputs, i * classes, targets[i]);
        }
        return s / targets.length;
    }

    @Override
    public double value(double output, double target) {
        throw scalar();
    }

    @Override
    public double derivative(double output, double target) {
        throw scalar();
    }

    @Override
    public double fisherInformation(double output, double noiseVariance) {
        throw scalar();
    }

    private UnsupportedOperationException scalar() {
        return new UnsupportedOperationException("the softmax cross-entropy of " + classes + " classes takes a point's "
                + classes + " logits, not one output");
    }
}
