package dev.bayesrg.report;

import dev.bayesrg.run.WidthScaling;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The couplings' width scaling of {@code bayesrg nnft --widths} (arXiv:2405.17538, eq. 43) on log–log
 * axes: (a) the scale-free ratios ‖κ4‖/‖Wick4‖ and ‖κ6‖/‖Wick6‖, (b) the coupling norms ‖Λ4‖ and
 * ‖Λ6‖, each width with its ± 1 jackknife standard error as an error bar, the fitted power law
 * drawn over the widths it used, and the widths below the noise floor (left out of the fit) as
 * open markers.
 *
 * @param result the measurement
 */
public record WidthScalingFigure(WidthScaling.Result result) {
    static final String NAME = "width_scaling";

    /** Writes the figure as {@code stem.png} and {@code stem.svg}, each atomically. */
    public void write(Path stem) throws IOException {
        draw().writeTo(stem);
    }

    FigureFile draw() {
        Plot ratios = new Plot("(a) normalised cumulants", null, "‖κ_r‖ / ‖Wick_r‖");
        Plot couplings = new Plot("(b) coupling norms on the mesh", "width N of the last hidden layer", "‖Λ_r‖");
        panel(ratios, List.of(WidthScaling.Quantity.KAPPA4, WidthScaling.Quantity.KAPPA6));
        panel(couplings, List.of(WidthScaling.Quantity.QUARTIC_COUPLING, WidthScaling.Quantity.SEXTIC_COUPLING));
        return new FigureFile(
                NAME,
                "Width scaling of the couplings",
                result.members() + " members per width on a " + result.meshPoints() + "-point mesh, at initialisation:"
                        + " each width with ± 1 jackknife standard error; filled markers entered the fit (their order"
                        + " is above the Gaussian noise floor), open ones did not; lines: the fitted power laws c N^p"
                        + " (i.i.d. networks: p = −1 for order 4, −2 for order 6).",
                List.of(ratios, couplings));
    }

    private void panel(Plot plot, List<WidthScaling.Quantity> quantities) {
        plot.stacked();
        plot.getStyler().setLegendPosition(LegendPosition.InsideNE);
        plot.getStyler().setXAxisLogarithmic(true);
        plot.getStyler().setYAxisLogarithmic(true);
        Color[] colours = {Palette.BLUE, Palette.VERMILLION};
        boolean any = false;
        for (int q = 0; q < quantities.size(); q++) {
            any |= series(plot, quantities.get(q), colours[q]);
        }
        if (!any) {
            plot.noData("no positive values to draw on log axes");
        }
    }

    /** One quantity's points (fitted and left out) and fitted line; false if nothing could be drawn. */
    private boolean series(Plot plot, WidthScaling.Quantity quantity, Color colour) {
        WidthScaling.ScalingFit fit = result.fits().stream()
                .filter(f -> f.quantity() == quantity)
                .findFirst()
                .orElse(null);
        List<WidthScaling.WidthEstimate> widths = result.widths();
        double[][] in = new double[3][widths.size()];
        double[][] out = new double[2][widths.size()];
        int nIn = 0;
        int nOut = 0;
        for (WidthScaling.WidthEstimate w : widths) {
            WidthScaling.Estimate e = w.get(quantity);
            if (!(e.value() > 0) || !Double.isFinite(e.value())) {
                continue;
            }
            if (fit != null && fit.fitted().contains(w.width())) {
                in[0][nIn] = w.width();
                in[1][nIn] = e.value();
                // an error bar reaching below zero would leave the log axis: its lower end stops at a tenth of the
                // value
                in[2][nIn] = Double.isFinite(e.error()) ? Math.min(e.error(), 0.9 * e.value()) : 0;
                nIn++;
            } else {
                out[0][nOut] = w.width();
                out[1][nOut] = e.value();
                nOut++;
            }
        }
        if (nIn > 0) {
            XYSeries s = plot.addSeries(
                    quantity.label,
                    java.util.Arrays.copyOf(in[0], nIn),
                    java.util.Arrays.copyOf(in[1], nIn),
                    java.util.Arrays.copyOf(in[2], nIn));
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(colour);
            s.setLineColor(colour);
        }
        if (nOut > 0) {
            XYSeries s = plot.addSeries(
                    quantity.label + " below the noise floor",
                    java.util.Arrays.copyOf(out[0], nOut),
                    java.util.Arrays.copyOf(out[1], nOut));
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 70));
        }
        if (fit != null && fit.fit() != null) {
            double lo = fit.fitted().stream()
                    .mapToDouble(Integer::doubleValue)
                    .min()
                    .orElseThrow();
            double hi = fit.fitted().stream()
                    .mapToDouble(Integer::doubleValue)
                    .max()
                    .orElseThrow();
            double p = fit.fit().exponent();
            double c = fit.fit().prefactor();
            plot.line(
                    String.format(
                            java.util.Locale.ROOT,
                            "fit: N^(%.2f ± %.2f)",
                            p,
                            fit.fit().exponentError()),
                    new double[] {lo, hi},
                    new double[] {c * Math.pow(lo, p), c * Math.pow(hi, p)},
                    colour,
                    Palette.DASHED,
                    SeriesMarkers.NONE,
                    true);
        }
        return nIn + nOut > 0;
    }
}
