package dev.bayesrg.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where {@code bayesrg run} records the ensemble as a field: the mesh of inputs x_1..x_M on which
 * every member's output is kept at every flow entry (and, every {@code snapshotEvery} epochs, during
 * training; 0 = not during training). {@code test}: the first {@code points} test inputs (all of them
 * when the test set is smaller);
 * {@code csv}: the points of a file, one per row; {@code line}: {@code line.points} evenly spaced
 * points from {@code line.from} to {@code line.to}; {@code grid}: origin + s·u + t·v for s, t evenly
 * spaced in [0, 1] ({@code grid.points} = [P, Q]). At most {@link #MAX_POINTS} points: the quartic
 * coupling has M⁴ entries. {@code order} R (2..6) is the highest connected correlator measured:
 * G_c^(3..R), Λ3 from R = 3, Λ4 and δK⁻¹ from R = 4, Λ6 at R = 6, which needs full M⁶ tensors and so
 * at most {@link #MAX_SEXTIC_POINTS} mesh points.
 */
public record NnftConfig(Mesh mesh, int points, String csv, Line line, Grid grid, int snapshotEvery, int order) {
    public static final int MAX_POINTS = 32;

    /** The most mesh points order 6 allows (the sextic coupling's full tensor has M⁶ entries). */
    public static final int MAX_SEXTIC_POINTS = 12;

    /** The default order R. */
    public static final int DEFAULT_ORDER = 4;

    /** Where the mesh comes from: the first test inputs, a CSV file, a line or a grid. */
    public enum Mesh {
        @JsonProperty("test")
        TEST,
        @JsonProperty("csv")
        CSV,
        @JsonProperty("line")
        LINE,
        @JsonProperty("grid")
        GRID
    }

    /** {@code points} evenly spaced points from {@code from} to {@code to}, both included. */
    public record Line(List<Double> from, List<Double> to, int points) {
        public Line {
            from = from == null ? null : List.copyOf(from);
            to = to == null ? null : List.copyOf(to);
        }
    }

    /** origin + (i/(P−1)) u + (j/(Q−1)) v, i &lt; P, j &lt; Q, in row-major order (i slow). */
    public record Grid(List<Double> origin, List<Double> u, List<Double> v, List<Integer> points) {
        public Grid {
            origin = origin == null ? null : List.copyOf(origin);
            u = u == null ? null : List.copyOf(u);
            v = v == null ? null : List.copyOf(v);
            points = points == null ? null : List.copyOf(points);
        }
    }

    /**
     * The quadrature weight w of each mesh point for continuum couplings (∫ d^dx → Σ_a w): the
     * spacing |to − from|/(points − 1) of a line, the cell area |u ∧ v|/((P − 1)(Q − 1)) of a grid;
     * none for test or CSV points, which are not a lattice (docs/method.md, "nnft": report continuum couplings
     * only when a mesh weight is known).
     */
    public java.util.OptionalDouble meshWeight() {
        if (mesh == Mesh.LINE && line != null && line.points() >= 2) {
            double d2 = 0;
            for (int k = 0; k < line.from().size(); k++) {
                double d = line.to().get(k) - line.from().get(k);
                d2 += d * d;
            }
            return java.util.OptionalDouble.of(Math.sqrt(d2) / (line.points() - 1));
        }
        if (mesh == Mesh.GRID
                && grid != null
                && grid.points().get(0) >= 2
                && grid.points().get(1) >= 2) {
            double uu = 0;
            double vv = 0;
            double uv = 0;
            for (int k = 0; k < grid.u().size(); k++) {
                uu += grid.u().get(k) * grid.u().get(k);
                vv += grid.v().get(k) * grid.v().get(k);
                uv += grid.u().get(k) * grid.v().get(k);
            }
            // |u ∧ v| = sqrt(|u|²|v|² − (u·v)²), the area of the parallelogram in any dimension
            double area = Math.sqrt(Math.max(0, uu * vv - uv * uv));
            return java.util.OptionalDouble.of(
                    area / ((grid.points().get(0) - 1) * (grid.points().get(1) - 1)));
        }
        return java.util.OptionalDouble.empty();
    }

    /**
     * Refuses order 6 with more than {@link #MAX_SEXTIC_POINTS} mesh points: a one-line
     * {@link ConfigException} naming {@code nnft.order} and {@code nnft.points}.
     */
    public static void requireSexticMesh(int order, int points) {
        NnftValidator.requireSexticMesh(order, points);
    }

    /** The default: the first 8 test inputs, nothing recorded during training, order 4. */
    public static NnftConfig defaults() {
        return new NnftConfig(Mesh.TEST, 8, null, null, null, 0, DEFAULT_ORDER);
    }
}
