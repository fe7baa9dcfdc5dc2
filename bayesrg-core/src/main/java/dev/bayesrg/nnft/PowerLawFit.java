package dev.bayesrg.nnft;

/**
 * y = c·x^p fitted by least squares on (ln x, ln |y|): how a non-Gaussianity measure scales with
 * width (SPEC eq. 43 predicts p = −1 for the connected four-point function and −2 for the six-point
 * function of i.i.d. networks).
 */
public record PowerLawFit(double exponent, double prefactor) {

    public static PowerLawFit fit(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("need at least two (x, y) pairs of equal length");
        }
        int n = x.length;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double lx = Math.log(x[i]);
            double ly = Math.log(Math.abs(y[i]));
            sx += lx;
            sy += ly;
            sxx += lx * lx;
            sxy += lx * ly;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double intercept = (sy - slope * sx) / n;
        return new PowerLawFit(slope, Math.exp(intercept));
    }
}
