package dev.bayesrg.run;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Npy;
import java.io.IOException;
import java.util.Optional;

/**
 * The ensemble's field configurations on a mesh, as saved in a run directory: the recorded nnft mesh
 * (mesh_outputs.npy, mesh_training.npy, mesh_inputs.npy) or, for runs written before meshes existed,
 * the first test inputs (predictions.npy). {@code flow} and {@code training} are [members, rows, W]
 * arrays of which the first {@code points} columns are the mesh.
 *
 * @param flow      the fields along the flow, [members, cutoffs + 1, W]
 * @param training  the fields at the training checkpoints, [members, checkpoints, W], or null
 * @param inputs    the mesh points used, [points × dimension] row by row
 * @param points    M, the mesh points used (the first M of the W recorded)
 * @param dimension the input dimension d
 * @param recorded  whether the run recorded an nnft mesh (else: its first test inputs)
 */
public record NnftFields(
        Npy.Array flow, Npy.Array training, double[] inputs, int points, int dimension, boolean recorded) {
    /** Mesh size without a recorded mesh or an explicit number of mesh points. */
    public static final int DEFAULT_POINTS = 8;

    /** The field name under which a bad number of mesh points is reported. */
    public static final String MESH_POINTS = "meshPoints";

    /**
     * Reads the fields of {@code run} on its mesh.
     *
     * @param requested the first M mesh points, or null for the whole recorded mesh (8 test inputs
     *     without one)
     */
    public static NnftFields read(RunFiles run, Integer requested) throws IOException {
        run.require(RunWriter.PREDICTIONS);
        Optional<Npy.Array> meshOutputs = run.meshOutputs();
        Npy.Array flow;
        double[][] inputs;
        Npy.Array training = null;
        boolean recorded = meshOutputs.isPresent() && meshOutputs.get().shape()[2] > 0;
        if (recorded) {
            flow = meshOutputs.get();
            inputs = run.meshInputs();
            training = run.meshTraining().orElse(null);
        } else {
            flow = run.predictions();
            inputs = run.testSet().inputs();
        }
        int available = flow.shape()[2];
        int max = Math.min(32, available);
        int m = requested != null ? requested : recorded ? available : Math.min(DEFAULT_POINTS, available);
        if (m < 1 || m > max) {
            throw new ConfigException(
                    MESH_POINTS,
                    "got " + m + ", allowed [1, " + max + "]"
                            + (recorded ? " (the run's recorded mesh, config nnft)" : ""));
        }
        int d = inputs[0].length;
        // a classifier's field point p is the pair (mesh point p / K, class p % K): its input is the point's
        int classes = run.summary().config().outputsPerPoint();
        double[] mesh = new double[m * d];
        for (int i = 0; i < m; i++) {
            System.arraycopy(inputs[i / classes], 0, mesh, i * d, d);
        }
        return new NnftFields(flow, training, mesh, m, d, recorded);
    }

    /** Members (rows of the arrays). */
    public int members() {
        return flow.shape()[0];
    }

    /** Member b's field at row k (flow entry or training checkpoint) of {@code array}, first {@link #points} values. */
    public static double[] field(Npy.Array array, int b, int k, int points) {
        int rows = array.shape()[1];
        int width = array.shape()[2];
        double[] f = new double[points];
        System.arraycopy(array.values(), (b * rows + k) * width, f, 0, points);
        return f;
    }
}
