package dev.bayesrg.run;

import dev.bayesrg.config.ExperimentConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * How well an ensemble predicts the test targets, at one flow entry: its Gaussian predictive and
 * the bias–variance split of its test MSE. For test inputs x_i (i = 1..n) with targets y_i and the
 * outputs f_mi of the b members used:
 *
 * <ul>
 *   <li>μ_i = (1/b) Σ_m f_mi, the ensemble mean, and v_i = (1/b) Σ_m (f_mi − μ_i)², the ensemble
 *       variance (normalised by b, so that the split below is exact);
 *   <li>the predictive N(μ_i, s_i²) with s_i² = v_i + σ², σ² the observation noise
 *       ({@code fisher.noiseVariance});
 *   <li>{@link #nll}: (1/n) Σ_i [½ ln(2π s_i²) + (y_i − μ_i)²/(2 s_i²)], nats per test point;
 *   <li>{@link #coverage50}, {@link #coverage90}, {@link #coverage95}: the share of test points with
 *       |y_i − μ_i| ≤ z_q s_i, z_q the standard normal's (1 + q)/2 quantile — inside the central q
 *       credible interval of the predictive;
 *   <li>{@link #biasSquared}: (1/n) Σ_i (μ_i − y_i)², the test MSE of the ensemble-mean predictor;
 *   <li>{@link #variance}: (1/n) Σ_i v_i.
 * </ul>
 *
 * The members' mean test MSE, (1/b) Σ_m (1/n) Σ_i (f_mi − y_i)², equals {@link #biasSquared} +
 * {@link #variance} exactly (up to rounding): {@link #memberMse}. Without members every number is NaN.
 *
 * <p>A classifier ({@code train.loss: cross-entropy}; {@link Accumulator#of}) is read through its
 * probabilities instead: p_mi = softmax(f_mi) of a softmax classifier's K ≥ 3 logits (point-major), or
 * (1 − s(f_mi), s(f_mi)) of a binary classifier's one logit, s the logistic function, the ensemble's predictive being their mean p̄_i:
 * {@link #nll} is −(1/n) Σ_i ln p̄_i(y_i); the coverage at level q is the share of test points whose
 * label lies in the predictive's credible set, the fewest most probable classes whose p̄ sum to at
 * least q (so it reads as for regression: calibrated when close to q); {@link #biasSquared} is the
 * Brier score of the ensemble-mean predictor, (1/n) Σ_i |p̄_i − e_{y_i}|², and {@link #variance} the
 * ensemble variance of the probabilities, (1/n) Σ_i (1/b) Σ_m |p_mi − p̄_i|², which again sum to the
 * members' mean Brier score. σ² does not enter.
 *
 * @param nll          mean negative log-likelihood of a test target under the predictive, nats
 * @param coverage50   share of test targets inside the central 50 % interval of the predictive
 * @param coverage90   the same for 90 %
 * @param coverage95   the same for 95 %
 * @param biasSquared  test MSE of the ensemble-mean predictor
 * @param variance     the ensemble variance (normalised by b) averaged over the test inputs
 */
public record PredictiveQuality(
        double nll, double coverage50, double coverage90, double coverage95, double biasSquared, double variance) {

    /** The standard normal's 75 % quantile: the half-width of the central 50 % interval, in s. */
    public static final double Z50 = 0.6744897501960817;
    /** The standard normal's 95 % quantile: the half-width of the central 90 % interval, in s. */
    public static final double Z90 = 1.6448536269514722;
    /** The standard normal's 97.5 % quantile: the half-width of the central 95 % interval, in s. */
    public static final double Z95 = 1.959963984540054;

    /** Nothing measured: an entry without members, or a directory written before these existed. */
    public static final PredictiveQuality UNDEFINED =
            new PredictiveQuality(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** The members' mean test MSE: bias² + variance. */
    public double memberMse() {
        return biasSquared + variance;
    }

    /**
     * The predictive quality of one ensemble.
     *
     * @param outputs       [members][test points] the members' outputs
     * @param targets       [test points] y_i
     * @param noiseVariance σ², added to the ensemble variance in the predictive
     */
    public static PredictiveQuality of(double[][] outputs, double[] targets, double noiseVariance) {
        return of(outputs, targets, noiseVariance, 1);
    }

    /**
     * The predictive quality of one ensemble whose outputs hold {@code classes} per test input (1: a
     * scalar output; K ≥ 3: the logits of a softmax classifier, point-major, targets the labels).
     */
    public static PredictiveQuality of(double[][] outputs, double[] targets, double noiseVariance, int classes) {
        Accumulator a = new Accumulator(1, targets.length, classes);
        for (double[] row : outputs) {
            a.add(new double[][] {row});
        }
        return a.result(targets, noiseVariance).get(0);
    }

    /**
     * Collects the ensemble's mean and variance per flow entry and test input, one member at a time
     * (Welford's update, in the order the members are added), so that a whole ensemble's predictions
     * need never be held at once.
     */
    public static final class Accumulator {
        private final int points;
        /** The classes per input collected (1: a Gaussian predictive's one output). */
        private final int classes;
        /** The outputs per input of a member's rows. */
        private final int outputs;
        /** The values collected per entry: points × classes. */
        private final int values;

        private final double[][] mean;
        private final double[][] m2;
        /** A softmax classifier's loss, turning a member's logits into its probabilities; null for one output. */
        private final dev.bayesrg.net.SoftmaxCrossEntropy softmax;

        private final double[] probabilities;
        private int count;

        /** For {@code entries} flow entries of {@code points} test inputs each. */
        public Accumulator(int entries, int points) {
            this(entries, points, 1);
        }

        /**
         * For {@code entries} flow entries of {@code points} test inputs each, with {@code classes}
         * outputs per input (K ≥ 3: a softmax classifier's logits, point-major).
         */
        public Accumulator(int entries, int points, int classes) {
            this(entries, points, classes, classes);
        }

        /**
         * {@code outputs} values per input in a member's rows, {@code classes} per input collected: 1
         * and 1 for the Gaussian predictive of one output, 1 and 2 for a binary classifier's logit
         * (its probabilities 1 − s(f), s(f)), K and K for a softmax classifier's logits.
         */
        private Accumulator(int entries, int points, int outputs, int classes) {
            this.points = points;
            this.classes = classes;
            this.outputs = outputs;
            this.values = points * classes;
            this.mean = new double[entries][values];
            this.m2 = new double[entries][values];
            this.softmax = outputs > 1 ? new dev.bayesrg.net.SoftmaxCrossEntropy(classes) : null;
            this.probabilities = classes > 1 ? new double[values] : null;
        }

        /**
         * The accumulator of a run of {@code config}: the categorical predictive of a classifier
         * ({@code train.loss: cross-entropy}; with {@code data.classes} 2 its one output is the logit of
         * label 1), else the Gaussian predictive.
         */
        public static Accumulator of(ExperimentConfig config, int entries, int points) {
            if (config.train().loss() != dev.bayesrg.config.TrainConfig.Loss.CROSS_ENTROPY) {
                return new Accumulator(entries, points, 1, 1);
            }
            int k = config.outputsPerPoint();
            return k > 1 ? new Accumulator(entries, points, k, k) : new Accumulator(entries, points, 1, 2);
        }

        /** Adds one member's outputs [entries][test points]. */
        public void add(double[][] predictions) {
            if (predictions.length != mean.length) {
                throw new IllegalArgumentException(predictions.length + " flow entries, expected " + mean.length);
            }
            count++;
            for (int k = 0; k < mean.length; k++) {
                addRow(k, predictions[k], 0);
            }
        }

        /** Adds one member's outputs given flat, [entries × test points] row-major from {@code offset}. */
        public void addFlat(double[] predictions, int offset) {
            count++;
            for (int k = 0; k < mean.length; k++) {
                addRow(k, predictions, offset + k * points * outputs);
            }
        }

        private void addRow(int k, double[] row, int offset) {
            // a classifier's predictive is the mean of its members' probabilities
            if (softmax != null) {
                for (int i = 0; i < points; i++) {
                    softmax.probabilities(row, offset + i * classes, probabilities, i * classes);
                }
                row = probabilities;
                offset = 0;
            } else if (classes == 2) { // a binary classifier's logit: p(1) = s(f), p(0) = s(−f)
                for (int i = 0; i < points; i++) {
                    double f = row[offset + i];
                    probabilities[2 * i] = dev.bayesrg.net.OutputLoss.logistic(-f);
                    probabilities[2 * i + 1] = dev.bayesrg.net.OutputLoss.logistic(f);
                }
                row = probabilities;
                offset = 0;
            }
            double[] mu = mean[k];
            double[] s = m2[k];
            for (int i = 0; i < values; i++) {
                double x = row[offset + i];
                double d = x - mu[i];
                mu[i] += d / count;
                s[i] += d * (x - mu[i]);
            }
        }

        /** Members added so far. */
        public int members() {
            return count;
        }

        /** The quality at every flow entry. */
        public List<PredictiveQuality> result(double[] targets, double noiseVariance) {
            if (targets.length != points) {
                throw new IllegalArgumentException(targets.length + " targets, expected " + points);
            }
            List<PredictiveQuality> out = new ArrayList<>(mean.length);
            for (int k = 0; k < mean.length; k++) {
                out.add(
                        count == 0 || points == 0
                                ? UNDEFINED
                                : classes > 1 ? categorical(k, targets) : entry(k, targets, noiseVariance));
            }
            return out;
        }

        /** The categorical predictive of a softmax classifier at entry k: see the class comment. */
        private PredictiveQuality categorical(int k, double[] y) {
            double nll = 0;
            int in50 = 0;
            int in90 = 0;
            int in95 = 0;
            double brier = 0;
            double variance = 0;
            Integer[] order = new Integer[classes];
            for (int i = 0; i < points; i++) {
                int from = i * classes;
                double[] p = mean[k];
                int label = (int) y[i];
                if (label != y[i] || label < 0 || label >= classes) {
                    throw new IllegalArgumentException("test target " + i + " is " + y[i] + ", not a label");
                }
                nll -= Math.log(p[from + label]);
                for (int c = 0; c < classes; c++) {
                    double r = p[from + c] - (c == label ? 1.0 : 0.0);
                    brier += r * r;
                    variance += m2[k][from + c] / count;
                    order[c] = c;
                }
                // the credible set at level q: the most probable classes, until their mass reaches q
                java.util.Arrays.sort(order, (a, b) -> Double.compare(p[from + b], p[from + a]));
                double mass = 0;
                double massBefore = 0;
                for (int c = 0; c < classes; c++) {
                    mass += p[from + order[c]];
                    if (order[c] == label) {
                        in50 += massBefore < 0.5 ? 1 : 0;
                        in90 += massBefore < 0.9 ? 1 : 0;
                        in95 += massBefore < 0.95 ? 1 : 0;
                        break;
                    }
                    massBefore = mass;
                }
            }
            return mean(nll, in50, in90, in95, brier, variance);
        }

        private PredictiveQuality entry(int k, double[] y, double noiseVariance) {
            double nll = 0;
            int in50 = 0;
            int in90 = 0;
            int in95 = 0;
            double bias2 = 0;
            double variance = 0;
            for (int i = 0; i < points; i++) {
                double v = m2[k][i] / count;
                double s2 = v + noiseVariance;
                double r = y[i] - mean[k][i];
                nll += 0.5 * Math.log(2 * Math.PI * s2) + r * r / (2 * s2);
                double z = Math.abs(r) / Math.sqrt(s2);
                in50 += z <= Z50 ? 1 : 0;
                in90 += z <= Z90 ? 1 : 0;
                in95 += z <= Z95 ? 1 : 0;
                bias2 += r * r;
                variance += v;
            }
            return mean(nll, in50, in90, in95, bias2, variance);
        }

        /** The sums over the test points as means; no coverage where the NLL is not finite. */
        private PredictiveQuality mean(double nll, int in50, int in90, int in95, double biasSquared, double variance) {
            double n = points;
            boolean finite = Double.isFinite(nll);
            return new PredictiveQuality(
                    nll / n,
                    finite ? in50 / n : Double.NaN,
                    finite ? in90 / n : Double.NaN,
                    finite ? in95 / n : Double.NaN,
                    biasSquared / n,
                    variance / n);
        }
    }
}
