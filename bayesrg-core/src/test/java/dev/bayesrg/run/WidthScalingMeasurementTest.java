package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.io.Json;
import dev.bayesrg.nnft.NoiseFloor;
import dev.bayesrg.nnft.PowerLawFit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
            assertEquals(
                    5 / n, w.kappa4Diagonal().value(), 5 * w.kappa4Diagonal().error(), w::toString);
            assertEquals(
                    44 / (n * n),
                    w.kappa6Diagonal().value(),
                    5 * w.kappa6Diagonal().error(),
                    w::toString);
            assertTrue(w.test(4).significant(), "a relu layer of width " + n + " is non-Gaussian at order 4");
        }
        // the whole cumulant tensors are exact powers of N (a sum of N i.i.d. terms whose weights have
        // variance ∝ 1/N, and a kernel that does not depend on N), so the ratios of norms and the
        // couplings have the exponents −1 and −2 exactly on any mesh; 99.9 % intervals (3.3 SE; measured
        // SEs ≈ 0.05 at order 4, so an exponent off by 0.5 is out, and 0.11 for ‖Λ6‖, 0.31 for ‖κ6‖/‖Wick6‖)
        for (WidthScaling.Quantity q : WidthScaling.Quantity.values()) {
            WidthScaling.ScalingFit f = r.fit(q);
            assertTrue(f.fit() != null && f.fitted().size() >= 3, f::toString);
            double[] ci = f.fit().exponentInterval(0.999);
            assertTrue(
                    ci[0] < q.predicted && q.predicted < ci[1],
                    q + ": exponent " + f.fit().exponent() + " ± " + f.fit().exponentError());
            assertTrue(f.fit().exponentError() < (q.order == 4 ? 0.1 : 0.4), f::toString);
        }

        Path file = dir.resolve("scaling.json");
        r.writeJson(file);
        JsonNode json = Json.read(file);
        assertEquals(40_000, json.get("members").asInt());
        assertEquals(widths.size(), json.get("widths").size());
        JsonNode row = json.get("widths").get(2);
        assertEquals(
                r.widths().get(2).kappa4Diagonal().value(),
                row.get("normalised_kappa4_diagonal_mean").asDouble(),
                0.0);
        assertEquals(
                r.widths().get(2).get(WidthScaling.Quantity.SEXTIC_COUPLING).value(),
                row.get("sextic_coupling_norm").asDouble(),
                0.0);
        assertEquals(
                r.widths().get(2).test(6).p(),
                row.get("significance").get("6").get("p").asDouble(),
                0.0);
        JsonNode fit = json.get("fits").get("normalised_kappa6");
        WidthScaling.ScalingFit kappa6 = r.fit(WidthScaling.Quantity.KAPPA6);
        assertEquals(kappa6.fit().exponent(), fit.get("exponent").asDouble(), 0.0);
        assertEquals(kappa6.interval()[1], fit.get("exponent_ci95_high").asDouble(), 0.0);
        assertEquals(kappa6.fitted().size(), fit.get("widths_fitted").size());
        assertEquals(kappa6.leftOut().size(), fit.get("widths_left_out").size());
    }

    @Test
    void aWidthBelowTheNoiseFloorIsLeftOutOfTheFitAndNamed() {
        // hand-made estimates: exactly 3/N at the significant widths; at 16 a noise-dominated value far
        // off the law, flagged insignificant; at 64 a significant but negative value (ln|y| would take
        // it as positive)
        int[] widths = {4, 8, 16, 32, 64};
        double[] values = {3.0 / 4, 3.0 / 8, 0.9, 3.0 / 32, -0.2};
        double[] errors = {0.01, 0.005, 0.5, 0.002, 0.05};
        boolean[] significant = {true, true, false, true, true};
        NoiseFloor.Test[] tests = new NoiseFloor.Test[widths.length];
        for (int k = 0; k < widths.length; k++) {
            tests[k] = new NoiseFloor.Test(4, 1, 1, 1, 0, significant[k] ? 0.05 : 0.4, significant[k]);
        }
        WidthScaling.ScalingFit f = WidthScaling.fit(WidthScaling.Quantity.KAPPA4, widths, values, errors, tests);
        assertEquals(List.of(4, 8, 32), f.fitted());
        assertEquals(
                List.of(16, 64),
                f.leftOut().stream().map(WidthScaling.LeftOut::width).toList());
        assertTrue(f.leftOut().get(0).reason().contains("noise floor"), f::toString);
        assertTrue(f.leftOut().get(1).reason().contains("positive"), f::toString);
        PowerLawFit three = PowerLawFit.fit(
                new double[] {4, 8, 32}, new double[] {3.0 / 4, 3.0 / 8, 3.0 / 32}, new double[] {0.01, 0.005, 0.002});
        assertEquals(three, f.fit());
        assertEquals(-1.0, f.fit().exponent(), 1e-12);
        assertEquals(3.0, f.fit().prefactor(), 1e-12);

        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        f.print(out);
        out.flush();
        assertTrue(
                text.toString().contains("left out of |k4|/|W4|: 16 (below the noise floor, p = 0.40) 64"),
                text::toString);

        // one significant width left: no fit, said so
        WidthScaling.ScalingFit none =
                WidthScaling.fit(WidthScaling.Quantity.KAPPA6, widths, values, errors, new NoiseFloor.Test[] {
                    tests[0], tests[2], tests[2], tests[2], tests[2]
                });
        assertNull(none.fit());
        assertEquals(List.of(4), none.fitted());
        assertEquals(4, none.leftOut().size());
        text.getBuffer().setLength(0);
        none.print(out);
        out.flush();
        assertTrue(text.toString().startsWith("fit: |k6|/|W6|: no fit, 1 width above the noise floor"), text::toString);
    }

    @Test
    void oneWidthHasNoFit() {
        WidthScaling.Result r = WidthScaling.measure(relu(), List.of(8), 100, 1);
        assertEquals(1, r.widths().size());
        for (WidthScaling.ScalingFit f : r.fits()) {
            assertNull(f.fit());
        }
    }

    @Test
    void badParametersAreNamedByTheirParameterNames() {
        ExperimentConfig config = relu();
        assertEquals(WidthScaling.MEMBERS, field(() -> WidthScaling.of(config, 99, 2)));
        assertEquals(WidthScaling.MESH_POINTS, field(() -> WidthScaling.of(config, 100, 9)));
        ExperimentConfig sixteen = ConfigLoader.fromPreset(Preset.PAPER)
                .with(List.of("network.hidden=[{width: 8, activation: relu, bias: false}]", "data.test=16"))
                .load();
        WidthScaling.of(sixteen, 100, 12); // order 6 allows 12 points
        assertEquals(WidthScaling.MESH_POINTS, field(() -> WidthScaling.of(sixteen, 100, 13)));
        assertEquals(WidthScaling.WIDTHS, field(() -> WidthScaling.measure(config, List.of(8, 0), 100, 2)));
        ExperimentConfig noHidden =
                ConfigLoader.fromPreset(Preset.PAPER).with("network.hidden=[]").load();
        assertEquals("network.hidden", field(() -> WidthScaling.of(noHidden, 100, 2)));
    }

    private static String field(Runnable r) {
        return assertThrows(ConfigException.class, r::run).field();
    }
}
