package dev.bayesrg.fisher;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.OutputLoss;
import dev.bayesrg.net.Readout;
import dev.bayesrg.net.SoftmaxCrossEntropy;

/**
 * The exact diagonal of the empirical regression Fisher metric,
 * F_ii = (1/σ²) (1/n_F) Σ_n (∂f_θ(x_n)/∂θ_i)², over the trainable parameters in θ order.
 * For a linear read-out F_jj = (1/σ²) mean_n φ_j(x_n)², independent of the trained weights (arXiv:2405.17538, eq. 50).
 * For another {@code train.loss} each input is weighted by the Fisher information of its likelihood
 * at the output, F_ii = (1/n_F) Σ_n I(f(x_n)) (∂_i f(x_n))² ({@link OutputLoss}); for cross-entropy,
 * I = p(1 − p) with p = s(f(x_n)), the classification Fisher, which depends on the trained weights.
 */
public record FisherDiagonal(double[] values) implements FisherMetric {
    @Override
    public int dimension() {
        return values.length;
    }

    @Override
    public double diagonal(int i) {
        return values[i];
    }

    /** Over the read-out parameters (weights, then bias), at θ, on the Fisher inputs' features. */
    public static FisherDiagonal readout(
            Readout readout, double[] theta, FeatureMatrix fisherFeatures, double noiseVariance) {
        return readout(readout, theta, fisherFeatures, OutputLoss.MSE, noiseVariance);
    }

    /** As {@link #readout(Readout, double[], FeatureMatrix, double)} for the likelihood of {@code loss}. */
    public static FisherDiagonal readout(
            Readout readout, double[] theta, FeatureMatrix fisherFeatures, OutputLoss loss, double noiseVariance) {
        int width = readout.width();
        double[] f = new double[width + (readout.hasBias() ? 1 : 0)];
        double[] phi = fisherFeatures.values();
        // an identity output has σ' = 1 whatever f is: no need for the N-long dot of every input
        boolean linear = readout.activation() == Activation.IDENTITY;
        boolean constant = loss.constantInformation();
        double weight = constant ? loss.relativeInformation(0.0, noiseVariance) : Double.NaN;
        for (int n = 0; n < fisherFeatures.rows(); n++) {
            double d;
            double w = weight;
            if (linear && constant) {
                d = 1.0;
            } else {
                double z = readout.preActivation(theta, fisherFeatures, n);
                d = linear ? 1.0 : readout.activation().derivative(z);
                w = constant
                        ? weight
                        : loss.relativeInformation(readout.activation().value(z), noiseVariance);
            }
            double d2 = w == 1.0 ? d * d : w * d * d;
            int row = fisherFeatures.rowOffset(n);
            for (int j = 0; j < width; j++) {
                double g = phi[row + j];
                f[j] += d2 * g * g;
            }
            if (readout.hasBias()) {
                f[width] += d2;
            }
        }
        return normalise(f, fisherFeatures.rows(), noiseVariance);
    }

    /**
     * Over the K-logit read-out of a softmax classifier (K × N weights, then K biases), at θ:
     * F_(c,j) = (1/n_F) Σ_n p_c(x_n)(1 − p_c(x_n)) φ_j(x_n)², the diagonal of the softmax-covariance
     * Fisher (1/n_F) Σ_n (diag(p) − p pᵀ) ⊗ (φ, 1)(φ, 1)ᵀ ({@link SoftmaxCrossEntropy}); σ² does not enter.
     */
    public static FisherDiagonal softmaxReadout(
            Readout readout, double[] theta, FeatureMatrix fisherFeatures, SoftmaxCrossEntropy loss) {
        int width = readout.width();
        int k = loss.classes();
        double[] f = new double[readout.size()];
        double[] logits = new double[k];
        double[] p = new double[k];
        double[] phi = fisherFeatures.values();
        for (int n = 0; n < fisherFeatures.rows(); n++) {
            readout.logits(theta, fisherFeatures, n, logits);
            loss.probabilities(logits, 0, p, 0);
            int row = fisherFeatures.rowOffset(n);
            for (int c = 0; c < k; c++) {
                double w = p[c] * (1.0 - p[c]);
                int at = c * width;
                for (int j = 0; j < width; j++) {
                    double g = phi[row + j];
                    f[at + j] += w * g * g;
                }
                if (readout.hasBias()) {
                    f[k * width + c] += w;
                }
            }
        }
        return normalise(f, fisherFeatures.rows(), 1.0);
    }

    /**
     * Over every parameter of a softmax classifier's network (K outputs), at θ: F_ii = (1/n_F) Σ_n Σ_c
     * r_c,i² with r_c = √p_c (∇f_c − Σ_k p_k ∇f_k) the input's score rows ({@link SoftmaxScores}),
     * the diagonal of (1/n_F) Σ_n J_nᵀ (diag(p) − p pᵀ) J_n; σ² does not enter.
     */
    public static FisherDiagonal softmaxNetwork(
            Network network, double[] theta, double[][] fisherInputs, SoftmaxCrossEntropy loss) {
        int p = theta.length;
        int k = loss.classes();
        SoftmaxScores scores = new SoftmaxScores(network, loss);
        double[] rows = new double[k * p];
        double[] f = new double[p];
        for (double[] x : fisherInputs) {
            scores.rows(theta, x, 0, p, 1.0, rows, 0);
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < p; i++) {
                    double r = rows[c * p + i];
                    f[i] += r * r;
                }
            }
        }
        return normalise(f, fisherInputs.length, 1.0);
    }

    /** Over every parameter of the network, at θ, from per-sample gradients by backpropagation. */
    public static FisherDiagonal allParameters(
            Network network, double[] theta, double[][] fisherInputs, double noiseVariance) {
        return allParameters(network, theta, fisherInputs, OutputLoss.MSE, noiseVariance);
    }

    /** As {@link #allParameters(Network, double[], double[][], double)} for the likelihood of {@code loss}. */
    public static FisherDiagonal allParameters(
            Network network, double[] theta, double[][] fisherInputs, OutputLoss loss, double noiseVariance) {
        double[] f = new double[theta.length];
        double[] grad = new double[theta.length];
        for (double[] x : fisherInputs) {
            double w = loss.relativeInformation(network.gradient(theta, x, grad), noiseVariance);
            for (int i = 0; i < f.length; i++) {
                f[i] += w == 1.0 ? grad[i] * grad[i] : w * grad[i] * grad[i];
            }
        }
        return normalise(f, fisherInputs.length, noiseVariance);
    }

    private static FisherDiagonal normalise(double[] sums, int count, double noiseVariance) {
        double scale = 1.0 / (count * noiseVariance);
        for (int i = 0; i < sums.length; i++) {
            sums[i] *= scale;
        }
        return new FisherDiagonal(sums);
    }
}
