package dev.bayesrg.bench;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.NetworkBatch;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.net.Readout;
import dev.bayesrg.run.Experiment;
import dev.bayesrg.run.MemberPipeline;
import dev.bayesrg.run.MemberResult;
import dev.bayesrg.run.RandomStreams;
import dev.bayesrg.train.ClosedFormReadoutTrainer;
import dev.bayesrg.train.DualReadoutTrainer;
import dev.bayesrg.train.ReadoutTrainer;
import dev.bayesrg.train.TrainingResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
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

/** The hot paths of one member of the paper's experiment (n = 200, N = 2048). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KernelBenchmarks {
    private ExperimentConfig config;
    private DataSets data;
    private Network network;
    private Readout readout;
    private double[] theta;
    private FeatureMatrix trainFeatures;
    private double[] gram;
    private MemberPipeline pipeline;
    private MemberPipeline eigenPipeline;
    private MemberPipeline geometryPipeline;
    private TrainConfig oneEpochGd;
    private TrainConfig oneEpochSgd;
    private NetworkBatch batch;
    private NetworkBatch single;
    private int member;

    @Setup
    public void setUp() {
        // measure the vector kernels from the first iteration, not the scalar ones they stand in for
        Kernels.use(Kernels.Mode.VECTOR); // JMH's warm-up iterations let C2 compile them
        // the paper's member as the paper computes it: no member measures the geometry beyond the diagonal
        config = ConfigLoader.fromPreset(Preset.PAPER)
                .with("fisher.geometryMembers=0")
                .load();
        data = Experiment.prepareData(config, Path.of(""));
        Architecture architecture = new Architecture(data.inputDimension(), config.network());
        network = new Network(architecture);
        readout = new Readout(architecture);
        theta = new ParameterPrior(architecture, config.network().init())
                .sample(RandomStreams.member(0, 0, RandomStreams.Purpose.INITIALIZATION));
        trainFeatures = network.features(theta, data.train().inputs());
        gram = new double[trainFeatures.rows() * trainFeatures.rows()];
        Kernels.gram(trainFeatures.values(), trainFeatures.rows(), trainFeatures.width(), gram);
        pipeline = new MemberPipeline(config, data);
        eigenPipeline = new MemberPipeline(
                ConfigLoader.fromPreset(Preset.PAPER)
                        .with("fisher.geometryMembers=0")
                        .with("brg.basis=eigen")
                        .load(),
                data);
        geometryPipeline = new MemberPipeline(
                ConfigLoader.fromPreset(Preset.PAPER)
                        .with("fisher.geometryMembers=null")
                        .load(),
                data);
        TrainConfig t = config.train();
        oneEpochGd = new TrainConfig(
                TrainConfig.Optimizer.GD,
                t.learningRate(),
                1,
                1,
                t.divergenceLoss(),
                t.divergenceFactor(),
                t.divergenceBound(),
                TrainConfig.Solver.AUTO);
        oneEpochSgd = new TrainConfig(
                TrainConfig.Optimizer.SGD,
                t.learningRate(),
                1,
                1,
                t.divergenceLoss(),
                t.divergenceFactor(),
                t.divergenceBound(),
                TrainConfig.Solver.AUTO);
        batch = new NetworkBatch(architecture, data.train().size());
        batch.load(theta);
        single = new NetworkBatch(architecture, 1);
        single.load(theta);
    }

    /** The last-hidden features of the 200 training inputs. */
    @Benchmark
    public FeatureMatrix batchFeatures() {
        return network.features(theta, data.train().inputs());
    }

    /** G = Φ Φᵀ, 200×200 from 200×2048: blocked rank-one updates, skipping ReLU zeros. */
    @Benchmark
    public double[] gramRankOneUpdates() {
        Kernels.gram(trainFeatures.values(), trainFeatures.rows(), trainFeatures.width(), gram);
        return gram;
    }

    /** G = Φ Φᵀ as n(n+1)/2 dot products: the plain reference. */
    @Benchmark
    public double[] gramDotProducts() {
        int n = trainFeatures.rows();
        int w = trainFeatures.width();
        double[] v = trainFeatures.values();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double g = Kernels.dot(v, i * w, v, j * w, w);
                gram[i * n + j] = g;
                gram[j * n + i] = g;
            }
        }
        return gram;
    }

    /** Symmetric eigendecomposition of the 200×200 Gram matrix (EJML), the closed form's core. */
    @Benchmark
    public Object gramEigendecomposition() {
        var eig = DecompositionFactory_DDRM.eig(trainFeatures.rows(), true, true);
        eig.decompose(DMatrixRMaj.wrap(trainFeatures.rows(), trainFeatures.rows(), gram.clone()));
        return eig;
    }

    /** 1000 epochs of read-out GD in closed form (Gram + eigendecomposition + loss curve). */
    @Benchmark
    public TrainingResult trainClosedForm() {
        return new ClosedFormReadoutTrainer(trainFeatures, data.train().targets(), readout, config.train())
                .train(theta);
    }

    /** 1000 epochs of read-out GD iterated in the dual space (Gram + 1000 n×n updates). */
    @Benchmark
    public TrainingResult trainDualGd() {
        return new DualReadoutTrainer(trainFeatures, data.train().targets(), readout, config.train()).train(theta);
    }

    /** Householder reduction of the 200×200 Gram matrix to tridiagonal form, the tridiagonal solver's core. */
    @Benchmark
    public dev.bayesrg.linalg.HouseholderTridiagonal gramTridiagonalReduction() {
        return new dev.bayesrg.linalg.HouseholderTridiagonal(gram.clone(), trainFeatures.rows());
    }

    /** 1000 epochs of read-out GD in the tridiagonal basis (Gram + reduction + 1000 steps of 5n). */
    @Benchmark
    public TrainingResult trainTridiagonalGd() {
        return new dev.bayesrg.train.TridiagonalReadoutTrainer(
                        trainFeatures, data.train().targets(), readout, config.train())
                .train(theta);
    }

    /** One epoch of primal read-out GD (two passes over the 200×2048 features). */
    @Benchmark
    public TrainingResult primalGdEpoch() {
        return new ReadoutTrainer(trainFeatures, data.train().targets(), readout, oneEpochGd).train(theta);
    }

    /** One epoch of primal per-sample SGD (200 fused dot + axpy of length 2048). */
    @Benchmark
    public TrainingResult primalSgdEpoch() {
        return new ReadoutTrainer(trainFeatures, data.train().targets(), readout, oneEpochSgd).train(theta);
    }

    /** A whole member of the paper preset: prior, features, training, Fisher, 25-cutoff flow. */
    @Benchmark
    public MemberResult wholeMember() {
        return pipeline.run(member++);
    }

    /** The same member flowing in the Fisher eigenbasis (brg.basis eigen). */
    @Benchmark
    public MemberResult wholeMemberEigenbasis() {
        return eigenPipeline.run(member++);
    }

    /** The same member measuring the Fisher geometry beyond its diagonal as well. */
    @Benchmark
    public MemberResult wholeMemberWithGeometry() {
        return geometryPipeline.run(member++);
    }

    /**
     * One epoch of all-layer GD (network.trainable all): the forward pass of the 200 training inputs
     * through every layer, backpropagation over the batch, the step. The weights stay at θ to
     * rounding (learning rate 1e-12), so every iteration does the same work.
     */
    @Benchmark
    public double allLayerGdEpoch() {
        double squares =
                batch.squaredErrorGradient(data.train().inputs(), data.train().targets(), 0, 1.0 / 200);
        batch.step(1e-12);
        return squares;
    }

    /** The same epoch by the reference loop, one input's gradient at a time (train.solver iterate-primal). */
    @Benchmark
    public double allLayerGdEpochReferenceLoop() {
        double[] gradient = new double[theta.length];
        double[] one = new double[theta.length];
        double squares = 0;
        double[][] x = data.train().inputs();
        for (int i = 0; i < x.length; i++) {
            double r = network.gradient(theta, x[i], one) - data.train().targets()[i];
            squares += r * r;
            Kernels.axpy(2.0 * r / x.length, one, 0, gradient, 0, one.length);
        }
        return squares + gradient[0];
    }

    /** One step of all-layer per-sample SGD through the batch engine with a batch of one input. */
    @Benchmark
    public double allLayerSgdStep() {
        double squares =
                single.squaredErrorGradient(data.train().inputs(), data.train().targets(), member++ % 200, 1.0);
        single.step(1e-12);
        return squares;
    }
}
