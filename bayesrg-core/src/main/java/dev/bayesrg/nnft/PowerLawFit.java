package dev.bayesrg.nnft;

/**
 * y = c·x^p fitted by least squares on (ln x, ln |y|): how a non-Gaussianity measure scales with
 * width (arXiv:2405.17538, eq. 43, predicts p = −1 for the connected four-point function and −2 for the six-point
 * function of i.i.d. networks). {@code exponentError} is the standard error of p: from the given
 * errors of y when there are some (weighted fit, weights 1/σ²_{ln y} with σ_{ln y} = σ_y/|y|), else
 * from the scatter of the residuals (NaN with two points). {@link #exponentInterval} turns it into a
 * confidence interval: normal quantiles for a fit weighted by known errors, Student's t with
 * {@code points − 2} degrees of freedom for a fit whose error is the residuals' scatter.
 *
 * @param points   the (x, y) pairs fitted
 * @param weighted whether the fit was weighted by given standard errors of y
 */
public record PowerLawFit(double exponent, double prefactor, double exponentError, int points, boolean weighted) {

    /**
     * The two-sided confidence interval of the exponent at {@code level} (e.g. 0.95); NaN bounds
     * when the exponent has no error (an unweighted fit of two points).
     */
    public double[] exponentInterval(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        double tail = 1 - (1 - level) / 2;
        double quantile;
        if (weighted) {
            quantile = new org.hipparchus.distribution.continuous.NormalDistribution(0, 1)
                    .inverseCumulativeProbability(tail);
        } else if (points > 2) {
            quantile = new org.hipparchus.distribution.continuous.TDistribution(points - 2)
                    .inverseCumulativeProbability(tail);
        } else {
            quantile = Double.NaN;
        }
        return new double[] {exponent - quantile * exponentError, exponent + quantile * exponentError};
    }

    public static PowerLawFit fit(double[] x, double[] y) {
        return fit(x, y, null);
    }

    /**
     * The least-squares fit of log y = log a + b log x.
     *
     * @param yErrors standard errors of y, or null for an unweighted fit
     */
    public static PowerLawFit fit(double[] x, double[] y, double[] yErrors) {
        if (x.length != y.length || x.length < 2 || (yErrors != null && yErrors.length != y.length)) {
            throw new IllegalArgumentException("need at least two (x, y) pairs of equal length");
        }
        int n = x.length;
        double[] lx = new double[n];
        double[] ly = new double[n];
        double[] w = new double[n];
        double sw = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < n; i++) {
            lx[i] = Math.log(x[i]);
            ly[i] = Math.log(Math.abs(y[i]));
            double relative = yErrors == null ? 1.0 : yErrors[i] / Math.abs(y[i]);
            w[i] = 1.0 / (relative * relative);
            sw += w[i];
            sx += w[i] * lx[i];
            sy += w[i] * ly[i];
        }
        double mx = sx / sw;
        double my = sy / sw;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += w[i] * (lx[i] - mx) * (lx[i] - mx);
            sxy += w[i] * (lx[i] - mx) * (ly[i] - my);
        }
        double slope = sxy / sxx;
        double error;
        if (yErrors != null) {
            error = Math.sqrt(1.0 / sxx);
        } else if (n > 2) {
            double rss = 0;
            for (int i = 0; i < n; i++) {
                double r = ly[i] - my - slope * (lx[i] - mx);
                rss += r * r;
            }
            error = Math.sqrt(rss / (n - 2) / sxx);
        } else {
            error = Double.NaN;
        }
        return new PowerLawFit(slope, Math.exp(my - slope * mx), error, n, yErrors != null);
    }
}
