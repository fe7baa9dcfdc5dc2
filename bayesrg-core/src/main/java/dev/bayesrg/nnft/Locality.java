package dev.bayesrg.nnft;

import java.util.ArrayList;
import java.util.List;

/**
 * How local the field theory on a lattice mesh is: the inverse kernel K⁻¹(x, y) and the quartic
 * coupling Λ4 as functions of the separation |x − y|. A local action (a lattice Laplacian plus a
 * mass, a φ⁴ vertex) has K⁻¹ vanishing beyond nearest neighbours and Λ4 only on coincident points;
 * a network's field theory is generally non-local, and this table measures by how much.
 *
 * <p>Separations are the distinct Euclidean distances between mesh points, merged when they agree to
 * a relative {@value #TOLERANCE} (a line's multiples of its spacing, a grid's √(i²a² + j²b²)). Per
 * separation r: the pairs (x, y) with |x − y| = r (x ≠ y counted once, r = 0 the M points), the mean
 * of K⁻¹(x, y) and of |K⁻¹(x, y)|, the mean of the two-point slice Λ4(x, x, y, y), and the mean of
 * |Λ4| over every index quadruple whose diameter (largest pairwise distance) is r.
 */
public final class Locality {
    /** The relative tolerance under which two distances are one separation. */
    public static final double TOLERANCE = 1e-9;

    /**
     * One separation's row.
     *
     * @param separation             r = |x − y|
     * @param pairs                  point pairs at separation r (unordered, x ≠ y; M for r = 0)
     * @param inverseKernel          mean K⁻¹(x, y) over those pairs
     * @param inverseKernelAbs       mean |K⁻¹(x, y)|
     * @param quarticPair            mean Λ4(x, x, y, y)
     * @param quarticDiameterAbs     mean |Λ4(a, b, c, d)| over index quadruples of diameter r
     * @param quadruples             the number of those (ordered) index quadruples
     */
    public record Row(
            double separation,
            int pairs,
            double inverseKernel,
            double inverseKernelAbs,
            double quarticPair,
            double quarticDiameterAbs,
            long quadruples) {}

    private Locality() {}

    /**
     * The locality table of a mesh.
     *
     * @param mesh          the M mesh points, rows of dimension d
     * @param inverseKernel K⁻¹ on the mesh, M × M
     * @param quartic       Λ4 on the mesh, M⁴ entries row-major ({@link Couplings#quartic}), or null
     *     to leave the Λ4 columns NaN
     * @return one row per separation, in increasing separation (r = 0 first)
     */
    public static List<Row> of(double[][] mesh, double[][] inverseKernel, double[] quartic) {
        int m = mesh.length;
        if (inverseKernel.length != m || (quartic != null && quartic.length != (long) m * m * m * m)) {
            throw new IllegalArgumentException("the inverse kernel must be " + m + " x " + m
                    + " and the quartic coupling have " + m + "^4 entries");
        }
        double[][] distance = new double[m][m];
        List<Double> separations = new ArrayList<>();
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                double d2 = 0;
                for (int k = 0; k < mesh[a].length; k++) {
                    double d = mesh[a][k] - mesh[b][k];
                    d2 += d * d;
                }
                distance[a][b] = Math.sqrt(d2);
            }
        }
        int[][] bin = new int[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                bin[a][b] = binOf(distance[a][b], separations);
            }
        }
        int bins = separations.size();
        int[] pairs = new int[bins];
        double[] inverse = new double[bins];
        double[] inverseAbs = new double[bins];
        double[] pair = new double[bins];
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                if (b > a && distance[a][b] == 0) {
                    continue; // coincident points are not a separation 0 of the lattice
                }
                int k = bin[a][b];
                pairs[k]++;
                inverse[k] += inverseKernel[a][b];
                inverseAbs[k] += Math.abs(inverseKernel[a][b]);
                if (quartic != null) {
                    pair[k] += quartic[((a * m + a) * m + b) * m + b];
                }
            }
        }
        double[] diameterAbs = new double[bins];
        long[] quadruples = new long[bins];
        if (quartic != null) {
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    for (int c = 0; c < m; c++) {
                        for (int d = 0; d < m; d++) {
                            int k = widest(bin, separations, a, b, c, d);
                            diameterAbs[k] += Math.abs(quartic[((a * m + b) * m + c) * m + d]);
                            quadruples[k]++;
                        }
                    }
                }
            }
        }
        Integer[] order = new Integer[bins];
        for (int k = 0; k < bins; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(separations.get(x), separations.get(y)));
        List<Row> rows = new ArrayList<>();
        for (int k : order) {
            if (pairs[k] == 0) {
                continue;
            }
            rows.add(new Row(
                    separations.get(k),
                    pairs[k],
                    inverse[k] / pairs[k],
                    inverseAbs[k] / pairs[k],
                    quartic == null ? Double.NaN : pair[k] / pairs[k],
                    quadruples[k] == 0 ? Double.NaN : diameterAbs[k] / quadruples[k],
                    quadruples[k]));
        }
        return List.copyOf(rows);
    }

    /** The bin of the largest of the six pairwise distances of a quadruple. */
    private static int widest(int[][] bin, List<Double> separations, int a, int b, int c, int d) {
        int[] points = {a, b, c, d};
        int best = bin[a][a];
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                int k = bin[points[i]][points[j]];
                if (separations.get(k) > separations.get(best)) {
                    best = k;
                }
            }
        }
        return best;
    }

    private static int binOf(double distance, List<Double> separations) {
        for (int k = 0; k < separations.size(); k++) {
            double s = separations.get(k);
            if (Math.abs(distance - s) <= TOLERANCE * Math.max(distance, s)) {
                return k;
            }
        }
        separations.add(distance);
        return separations.size() - 1;
    }
}
