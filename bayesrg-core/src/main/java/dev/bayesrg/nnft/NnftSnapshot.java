package dev.bayesrg.nnft;

/**
 * The field theory of one ensemble on a mesh, summarised: G^(1), K = G_c^(2), the normalised
 * connected four-point function on the diagonal κ4(iiii)/(3 κ2(ii)²) (0 for a Gaussian field),
 * its mean modulus over all multisets relative to the Wick scale, the Frobenius norm of the quartic
 * coupling Λ4 (measure-free mesh form), and the jitter the kernel needed.
 */
public record NnftSnapshot(
        double[] mean,
        double[][] kernel,
        double[] normalisedKappa4Diagonal,
        double meanAbsNormalisedKappa4,
        double quarticCouplingNorm,
        double jitter,
        FreeAction freeAction) {

    /** Builds the snapshot of the configurations in {@code moments} (accumulated to order ≥ 4). */
    public static NnftSnapshot of(MomentAccumulator moments) {
        return of(new Correlators(moments));
    }

    /** Builds the snapshot from correlators of order ≥ 4 (reuse them: they are the costly part). */
    public static NnftSnapshot of(Correlators c) {
        int m = c.points();
        FreeAction free = FreeAction.of(c);
        double[] mean = new double[m];
        double[][] kernel = new double[m][m];
        double[] diagonal = new double[m];
        for (int i = 0; i < m; i++) {
            mean[i] = c.mean(i);
            for (int j = 0; j < m; j++) {
                kernel[i][j] = c.connected(i, j);
            }
            diagonal[i] = c.connected(i, i, i, i) / (3 * kernel[i][i] * kernel[i][i]);
        }
        double[] lambda4 = Couplings.quartic(Couplings.connectedTensor(c, 4), free.inverseKernel());
        double norm = 0;
        for (double l : lambda4) {
            norm += l * l;
        }
        return new NnftSnapshot(
                mean, kernel, diagonal, meanAbsNormalisedKappa4(c), Math.sqrt(norm), free.jitter(), free);
    }

    /** The mean of |G_c^(4)/Wick| over every multiset of four mesh points (finite values only). */
    public static double meanAbsNormalisedKappa4(Correlators c) {
        Multisets sets = new Multisets(c.points(), 4);
        int[] s = new int[4];
        double sum = 0;
        int count = 0;
        do {
            double v = c.normalisedConnected4(s[0], s[1], s[2], s[3]);
            if (Double.isFinite(v)) {
                sum += Math.abs(v);
                count++;
            }
        } while (sets.next(s));
        return count == 0 ? Double.NaN : sum / count;
    }
}
