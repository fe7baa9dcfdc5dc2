package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.Preset;
import dev.bayesrg.io.Npy;
import dev.bayesrg.nnft.Locality;
import dev.bayesrg.nnft.SymmetricTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nnft/locality.csv: written for a line mesh, equal to {@link Locality#of} on the written tensors. */
class LocalityTableTest {
    @TempDir
    Path tmp;

    private static ConfigLayers small() {
        return ConfigLayers.of(Preset.PAPER)
                .withMembers(8)
                .withWidth(8)
                .withEpochs(5)
                .with("data.train=20")
                .with("data.test=10")
                .with("data.fisher=10")
                .with("brg.cutoffs=[0.1, 10.0]");
    }

    @Test
    void aLineMeshRunWritesTheLocalityOfEveryEntryFromItsWrittenTensors() throws Exception {
        int m = 5;
        Path dir = ExperimentRun.of(small().with("nnft.mesh=line")
                        .with("nnft.line={from: [-1.0, 0.5], to: [1.0, 0.5], points: 5}")
                        .resolve())
                .threads(2)
                .writeTo(tmp.resolve("line"))
                .directory();
        Path nnft = dir.resolve(NnftWriter.DIRECTORY);
        List<LocalityTable.Row> rows = LocalityTable.read(nnft);
        Npy.Array inverse = Npy.read(nnft.resolve("inverse_kernels.npy"));
        Npy.Array lambda4 = Npy.read(nnft.resolve("lambda4.npy"));
        Npy.Array inverseSe = Npy.read(nnft.resolve("inverse_kernels_se.npy"));
        Npy.Array lambda4Se = Npy.read(nnft.resolve("lambda4_se.npy"));
        Npy.Array meshFile = Npy.read(nnft.resolve("mesh.npy"));
        double[][] mesh = new double[m][2];
        for (int i = 0; i < m; i++) {
            System.arraycopy(meshFile.values(), 2 * i, mesh[i], 0, 2);
        }
        int entries = inverse.shape()[0];
        assertEquals(3, entries);
        // a line of 5 points has the separations 0, a, 2a, 3a, 4a at every entry
        assertEquals(entries * m, rows.size());
        for (int k = 0; k < entries; k++) {
            List<Locality.Row> expected = locality(mesh, inverse, lambda4, k);
            List<Locality.Row> bound = locality(mesh, inverseSe, lambda4Se, k);
            for (int s = 0; s < m; s++) {
                LocalityTable.Row got = rows.get(k * m + s);
                assertEquals(k, got.entry());
                assertEquals(expected.get(s), got.row());
                // the error bounds: the means of the elements' jackknife errors over the same pairs and quadruples
                assertEquals(bound.get(s).inverseKernelAbs(), got.bound().inverseKernelAbs());
                assertEquals(bound.get(s).quarticPair(), got.bound().quarticPair());
                assertEquals(bound.get(s).quarticDiameterAbs(), got.bound().quarticDiameterAbs());
                assertTrue(got.bound().quarticDiameterAbs() > 0);
            }
            assertTrue(Double.isNaN(rows.get(k * m).cutoff()) == (k == 0));
        }
        assertEquals(0.1, rows.get(m).cutoff());
        assertEquals(0.5 * 4, rows.get(m - 1).row().separation(), 1e-12);
    }

    /** Locality.of of entry k's inverse kernel [K+1, M, M] and packed Λ4 [K+1, C(M+3, 4)] as written. */
    private static List<Locality.Row> locality(double[][] mesh, Npy.Array inverse, Npy.Array lambda4, int k) {
        int m = mesh.length;
        int packed = lambda4.shape()[1];
        double[][] kinv = new double[m][m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(inverse.values(), (k * m + i) * m, kinv[i], 0, m);
        }
        double[] quartic = new double[packed];
        System.arraycopy(lambda4.values(), k * packed, quartic, 0, packed);
        return Locality.of(mesh, kinv, SymmetricTensors.unpack(quartic, m, 4));
    }

    @Test
    void aTestMeshRunWritesNoLocality() throws Exception {
        Path dir = ExperimentRun.of(small().with("nnft.points=3").resolve())
                .threads(2)
                .writeTo(tmp.resolve("test"))
                .directory();
        assertFalse(Files.exists(dir.resolve(NnftWriter.DIRECTORY).resolve(LocalityTable.FILE)));
        assertEquals(List.of(), LocalityTable.read(dir.resolve(NnftWriter.DIRECTORY)));
    }
}
