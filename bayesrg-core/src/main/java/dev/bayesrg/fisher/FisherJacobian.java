package dev.bayesrg.fisher;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.OutputLoss;
import dev.bayesrg.net.Readout;
import dev.bayesrg.net.SoftmaxCrossEntropy;

/**
 * The per-input gradients that the regression Fisher metric is built from, scaled so that
 * F = Jᵀ J: row n is ∇_θ f(x_n) / √(σ² n_F) over the flowed parameters. The metric has rank at most
 * n_F, the number of Fisher inputs, so this n_F × P matrix holds all of it in far less room than
 * the P × P metric (for another {@code train.loss} row n is scaled by √(σ² I(f(x_n))), the Fisher
 * information of its likelihood, {@link OutputLoss}), and its n_F × n_F Gram matrix J Jᵀ (for the read-out, the feature Gram; for every
 * layer, the empirical neural tangent kernel on the Fisher inputs) has the metric's nonzero eigenvalues.
 *
 * @param inputs     n_F, the rows
 * @param parameters P, the columns (the flowed parameters, in θ order)
 * @param values     J row by row, n_F × P
 */
public record FisherJacobian(int inputs, int parameters, double[] values) {
    /** Checks that {@code values} is n_F × P. */
    public FisherJacobian {
        if (values.length != (long) inputs * parameters) {
            throw new IllegalArgumentException(
                    values.length + " values for " + inputs + " inputs and " + parameters + " parameters");
        }
    }

    /**
     * Over the read-out parameters (weights, then bias), at θ, on the Fisher inputs' features: row n
     * is σ'(a·φ(x_n) + b) (φ(x_n), 1) / √(σ² n_F).
     */
    public static FisherJacobian readout(
            Readout readout, double[] theta, FeatureMatrix fisherFeatures, double noiseVariance) {
        return readout(readout, theta, fisherFeatures, OutputLoss.MSE, noiseVariance);
    }

    /** As {@link #readout(Readout, double[], FeatureMatrix, double)} for the likelihood of {@code loss}. */
    public static FisherJacobian readout(
            Readout readout, double[] theta, FeatureMatrix fisherFeatures, OutputLoss loss, double noiseVariance) {
        int width = readout.width();
        int p = width + (readout.hasBias() ? 1 : 0);
        int n = fisherFeatures.rows();
        double[] j = new double[n * p];
        double scale = 1.0 / Math.sqrt(n * noiseVariance);
        boolean linear = readout.activation() == Activation.IDENTITY;
        boolean constant = loss.constantInformation();
        double[] phi = fisherFeatures.values();
        for (int row = 0; row < n; row++) {
            double d;
            if (linear && constant) {
                d = scale * weight(loss.relativeInformation(0.0, noiseVariance));
            } else {
                double z = readout.preActivation(theta, fisherFeatures, row);
                double w = weight(loss.relativeInformation(readout.activation().value(z), noiseVariance));
                d = scale * w * (linear ? 1.0 : readout.activation().derivative(z));
            }
            int from = fisherFeatures.rowOffset(row);
            for (int c = 0; c < width; c++) {
                j[row * p + c] = d * phi[from + c];
            }
            if (readout.hasBias()) {
                j[row * p + width] = d;
            }
        }
        return new FisherJacobian(n, p, j);
    }

    /**
     * Over the K-logit read-out of a softmax classifier (K × N weights, then K biases), at θ: K rows per
     * Fisher input, row (n, c) = √p_c (∂f_c − Σ_k p_k ∂f_k)(x_n) / √n_F, whose entry for weight (k, j)
     * is √p_c (δ_kc − p_k) φ_j(x_n) / √n_F. Their Gram sum is the softmax covariance,
     * Σ_c p_c (e_c − p)(e_c − p)ᵀ = diag(p) − p pᵀ, so Jᵀ J is the classification Fisher
     * ({@link SoftmaxCrossEntropy}), of rank at most n_F (K − 1); {@link #inputs} is n_F K.
     */
    public static FisherJacobian softmaxReadout(
            Readout readout, double[] theta, FeatureMatrix fisherFeatures, SoftmaxCrossEntropy loss) {
        int width = readout.width();
        int k = loss.classes();
        int p = readout.size();
        int n = fisherFeatures.rows();
        double[] j = new double[n * k * p];
        double scale = 1.0 / Math.sqrt(n);
        double[] logits = new double[k];
        double[] prob = new double[k];
        double[] phi = fisherFeatures.values();
        for (int input = 0; input < n; input++) {
            readout.logits(theta, fisherFeatures, input, logits);
            loss.probabilities(logits, 0, prob, 0);
            int from = fisherFeatures.rowOffset(input);
            for (int c = 0; c < k; c++) {
                int row = (input * k + c) * p;
                double root = scale * Math.sqrt(prob[c]);
                for (int out = 0; out < k; out++) {
                    double d = root * ((out == c ? 1.0 : 0.0) - prob[out]);
                    for (int w = 0; w < width; w++) {
                        j[row + out * width + w] = d * phi[from + w];
                    }
                    if (readout.hasBias()) {
                        j[row + k * width + out] = d;
                    }
                }
            }
        }
        return new FisherJacobian(n * k, p, j);
    }

