package dev.bayesrg.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.io.Npy;
import dev.bayesrg.io.RunDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * Writes the nnft mesh and the members' outputs on it: mesh_inputs.npy [M, d], mesh_outputs.npy
 * [members, K+1, M] (like predictions.npy) and, when training checkpoints are recorded,
 * mesh_training.npy [members, checkpoints, M].
 */
final class MeshWriter {
    private MeshWriter() {}

    /** mesh_inputs.npy: the mesh itself. */
    static void writeInputs(RunDirectory dir, RunResult run) throws IOException {
        double[][] mesh = run.data().mesh();
        int d = run.data().inputDimension();
        double[] flat = new double[mesh.length * d];
        for (int i = 0; i < mesh.length; i++) {
            System.arraycopy(mesh[i], 0, flat, i * d, d);
        }
        Npy.write(dir.resolve(RunWriter.MESH_INPUTS), flat, mesh.length, d);
    }

    static int trainingCheckpoints(dev.bayesrg.config.ExperimentConfig config) {
        return dev.bayesrg.train.TrainingCheckpoints.count(
                config.train().epochs(), config.nnft().snapshotEvery());
    }

    /** A mesh array [members, rows, M] of the members in memory. */
    static void writeRows(OutputStream out, RunResult run, int rows, Function<MemberResult, double[][]> of)
            throws IOException {
        int points = run.data().mesh().length * run.config().outputsPerPoint();
        out.write(Npy.header(run.members().size(), rows, points));
        for (MemberResult m : run.members()) {
            for (double[] row : of.apply(m)) {
                Npy.writeValues(out, row);
            }
        }
    }

    static void describe(ObjectNode files, RunResult run) {
        files.put(RunWriter.MESH_INPUTS, "float64 [mesh points, input dimension]: the nnft mesh (config nnft)");
        files.put(
                RunWriter.MESH_OUTPUTS,
                "float64 [members, cutoffs + 1, mesh points]: f(x) on the mesh; entry 0 = trained");
        if (trainingCheckpoints(run.config()) > 0) {
            files.put(
                    RunWriter.MESH_TRAINING,
                    "float64 [members, checkpoints, mesh points]: f(x) on the mesh at epochs"
                            + " 0, k, 2k, ..., T (k = nnft.snapshotEvery; NaN after a divergence)");
        }
    }
}
