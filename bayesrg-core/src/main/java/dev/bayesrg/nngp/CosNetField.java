package dev.bayesrg.nngp;

import dev.bayesrg.config.ConfigException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The generalized cos-net as a free scalar field of mass m and momentum cutoff Λ in d dimensions
 * (arXiv:2405.17538, Sec. 4.1.1): its propagator Ψ(r) exact (radial quadrature, {@link CosNet#propagator}) beside the
 * estimate from N sampled neurons, the mean over i of σ_i(0) σ_i(r e_0) with its standard error, and
 * for each information cutoff ε the momentum Λ_info(ε) above which neurons are sloppy,
 * |b|² &gt; 1/(2σ²ε) − m². Bad parameters are named after the components of {@link Setup} and
 * {@value #EPSILONS}.
 */
public final class CosNetField {
    /** The parameter name of the information cutoffs ε. */
    public static final String EPSILONS = "epsilons";

    private CosNetField() {}

    /**
     * The field and its sampled neurons.
     *
     * @param dimension     d: 1, 2 or 3 (the radial quadratures of eq. 85)
     * @param cutoff        Λ &gt; 0
     * @param mass          m ≥ 0
     * @param neurons       N sampled for the propagator's estimate, 100..100000000
     * @param noiseVariance σ² &gt; 0 of the regression Fisher
     * @param seed          the seed of the sampled neurons
     */
    public record Setup(int dimension, double cutoff, double mass, int neurons, double noiseVariance, long seed) {
        /** Checks every parameter, naming the first bad one. */
        public Setup {
            if (dimension < 1 || dimension > 3) {
                throw new ConfigException("dimension", "got " + dimension + ", allowed 1, 2 or 3");
            }
            if (!(cutoff > 0) || !Double.isFinite(cutoff)) {
                throw new ConfigException("cutoff", "got " + cutoff + ", allowed a finite number > 0");
            }
            if (!(mass >= 0) || !Double.isFinite(mass)) {
                throw new ConfigException("mass", "got " + mass + ", allowed a finite number >= 0");
            }
            if (mass == 0 && dimension < 3) {
                // ∫ db b^(d-1) / b² diverges at b = 0 for d = 1, 2: the massless field has no propagator there
                throw new ConfigException(
                        "mass",
                        "got 0 in d = " + dimension + ", allowed > 0 (the massless propagator diverges"
                                + " for d = 1, 2; 0 is allowed in d = 3)");
            }
            if (neurons < 100 || neurons > 100_000_000) {
                throw new ConfigException("neurons", "got " + neurons + ", allowed [100, 100000000]");
            }
            if (!(noiseVariance > 0) || !Double.isFinite(noiseVariance)) {
                throw new ConfigException("noiseVariance", "got " + noiseVariance + ", allowed a finite number > 0");
            }
        }

        /**
         * The first {@code n} neurons of the seed's sample: b uniform in the d-ball of radius Λ, c
         * uniform in [−π, π] (the same neurons for every n, so a trained net of width n uses the first
         * n neurons of the propagator's estimate).
         */
        public CosNet.Neurons sample(int n) {
            return CosNet.sample(n, dimension, cutoff, RandomSource.XO_SHI_RO_256_PP.create(seed));
        }
    }

    /**
     * Ψ at one separation.
     *
     * @param separation    r
     * @param exact         Ψ(r) by quadrature
     * @param estimate      the mean over the sampled neurons
     * @param standardError its standard error
     */
    public record PropagatorRow(double separation, double exact, double estimate, double standardError) {}

    /**
     * The momentum one information cutoff removes.
     *
     * @param epsilon  ε
     * @param momentum Λ_info(ε), 0 when every mode is sloppy
     */
    public record MomentumRow(double epsilon, double momentum) {}

    /**
     * Both tables.
     *
     * @param cutoff     Λ, to mark the information momenta at or above it
     * @param propagator one row per separation
     * @param momenta    one row per information cutoff
     */
    public record Tables(double cutoff, List<PropagatorRow> propagator, List<MomentumRow> momenta) {
        /** The propagator table, a blank line, and the momentum table. */
        public void print(PrintWriter out) {
            out.printf(Locale.ROOT, "%10s  %14s  %14s  %12s%n", "r", "Psi exact", "Psi ensemble", "std error");
            for (PropagatorRow row : propagator) {
                out.printf(
                        Locale.ROOT,
                        "%10.4g  %14.6g  %14.6g  %12.3g%n",
                        row.separation(),
                        row.exact(),
                        row.estimate(),
                        row.standardError());
            }
            out.println();
            out.printf(Locale.ROOT, "%10s  %18s%n", "epsilon", "Lambda_info(eps)");
            for (MomentumRow row : momenta) {
                double p = row.momentum();
                out.printf(
                        Locale.ROOT,
                        "%10.4g  %18s%n",
                        row.epsilon(),
                        String.format(
                                Locale.ROOT,
                                "%.6g%s",
                                p,
                                p >= cutoff ? " (>= Lambda: none sloppy)" : p == 0 ? " (every mode sloppy)" : ""));
            }
            out.flush();
        }
    }

    /** The information cutoffs ε as an array, each checked finite and &gt; 0. */
    public static double[] epsilons(List<Double> epsilons) {
        for (double e : epsilons) {
            if (!(e > 0) || !Double.isFinite(e)) {
                throw new ConfigException(EPSILONS, "got " + e + ", allowed finite numbers > 0");
            }
        }
        return epsilons.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Ψ exact and sampled at each separation r (along the first axis), and Λ_info at each ε. */
    public static Tables tables(Setup setup, double[] separations, double[] epsilons) {
        int n = setup.neurons();
        CosNet.Neurons sample = setup.sample(n);
        double[] x = new double[setup.dimension()];
        double[] y = new double[setup.dimension()];
        List<PropagatorRow> propagator = new ArrayList<>();
        for (double r : separations) {
            y[0] = r;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double v = CosNet.feature(sample, i, x, setup.mass()) * CosNet.feature(sample, i, y, setup.mass());
                sum += v;
                squares += v * v;
            }
            double mean = sum / n;
            double se = Math.sqrt(Math.max(0, squares / n - mean * mean) / n);
            propagator.add(new PropagatorRow(
                    r, CosNet.propagator(r, setup.dimension(), setup.cutoff(), setup.mass()), mean, se));
        }
        List<MomentumRow> momenta = new ArrayList<>();
        for (double e : epsilons) {
            momenta.add(new MomentumRow(e, CosNet.informationMomentum(e, setup.noiseVariance(), setup.mass())));
        }
        return new Tables(setup.cutoff(), List.copyOf(propagator), List.copyOf(momenta));
    }
}
