package dev.bayesrg.bench;

import dev.bayesrg.nnft.BlockedMoments;
import dev.bayesrg.nnft.Correlators;
import dev.bayesrg.nnft.Couplings;
import dev.bayesrg.nnft.FreeAction;
import dev.bayesrg.nnft.MomentAccumulator;
import java.util.Random;
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
 * The field-theory targets of issue #4: the connected four-point function on a 32-point mesh from
 * 10⁴ members (≤ 5 s on 2 cores) and the quartic coupling contraction on that mesh (≤ 1 s). The
 * fields are a 64-neuron random ReLU feature model, non-Gaussian and correlated across the mesh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class NnftBenchmarks {
    private static final int MEMBERS = 10_000;
    private static final int MESH = 32;

    private double[][] fields;
    private double[] kappa4;
    private double[][] inverseKernel;
    private Correlators correlators;

    @Setup
    public void setUp() {
        Random rnd = new Random(1);
        double[][] x = new double[MESH][2];
        for (double[] p : x) {
            p[0] = rnd.nextGaussian();
            p[1] = rnd.nextGaussian();
        }
        fields = new double[MEMBERS][MESH];
        for (double[] f : fields) {
            for (int j = 0; j < 64; j++) {
                double w0 = rnd.nextGaussian();
                double w1 = rnd.nextGaussian();
                double a = rnd.nextGaussian() / 8;
                for (int i = 0; i < MESH; i++) {
                    f[i] += a * Math.max(0, w0 * x[i][0] + w1 * x[i][1]);
                }
            }
        }
        correlators = fourPointOneThread();
        kappa4 = Couplings.connectedTensor(correlators, 4);
        inverseKernel = FreeAction.of(correlators).inverseKernel();
    }

    /** Moments to order 4 of 10⁴ members on 32 points, then every connected correlator to order 4. */
    @Benchmark
    public Correlators fourPointOneThread() {
        MomentAccumulator acc = new MomentAccumulator(MESH, 4);
        for (double[] f : fields) {
            acc.add(f);
        }
        return new Correlators(acc);
    }

    /** The same on two threads (blocks of 1024 members, bit-identical to one thread). */
    @Benchmark
    public Correlators fourPointTwoThreads() {
        return new Correlators(BlockedMoments.of(fields, 4, 1024, 2).total());
    }

    /** The full M⁴ tensor G_c^(4) from the correlators (the input of the coupling). */
    @Benchmark
    public double[] fourPointTensor() {
        return Couplings.connectedTensor(correlators, 4);
    }

    /** Λ4 = −κ4·(K⁻¹)⊗4: four mode products, O(M⁵). */
    @Benchmark
    public double[] quarticCoupling() {
        return Couplings.quartic(kappa4, inverseKernel);
    }
}
