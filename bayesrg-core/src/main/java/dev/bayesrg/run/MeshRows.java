package dev.bayesrg.run;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A shard's mesh array [members, rows, M] read back member by member (absent file: no rows). */
record MeshRows(int rows, int points, double[] values) {
    static MeshRows read(Path file, int members) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new MeshRows(0, 0, new double[0]);
        }
        Npy.Array a = Npy.read(file);
        if (a.shape().length != 3 || a.shape()[0] != members) {
            throw new ConfigException(file.toString(), "holds " + a.shape()[0] + " members, its shard needs " + members);
        }
        return new MeshRows(a.shape()[1], a.shape()[2], a.values());
    }

    double[][] member(int s) {
        double[][] out = new double[rows][points];
        for (int k = 0; k < rows; k++) {
            System.arraycopy(values, (s * rows + k) * points, out[k], 0, points);
        }
        return out;
    }

    /** The mesh of a run directory, [M][d] (none for runs written before meshes existed). */
    static double[][] inputs(Path dir) throws IOException {
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
