package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WidthScaling} called as an API on one hidden relu layer without biases and Gaussian fan-in
 * weights, where the non-Gaussianity at initialisation is known exactly: the output is a sum of N
 * i.i.d. terms a_j relu(u_j) with E relu(u)^{2k} = σ^{2k} (2k−1)!!/2, so κ4/(3κ2²) = (E h⁴/(E h²)² − 1)/N
 * = 5/N and κ6/(15κ2³) = (15 E h⁶ − 45 E h⁴ E h² + 30 (E h²)³)/(15 (E h²)³ N²) = 44/N² at every mesh
 * point. Tolerances are 5 of the measurement's own standard errors.
 */
class WidthScalingMeasurementTest {
    private static ExperimentConfig relu() {
        return ConfigLoader.fromPreset(Preset.PAPER)
                .with(List.of(
                        "network.hidden=[{width: 8, activation: relu, bias: false}]",
                        "network.init.scheme=fan-in",
                        "data.test=8"))
                .load();
    }

    @Test
    void iidReluNetworksFallAsOneOverWidthAndOneOverWidthSquared(@TempDir Path dir) throws IOException {
        List<Integer> widths = List.of(4, 8, 16, 32);
        List<Integer> seen = new ArrayList<>();
        WidthScaling.Result r = WidthScaling.of(relu(), 40_000, 2).measure(widths, w -> seen.add(w.width()));
        assertEquals(widths, seen, "progress is told of each width, in order");
        assertEquals(2, r.meshPoints());
        for (WidthScaling.WidthEstimate w : r.widths()) {
            double n = w.width();
            assertEquals(5 / n, w.kappa4().value(), 5 * w.kappa4().error(), w::toString);
            assertEquals(44 / (n * n), w.kappa6().value(), 5 * w.kappa6().error(), w::toString);
        }
        assertEquals(-1.0, r.kappa4Fit().exponent(), 5 * r.kappa4Fit().exponentError(), r::toString);
        assertEquals(-2.0, r.kappa6Fit().exponent(), 5 * r.kappa6Fit().exponentError(), r::toString);

        Path file = dir.resolve("scaling.json");
        r.writeJson(file);
        JsonNode json = Json.read(file);
        assertEquals(40_000, json.get("members").asInt());
        assertEquals(widths.size(), json.get("widths").size());
        assertEquals(
                r.widths().get(2).kappa4().value(),
                json.get("widths").get(2).get("normalised_kappa4_diagonal_mean").asDouble(),
                0.0);
        assertEquals(
                r.kappa6Fit().exponent(), json.get("kappa6_fitted_exponent").asDouble(), 0.0);
    }

    @Test
    void oneWidthHasNoFit() {
        WidthScaling.Result r = WidthScaling.measure(relu(), List.of(8), 100, 1);
        assertEquals(1, r.widths().size());
        assertNull(r.kappa4Fit());
        assertNull(r.kappa6Fit());
    }

    @Test
    void badParametersAreNamedByTheirParameterNames() {
        ExperimentConfig config = relu();
        assertEquals(WidthScaling.MEMBERS, field(() -> WidthScaling.of(config, 99, 2)));
        assertEquals(WidthScaling.MESH_POINTS, field(() -> WidthScaling.of(config, 100, 9)));
        assertEquals(WidthScaling.WIDTHS, field(() -> WidthScaling.measure(config, List.of(8, 0), 100, 2)));
        ExperimentConfig noHidden =
                ConfigLoader.fromPreset(Preset.PAPER).with("network.hidden=[]").load();
        assertEquals("network.hidden", field(() -> WidthScaling.of(noHidden, 100, 2)));
    }

    private static String field(Runnable r) {
        return assertThrows(ConfigException.class, r::run).field();
    }
}
