package dev.bayesrg.data;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.NnftConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The mesh x_1..x_M of the {@code nnft} section: the inputs on which the ensemble is recorded as a
 * field (see {@link NnftConfig}). Built once per run, before any output exists, so a bad CSV fails
 * like bad data.
 */
public final class MeshInputs {
    private MeshInputs() {}

    /**
     * The points of the nnft mesh that {@code config} describes.
     *
     * @param test          the run's test set (the {@code test} mesh is its first points)
     * @param baseDirectory where a relative {@code nnft.csv} path is resolved
     */
    public static double[][] build(NnftConfig config, Dataset test, int dimension, Path baseDirectory) {
        switch (config.mesh()) {
            case TEST -> {
                // "up to": a test set smaller than nnft.points is used whole
                double[][] x = new double[Math.min(config.points(), test.size())][];
                for (int i = 0; i < x.length; i++) {
                    x[i] = test.inputs()[i].clone();
                }
                return x;
            }
            case CSV -> {
                Path file = baseDirectory.resolve(config.csv());
                double[][] x = CsvData.readPoints(file, dimension, "nnft.csv");
                if (x.length < 1 || x.length > NnftConfig.MAX_POINTS) {
                    throw new ConfigException(
                            "nnft.csv",
                            file + " has " + x.length + " points, allowed [1, " + NnftConfig.MAX_POINTS + "]");
                }
                return x;
            }
            case LINE -> {
                return line(
                        toArray(config.line().from()),
                        toArray(config.line().to()),
                        config.line().points());
            }
            case GRID -> {
                NnftConfig.Grid g = config.grid();
                return grid(
                        toArray(g.origin()),
                        toArray(g.u()),
                        toArray(g.v()),
                        g.points().get(0),
                        g.points().get(1));
            }
            default -> throw new IllegalStateException(config.mesh().toString());
        }
    }

    /** {@code points} evenly spaced points from a to b inclusive (a alone for one point). */
    public static double[][] line(double[] a, double[] b, int points) {
        double[][] x = new double[points][a.length];
        for (int i = 0; i < points; i++) {
            double s = points == 1 ? 0.0 : (double) i / (points - 1);
            for (int k = 0; k < a.length; k++) {
                x[i][k] = a[k] + s * (b[k] - a[k]);
            }
        }
        return x;
    }

    /** origin + s u + t v for s = i/(P−1), t = j/(Q−1), row-major in (i, j). */
    public static double[][] grid(double[] origin, double[] u, double[] v, int p, int q) {
        double[][] x = new double[p * q][origin.length];
        for (int i = 0; i < p; i++) {
            double s = p == 1 ? 0.0 : (double) i / (p - 1);
            for (int j = 0; j < q; j++) {
                double t = q == 1 ? 0.0 : (double) j / (q - 1);
                for (int k = 0; k < origin.length; k++) {
                    x[i * q + j][k] = origin[k] + s * u[k] + t * v[k];
                }
            }
        }
        return x;
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
