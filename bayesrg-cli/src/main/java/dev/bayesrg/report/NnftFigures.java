package dev.bayesrg.report;

import dev.bayesrg.run.NnftFile;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.theme.XChartTheme;

/**
 * The field-theory figures, drawn from nnft/snapshots.json: non-Gaussianity and the KL divergence
 * to the trained ensemble along the flow, the kernel on the mesh at the trained ensemble and at the
 * largest cutoff, and which training epoch each cutoff best matches (the paper's commutative
 * diagram).
 */
final class NnftFigures {
    static final String NON_GAUSSIANITY = "nnft_non_gaussianity";
    static final String KERNELS = "nnft_kernels";
    static final String CORRESPONDENCE = "nnft_cutoff_epoch";
    private static final String NONE = "no nnft/ snapshots in this run directory (bayesrg nnft RUN_DIR writes them)";

    private final RunData run;
    private final Figures figures;
    /** nnft/snapshots.json, or null if the run directory has none. */
    private final NnftFile nnft;

    NnftFigures(RunData run, Figures figures, NnftFile nnft) {
        this.run = run;
        this.figures = figures;
        this.nnft = nnft;
    }

    /** One value of every flow entry of snapshots.json (NaN where missing). */
    private double[] perEntry(java.util.function.ToDoubleFunction<NnftFile.Snapshot> value) {
        double[] v = new double[run.cutoffs.length + 1];
        java.util.Arrays.fill(v, Double.NaN);
        if (nnft != null) {
            for (int k = 0; k < Math.min(v.length, nnft.entries().size()); k++) {
                v[k] = value.applyAsDouble(nnft.entries().get(k));
            }
        }
        return v;
    }

    FigureFile nonGaussianity() {
        XYChart top = Figures.chart("(a) mean |G_c⁽⁴⁾| / Wick on the mesh", null, "⟨|κ4| / Wick⟩");
        XYChart bottom = Figures.chart(
                "(b) KL of the Gaussian part to the trained ensemble's", figures.epsAxis(), "KL(entry ‖ trained)");
        if (nnft == null) {
            Figures.noData(top, NONE);
            Figures.noData(bottom, NONE);
        } else {
            series(
                    top,
                    perEntry(NnftFile.Snapshot::meanAbsNormalisedKappa4),
                    "trained",
                    "⟨|κ4|/Wick⟩(ε)",
                    Figures.PURPLE);
            series(bottom, perEntry(NnftFile.Snapshot::klToTrained), null, "KL(ε ‖ trained)", Figures.BLUE);
        }
        return new FigureFile(
                NON_GAUSSIANITY,
                "Non-Gaussianity along the flow",
                "On the nnft mesh (" + meshText() + "), over the members that did not diverge: (a) the connected"
                        + " four-point function relative to its Wick scale, averaged in modulus over every quadruple"
                        + " of mesh points (0 for a Gaussian field; dotted: the trained ensemble); (b) the KL"
                        + " divergence of each entry's Gaussian part N(G⁽¹⁾, K) from the trained ensemble's.",
                Figures.WIDTH,
                Figures.HEIGHT,
                List.of(top, bottom));
    }

    private void series(XYChart c, double[] values, String trainedName, String name, Color colour) {
        List<Double> ys = Figures.boxed(Figures.tail(values));
        boolean log = Figures.wantsLog(ys);
        double[] range = Figures.paddedRange(ys, log);
        if (range == null) {
            Figures.noData(c, "no finite values");
            return;
        }
        Figures.yAxis(c, range, log);
        if (trainedName != null) {
            figures.trainedReference(c, values[0], trainedName);
        }
        figures.line(c, name, run.cutoffs, Figures.tail(values), colour, Figures.SOLID, SeriesMarkers.CIRCLE, log);
    }

