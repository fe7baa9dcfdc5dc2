package dev.bayesrg.nngp;

/**
 * Predicted against measured: the analytic renormalized GP at one flow entry against the sampled
 * ensemble at the same entry, on a mesh whose point 0 is the probe x*. The measured mean and variance
 * are the sample mean and the unbiased sample variance over the members; their standard errors are
 * sqrt(s²/B) and, for the variance (and every kernel entry), the exact sampling variance of the
 * unbiased covariance with plug-in moments,
 * Var(ĉ_ab) = μ_22/B − (B−2) c_ab²/(B(B−1)) + c_aa c_bb/(B(B−1)) (μ_4 for a = b). The verdict asks both
 * the probe mean and the probe variance to agree within 3 combined standard errors (measurement and,
 * for a Monte Carlo prediction, prediction). The measured field also carries rounding errors of
 * about {@value #ROUNDING} of its scale (the largest |f| of the run), which count as one more error
 * term: they matter only where both sides vanish (e.g. every weight zeroed).
 */
public final class Corroboration {
    /** How many combined standard errors a deviation may reach and still agree. */
    public static final double SIGMAS = 3.0;
    /** Relative rounding error of a measured network output. */
    public static final double ROUNDING = 1e-12;

    /**
     * The analytic side at one entry: the GP on the mesh and its standard errors (zero for an exact
     * prediction), and the predicted fraction of coarse-grained read-out weights.
     */
    public record Prediction(
            RenormalizedGp.GaussianProcess gp, double[] meanError, double[][] kernelError, double sloppyFraction) {
        /** An exact prediction (no error of its own). */
        public static Prediction exact(RenormalizedGp.GaussianProcess gp, double sloppyFraction) {
            int m = gp.mean().length;
            return new Prediction(gp, new double[m], new double[m][m], sloppyFraction);
        }
    }

    /**
     * One row of the table. Relative deviations are (predicted − measured)/|measured|; z-scores are the
     * deviations in combined standard errors; the kernel columns summarise the whole mesh: the relative
     * Frobenius deviation and the largest |z| over its entries.
     */
    public record Row(
            int entry,
            double cutoff,
            double sloppyFraction,
            double measuredSloppyFraction,
            double predictedMean,
            double predictedMeanError,
            double measuredMean,
            double measuredMeanError,
            double meanDeviation,
            double meanZ,
            double predictedVariance,
            double predictedVarianceError,
            double measuredVariance,
            double measuredVarianceError,
            double varianceDeviation,
            double varianceZ,
            double kernelDeviation,
            double kernelMaxZ,
            int members) {
        public boolean agrees() {
            return Math.abs(meanZ) <= SIGMAS && Math.abs(varianceZ) <= SIGMAS;
        }
    }

    private Corroboration() {}

    /**
     * One flow entry's analytic prediction held against the measured ensemble.
     *
     * @param cutoff                 ε of the entry (NaN for the trained ensemble)
     * @param samples                [members][mesh points] the measured field, probe first
     * @param measuredSloppyFraction the mean coarse-grained fraction of the members
     */
    public static Row row(
            int entry, double cutoff, Prediction prediction, double[][] samples, double measuredSloppyFraction) {
        return row(entry, cutoff, prediction, samples, measuredSloppyFraction, 0.0);
    }

    /**
     * As {@link #row(int, double, Prediction, double[][], double)}, with the scale of the measured field
     * (the largest |f| anywhere in the run) for its rounding errors.
     */
    public static Row row(
            int entry,
            double cutoff,
            Prediction prediction,
            double[][] samples,
            double measuredSloppyFraction,
            double fieldScale) {
        int b = samples.length;
        if (b < 2) {
            throw new IllegalArgumentException("need at least 2 members for error bars, got " + b);
        }
        int m = samples[0].length;
        double[] mean = new double[m];
        for (double[] s : samples) {
            for (int a = 0; a < m; a++) {
                mean[a] += s[a];
            }
        }
        for (int a = 0; a < m; a++) {
            mean[a] /= b;
        }
        double[][] cov = new double[m][m];
        double[][] fourth = new double[m][m]; // μ_22(a, b) = mean (x_a − x̄_a)²(x_b − x̄_b)²
        for (double[] s : samples) {
            for (int a = 0; a < m; a++) {
                double da = s[a] - mean[a];
                for (int c = 0; c < m; c++) {
                    double dc = s[c] - mean[c];
                    cov[a][c] += da * dc;
                    fourth[a][c] += da * da * dc * dc;
                }
            }
        }
        double[][] covError = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int c = 0; c < m; c++) {
                cov[a][c] /= b - 1;
                fourth[a][c] /= b;
            }
        }
        for (int a = 0; a < m; a++) {
            for (int c = 0; c < m; c++) {
                double v = fourth[a][c] / b
                        - (b - 2.0) * cov[a][c] * cov[a][c] / ((double) b * (b - 1))
                        + cov[a][a] * cov[c][c] / ((double) b * (b - 1));
                covError[a][c] = Math.sqrt(Math.max(v, 0.0));
            }
        }
        RenormalizedGp.GaussianProcess gp = prediction.gp();
        double predictedMean = gp.mean()[0];
        double predictedVariance = gp.kernel()[0][0];
        double meanError = Math.sqrt(cov[0][0] / b);
        double rounding = ROUNDING * fieldScale;
        double frobeniusDifference = 0;
        double frobenius = 0;
        double maxZ = 0;
        for (int a = 0; a < m; a++) {
            for (int c = 0; c < m; c++) {
                double d = gp.kernel()[a][c] - cov[a][c];
                frobeniusDifference += d * d;
                frobenius += cov[a][c] * cov[a][c];
                double roundingK =
                        rounding * (Math.sqrt(Math.abs(cov[a][a])) + Math.sqrt(Math.abs(cov[c][c])) + rounding);
                maxZ = Math.max(
                        maxZ,
                        Math.abs(z(
                                d,
                                Math.hypot(covError[a][c], roundingK),
                                prediction.kernelError()[a][c])));
            }
        }
        return new Row(
                entry,
                cutoff,
                prediction.sloppyFraction(),
                measuredSloppyFraction,
                predictedMean,
                prediction.meanError()[0],
                mean[0],
                meanError,
                relative(predictedMean, mean[0]),
                z(
                        predictedMean - mean[0],
                        Math.hypot(meanError, rounding),
                        prediction.meanError()[0]),
                predictedVariance,
                prediction.kernelError()[0][0],
                cov[0][0],
                covError[0][0],
                relative(predictedVariance, cov[0][0]),
                z(
                        predictedVariance - cov[0][0],
                        Math.hypot(covError[0][0], rounding * (2 * Math.sqrt(Math.abs(cov[0][0])) + rounding)),
                        prediction.kernelError()[0][0]),
                Math.sqrt(frobeniusDifference / frobenius),
                maxZ,
                b);
    }

    private static double relative(double predicted, double measured) {
        return (predicted - measured) / Math.abs(measured);
    }

    /** A deviation in combined standard errors; 0 for an exact match with no error at all. */
    private static double z(double deviation, double measuredError, double predictedError) {
        double se = Math.sqrt(measuredError * measuredError + predictedError * predictedError);
        if (se == 0) {
            return deviation == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, deviation);
        }
        return deviation / se;
    }
}
