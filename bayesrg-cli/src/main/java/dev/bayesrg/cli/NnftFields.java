package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Npy;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.run.RunWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The ensemble's field configurations on a mesh, as saved in a run directory: the recorded nnft mesh
 * (mesh_outputs.npy, mesh_training.npy, mesh_inputs.npy) or, for runs written before meshes existed,
 * the first test inputs (predictions.npy). {@code flow} and {@code training} are [members, rows, W]
 * arrays of which the first {@code points} columns are the mesh.
 */
record NnftFields(Npy.Array flow, Npy.Array training, double[] inputs, int points, int dimension, boolean recorded) {
    /** Mesh size without a recorded mesh or an explicit --mesh-points. */
    static final int DEFAULT_POINTS = 8;

    /** @param requested --mesh-points, or null for the whole recorded mesh (8 test inputs without one) */
    static NnftFields read(Path runDir, Integer requested) throws IOException {
        if (!Files.isDirectory(runDir) || !Files.isRegularFile(runDir.resolve(RunWriter.PREDICTIONS))) {
            throw new ConfigException("RUN_DIR", runDir + " is not a run directory (no " + RunWriter.PREDICTIONS + ")");
        }
        if (Files.exists(runDir.resolve(RunDirectory.INCOMPLETE))) {
            throw new ConfigException("RUN_DIR", runDir + " is marked INCOMPLETE; finish it with bayesrg run --resume");
        }
        Path meshOutputs = runDir.resolve(RunWriter.MESH_OUTPUTS);
        Npy.Array flow;
        Npy.Array inputs;
        Npy.Array training = null;
        boolean recorded =
                Files.isRegularFile(meshOutputs) && Npy.read(meshOutputs).shape()[2] > 0;
        if (recorded) {
            flow = Npy.read(meshOutputs);
            inputs = Npy.read(runDir.resolve(RunWriter.MESH_INPUTS));
            Path file = runDir.resolve(RunWriter.MESH_TRAINING);
            training = Files.isRegularFile(file) ? Npy.read(file) : null;
        } else {
            flow = Npy.read(runDir.resolve(RunWriter.PREDICTIONS));
            inputs = Npy.read(runDir.resolve(RunWriter.TEST_INPUTS));
        }
        int available = flow.shape()[2];
        int max = Math.min(32, available);
        int m = requested != null ? requested : recorded ? available : Math.min(DEFAULT_POINTS, available);
        if (m < 1 || m > max) {
            throw new ConfigException(
                    "--mesh-points",
                    "got " + m + ", allowed [1, " + max + "]"
                            + (recorded ? " (the run's recorded mesh, config nnft)" : ""));
        }
        int d = inputs.shape()[1];
        return new NnftFields(flow, training, Arrays.copyOf(inputs.values(), m * d), m, d, recorded);
    }

    int members() {
        return flow.shape()[0];
    }

    /** Member b's field at row k (flow entry or training checkpoint) of {@code array}, first {@link #points} values. */
    static double[] field(Npy.Array array, int b, int k, int points) {
        int rows = array.shape()[1];
        int width = array.shape()[2];
        double[] f = new double[points];
        System.arraycopy(array.values(), (b * rows + k) * width, f, 0, points);
        return f;
    }
}