    FigureFile kernels() {
        List<IChart> panels = new ArrayList<>();
        int last = run.cutoffs.length;
        String caption = "The kernel K(x_i, x_j) = G_c⁽²⁾ on the nnft mesh (" + meshText() + ") for the trained"
                + " ensemble and after the largest cutoff ε = " + Format.cutoff(run.cutoffs[last - 1])
                + ", each on its own colour scale.";
        if (nnft == null) {
            XYChart c = Figures.chart("Kernel on the mesh", "", "");
            Figures.noData(c, NONE);
            return new FigureFile(KERNELS, "Kernel on the mesh", caption, Figures.WIDTH, Figures.HEIGHT, List.of(c));
        }
        for (int entry : new int[] {0, last}) {
            NnftFile.Snapshot snapshot =
                    entry < nnft.entries().size() ? nnft.entries().get(entry) : null;
            String title = entry == 0 ? "trained ensemble" : "ε = " + Format.cutoff(run.cutoffs[last - 1]);
            if (snapshot == null || !snapshot.measured()) {
                XYChart c = Figures.chart(title, "", "");
                Figures.noData(c, "fewer than two members");
                panels.add(c);
                continue;
            }
            panels.add(heatMap(title, snapshot.kernel()));
        }
        return new FigureFile(
                KERNELS,
                "Kernel on the mesh: trained vs largest cutoff",
                caption,
                Figures.WIDTH,
                Figures.HEIGHT,
                panels);
    }

    private static HeatMapChart heatMap(String title, double[][] kernel) {
        int m = kernel.length;
        HeatMapChart c = new HeatMapChart(Figures.WIDTH, Figures.HEIGHT / 2);
        c.setTitle("K(x_i, x_j): " + title);
        c.setXAxisTitle("mesh point i");
        c.setYAxisTitle("j");
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            index.add(i);
        }
        List<Number[]> heat = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double v = kernel[i][j];
                heat.add(new Number[] {i, j, v});
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        var s = c.getStyler();
        // XChart 4.0.3's heat-map styler leaves its axis-format maps unset until a theme is applied
        s.setTheme(new XChartTheme());
        s.setLocale(Locale.ROOT);
        s.setXAxisDecimalPattern("0");
        s.setYAxisDecimalPattern("0");
        s.setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 14));
        s.setChartBackgroundColor(Color.WHITE);
        s.setChartTitleBoxVisible(false);
        s.setLegendVisible(true);
        s.setPlotContentSize(1.0);
        s.setShowValue(false);
        s.setRangeColors(new Color[] {new Color(0x2166AC), Color.WHITE, new Color(0xB2182B)});
        if (lo < hi) {
            // the colour-bar labels print the limits as they are: round them outwards to 3 digits
            s.setMin(new java.math.BigDecimal(lo)
                    .round(new java.math.MathContext(3, java.math.RoundingMode.FLOOR))
                    .doubleValue());
            s.setMax(new java.math.BigDecimal(hi)
                    .round(new java.math.MathContext(3, java.math.RoundingMode.CEILING))
                    .doubleValue());
        }
        c.addSeries("K", index, index, heat);
        return c;
    }

    FigureFile correspondence() {
        XYChart c = Figures.chart(
                "Which training epoch each cutoff undoes", figures.epsAxis(), "best-matching training epoch");
        if (nnft == null || !nnft.hasTraining()) {
            Figures.noData(c, nnft == null ? NONE : "no training checkpoints: set nnft.snapshotEvery > 0");
        } else {
            double[] epochs = perEntry(e -> e.bestMatchingEpoch() < 0 ? Double.NaN : e.bestMatchingEpoch());
            double[] range = Figures.paddedRange(Figures.boxed(epochs), false);
            if (range == null) {
                Figures.noData(c, "no finite KL divergences");
            } else {
                Figures.yAxis(c, new double[] {Math.min(0, range[0]), range[1]}, false);
                figures.trainedReference(c, epochs[0], "trained ensemble's match");
                figures.line(
                        c,
                        "epoch with the smallest KL(ε ‖ epoch)",
                        run.cutoffs,
                        Figures.tail(epochs),
                        Figures.GREEN,
                        Figures.SOLID,
                        SeriesMarkers.CIRCLE,
                        false);
            }
        }
        return new FigureFile(
                CORRESPONDENCE,
                "Cutoff ↔ training epoch",
                "For every cutoff ε, the training checkpoint (epochs 0, k, 2k, …, T; k = nnft.snapshotEvery) whose"
                        + " Gaussian part on the nnft mesh is nearest in KL divergence, KL(ε ‖ epoch): how far back in"
                        + " training the coarse graining takes the ensemble (the paper's commutative diagram)."
                        + " The full matrix is nnft/kl_cutoff_vs_epoch.npy.",
                Figures.WIDTH,
                Figures.HEIGHT,
                List.of(c));
    }

    private String meshText() {
        return nnft == null ? "none" : nnft.mesh() + ", " + nnft.meshPoints() + " points";
    }
}
