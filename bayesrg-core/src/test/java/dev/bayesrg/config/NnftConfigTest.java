package dev.bayesrg.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The quadrature weight of a mesh, for continuum couplings. */
class NnftConfigTest {

    @Test
    void aLineWeighsTheDistanceBetweenNeighbouringPoints() {
        NnftConfig c = new NnftConfig(
                NnftConfig.Mesh.LINE,
                8,
                null,
                new NnftConfig.Line(List.of(1.0, -2.0, 0.5), List.of(4.0, 2.0, 0.5), 6),
                null,
                0,
                6);
        assertEquals(5.0 / 5, c.meshWeight().getAsDouble(), 1e-15); // |(3, 4, 0)| over 5 gaps
    }

    @Test
    void aGridInThreeDimensionsWeighsItsCellAreaByTheCrossProduct() {
        List<Double> u = List.of(1.0, 2.0, 2.0);
        List<Double> v = List.of(0.0, 3.0, -1.0);
        NnftConfig c = new NnftConfig(
                NnftConfig.Mesh.GRID,
                8,
                null,
                null,
                new NnftConfig.Grid(List.of(0.0, 0.0, 0.0), u, v, List.of(3, 5)),
                0,
                6);
        // u × v = (2·(−1) − 2·3, 2·0 − 1·(−1), 1·3 − 2·0) = (−8, 1, 3)
        double cross = Math.sqrt(64 + 1 + 9);
        assertEquals(cross / (2 * 4), c.meshWeight().getAsDouble(), 1e-14);
    }

    @Test
    void testAndCsvPointsHaveNoWeight() {
        assertTrue(NnftConfig.defaults().meshWeight().isEmpty());
        assertTrue(new NnftConfig(NnftConfig.Mesh.CSV, 8, "points.csv", null, null, 0, 6)
                .meshWeight()
                .isEmpty());
    }

    @Test
    void orderOutsideTwoToSixOrSixOnALargeMeshIsRefusedInOneLine() {
        ConfigException high = assertThrows(
                ConfigException.class,
                () -> ConfigLayers.of(Preset.PAPER).with("nnft.order=7").resolve());
        assertEquals("nnft.order", high.field());
        assertTrue(high.getMessage().contains("[2, 6]"), high.getMessage());
        ConfigException big = assertThrows(
                ConfigException.class,
                () -> ConfigLayers.of(Preset.PAPER)
                        .with("nnft.order=6")
                        .with("nnft.points=13")
                        .resolve());
        assertEquals("nnft.order", big.field());
        assertTrue(big.getMessage().contains("nnft.points") && !big.getMessage().contains("\n"), big.getMessage());
        assertEquals(
                4,
                ConfigLayers.of(Preset.PAPER)
                        .with("nnft.points=13")
                        .with("nnft.order=4")
                        .resolve()
                        .nnft()
                        .order());
        assertEquals(
                6,
                ConfigLayers.of(Preset.PAPER)
                        .with("nnft.order=6")
                        .with("nnft.points=12")
                        .resolve()
                        .nnft()
                        .order());
    }
}