    /**
     * Over the parameters θ[from, to) of the network, at θ, from one backpropagation per Fisher input.
     */
    public static FisherJacobian network(
            Network network, double[] theta, double[][] fisherInputs, int from, int to, double noiseVariance) {
        return network(network, theta, fisherInputs, from, to, OutputLoss.MSE, noiseVariance);
    }

    /** As {@link #network(Network, double[], double[][], int, int, double)} for the likelihood of {@code loss}. */
    public static FisherJacobian network(
            Network network,
            double[] theta,
            double[][] fisherInputs,
            int from,
            int to,
            OutputLoss loss,
            double noiseVariance) {
        int n = fisherInputs.length;
        int p = to - from;
        double[] j = new double[n * p];
        double[] gradient = new double[theta.length];
        double scale = 1.0 / Math.sqrt(n * noiseVariance);
        for (int row = 0; row < n; row++) {
            double f = network.gradient(theta, fisherInputs[row], gradient);
            double s = scale * weight(loss.relativeInformation(f, noiseVariance));
            for (int c = 0; c < p; c++) {
                j[row * p + c] = s * gradient[from + c];
            }
        }
        return new FisherJacobian(n, p, j);
    }

    /**
     * Over the parameters θ[from, to) of a softmax classifier's network (K outputs), at θ: K rows per
     * Fisher input, r_c / √n_F with r_c = √p_c (∇f_c − Σ_k p_k ∇f_k) ({@link SoftmaxScores}), so that
     * Jᵀ J is the classification Fisher; {@link #inputs} is n_F K.
     */
    public static FisherJacobian softmaxNetwork(
            Network network, double[] theta, double[][] fisherInputs, int from, int to, SoftmaxCrossEntropy loss) {
        int n = fisherInputs.length;
        int k = loss.classes();
        int p = to - from;
        double[] j = new double[n * k * p];
        SoftmaxScores scores = new SoftmaxScores(network, loss);
        double scale = 1.0 / Math.sqrt(n);
        for (int row = 0; row < n; row++) {
            scores.rows(theta, fisherInputs[row], from, to, scale, j, row * k * p);
        }
        return new FisherJacobian(n * k, p, j);
    }

    /** √w, exactly 1 for w = 1 (the squared error keeps its rounding). */
    private static double weight(double relativeInformation) {
        return relativeInformation == 1.0 ? 1.0 : Math.sqrt(relativeInformation);
    }

    /** J Jᵀ, n_F × n_F row-major: its eigenvalues are the metric's nonzero ones. */
    public double[] gram() {
        return gram(new double[Kernels.gramScratchLength(inputs, parameters)]);
    }

    /** J Jᵀ as {@link #gram()}, working in {@code scratch} ({@link Kernels#gramScratchLength} doubles or more). */
    public double[] gram(double[] scratch) {
        double[] g = new double[inputs * inputs];
        Kernels.gram(values, inputs, parameters, g, scratch);
        return g;
    }

    /**
     * J δ for δ over the parameters: the change of every Fisher input's output, scaled, to first
     * order in δ. A δ with few nonzero entries (a diagonal flow's step) costs n_F per entry.
     */
    public double[] times(double[] delta) {
        double[] out = new double[inputs];
        int nonzero = 0;
        for (double d : delta) {
            nonzero += d != 0.0 ? 1 : 0;
        }
        if (nonzero * 8 < parameters) {
            for (int c = 0; c < parameters; c++) {
                if (delta[c] != 0.0) {
                    for (int row = 0; row < inputs; row++) {
                        out[row] += values[row * parameters + c] * delta[c];
                    }
                }
            }
        } else {
            for (int row = 0; row < inputs; row++) {
                out[row] = Kernels.dot(values, row * parameters, delta, 0, parameters);
            }
        }
        return out;
    }
}
