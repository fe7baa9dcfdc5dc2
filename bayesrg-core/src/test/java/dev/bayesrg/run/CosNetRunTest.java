package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.io.Npy;
import dev.bayesrg.nngp.CosNet;
import dev.bayesrg.nngp.KernelSpectrumFit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cos-net ensemble through the main pipeline, its kernel along a line mesh fitted at every flow entry. */
class CosNetRunTest {
    @TempDir
    Path tmp;

    /** d = 1, m = 1, Λ = 3, σ_a² = 1; ε = 10 is above every F_jj ≤ 1/(σ² m²) = 1, so its entry is the prior. */
    static ConfigLayers tiny(int members) {
        return ConfigLayers.of(Preset.PAPER)
                .withMembers(members)
                .withEpochs(20)
                .with("data.inputMean=[0.0]")
                .with("data.inputCovariance=[[9.0]]")
                .with("data.probe=[0.0]")
                .with("data.target=sin")
                .with("data.train=40")
                .with("data.test=10")
                .with("data.fisher=40")
                .with("network.architecture=cosnet")
                .with("network.hidden=[{width: 64, activation: cos, bias: true}]")
                .with("network.cosnet={mass: 1.0, cutoff: 3.0}")
                .with("network.init.scheme=fan-in")
                .with("train.learningRate=0.01")
                .with("brg.cutoffs=[0.01, 0.1, 10.0]")
                .with("nnft.mesh=line")
                .with("nnft.line={from: [-6.2], to: [6.2], points: 32}")
                // the spectrum fit reads the kernels alone: no couplings (order 2) keeps the test quick
                .with("nnft.order=2");
    }

    /** The features come from each member's own streams: the mesh outputs do not depend on the thread count. */
    @Test
    void theEnsembleIsTheSameOnOneThreadAndOnTwo() throws Exception {
        ExperimentConfig config = tiny(12).resolve();
        Path one =
                ExperimentRun.of(config).threads(1).writeTo(tmp.resolve("one")).directory();
        Path two =
                ExperimentRun.of(config).threads(2).writeTo(tmp.resolve("two")).directory();
        assertArrayEquals(
                Npy.read(one.resolve("nnft/kernels.npy")).values(),
                Npy.read(two.resolve("nnft/kernels.npy")).values());
        assertTrue(Files.exists(two.resolve("nnft").resolve(CosNetSpectrum.FILE)));
    }

    @Test
    void writesTheSpectrumFitOfEveryFlowEntry() throws Exception {
        ExperimentConfig config = tiny(3000).resolve();
        ExperimentRun.Finished run = ExperimentRun.of(config).threads(2).writeTo(tmp.resolve("run"));
        Path csv = run.directory().resolve(NnftWriter.DIRECTORY).resolve(CosNetSpectrum.FILE);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(CosNetSpectrum.HEADER, lines.get(0));
        assertEquals(1 + 4, lines.size());
        Npy.Array kernels = Npy.read(run.directory().resolve("nnft/kernels.npy"));
        double spacing = 12.4 / 31;
        // each row is the fit of that entry's kernel as NnftWriter wrote it
        for (int k = 0; k < 4; k++) {
            double[][] kernel = new double[32][32];
            for (int i = 0; i < 32; i++) {
                System.arraycopy(kernels.values(), (k * 32 + i) * 32, kernel[i], 0, 32);
            }
            KernelSpectrumFit.Fit fit = KernelSpectrumFit.fit(kernel, spacing, 1);
            String[] cells = lines.get(1 + k).split(",", -1);
            assertEquals(k, Integer.parseInt(cells[0]));
            assertEquals(fit.z(), Double.parseDouble(cells[2]), 0);
            assertEquals(fit.mass(), Double.parseDouble(cells[3]), 0);
            assertEquals(fit.cutoff(), Double.parseDouble(cells[4]), 0);
        }
        // ε = 0.1: Λ_info = sqrt(1/(2 · 0.1) − 1) = 2
        assertEquals(2.0, Double.parseDouble(lines.get(3).split(",", -1)[10]), 1e-12);
        // the all-sloppy entry is the prior ensemble: its kernel is σ_a² Ψ of eq. 85, m = 1, Λ = 3, Z = σ_a² A
        String[] prior = lines.get(4).split(",", -1);
        assertEquals(1.0, Double.parseDouble(prior[3]), 0.05, "m_eff");
        assertEquals(3.0, Double.parseDouble(prior[4]), 0.15, "Lambda_eff"); // 5 %
        assertEquals(CosNet.spectralWeight(1, 3.0), Double.parseDouble(prior[2]), 0.05 * CosNet.spectralWeight(1, 3.0));
    }
}
