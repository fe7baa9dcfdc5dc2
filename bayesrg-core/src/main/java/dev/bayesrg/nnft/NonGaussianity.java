package dev.bayesrg.nnft;

/**
 * Connected correlators on the diagonal relative to their Wick (Gaussian) scale, averaged over the
 * mesh points: κ4(iiii)/(3 κ2(ii)²), O(1/N), and κ6(iiiiii)/(15 κ2(ii)³), O(1/N²), for i.i.d.
 * networks of width N (arXiv:2405.17538, eq. 43). Both vanish for a Gaussian field.
 */
public final class NonGaussianity {
    private NonGaussianity() {}

    public static double kappa4(Correlators c) {
        double sum = 0;
        for (int i = 0; i < c.points(); i++) {
            sum += c.normalisedConnected4(i, i, i, i);
        }
        return sum / c.points();
    }

    public static double kappa6(Correlators c) {
        double sum = 0;
        for (int i = 0; i < c.points(); i++) {
            double k2 = c.connected(i, i);
            sum += c.connected(i, i, i, i, i, i) / (15 * k2 * k2 * k2);
        }
        return sum / c.points();
    }
}
