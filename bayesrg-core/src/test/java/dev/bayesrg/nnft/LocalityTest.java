package dev.bayesrg.nnft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class LocalityTest {

    /** Six points on a line with spacing a. */
    private static double[][] line(int m, double a) {
        double[][] mesh = new double[m][];
        for (int i = 0; i < m; i++) {
            mesh[i] = new double[] {0.3 + i * a, -1.0};
        }
        return mesh;
    }

    /** The lattice free field's precision: (2 + m²a²)/a² on the diagonal, −1/a² to nearest neighbours. */
    private static double[][] laplacianPlusMass(int m, double a, double mass) {
        double[][] precision = new double[m][m];
        for (int i = 0; i < m; i++) {
            precision[i][i] = (2 + mass * mass * a * a) / (a * a);
            if (i + 1 < m) {
                precision[i][i + 1] = -1 / (a * a);
                precision[i + 1][i] = -1 / (a * a);
            }
        }
        return precision;
    }

    @Test
    void theInverseOfALatticeFreeFieldsKernelIsNearestNeighbourOnly() {
        int m = 6;
        double a = 0.5;
        double[][] precision = laplacianPlusMass(m, a, 1.3);
        DMatrixRMaj kernel = new DMatrixRMaj(precision);
        CommonOps_DDRM.invert(kernel);
        double[][] k = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                k[i][j] = kernel.get(i, j);
            }
        }
        List<Locality.Row> rows = Locality.of(line(m, a), new FreeAction(new double[m], k).inverseKernel(), null);

        assertEquals(m, rows.size());
        for (int r = 0; r < m; r++) {
            assertEquals(r * a, rows.get(r).separation(), 1e-12);
            assertEquals(m - r, rows.get(r).pairs());
        }
        assertEquals((2 + 1.3 * 1.3 * a * a) / (a * a), rows.get(0).inverseKernel(), 1e-9);
        assertEquals(-1 / (a * a), rows.get(1).inverseKernel(), 1e-9);
        for (int r = 2; r < m; r++) {
            assertEquals(0, rows.get(r).inverseKernelAbs(), 1e-9, "separation " + r * a);
        }
        assertTrue(Double.isNaN(rows.get(0).quarticPair()));
    }

    @Test
    void aLocalQuarticVertexLivesOnCoincidentPointsOnly() {
        int m = 5;
        double lambdaW = 0.7;
        double[] quartic = new double[m * m * m * m];
        for (int i = 0; i < m; i++) {
            quartic[((i * m + i) * m + i) * m + i] = lambdaW;
        }
        List<Locality.Row> rows = Locality.of(line(m, 1.0), laplacianPlusMass(m, 1.0, 0), quartic);

        assertEquals(lambdaW, rows.get(0).quarticPair(), 1e-15);
        assertEquals(lambdaW, rows.get(0).quarticDiameterAbs(), 1e-15);
        assertEquals(m, rows.get(0).quadruples());
        for (int r = 1; r < rows.size(); r++) {
            assertEquals(0, rows.get(r).quarticPair());
            assertEquals(0, rows.get(r).quarticDiameterAbs());
        }
    }

    @Test
    void everyQuadrupleFallsInExactlyOneDiameterAndTheMeansAddUpToTheTotal() {
        int m = 4;
        double[] quartic = new double[m * m * m * m];
        double total = 0;
        for (int k = 0; k < quartic.length; k++) {
            quartic[k] = Math.sin(1.7 * k) - 0.2;
            total += Math.abs(quartic[k]);
        }
        List<Locality.Row> rows = Locality.of(line(m, 0.25), laplacianPlusMass(m, 0.25, 1), quartic);

        long quadruples = 0;
        double sum = 0;
        for (Locality.Row row : rows) {
            quadruples += row.quadruples();
            sum += row.quadruples() * row.quarticDiameterAbs();
        }
        assertEquals((long) m * m * m * m, quadruples);
        assertEquals(total, sum, 1e-12 * total);
        // the diameter-0 quadruples are the M coincident ones, diameter 3a those holding both ends
        assertEquals(m, rows.get(0).quadruples());
        assertEquals(
                (long) Math.pow(4, 4) - 2 * (long) Math.pow(3, 4) + (long) Math.pow(2, 4),
                rows.get(3).quadruples());
    }

    @Test
    void gridSeparationsMergeEqualDistancesAcrossDirections() {
        // a 3 × 2 grid with spacings 1 and 2: distance 2 is two steps along u or one along v
        double[][] mesh = new double[6][];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                mesh[i * 2 + j] = new double[] {i * 1.0, j * 2.0};
            }
        }
        List<Locality.Row> rows = Locality.of(mesh, laplacianPlusMass(6, 1, 1), null);

        assertArrayEquals(
                new double[] {0, 1, 2, Math.sqrt(5), Math.sqrt(8)},
                rows.stream().mapToDouble(Locality.Row::separation).toArray(),
                1e-12);
        assertArrayEquals(
                new int[] {6, 4, 5, 4, 2},
                rows.stream().mapToInt(Locality.Row::pairs).toArray());
    }

    @Test
    void mismatchedShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Locality.of(line(3, 1), laplacianPlusMass(4, 1, 1), null));
        assertThrows(
                IllegalArgumentException.class,
                () -> Locality.of(line(3, 1), laplacianPlusMass(3, 1, 1), new double[80]));
    }
}
