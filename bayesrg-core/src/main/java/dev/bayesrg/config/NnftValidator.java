package dev.bayesrg.config;

import java.util.List;

/** The range checks of the {@code nnft} section (see {@link NnftConfig}); one-line errors like the rest. */
final class NnftValidator {
    private NnftValidator() {}

    static void validate(NnftConfig n, DataConfig data) {
        NnftConfig.Mesh mesh = ConfigValidator.required("nnft.mesh", n.mesh());
        ConfigValidator.intRange("nnft.snapshotEvery", n.snapshotEvery(), 0, 100_000_000);
        int dim = data.inputDimension();
        switch (mesh) {
            case TEST -> ConfigValidator.intRange("nnft.points", n.points(), 1, NnftConfig.MAX_POINTS);
            case CSV -> {
                if (n.csv() == null || n.csv().isBlank()) {
                    throw new ConfigException("nnft.csv", "missing: nnft.mesh is csv, so a file of points is required");
                }
            }
            case LINE -> {
                NnftConfig.Line line = ConfigValidator.required("nnft.line", n.line());
                point("nnft.line.from", line.from(), dim);
                point("nnft.line.to", line.to(), dim);
                ConfigValidator.intRange("nnft.line.points", line.points(), 1, NnftConfig.MAX_POINTS);
            }
            case GRID -> {
                NnftConfig.Grid grid = ConfigValidator.required("nnft.grid", n.grid());
                point("nnft.grid.origin", grid.origin(), dim);
                point("nnft.grid.u", grid.u(), dim);
                point("nnft.grid.v", grid.v(), dim);
                List<Integer> points = ConfigValidator.required("nnft.grid.points", grid.points());
                if (points.size() != 2 || points.get(0) == null || points.get(1) == null) {
                    throw new ConfigException("nnft.grid.points", "got " + points + ", allowed [P, Q] (two integers)");
                }
                ConfigValidator.intRange("nnft.grid.points[0]", points.get(0), 1, NnftConfig.MAX_POINTS);
                ConfigValidator.intRange("nnft.grid.points[1]", points.get(1), 1, NnftConfig.MAX_POINTS);
                ConfigValidator.intRange(
                        "nnft.grid.points (P·Q)", (long) points.get(0) * points.get(1), 1, NnftConfig.MAX_POINTS);
            }
            default -> throw new IllegalStateException(mesh.toString());
        }
    }

    private static void point(String field, List<Double> x, int dim) {
        ConfigValidator.required(field, x);
        if (x.size() != dim) {
            throw new ConfigException(
                    field,
                    "has " + x.size() + " entries, allowed " + dim + " (the input dimension, that of data.probe)");
        }
        ConfigValidator.finiteList(field, x);
    }
}
