package dev.bayesrg.data;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.DataConfig;
import dev.bayesrg.io.NumpyArrays;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The data sets of {@code data.source: npy}: the arrays {@code train_inputs} [n, d],
 * {@code train_targets} [n], {@code test_inputs}, {@code test_targets} and {@code fisher_inputs}
 * (optionally {@code fisher_targets}, else NaN: the Fisher metric does not use them) of a directory,
 * each set its first {@code data.train}, {@code data.test}, {@code data.fisher} rows in order. Any
 * problem is a {@link ConfigException} on {@code data.directory} naming the file.
 */
public final class NpyData {
    private NpyData() {}

    /** The arrays' names, as a directory written by {@code bayesrg import} holds them. */
    public static final String TRAIN_INPUTS = "train_inputs";

    public static final String TRAIN_TARGETS = "train_targets";
    public static final String TEST_INPUTS = "test_inputs";
    public static final String TEST_TARGETS = "test_targets";
    public static final String FISHER_INPUTS = "fisher_inputs";
    public static final String FISHER_TARGETS = "fisher_targets";

    /** The mesh points of an imported outputs ensemble, and optionally their targets (docs/import.md). */
    public static final String MESH_INPUTS = "mesh_inputs";

    public static final String MESH_TARGETS = "mesh_targets";

    static DataSets read(DataConfig config, Path directory, double[] probe) {
        return read(config, directory, probe, false);
    }

    /**
     * The data of an imported outputs ensemble, which has no training, test or Fisher sets of its own:
     * its {@code mesh_inputs} [P, d] are the test set (their targets {@code mesh_targets} [P], else
     * NaN: unknown), and stand in for the training and Fisher sets, which nothing of such a run uses
     * (it neither trains nor has a Fisher metric); each set its first {@code data.train},
     * {@code data.test}, {@code data.fisher} points. y(x*) is the target of the first test input equal
     * to x*, if any (else NaN).
     */
    static DataSets readMesh(DataConfig config, Path directory, double[] probe) {
        return read(config, directory, probe, true);
    }

    private static DataSets read(DataConfig config, Path directory, double[] probe, boolean mesh) {
        if (!Files.isDirectory(directory)) {
            throw new ConfigException("data.directory", directory + " is not a directory");
        }
        try (NumpyArrays arrays = NumpyArrays.open(directory)) {
            int d = probe.length;
            // an outputs ensemble's mesh points are every set
            String[] x = mesh
                    ? new String[] {MESH_INPUTS, MESH_INPUTS, MESH_INPUTS}
                    : new String[] {TRAIN_INPUTS, TEST_INPUTS, FISHER_INPUTS};
            String[] y = mesh
                    ? new String[] {MESH_TARGETS, MESH_TARGETS, MESH_TARGETS}
                    : new String[] {TRAIN_TARGETS, TEST_TARGETS, FISHER_TARGETS};
            Dataset train = set(arrays, x[0], y[0], config.train(), "data.train", d);
            Dataset test = set(arrays, x[1], y[1], config.test(), "data.test", d);
            Dataset fisher = set(arrays, x[2], y[2], config.fisher(), "data.fisher", d);
            return new DataSets(train, test, fisher, probe, mesh ? targetAt(test, probe) : Double.NaN);
        } catch (IOException e) {
            throw new ConfigException("data.directory", e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ConfigException("data.directory", e.getCause().getMessage());
        }
    }

    /** The target of the first input of {@code set} equal to {@code x}, or NaN if there is none. */
    private static double targetAt(Dataset set, double[] x) {
        for (int i = 0; i < set.size(); i++) {
            if (Arrays.equals(set.inputs()[i], x)) {
                return set.targets()[i];
            }
        }
        return Double.NaN;
    }

    private static Dataset set(NumpyArrays arrays, String inputs, String targets, int count, String countKey, int d)
            throws IOException {
        double[][] x = inputs(arrays, inputs, count, countKey, d);
        double[] y;
        boolean optional = targets.equals(FISHER_TARGETS) || targets.equals(MESH_TARGETS);
        if (arrays.find(targets).isPresent() || !optional) {
            y = vector(arrays, targets, count, countKey);
        } else {
            y = new double[count];
            Arrays.fill(y, Double.NaN);
        }
        return new Dataset(x, y);
    }

    /** The first {@code count} rows of array {@code name}, which must be [rows ≥ count, d]. */
    static double[][] inputs(NumpyArrays arrays, String name, int count, String countKey, int d) throws IOException {
        NumpyArrays.Entry entry = required(arrays, name);
        int[] shape = entry.shape();
        if (shape.length != 2 || shape[1] != d) {
            throw new IOException(entry.origin() + ": shape " + entry.shapeText() + ", expected [points, " + d
                    + "] (d = " + d + ", the length of data.probe)");
        }
        enoughRows(entry, count, countKey);
        double[][] x = new double[count][d];
        try (NumpyArrays.RowReader rows = arrays.rows(name)) {
            for (int i = 0; i < count; i++) {
                rows.next(x[i]);
                for (double v : x[i]) {
                    bounded(entry, i, v);
                }
            }
        }
        return x;
    }

    private static double[] vector(NumpyArrays arrays, String name, int count, String countKey) throws IOException {
        NumpyArrays.Entry entry = required(arrays, name);
        if (entry.shape().length != 1) {
            throw new IOException(
                    entry.origin() + ": shape " + entry.shapeText() + ", expected [points] (one target each)");
        }
        enoughRows(entry, count, countKey);
        double[] y = Arrays.copyOf(arrays.readAll(name), count);
        for (int i = 0; i < count; i++) {
            bounded(entry, i, y[i]);
        }
        return y;
    }

    private static NumpyArrays.Entry required(NumpyArrays arrays, String name) throws IOException {
        return arrays.find(name)
                .orElseThrow(() -> new IOException(arrays.directory() + " has no array " + name + " (" + name
                        + ".npy, or an entry of a .npz archive)"));
    }

    private static void enoughRows(NumpyArrays.Entry entry, int count, String countKey) throws IOException {
        if (entry.rows() < count) {
            throw new IOException(
                    entry.origin() + ": " + entry.rows() + " rows, but " + countKey + " = " + count + " are needed");
        }
    }

    private static void bounded(NumpyArrays.Entry entry, int row, double v) throws IOException {
        if (!(Math.abs(v) <= DataConfig.MAX_MAGNITUDE)) {
            throw new IOException(
                    entry.origin() + ": row " + row + " has " + v + ", allowed " + DataConfig.MAGNITUDE_ALLOWED);
        }
    }
}
