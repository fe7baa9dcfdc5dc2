package dev.bayesrg.report;

import static dev.bayesrg.report.Drawn.plot;
import static dev.bayesrg.report.Drawn.series;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.BrgConfig;
import dev.bayesrg.run.GeometryStatistics;
import dev.bayesrg.run.GeometryStatistics.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the three figures of the Fisher metric beyond its diagonal plot. */
class FisherGeometryFigureTest {
    private static final double[] CUTOFFS = {0.01, 1, 100};

    private static final GeometryStatistics GEOMETRY = new GeometryStatistics(
            5,
            3,
            1.5,
            1.8,
            0.8,
            new double[] {400, 90, 0.5, 0},
            250.0,
            List.of(
                    new Row(0.01, 0.1, 0.9, 0.99, 251, 260, 0.1, 0.2),
                    new Row(1, 0.3, 0.95, 0.98, 400, 255, 10, 12),
                    new Row(100, 0.9, 0.99, 0.97, 9000, 700, 900, 1500)));

    /** Two members' diagonals; the second diverged and is left out. */
    private static final double[][] FISHER = {{3, 50, 0, 7}, {1e9, 1e9, 1e9, 1e9}};

    private static FisherGeometryFigure figure(BrgConfig.Basis basis) {
        return new FisherGeometryFigure(
                new CutoffAxis(CUTOFFS, -1), GEOMETRY, FISHER, new boolean[] {false, true}, basis);
    }

    @Test
    void eigenvaluesAndTheSortedDiagonalAgainstTheirRankWithoutTheirZeros() {
        Plot p = plot(figure(BrgConfig.Basis.DIAGONAL).drawSpectrum(), 0);
        var eigen = series(p, "eigenvalues λ_k");
        assertArrayEquals(new double[] {1, 2, 3}, eigen.getXData());
        assertArrayEquals(new double[] {400, 90, 0.5}, eigen.getYData());
        var diagonal = series(p, "diagonal Fᵢᵢ, sorted");
        assertArrayEquals(new double[] {1, 2, 3}, diagonal.getXData());
        assertArrayEquals(new double[] {50, 7, 3}, diagonal.getYData(), "the diverged member's 1e9 is left out");
        assertTrue(p.getStyler().isXAxisLogarithmic());
        assertTrue(p.getStyler().isYAxisLogarithmic());
    }

    @Test
    void sloppyFractionsOfBothBasesAtTheCutoffs() {
        Plot p = plot(figure(BrgConfig.Basis.DIAGONAL).drawSloppyFractions(), 0);
        assertArrayEquals(CUTOFFS, series(p, "diagonal: #{i : Fᵢᵢ < ε} / P").getXData());
        assertArrayEquals(
                new double[] {0.1, 0.3, 0.9},
                series(p, "diagonal: #{i : Fᵢᵢ < ε} / P").getYData());
        assertArrayEquals(
                new double[] {0.9, 0.95, 0.99},
                series(p, "eigenbasis: dim{λ < ε} / P").getYData());
    }

    @Test
    void eachFlowIsDrawnUnderItsBasisWhicheverTheRunFlowedIn() {
        for (BrgConfig.Basis basis : BrgConfig.Basis.values()) {
            Plot p = plot(figure(basis).drawTestLoss(), 0);
            double[] own = {251, 400, 9000};
            double[] other = {260, 255, 700};
            boolean diagonalRun = basis == BrgConfig.Basis.DIAGONAL;
            assertArrayEquals(
                    diagonalRun ? own : other,
                    series(p, "diagonal flow (median)").getYData(),
                    basis.id());
            assertArrayEquals(
                    diagonalRun ? other : own,
                    series(p, "eigenbasis flow (median)").getYData(),
                    basis.id());
        }
    }

    @Test
    void aRunWithoutGeometrySaysSo() {
        GeometryStatistics none = new GeometryStatistics(
                0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, new double[0], Double.NaN, List.of());
        FisherGeometryFigure f = new FisherGeometryFigure(
                new CutoffAxis(CUTOFFS, -1), none, new double[0][], new boolean[0], BrgConfig.Basis.DIAGONAL);
        assertTrue(plot(f.drawSpectrum(), 0).note().startsWith("no member measured the geometry"));
        assertEquals(FisherGeometryFigure.SPECTRUM, f.drawSpectrum().name());
    }
}
