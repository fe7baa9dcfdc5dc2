package dev.bayesrg.nnft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Edgeworth series against densities whose cumulants are known exactly: standardised Gamma
 * variables (shape k: κ3 = 2/√k, κ4 = 6/k), alone and linearly mixed into a 2-point field. As the
 * cumulants shrink (k grows) the error of the order-r series falls like the first term left out,
 * k^{-(r−1)/2}.
 */
class EdgeworthTest {
    private static final double[] Z = {-1.3, -0.4, 0.7, 1.6};

    /** ln Γ(k) by Stirling's series, exact to rounding for k ≥ 50. */
    private static double logGamma(double k) {
        double k2 = k * k;
        return (k - 0.5) * Math.log(k)
                - k
                + 0.5 * Math.log(2 * Math.PI)
                + 1 / (12 * k)
                - 1 / (360 * k * k2)
                + 1 / (1260 * k2 * k2 * k)
                - 1 / (1680 * k2 * k2 * k2 * k);
    }

    /** log density of g = (X − k)/√k with X ~ Gamma(k, 1). */
    private static double logStandardGamma(double k, double u) {
        double x = k + Math.sqrt(k) * u;
        return 0.5 * Math.log(k) + (k - 1) * Math.log(x) - x - logGamma(k);
    }

    private static Edgeworth oneDimensional(double k, int order) {
        return new Edgeworth(
                new double[] {0}, new double[][] {{1}}, new double[] {2 / Math.sqrt(k)}, new double[] {6 / k}, order);
    }

    private static double error1d(double k, int order) {
        Edgeworth e = oneDimensional(k, order);
        double sum = 0;
        for (double z : Z) {
            sum += Math.abs(e.logDensity(new double[] {z}) - logStandardGamma(k, z));
        }
        return sum;
    }

    @ParameterizedTest(name = "order {0}")
    @ValueSource(ints = {2, 3, 4})
    void oneDimensionalErrorFallsLikeTheNextOrder(int order) {
        double exponent = Math.log(error1d(400, order) / error1d(1600, order)) / Math.log(4);
        assertEquals((order - 1) / 2.0, exponent, 0.12, "error ~ k^-" + exponent);
    }

    @Test
    void eachOrderImprovesOnTheLastForASkewedDensity() {
        double previous = Double.POSITIVE_INFINITY;
        for (int order = 2; order <= 4; order++) {
            double err = error1d(200, order);
            assertEquals(true, err < previous / 5, "order " + order + ": " + err + " vs " + previous);
            previous = err;
        }
    }

    /** Y = A g, g = (g1, g2) independent standardised Gammas of shapes k and 2k. */
    private record Mixed(double[][] a, double k1, double k2) {
        double[] kappa(int r) {
            double[] perComponent =
                    r == 3 ? new double[] {2 / Math.sqrt(k1), 2 / Math.sqrt(k2)} : new double[] {6 / k1, 6 / k2};
            int size = (int) Math.pow(2, r);
            double[] t = new double[size];
            for (int flat = 0; flat < size; flat++) {
                for (int i = 0; i < 2; i++) {
                    double p = perComponent[i];
                    for (int s = 0, rest = flat; s < r; s++, rest /= 2) {
                        p *= a[rest % 2][i];
                    }
                    t[flat] += p;
                }
            }
            return t;
        }

        double[][] kernel() {
            double[][] k = new double[2][2];
            for (int x = 0; x < 2; x++) {
                for (int y = 0; y < 2; y++) {
                    k[x][y] = a[x][0] * a[y][0] + a[x][1] * a[y][1];
                }
            }
            return k;
        }

        double det() {
            return a[0][0] * a[1][1] - a[0][1] * a[1][0];
        }

        double[] sources(double[] y) {
            double d = det();
            return new double[] {(a[1][1] * y[0] - a[0][1] * y[1]) / d, (-a[1][0] * y[0] + a[0][0] * y[1]) / d};
        }

        double logDensity(double[] y) {
            double[] g = sources(y);
            return logStandardGamma(k1, g[0]) + logStandardGamma(k2, g[1]) - Math.log(Math.abs(det()));
        }

        Edgeworth edgeworth(int order) {
            return new Edgeworth(new double[2], kernel(), kappa(3), kappa(4), order);
        }
    }

    private static final double[][] MIX = {{1.0, 0.5}, {-0.3, 0.8}};

    private static double error2d(double k, int order) {
        Mixed field = new Mixed(MIX, k, 2 * k);
        Edgeworth e = field.edgeworth(order);
        double sum = 0;
        for (double z1 : Z) {
            for (double z2 : Z) {
                double[] y = {z1, 0.5 * z2};
                sum += Math.abs(e.logDensity(y) - field.logDensity(y));
            }
        }
        return sum;
    }

    @ParameterizedTest(name = "order {0}")
    @ValueSource(ints = {2, 3, 4})
    void twoPointFieldErrorFallsLikeTheNextOrder(int order) {
        double exponent = Math.log(error2d(400, order) / error2d(1600, order)) / Math.log(4);
        assertEquals((order - 1) / 2.0, exponent, 0.12, "error ~ k^-" + exponent);
    }

    @Test
    void theSeriesIsCovariantUnderLinearMapsOfTheField() {
        // the order-4 series of Y = A g equals that of g (diagonal cumulant tensors) at A⁻¹y, minus log|det A|
        Mixed field = new Mixed(MIX, 30, 60);
        Mixed sources = new Mixed(new double[][] {{1, 0}, {0, 1}}, 30, 60);
        Edgeworth ey = field.edgeworth(4);
        Edgeworth eg = sources.edgeworth(4);
        for (double z1 : Z) {
            for (double z2 : Z) {
                double[] y = {z1, z2};
                assertEquals(
                        eg.logDensity(field.sources(y)) - Math.log(field.det()),
                        ey.logDensity(y),
                        1e-12,
                        "at " + z1 + "," + z2);
            }
        }
    }

    @Test
    void fromSampledCorrelatorsTheSeriesUsesTheSampleMeanVarianceAndSkewness() {
        MomentAccumulator acc = new MomentAccumulator(1, 4);
        double[] xs = {0.1, 0.4, 0.2, 1.9, 0.3, 0.0, 0.8};
        double mean = 0;
        for (double x : xs) {
            acc.add(new double[] {x});
            mean += x / xs.length;
        }
        double m2 = 0;
        double m3 = 0;
        for (double x : xs) {
            m2 += Math.pow(x - mean, 2) / xs.length;
            m3 += Math.pow(x - mean, 3) / xs.length;
        }
        Correlators c = new Correlators(acc);
        double x = 0.9;
        double z = (x - mean) / Math.sqrt(m2);
        double gaussian = -0.5 * Math.log(2 * Math.PI * m2) - 0.5 * z * z;
        assertEquals(gaussian, Edgeworth.of(c, 2).logDensity(new double[] {x}), 1e-12);
        double skew = m3 / Math.pow(m2, 1.5);
        assertEquals(
                gaussian + Math.log1p(skew / 6 * (z * z * z - 3 * z)),
                Edgeworth.of(c, 3).logDensity(new double[] {x}),
                1e-12);
    }

    @Test
    void ordersOutsideTwoToFourAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> oneDimensional(10, 5));
        assertThrows(IllegalArgumentException.class, () -> oneDimensional(10, 1));
    }
}
