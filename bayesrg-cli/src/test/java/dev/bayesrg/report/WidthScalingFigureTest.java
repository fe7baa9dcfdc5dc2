package dev.bayesrg.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.run.WidthScaling;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class WidthScalingFigureTest {

    /** One relu layer, fan-in weights: every width above the noise floor at order 4. */
    private static WidthScaling.Result measured() {
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.of("paper"))
                .with(List.of(
                        "network.hidden=[{width: 8, activation: relu, bias: false}]", "network.init.scheme=fan-in"))
                .load();
        return WidthScaling.measure(config, List.of(2, 4, 8), 4000, 2);
    }

    @Test
    void fittedWidthsCarryTheirJackknifeErrorsAndTheFitIsDrawnOverThem() {
        WidthScaling.Result result = measured();
        FigureFile figure = new WidthScalingFigure(result).draw();
        assertNull(figure.emptyReason());
        XYChart ratios = (XYChart) figure.panels().get(0);
        XYSeries kappa4 = ratios.getSeries(WidthScaling.Quantity.KAPPA4.label);
        WidthScaling.ScalingFit fit = result.fits().stream()
                .filter(f -> f.quantity() == WidthScaling.Quantity.KAPPA4)
                .findFirst()
                .orElseThrow();
        assertEquals(fit.fitted().size(), kappa4.getXData().length);
        for (int i = 0; i < fit.fitted().size(); i++) {
            int width = fit.fitted().get(i);
            WidthScaling.Estimate e = result.widths().stream()
                    .filter(w -> w.width() == width)
                    .findFirst()
                    .orElseThrow()
                    .get(WidthScaling.Quantity.KAPPA4);
            assertEquals(width, kappa4.getXData()[i]);
            assertEquals(e.value(), kappa4.getYData()[i]);
            assertEquals(Math.min(e.error(), 0.9 * e.value()), kappa4.getExtraValues()[i]);
        }
        XYSeries line = ratios.getSeriesCollection().stream()
                .filter(s -> s.getName().startsWith("fit: "))
                .findFirst()
                .orElseThrow();
        double p = fit.fit().exponent();
        double c = fit.fit().prefactor();
        assertArrayEquals(new double[] {c * Math.pow(2, p), c * Math.pow(8, p)}, line.getYData(), 1e-12 * c);
        assertTrue(figure.png().length > 0
                && new String(figure.svg(), java.nio.charset.StandardCharsets.UTF_8).contains("<svg"));
    }
}
