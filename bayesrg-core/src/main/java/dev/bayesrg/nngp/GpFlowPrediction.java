package dev.bayesrg.nngp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The analytic renormalized GP (arXiv:2405.17538, eqs. 72–76) at every entry of a BRG flow, on a mesh: the
 * prediction a measured ensemble is held against ({@link Corroboration}). Entry 0 is the trained
 * ensemble (nothing sloppy), entry k the k-th cutoff. The read-out hyperparameters come from one of
 * two places:
 * <ul>
 * <li>{@link #closedForm}: hidden layers shared by every member, so the read-out's law after GD is
 * the closed-form Gaussian of docs/method.md, Φ_j = φ_j and Ψ_jl = φ_j φ_l are exact, every member has
 * the same Fisher diagonal, and the prediction is exact;</li>
 * <li>{@link #ensemble}: per-member hidden layers (the paper's case), μ and Σ the mean and
 * covariance of the trained read-outs, Φ, Ψ_d, Ψ_o by Monte Carlo over the prior hidden layers and
 * each member's own sloppy set, so the prediction is the mixture of the members' renormalized GPs.
 * This is the paper's ansatz, which a trained ensemble violates (a member's read-out is correlated
 * with its own features).</li>
 * </ul>
 * Sloppy read-out weights are drawn from N(ν, σ²) ({@code sloppyMean}, {@code sloppyVariance}).
 *
 * @param predictions one per flow entry: the GP on the mesh, its own standard errors and the
 *     predicted sloppy fraction
 * @param monteCarlo  the Monte Carlo Φ, Ψ behind an {@link #ensemble} prediction; null for exact
 *     features
 */
public record GpFlowPrediction(List<Corroboration.Prediction> predictions, FeatureMonteCarlo monteCarlo) {
    /**
     * The exact prediction for frozen hidden layers shared by every member, trained by full-batch GD
     * from the prior N(priorMean, diag priorVariance).
     *
     * @param trainFeatures φ(x_i) of the training inputs, one row per input
     * @param targets       y_i
     * @param fisher        the read-out's Fisher diagonal F_jj (the same for every member)
     * @param meshFeatures  φ(x_a) of the mesh points, one row per point
     * @param cutoffs       ε_1 &lt; … &lt; ε_K
     */
    public static GpFlowPrediction closedForm(
            double[][] trainFeatures,
            double[] targets,
            double learningRate,
            int epochs,
            double[] priorMean,
            double[] priorVariance,
            double[] fisher,
            double sloppyMean,
            double sloppyVariance,
            double[][] meshFeatures,
            List<Double> cutoffs) {
        GradientDescentPosterior.Gaussian posterior =
                GradientDescentPosterior.of(trainFeatures, targets, learningRate, epochs, priorMean, priorVariance);
        RenormalizedGp gp =
                new RenormalizedGp(posterior.mean(), posterior.covariance(), fisher, sloppyVariance, sloppyMean);
        int width = fisher.length;
        List<Corroboration.Prediction> out = new ArrayList<>();
        for (double cutoff : schedule(cutoffs)) {
            RenormalizedGp.GaussianProcess p = gp.atFeatures(cutoff, meshFeatures);
            out.add(Corroboration.Prediction.exact(p, (double) p.sloppy() / width));
        }
        return new GpFlowPrediction(out, null);
    }

    /**
     * The paper's ansatz for an ensemble with its own hidden layers per member: the mixture over the
     * members of the renormalized GP with μ, Σ of the trained read-outs and each member's own Fisher
     * diagonal, on Φ, Ψ_d, Ψ_o estimated by {@code monteCarlo} (whose errors become the prediction's).
     *
     * @param readouts the members' trained read-outs, one row of N weights each (at least 2 rows)
     * @param fisher   the same members' Fisher diagonals, one row of N each
     * @param cutoffs  the same members' cutoffs ε_1 ≤ … ≤ ε_K on their Fisher diagonal, one row each
     *                 (the same row for every member on an absolute cutoff scale)
     */
    public static GpFlowPrediction ensemble(
            double[][] readouts,
            double[][] fisher,
            double sloppyMean,
            double sloppyVariance,
            FeatureMonteCarlo monteCarlo,
            double[][] cutoffs) {
        int members = readouts.length;
        int width = readouts[0].length;
        double[] mu = new double[width];
        for (double[] a : readouts) {
            for (int j = 0; j < width; j++) {
                mu[j] += a[j];
            }
        }
        for (int j = 0; j < width; j++) {
            mu[j] /= members;
        }
        double[][] sigma = new double[width][width];
        double[] centred = new double[width];
        for (double[] a : readouts) {
            for (int j = 0; j < width; j++) {
                centred[j] = a[j] - mu[j];
            }
            for (int j = 0; j < width; j++) {
                double cj = centred[j];
                double[] row = sigma[j];
                for (int l = j; l < width; l++) {
                    row[l] += cj * centred[l];
                }
            }
        }
        for (int j = 0; j < width; j++) {
            for (int l = j; l < width; l++) {
                sigma[j][l] /= members - 1;
                sigma[l][j] = sigma[j][l];
            }
        }
        RenormalizedGp gp = new RenormalizedGp(mu, sigma, new double[width], sloppyVariance, sloppyMean);
        List<List<RenormalizedGp.Coefficients>> perMember = new ArrayList<>();
        for (int b = 0; b < fisher.length; b++) {
            perMember.add(gp.coefficients(
                    fisher[b], schedule(Arrays.stream(cutoffs[b]).boxed().toList())));
        }
        int entries = cutoffs[0].length + 1;
        double[] phi = monteCarlo.phi();
        double[][] psiDiagonal = monteCarlo.psiDiagonal();
        double[][] psiOffDiagonal = monteCarlo.psiOffDiagonal();
        int m = phi.length;
        List<Corroboration.Prediction> out = new ArrayList<>();
        for (int k = 0; k < entries; k++) {
            List<RenormalizedGp.Coefficients> atK = new ArrayList<>();
            for (List<RenormalizedGp.Coefficients> c : perMember) {
                atK.add(c.get(k));
            }
            RenormalizedGp.Coefficients c = RenormalizedGp.mixture(atK);
            double[] meanError = new double[m];
            double[][] kernelError = new double[m][m];
            for (int a = 0; a < m; a++) {
                meanError[a] = monteCarlo.meanError(c, a);
                for (int e = 0; e < m; e++) {
                    kernelError[a][e] = monteCarlo.kernelError(c, a, e);
                }
            }
            out.add(new Corroboration.Prediction(
                    c.on(phi, psiDiagonal, psiOffDiagonal), meanError, kernelError, c.sloppy() / width));
        }
        return new GpFlowPrediction(out, monteCarlo);
    }

    /** The flow entries' cutoffs: −∞ for entry 0, the trained ensemble, where nothing is sloppy. */
    private static List<Double> schedule(List<Double> cutoffs) {
        List<Double> schedule = new ArrayList<>();
        schedule.add(Double.NEGATIVE_INFINITY);
        schedule.addAll(cutoffs);
        return schedule;
    }
}
