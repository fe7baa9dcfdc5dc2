package dev.bayesrg.bench;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.run.Experiment;
import dev.bayesrg.run.RandomStreams;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * bayesrg's Gram and dual-update kernels against a BLAS binding on the paper's shapes, to choose
 * by measurement (issue "Fast engine", kernels): dev.ludovic.netlib, the binding Spark uses, with
 * its native backend (the system's libblas.so.3, OpenBLAS here) and its pure-Java one. One thread.
 * G = Φ Φᵀ is {@code dsyrk} on the row-major n×N features read as a column-major N×n matrix; the
 * dual update z −= G c is {@code dgemv}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BlasBenchmarks {
    private FeatureMatrix features;
    private double[] gram;
    private double[] scratch;
    private double[] c;
    private double[] z;
    private BLAS nativeBlas;
    private BLAS javaBlas;

    @Setup
    public void setUp() {
        Kernels.use(Kernels.Mode.VECTOR); // JMH's warm-up iterations let C2 compile them
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.PAPER).load();
        DataSets data = Experiment.prepareData(config, Path.of(""));
        Architecture architecture = new Architecture(data.inputDimension(), config.network());
        double[] theta = new ParameterPrior(architecture, config.network().init())
                .sample(RandomStreams.member(0, 0, RandomStreams.Purpose.INITIALIZATION));
        features = new Network(architecture).features(theta, data.train().inputs());
        int n = features.rows();
        gram = new double[n * n];
        scratch = new double[Kernels.gramScratchLength(n, features.width())];
        Kernels.gram(features.values(), n, features.width(), gram, scratch);
        c = new double[n];
        z = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = 1e-9 * (i % 7 - 3);
        }
        javaBlas = JavaBLAS.getInstance();
        try {
            nativeBlas = NativeBLAS.getInstance();
        } catch (RuntimeException | LinkageError e) {
            nativeBlas = null; // no system BLAS: the native rows are skipped
        }
    }

    /** bayesrg: G = Φ Φᵀ on Vector API register tiles (the same bits as its scalar twin). */
    @Benchmark
    public double[] gramBayesrg() {
        Kernels.gram(features.values(), features.rows(), features.width(), gram, scratch);
        return gram;
    }

    @Benchmark
    public double[] gramNativeBlasDsyrk() {
        return syrk(nativeBlas);
    }

    @Benchmark
    public double[] gramJavaBlasDsyrk() {
        return syrk(javaBlas);
    }

    private double[] syrk(BLAS blas) {
        if (blas == null) {
            return gram;
        }
        int n = features.rows();
        int k = features.width();
        // column-major: A is k×n (lda = k), C = Aᵀ A, upper triangle
        blas.dsyrk("U", "T", n, k, 1.0, features.values(), k, 0.0, gram, n);
        return gram;
    }

    /** bayesrg: one dual GD step z −= G c (n = 200). */
    @Benchmark
    public double[] dualUpdateBayesrg() {
        Kernels.subtractCombination(gram, features.rows(), c, z);
        return z;
    }

    @Benchmark
    public double[] dualUpdateNativeBlasDgemv() {
        return gemv(nativeBlas);
    }

    @Benchmark
    public double[] dualUpdateJavaBlasDgemv() {
        return gemv(javaBlas);
    }

    private double[] gemv(BLAS blas) {
        if (blas == null) {
            return z;
        }
        int n = features.rows();
        blas.dgemv("N", n, n, -1.0, gram, n, c, 1, 1.0, z, 1);
        return z;
    }
}
