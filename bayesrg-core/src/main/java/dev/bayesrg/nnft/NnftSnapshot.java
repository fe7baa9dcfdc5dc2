package dev.bayesrg.nnft;

/**
 * The field theory of one ensemble on a mesh, summarised: G^(1), K = G_c^(2), the normalised
 * connected four-point function on the diagonal κ4(iiii)/(3 κ2(ii)²) (0 for a Gaussian field),
 * the whole of it relative to the Wick scale as a ratio of norms ‖G_c^(4)‖/‖Wick4‖, the Frobenius norm of the quartic
 * coupling Λ4 (measure-free mesh form), and the jitter the kernel needed.
 */
public record NnftSnapshot(
        double[] mean,
        double[][] kernel,
        double[] normalisedKappa4Diagonal,
        double normalisedKappa4,
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
        return new NnftSnapshot(mean, kernel, diagonal, normalisedKappa4(c), Math.sqrt(norm), free.jitter(), free);
    }

    /**
     * ‖G_c^(4)‖/‖Wick4‖, the Frobenius norms of the full tensors, Wick4_abcd = K_ab K_cd + K_ac K_bd +
     * K_ad K_bc: O(1/N) for width-N networks, and not dominated by near-zero Wick entries as a mean of
     * entry-wise ratios would be.
     */
    public static double normalisedKappa4(Correlators c) {
        int m = c.points();
        double[][] k = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                k[i][j] = c.connected(i, j);
            }
        }
        return SymmetricTensors.norm(c.connectedPacked(4), m, 4)
                / SymmetricTensors.norm(CouplingEstimate.wick(k, 4), m, 4);
    }
}
