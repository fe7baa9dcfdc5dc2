package dev.bayesrg.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The ensemble's account of the Fisher metric beyond its diagonal: medians over the members that
 * did not diverge and measured a geometry of a finite metric, of the spectrum's summary numbers, and per cutoff of the
 * sloppy fractions in both bases, their overlap, the other basis's test loss and the predicted
 * relative entropy.
 *
 * @param members             the members the medians are over
 * @param rank                median number of nonzero Fisher eigenvalues
 * @param participationRatio  median (Σλ)²/Σλ²
 * @param effectiveRank       median exp(spectral entropy)
 * @param leadingShare        median λ_1 / tr F
 * @param spectrum            per eigenvalue index (stiffest first), the median eigenvalue
 * @param trainedTestMse      the same members' median test MSE before coarse graining
 * @param cutoffs             one row per cutoff
 */
public record GeometryStatistics(
        int members,
        double rank,
        double participationRatio,
        double effectiveRank,
        double leadingShare,
        double[] spectrum,
        double trainedTestMse,
        List<Row> cutoffs) {

    /**
     * The medians at one cutoff.
     *
     * @param cutoff                 ε
     * @param diagonalSloppyFraction median fraction the diagonal calls sloppy
     * @param eigenSloppyFraction    median fraction the eigenbasis calls sloppy
     * @param overlap                median overlap of the diagonal's sloppy coordinates with the eigen-sloppy subspace
     * @param ownBasisTestMse        the same members' median test MSE along the run's own flow
     * @param otherBasisTestMse      median test MSE of the flow in the basis the run does not flow in
     * @param predictedKl            median ½ δθᵀ F δθ of the run's flow
     * @param predictedKlDiagonal    median ½ Σ F_ii δθ_i² of the run's flow
     */
    public record Row(
            double cutoff,
            double diagonalSloppyFraction,
            double eigenSloppyFraction,
            double overlap,
            double ownBasisTestMse,
            double otherBasisTestMse,
            double predictedKl,
            double predictedKlDiagonal) {}

    /** One value per cutoff, in the schedule's order. */
    public double[] column(ToDoubleFunction<Row> value) {
        return cutoffs.stream().mapToDouble(value).toArray();
    }

    /** The statistics of {@code members} along {@code cutoffs}. */
    public static GeometryStatistics of(List<MemberResult> members, List<Double> cutoffs) {
        boolean[] diverged = new boolean[members.size()];
        double[][] testMse = new double[members.size()][];
        List<MemberGeometry> geometries = new ArrayList<>(members.size());
        for (int m = 0; m < diverged.length; m++) {
            diverged[m] = members.get(m).diverged();
            testMse[m] = members.get(m).testMse();
            geometries.add(members.get(m).geometry());
        }
        return of(geometries, diverged, testMse, cutoffs);
    }

    /**
     * The statistics of the members' geometries (null for a member that measured none) along
     * {@code cutoffs}, leaving out the members that diverged.
     *
     * @param testMse per member, its test MSE at every flow entry of the run's own flow
     */
    public static GeometryStatistics of(
            List<MemberGeometry> geometries, boolean[] diverged, double[][] testMse, List<Double> cutoffs) {
        List<MemberGeometry> used = new ArrayList<>();
        List<double[]> ownFlow = new ArrayList<>();
        for (int m = 0; m < diverged.length; m++) {
            if (!diverged[m] && geometries.get(m) != null && geometries.get(m).defined()) {
                used.add(geometries.get(m));
                ownFlow.add(testMse[m]);
            }
        }
        int spectrumLength = used.isEmpty() ? 0 : used.get(0).geometry().spectrum().length;
        double[] spectrum = new double[spectrumLength];
        for (int k = 0; k < spectrumLength; k++) {
            int index = k;
            spectrum[k] = median(used, g -> g.geometry().spectrum()[index]);
        }
        List<Row> rows = new ArrayList<>(cutoffs.size());
        for (int c = 0; c < cutoffs.size(); c++) {
            int k = c;
            rows.add(new Row(
                    cutoffs.get(c),
                    median(used, g -> g.geometry().diagonalSloppyFraction()[k]),
                    median(used, g -> g.geometry().eigenSloppyFraction()[k]),
                    median(used, g -> g.geometry().overlap()[k]),
                    median(ownFlow.stream().mapToDouble(mse -> mse[k + 1])),
                    median(used, g -> g.otherBasisTestMse()[k]),
                    median(used, g -> g.predictedKl()[k]),
                    median(used, g -> g.predictedKlDiagonal()[k])));
        }
        return new GeometryStatistics(
                used.size(),
                median(used, g -> g.geometry().rank()),
                median(used, g -> g.geometry().participationRatio()),
                median(used, g -> g.geometry().effectiveRank()),
                median(used, g -> g.geometry().leadingShare()),
                spectrum,
                median(ownFlow.stream().mapToDouble(mse -> mse[0])),
                List.copyOf(rows));
    }

    /** The median of the finite values (NaN if none: e.g. the overlap where the diagonal calls nothing sloppy). */
    private static double median(List<MemberGeometry> members, ToDoubleFunction<MemberGeometry> value) {
        return median(members.stream().mapToDouble(value));
    }

    private static double median(java.util.stream.DoubleStream values) {
        return FlowStatistics.quantile(values.filter(Double::isFinite).sorted().toArray(), 0.5);
    }
}
