package dev.bayesrg.run;

import dev.bayesrg.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The nnft mesh of a run directory read back from mesh_inputs.npy. */
final class MeshInputs {
    private MeshInputs() {}

    /** The mesh, [M][d] (none for runs written before meshes existed). */
    static double[][] read(Path dir) throws IOException {
        Path file = dir.resolve(RunWriter.MESH_INPUTS);
        if (!Files.isRegularFile(file)) {
            return new double[0][];
        }
        Npy.Array a = Npy.read(file);
        int m = a.shape()[0];
        int d = a.shape()[1];
        double[][] x = new double[m][d];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a.values(), i * d, x[i], 0, d);
        }
        return x;
    }
}
