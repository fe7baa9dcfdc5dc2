package dev.bayesrg.report;

import dev.bayesrg.run.NnftFile;
import java.awt.Color;
import java.awt.Font;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.theme.XChartTheme;

/**
 * The kernel K(x_i, x_j) = G_c⁽²⁾ on the nnft mesh as heat maps, for the trained ensemble (top) and
 * after the largest cutoff (bottom), each on its own colour scale.
 *
 * @param axis the cutoffs
 * @param nnft nnft/snapshots.json, or null if the run has none
 */
record KernelFigure(CutoffAxis axis, NnftFile nnft) {
    static final String NAME = "nnft_kernels";

    FigureFile draw() {
        List<IChart> panels = new ArrayList<>();
        int last = axis.cutoffs().length;
        String caption = "The kernel K(x_i, x_j) = G_c⁽²⁾ on the nnft mesh (" + Snapshots.meshText(nnft)
                + ") for the trained ensemble"
                + (last == 0
                        ? " (the run has no cutoffs)."
                        : " and after the largest cutoff ε = " + Format.cutoff(axis.last())
                                + ", each on its own colour scale.");
        if (nnft == null) {
            Plot c = new Plot("Kernel on the mesh", "", "");
            c.noData(Snapshots.NONE);
            return new FigureFile(NAME, "Kernel on the mesh", caption, List.of(c));
        }
        for (int entry : last == 0 ? new int[] {0} : new int[] {0, last}) {
            NnftFile.Snapshot snapshot =
                    entry < nnft.entries().size() ? nnft.entries().get(entry) : null;
            String title = entry == 0 ? "trained ensemble" : "ε = " + Format.cutoff(axis.last());
            if (snapshot == null || !snapshot.measured()) {
                Plot c = new Plot(title, "", "");
                c.noData("fewer than two members");
                panels.add(c);
                continue;
            }
            panels.add(heatMap(title, snapshot.kernel()));
        }
        return new FigureFile(
                NAME,
                last == 0 ? "Kernel on the mesh: trained ensemble" : "Kernel on the mesh: trained vs largest cutoff",
                caption,
                panels);
    }

    /** K as a heat map: mesh point i across, j up, with a colour bar from blue through white to red. */
    private static HeatMapChart heatMap(String title, double[][] kernel) {
        int m = kernel.length;
        HeatMapChart c = new HeatMapChart(FigureFile.WIDTH, FigureFile.HEIGHT / 2);
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
        s.setChartTitleFont(new Font(Palette.FONT, Font.BOLD, 14));
        s.setChartBackgroundColor(Color.WHITE);
        s.setChartTitleBoxVisible(false);
        s.setLegendVisible(true);
        s.setPlotContentSize(1.0);
        s.setShowValue(false);
        s.setRangeColors(new Color[] {new Color(0x2166AC), Color.WHITE, new Color(0xB2182B)});
        if (lo < hi) {
            // the colour-bar labels print the limits as they are: round them outwards to 3 digits
            s.setMin(new BigDecimal(lo)
                    .round(new MathContext(3, RoundingMode.FLOOR))
                    .doubleValue());
            s.setMax(new BigDecimal(hi)
                    .round(new MathContext(3, RoundingMode.CEILING))
                    .doubleValue());
        }
        c.addSeries("K", index, index, heat);
        return c;
    }
}
