package dev.bayesrg.config;

import java.util.List;

/** The range checks of the {@code nnft} section (see {@link NnftConfig}); one-line errors like the rest. */
final class NnftValidator {
    private NnftValidator() {}

    static void validate(NnftConfig n, DataConfig data) {
        NnftConfig.Mesh mesh = ConfigValidator.required("nnft.mesh", n.mesh());
        ConfigValidator.intRange("nnft.snapshotEvery", n.snapshotEvery(), 0, 100_000_000);
        ConfigValidator.intRange("nnft.order", n.order(), 2, 6);
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
        int points = switch (mesh) {
            case TEST -> n.points();
            case LINE -> n.line().points();
            case GRID -> n.grid().points().get(0) * n.grid().points().get(1);
            default -> 0; // a CSV file's points are counted when it is read
        };
        if (data.multiClass()) {
            // a classifier's field lives on the pairs of mesh point and class
            int classes = data.classes();
            if ((long) points * classes > NnftConfig.MAX_POINTS) {
                throw new ConfigException(
                        mesh == NnftConfig.Mesh.LINE
                                ? "nnft.line.points"
                                : mesh == NnftConfig.Mesh.GRID ? "nnft.grid.points" : "nnft.points",
                        "got " + points + " mesh points with data.classes " + classes + ", allowed at most "
                                + NnftConfig.MAX_POINTS / classes + " (the field lives on the " + points * classes
                                + " pairs of point and class; at most " + NnftConfig.MAX_POINTS + ")");
            }
            points *= classes;
        }
        requireSexticMesh(n.order(), points);
    }

    /**
     * Refuses order 6 on more than {@link NnftConfig#MAX_SEXTIC_POINTS} mesh points (public through
     * {@link NnftConfig#requireSexticMesh}).
     */
    static void requireSexticMesh(int order, int points) {
        if (order == 6 && points > NnftConfig.MAX_SEXTIC_POINTS) {
            throw new ConfigException(
                    "nnft.order",
                    "got 6 with " + points + " mesh points (nnft.points), allowed order 6 only with at most "
                            + NnftConfig.MAX_SEXTIC_POINTS + " (the sextic coupling needs full M^6 tensors); lower"
                            + " nnft.order to 4 or nnft.points to " + NnftConfig.MAX_SEXTIC_POINTS);
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
