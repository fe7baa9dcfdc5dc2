package dev.bayesrg.report;

import dev.bayesrg.nnft.Locality;
import dev.bayesrg.run.LocalityTable;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * How local the field theory on a line or grid mesh is (nnft/locality.csv): against the separation
 * r = |x − y| of mesh points, (a) the mean |K⁻¹(x, y)| over the pairs at r, (b) the mean |Λ4| over the
 * index quadruples whose diameter is r, for the trained ensemble and the largest cutoff, each with a
 * band of ± its error bound (the mean of the elements' jackknife errors, which bounds the jackknife
 * error of the mean from above).
 *
 * @param mesh how the mesh was chosen (test, csv, line, grid), or null for a run without nnft/
 * @param rows nnft/locality.csv (empty without it)
 */
record LocalityFigure(String mesh, List<LocalityTable.Row> rows) {
    static final String NAME = "nnft_locality";

    /** The band around each curve. */
    static final String BOUND = "± error bound";

    LocalityFigure {
        rows = List.copyOf(rows);
    }

    /** Why the figure is empty, or null when it has rows. */
    private String missing() {
        if (mesh == null) {
            return Snapshots.NONE;
        }
        if (!mesh.equals("line") && !mesh.equals("grid")) {
            return "the nnft mesh is " + mesh + ", not a line or a grid (nnft.mesh), so its points have no lattice"
                    + " separations";
        }
        return rows.isEmpty()
                ? "no nnft/locality.csv (written before it existed): bayesrg nnft RUN_DIR writes it"
                : null;
    }

    FigureFile draw() {
        Plot top = new Plot("(a) mean |K⁻¹(x, y)| at separation r", null, "|K⁻¹|");
        Plot bottom = new Plot("(b) mean |Λ4| over quadruples of diameter r", "separation r = |x − y|", "|Λ4|");
        String why = missing();
        if (why != null) {
            top.noData(why);
            bottom.noData(why);
        } else {
            List<Integer> entries = entries();
            panel(top, entries, Locality.Row::inverseKernelAbs);
            panel(bottom, entries, Locality.Row::quarticDiameterAbs);
        }
        return new FigureFile(
                NAME,
                "Locality of the field theory",
                "On the nnft mesh (" + (mesh == null ? "none" : mesh) + "), from nnft/locality.csv, against the"
                        + " distance r between mesh points: (a) the mean of |K⁻¹(x, y)| over the point pairs at r (the"
                        + " free action's coupling of two points; a lattice Laplacian plus a mass has none beyond"
                        + " nearest neighbours), (b) the mean of |Λ4(a, b, c, d)| over the index quadruples whose"
                        + " largest pairwise distance is r (a local φ⁴ vertex lives at r = 0 only), for the trained"
                        + " ensemble and the largest cutoff. Shaded: ± the mean of the elements' jackknife standard"
                        + " errors, an upper bound on the jackknife error of each mean (cut at a log axis' bottom).",
                List.of(top, bottom));
    }

    /** Entry 0 (trained) and the largest entry the table has, those present. */
    private List<Integer> entries() {
        int last = rows.stream().mapToInt(LocalityTable.Row::entry).max().orElse(0);
        List<Integer> out = new ArrayList<>();
        if (rows.stream().anyMatch(r -> r.entry() == 0)) {
            out.add(0);
        }
        if (last != 0) {
            out.add(last);
        }
        return out;
    }

    /** {@code value} of each entry's rows against the separation, with {@code value} of its error bounds as a band. */
    private void panel(Plot c, List<Integer> entries, ToDoubleFunction<Locality.Row> value) {
        List<double[]> columns = new ArrayList<>();
        for (int k : entries) {
            columns.add(column(k, r -> value.applyAsDouble(r.row())));
        }
        List<Double> ys = Axes.values(columns.toArray(double[][]::new));
        boolean log = Axes.wantsLog(ys);
        double[] range = Axes.paddedRange(ys, log);
        if (range == null) {
            c.noData("no finite values (the Λ4 columns need nnft.order ≥ 4)");
            return;
        }
        c.yAxis(range, log);
        double[] separations = column(entries.get(0), r -> r.row().separation());
        double hi = separations[separations.length - 1];
        c.getStyler().setXAxisMin(-0.04 * hi);
        c.getStyler().setXAxisMax(hi * 1.04 + (hi > 0 ? 0 : 1));
        Color[] colours = {Palette.BLUE, Palette.VERMILLION};
        for (int i = 0; i < entries.size(); i++) {
            int k = entries.get(i);
            double[] x = column(k, r -> r.row().separation());
            double[] y = column(k, r -> value.applyAsDouble(r.row()));
            double[] e = column(k, r -> value.applyAsDouble(r.bound()));
            String name = name(k);
            Bands.over(c, BOUND + " (" + name + ")", x, y, e, range, log, colours[i]);
            c.line(name, x, y, colours[i], Palette.SOLID, SeriesMarkers.CIRCLE, log);
        }
    }

    /** A flow entry as the legend names it, from its cutoff in the table. */
    private String name(int entry) {
        if (entry == 0) {
            return "trained";
        }
        double cutoff = rows.stream()
                .filter(r -> r.entry() == entry)
                .findFirst()
                .map(LocalityTable.Row::cutoff)
                .orElse(Double.NaN);
        return "ε = " + Format.cutoff(cutoff);
    }

    /** One value of each of entry k's rows, in the table's order (increasing separation). */
    private double[] column(int k, ToDoubleFunction<LocalityTable.Row> value) {
        return rows.stream().filter(r -> r.entry() == k).mapToDouble(value).toArray();
    }
}
