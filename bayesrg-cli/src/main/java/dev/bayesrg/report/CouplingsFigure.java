package dev.bayesrg.report;

import dev.bayesrg.run.NnftFile;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The couplings of the field theory on the nnft mesh along the flow: (a) their sizes ‖Λ3‖, ‖Λ4‖, ‖Λ6‖
 * (Frobenius norms on the mesh, those the run measured), each with a band of ± 1 jackknife standard
 * error; (b) the whitened norms t_r the noise-floor test uses, each with its ± 1 s.e. band, beside the
 * noise floor (the Gaussian surrogates' mean ± 2 standard deviations), the entries above the floor
 * marked.
 *
 * @param axis the cutoffs
 * @param nnft nnft/snapshots.json, or null if the run has none
 */
record CouplingsFigure(CutoffAxis axis, NnftFile nnft) {
    static final String NAME = "nnft_couplings";

    /** The note of a panel of a run whose snapshots hold no couplings. */
    static final String NO_COUPLINGS = "no couplings in nnft/snapshots.json (written before they were, or"
            + " nnft.order 2): bayesrg nnft RUN_DIR --order 4 measures them";

    /** The noise floor's band, and the marker of an entry above it. */
    static final String FLOOR = "noise floor ± 2 sd";

    static final String SIGNIFICANT = "above the floor";

    private static final Map<Integer, Color> COLOURS = Map.of(3, Palette.GREEN, 4, Palette.BLUE, 6, Palette.ORANGE);

    private static final Map<Integer, String> SUBSCRIPT = Map.of(3, "₃", 4, "₄", 6, "₆");

    FigureFile draw() {
        Plot top = new Plot("(a) coupling norms ‖Λᵣ‖ on the mesh", null, "‖Λᵣ‖");
        Plot bottom = new Plot("(b) whitened norms tᵣ against the Gaussian noise floor", axis.title(), "tᵣ");
        List<Integer> orders = orders();
        if (nnft == null) {
            top.noData(Snapshots.NONE);
            bottom.noData(Snapshots.NONE);
        } else if (orders.isEmpty()) {
            top.noData(NO_COUPLINGS);
            bottom.noData(NO_COUPLINGS);
        } else {
            norms(top, orders);
            whitened(bottom, orders);
        }
        return new FigureFile(
                NAME,
                "Couplings along the flow",
                "On the nnft mesh (" + Snapshots.meshText(nnft) + "), over the members that did not diverge: (a) the"
                        + " Frobenius norms of the couplings Λ3 = −G_c⁽³⁾·(K⁻¹)^⊗3, Λ4 = −G_c⁽⁴⁾·(K⁻¹)^⊗4 and the"
                        + " tree-level Λ6 (those measured, up to nnft.order) against the cutoff, dotted: the trained"
                        + " ensemble; (b) the whitened norms tᵣ = ‖G_c⁽ʳ⁾ (K^-1/2)^⊗r‖ against the noise floor, the"
                        + " mean ± 2 standard deviations of tᵣ over Gaussian ensembles of the same mean, kernel and"
                        + " members (shaded grey), the entries whose surrogate p-value is below α marked with a"
                        + " ring. Every norm carries a shaded band of ± 1 standard error (the jackknife of"
                        + " nnft/snapshots.json; a band wider than the axis is cut at its edges).",
                List.of(top, bottom));
    }

    /** The orders with a finite norm or whitened norm at some flow entry, ascending. */
    private List<Integer> orders() {
        List<Integer> out = new ArrayList<>();
        if (nnft == null) {
            return out;
        }
        for (int r : new int[] {3, 4, 6}) {
            if (nnft.entries().stream()
                    .anyMatch(e -> Double.isFinite(e.coupling(r).norm())
                            || Double.isFinite(e.coupling(r).whitenedNorm()))) {
                out.add(r);
            }
        }
        return out;
    }

    private double[] perEntry(int r, java.util.function.ToDoubleFunction<NnftFile.Coupling> value) {
        return Snapshots.perEntry(nnft, axis, e -> value.applyAsDouble(e.coupling(r)));
    }

    private void norms(Plot c, List<Integer> orders) {
        List<double[]> columns = new ArrayList<>();
        for (int r : orders) {
            columns.add(CutoffAxis.atCutoffs(perEntry(r, NnftFile.Coupling::norm)));
        }
        List<Double> ys = Axes.values(columns.toArray(double[][]::new));
        boolean log = Axes.wantsLog(ys);
        double[] range = Axes.paddedRange(ys, log);
        if (range == null) {
            c.noData("no finite coupling norms");
            return;
        }
        c.yAxis(range, log);
        for (int r : orders) {
            double[] norm = perEntry(r, NnftFile.Coupling::norm);
            String name = "‖Λ" + SUBSCRIPT.get(r) + "‖";
            Bands.atCutoffs(
                    axis,
                    c,
                    ProbeMomentsFigure.BAND + " " + name,
                    norm,
                    perEntry(r, NnftFile.Coupling::normSe),
                    1,
                    range,
                    log,
                    COLOURS.get(r));
            reference(c, norm[0], "trained " + name, COLOURS.get(r));
            axis.line(c, name, CutoffAxis.atCutoffs(norm), COLOURS.get(r), Palette.SOLID, SeriesMarkers.CIRCLE, log);
        }
    }

    private void whitened(Plot c, List<Integer> orders) {
        List<double[]> columns = new ArrayList<>();
        for (int r : orders) {
            double[] mean = CutoffAxis.atCutoffs(perEntry(r, NnftFile.Coupling::floorMean));
            double[] sd = CutoffAxis.atCutoffs(perEntry(r, NnftFile.Coupling::floorSd));
            double[] top = new double[mean.length];
            double[] bottom = new double[mean.length];
            for (int i = 0; i < mean.length; i++) {
                top[i] = mean[i] + 2 * sd[i];
                // t_r ≥ 0: the floor's lower edge below 0 does not stretch the axis
                bottom[i] = Math.max(0, mean[i] - 2 * sd[i]);
            }
            columns.add(CutoffAxis.atCutoffs(perEntry(r, NnftFile.Coupling::whitenedNorm)));
            columns.add(top);
            columns.add(bottom);
        }
        List<Double> ys = Axes.values(columns.toArray(double[][]::new));
        boolean log = Axes.wantsLog(ys);
        double[] range = Axes.paddedRange(ys, log);
        if (range == null) {
            c.noData("no noise-floor tests in nnft/snapshots.json");
            return;
        }
        c.yAxis(range, log);
        for (int r : orders) {
            Bands.atCutoffs(
                    axis,
                    c,
                    FLOOR + " (t" + SUBSCRIPT.get(r) + ")",
                    perEntry(r, NnftFile.Coupling::floorMean),
                    perEntry(r, NnftFile.Coupling::floorSd),
                    2,
                    range,
                    log,
                    Palette.GREY);
        }
        for (int r : orders) {
            String sub = SUBSCRIPT.get(r);
            Color colour = COLOURS.get(r);
            double[] t = perEntry(r, NnftFile.Coupling::whitenedNorm);
            Bands.atCutoffs(
                    axis,
                    c,
                    ProbeMomentsFigure.BAND + " t" + sub,
                    t,
                    perEntry(r, NnftFile.Coupling::whitenedSe),
                    1,
                    range,
                    log,
                    colour);
            axis.line(c, "t" + sub, CutoffAxis.atCutoffs(t), colour, Palette.SOLID, SeriesMarkers.CIRCLE, log);
            double[] marked = CutoffAxis.atCutoffs(t);
            for (int i = 0; i < marked.length; i++) {
                int k = i + 1;
                if (k >= nnft.entries().size()
                        || !nnft.entries().get(k).coupling(r).significant()) {
                    marked[i] = Double.NaN;
                }
            }
            XYSeries s = axis.line(
                    c,
                    SIGNIFICANT + " (t" + sub + ")",
                    marked,
                    Palette.VERMILLION,
                    Palette.SOLID,
                    SeriesMarkers.DIAMOND,
                    log);
            if (s != null) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
    }

    /** The trained ensemble's value as a dotted horizontal line in the order's colour. */
    private void reference(Plot c, double y, String name, Color colour) {
        axis.applyTo(c);
        if (Double.isFinite(y) && (!c.getStyler().isYAxisLogarithmic() || y > 0)) {
            c.horizontal(name, y, colour, Palette.DOTTED);
        }
    }
}
