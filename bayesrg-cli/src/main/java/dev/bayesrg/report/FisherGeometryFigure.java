package dev.bayesrg.report;

import dev.bayesrg.config.BrgConfig;
import dev.bayesrg.run.GeometryStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The diagonal approximation on trial, as three figures: the Fisher metric's eigenvalues beside its
 * diagonal values (both sorted, medians over the members that measured them), the sloppy fraction
 * against the cutoff in both bases, and the median test loss along the flow in both bases.
 *
 * @param axis     the cutoffs and ε_c
 * @param geometry the ensemble's geometry medians
 * @param fisher   every member's Fisher diagonal
 * @param diverged which members diverged
 * @param basis    the basis the run flows in
 * @param loss     what the test loss is ({@code train.loss})
 */
record FisherGeometryFigure(
        CutoffAxis axis,
        GeometryStatistics geometry,
        double[][] fisher,
        boolean[] diverged,
        BrgConfig.Basis basis,
        LossLabel loss) {
    static final String SPECTRUM = "fisher_eigenvalues";
    static final String SLOPPY = "sloppy_fraction_bases";
    static final String TEST_LOSS = "test_loss_bases";

    /** The figures of a squared error. */
    FisherGeometryFigure(
            CutoffAxis axis,
            GeometryStatistics geometry,
            double[][] fisher,
            boolean[] diverged,
            BrgConfig.Basis basis) {
        this(axis, geometry, fisher, diverged, basis, LossLabel.MSE);
    }

    FigureFile drawSpectrum() {
        return new FigureFile(
                SPECTRUM,
                "Fisher eigenvalues against the Fisher diagonal",
                "The Fisher metric's eigenvalues λ_k and its diagonal values Fᵢᵢ, each sorted in descending order"
                        + " (medians over the " + geometry.members() + " members that measured the geometry,"
                        + " fisher.geometryMembers). The metric has at most as many nonzero eigenvalues as Fisher"
                        + " inputs; the rest of parameter space is its null space.",
                List.of(spectrum()));
    }

    FigureFile drawSloppyFractions() {
        return new FigureFile(
                SLOPPY,
                "Sloppy fraction in the diagonal and in the eigenbasis",
                "The share of parameter space each basis calls sloppy at ε: the coordinates with Fᵢᵢ < ε, and the"
                        + " dimensions with eigenvalue λ < ε (medians over the members that measured the geometry).",
                List.of(sloppyFractions()));
    }

    FigureFile drawTestLoss() {
        return new FigureFile(
                TEST_LOSS,
                "Test loss along the flow in both bases",
                "The median " + loss.test() + loss.named()
                        + " when the flow coarse grains the diagonal's sloppy coordinates and when it"
                        + " coarse grains the eigenbasis's sloppy directions, over the same members: those that"
                        + " measured the geometry (fisher.geometryMembers) and did not diverge. The run's own flow is"
                        + " in the " + basis.id() + " basis; the other uses a random stream of its own.",
                List.of(testLoss()));
    }

    private Plot spectrum() {
        Plot c = new Plot("Eigenvalues against the diagonal", "rank k  (log scale)", "stiffness  (log scale)");
        double[] eigen = positive(geometry.spectrum());
        double[] diagonal = positive(sortedDiagonalMedians());
        if (eigen.length == 0 && diagonal.length == 0) {
            c.noData("no member measured the geometry (fisher.geometryMembers 0, or all diverged)");
            return c;
        }
        XYStyler s = c.getStyler();
        s.setXAxisLogarithmic(true);
        List<Double> ys = Axes.values(eigen, diagonal);
        c.yAxis(Axes.paddedRange(ys, true), true);
        c.line("eigenvalues λ_k", ranks(eigen.length), eigen, Palette.BLUE, Palette.SOLID, SeriesMarkers.NONE, true);
        c.line(
                "diagonal Fᵢᵢ, sorted",
                ranks(diagonal.length),
                diagonal,
                Palette.ORANGE,
                Palette.DASHED,
                SeriesMarkers.NONE,
                true);
        s.setLegendPosition(LegendPosition.InsideNE);
        return c;
    }

    private Plot sloppyFractions() {
        Plot c = new Plot("Sloppy share in both bases", axis.title(), "sloppy fraction");
        double[] diagonal = geometry.column(GeometryStatistics.Row::diagonalSloppyFraction);
        double[] eigen = geometry.column(GeometryStatistics.Row::eigenSloppyFraction);
        if (Arrays.stream(diagonal).noneMatch(Double::isFinite)) {
            c.noData("no member measured the geometry");
            return c;
        }
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.05);
        axis.line(
                c,
                "diagonal: #{i : Fᵢᵢ < ε} / P",
                diagonal,
                Palette.ORANGE,
                Palette.DASHED,
                SeriesMarkers.DIAMOND,
                false);
        axis.line(c, "eigenbasis: dim{λ < ε} / P", eigen, Palette.BLUE, Palette.SOLID, SeriesMarkers.CIRCLE, false);
        axis.criticalLine(c, new double[] {0.0, 1.05});
        c.getStyler().setLegendPosition(LegendPosition.InsideSE);
        return c;
    }

    private Plot testLoss() {
        Plot c = new Plot("Test loss along both flows", axis.title(), LossVsCutoffFigure.yAxis(loss));
        double[] own = geometry.column(GeometryStatistics.Row::ownBasisTestMse);
        double[] other = geometry.column(GeometryStatistics.Row::otherBasisTestMse);
        List<Double> ys = Axes.values(own, other);
        boolean logY = Axes.wantsLog(ys);
        double[] yRange = Axes.paddedRange(ys, logY);
        if (yRange == null) {
            c.noData("no member left: all diverged");
            return c;
        }
        c.yAxis(yRange, logY);
        boolean diagonalRun = basis == BrgConfig.Basis.DIAGONAL;
        axis.trainedReference(c, geometry.trainedTestMse(), "trained (median)");
        axis.line(
                c,
                "diagonal flow (median)",
                diagonalRun ? own : other,
                Palette.ORANGE,
                Palette.DASHED,
                SeriesMarkers.DIAMOND,
                logY);
        axis.line(
                c,
                "eigenbasis flow (median)",
                diagonalRun ? other : own,
                Palette.BLUE,
                Palette.SOLID,
                SeriesMarkers.CIRCLE,
                logY);
        axis.criticalLine(c, yRange);
        c.getStyler().setLegendPosition(LegendPosition.InsideNW);
        return c;
    }

    /** Per rank, the median over the members that did not diverge of their diagonal sorted descending. */
    private double[] sortedDiagonalMedians() {
        List<double[]> sorted = new ArrayList<>();
        for (int m = 0; m < Math.min(fisher.length, diverged.length); m++) {
            if (!diverged[m]) {
                double[] f = fisher[m].clone();
                Arrays.sort(f);
                sorted.add(f);
            }
        }
        if (sorted.isEmpty()) {
            return new double[0];
        }
        int p = sorted.get(0).length;
        double[] medians = new double[p];
        double[] column = new double[sorted.size()];
        for (int k = 0; k < p; k++) {
            for (int m = 0; m < column.length; m++) {
                column[m] = sorted.get(m)[p - 1 - k];
            }
            Arrays.sort(column);
            int n = column.length;
            medians[k] = n % 2 == 1 ? column[n / 2] : 0.5 * (column[n / 2 - 1] + column[n / 2]);
        }
        return medians;
    }

    /** The leading positive, finite values (the log axes cannot show the rest). */
    private static double[] positive(double[] values) {
        int n = 0;
        while (n < values.length && values[n] > 0 && Double.isFinite(values[n])) {
            n++;
        }
        return Arrays.copyOf(values, n);
    }

    private static double[] ranks(int n) {
        double[] k = new double[n];
        for (int i = 0; i < n; i++) {
            k[i] = i + 1;
        }
        return k;
    }
}
