package dev.bayesrg.run;

import dev.bayesrg.brg.FlowEntries;
import dev.bayesrg.config.BrgConfig;
import dev.bayesrg.config.CosNetConfig;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.io.AtomicFiles;
import dev.bayesrg.io.Csv;
import dev.bayesrg.io.Npy;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.Layer;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.nngp.CosNet;
import dev.bayesrg.nngp.KernelSpectrumFit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cos-net as a field theory along the flow ({@code network.architecture: cosnet} with an evenly spaced line
 * mesh): at every flow entry the ensemble's kernel on the mesh ({@code nnft/kernels.npy}) is fitted to the
 * ball-limited propagator Z/(p² + m_eff²), |p| &lt; Λ_eff ({@link KernelSpectrumFit}), and set beside what
 * arXiv:2405.17538, eqs. 88–90, predict from σ_eff² = Z/A and beside the information momentum Λ_info(ε) of
 * docs/method.md ("cosnet"): {@value #FILE} in {@code nnft/}. Written after {@link NnftWriter}, from the run's
 * files alone.
 */
public final class CosNetSpectrum {
    /** The file in {@code nnft/}. */
    public static final String FILE = "cosnet_spectrum.csv";

    /** The header of {@value #FILE}. */
    public static final String HEADER = "entry,epsilon,Z,m_eff,Lambda_eff,residual,sigma_eff2,field_scale_eq88,"
            + "mass2_eq89,Lambda_eq90,Lambda_info";

    private CosNetSpectrum() {}

    /**
     * One flow entry's fit and the paper's predictions.
     *
     * @param entry       the flow entry (0 = trained)
     * @param epsilon     its cutoff ε (NaN for entry 0)
     * @param fit         the spectrum fit of its kernel
     * @param sigmaEff2   σ_eff² = Z/A (eq. 86)
     * @param fieldScale  sqrt(σ_eff² A) = sqrt(Z), the field rescaling of eq. 88
     * @param mass2       m²/(σ_eff² A), the renormalized mass of eq. 89
     * @param cutoffEq90  Λ (σ_a²/σ_eff²)^{1/d}, eq. 90
     * @param information Λ_info(ε) = sqrt(1/(2σ²ε) − m²) (NaN for entry 0 and for cutoffs not on the absolute scale)
     */
    public record Row(
            int entry,
            double epsilon,
            KernelSpectrumFit.Fit fit,
            double sigmaEff2,
            double fieldScale,
            double mass2,
            double cutoffEq90,
            double information) {
        String csv() {
            return String.join(
                    ",",
                    Integer.toString(entry),
                    Csv.number(epsilon),
                    Csv.number(fit.z()),
                    Csv.number(fit.mass()),
                    Csv.number(fit.cutoff()),
                    Csv.number(fit.residual()),
                    Csv.number(sigmaEff2),
                    Csv.number(fieldScale),
                    Csv.number(mass2),
                    Csv.number(cutoffEq90),
                    Csv.number(information));
        }
    }

    /**
     * Fits every flow entry's kernel of a cos-net run and writes {@value #FILE}; an empty list (and no file) for a
     * run that is not a cos-net, whose mesh is not an evenly spaced line of at least 3 points, or whose input
     * dimension is above 3. Needs {@code nnft/kernels.npy} and {@code nnft/mesh.npy} ({@link NnftWriter}).
     */
    public static List<Row> write(RunFiles run) throws IOException {
        ExperimentConfig config = run.summary().config();
        if (!config.network().hasCosNetLayer()) {
            return List.of();
        }
        Path dir = run.file(NnftWriter.DIRECTORY);
        Npy.Array mesh = Npy.read(dir.resolve("mesh.npy"));
        int m = mesh.shape()[0];
        int d = mesh.shape()[1];
        double spacing = KernelSpectrumFit.lineSpacing(mesh.values(), m, d);
        if (m < 3 || d > 3 || Double.isNaN(spacing)) {
            return List.of();
        }
        Npy.Array kernels = Npy.read(dir.resolve("kernels.npy"));
        List<Row> rows = rows(config, kernels, spacing, d);
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row row : rows) {
            sb.append(row.csv()).append('\n');
        }
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve(FILE), sb.toString());
        return rows;
    }

    /** As {@link #write}, for the end of a run: a failure is one warning line on {@code err}, not a failed run. */
    public static void writeDefault(Path runDir, PrintWriter err) {
        try {
            write(RunFiles.open(runDir));
        } catch (IOException | RuntimeException e) {
            err.println("bayesrg: warning: no " + NnftWriter.DIRECTORY + "/" + FILE + " in " + runDir + ": "
                    + e.getMessage());
            err.flush();
        }
    }

    /** The fit of each entry of kernels [entries, M, M] (NaN fits where an entry has no kernel). */
    static List<Row> rows(ExperimentConfig config, Npy.Array kernels, double spacing, int d) {
        int entries = kernels.shape()[0];
        int m = kernels.shape()[1];
        CosNetConfig cos = config.network().cosnet();
        double a = CosNet.spectralWeight(d, cos.cutoff());
        double sigmaA2 = readoutPriorMoment(config, d);
        FlowEntries flow = new FlowEntries(config.brg().cutoffs());
        boolean absolute = config.brg().cutoffScale() == BrgConfig.CutoffScale.ABSOLUTE;
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < entries; k++) {
            double[][] kernel = new double[m][m];
            boolean finite = true;
            for (int i = 0; i < m; i++) {
                System.arraycopy(kernels.values(), (k * m + i) * m, kernel[i], 0, m);
                for (double v : kernel[i]) {
                    finite &= Double.isFinite(v);
                }
            }
            KernelSpectrumFit.Fit fit = finite
                    ? KernelSpectrumFit.fit(kernel, spacing, d)
                    : new KernelSpectrumFit.Fit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
            double epsilon = flow.cutoffOrNaN(k);
            double sigmaEff2 = fit.z() / a;
            rows.add(new Row(
                    k,
                    epsilon,
                    fit,
                    sigmaEff2,
                    Math.sqrt(fit.z()),
                    cos.mass() * cos.mass() / fit.z(),
                    CosNet.renormalizedCutoff(cos.cutoff(), sigmaA2, sigmaEff2, d),
                    absolute && !Double.isNaN(epsilon)
                            ? CosNet.informationMomentum(
                                    epsilon, config.fisher().noiseVariance(), cos.mass())
                            : Double.NaN));
        }
        return List.copyOf(rows);
    }

    /** σ_a² = Σ_j E[a_j²] under the read-out's prior (N std² + N mean², or sigmaW² for fan-in). */
    static double readoutPriorMoment(ExperimentConfig config, int d) {
        Architecture architecture = Architecture.of(d, config);
        ParameterPrior prior = new ParameterPrior(architecture, config.network().init());
        Layer readout = architecture.readout();
        double s = 0;
        for (int i = readout.offset(); i < readout.biasOffset(); i++) {
            s += prior.variance(i) + prior.mean(i) * prior.mean(i);
        }
        return s;
    }
}
