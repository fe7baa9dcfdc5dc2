package dev.bayesrg.run;

import dev.bayesrg.config.BrgConfig;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.FisherConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.fisher.FisherEigenbasis;
import dev.bayesrg.fisher.FisherJacobian;
import dev.bayesrg.fisher.FisherMatrix;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.Architecture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;

/**
 * One Fisher metric for the whole ensemble, which ranks every member's parameters alike, so that
 * all members coarse grain the same parameters (or, in the eigenbasis, the same directions) at each
 * cutoff: {@code fisher.at: ensemble-mean}, the metric at the ensemble-mean trained parameters θ̄
 * (the paper's stand-in for θ_MAP, arXiv:2405.17538 §3.3), or {@code ensemble-average}, the mean
 * F̄ = (1/M) Σ_m F(θ_m) of the members' own metrics. Either needs the whole trained ensemble before
 * any member's flow: {@link #of} trains every member of the ensemble once for it (a shard's run
 * too, so that every shard finds the same metric), and the members are trained again, identically,
 * when they flow. It is not checkpointed: a resumed run computes it again.
 *
 * @param at       where the metric is evaluated
 * @param diagonal F_ii over the flowed parameters
 * @param factor   J with F = Jᵀ J (null when no member needs more than the diagonal): at θ̄ the
 *                 per-input gradients; for the average the members' stacked gradients over √M, or,
 *                 when M n_F exceeds P, the rows √λ_k v_k of the dense P × P average's eigenpairs
 * @param eigenpairs the dense average's eigendecomposition when it was formed (else null)
 */
public record EnsembleMetric(
        FisherConfig.At at, double[] diagonal, FisherJacobian factor, FisherMatrix.Eigenbasis eigenpairs) {

    /**
     * The most parameters the ensemble-average metric is formed densely for (P × P doubles, 128 MB,
     * and one symmetric eigendecomposition of that size: minutes).
     */
    public static final int MAX_DENSE_DIMENSION = 4096;

    /**
     * One member's metric at some θ.
     *
     * @param diagonal F_ii over the flowed parameters
     * @param jacobian the per-input gradients (null when not asked for)
     */
    public record Metric(double[] diagonal, FisherJacobian jacobian) {}

    /** Members trained in parallel per round: each holds its gradients (and a dense P × P) until added. */
    private static final int ROUND = 4;

    /** The metric's eigenbasis, or null if it is not finite. */
    public FisherEigenbasis eigenbasis() {
        if (eigenpairs != null) {
            return FisherEigenbasis.ofEigenpairs(eigenpairs, factor);
        }
        return factor == null ? null : FisherEigenbasis.of(factor);
    }

    /**
     * Whether the run needs more than the metric's diagonal: it flows in the eigenbasis or some
     * member measures the metric's geometry.
     */
    static boolean needsFactor(ExperimentConfig config) {
        Integer geometry = config.fisher().geometryMembers();
        return config.brg().basis() == BrgConfig.Basis.EIGEN || geometry == null || geometry > 0;
    }

    /**
     * The length of the metric's spectrum as members record it: n_F, or for the ensemble average
     * min(P, M n_F), the most nonzero eigenvalues it can have; 0 without parameters.
     */
    static int spectrumLength(ExperimentConfig config, int fisherInputs, int flowed) {
        if (flowed == 0) {
            return 0; // no parameters (an imported outputs ensemble): no metric, no eigenvalues
        }
        // a softmax classifier's metric has K rows per Fisher input (FisherJacobian.softmaxReadout)
        int rows = fisherInputs * config.outputsPerPoint();
        if (config.fisher().at() != FisherConfig.At.ENSEMBLE_AVERAGE) {
            return rows;
        }
        return (int) Math.min(flowed, (long) config.ensemble().members() * rows);
    }

    /**
     * Refuses, as bad input naming {@code fisher.at}, an ensemble average that would have to be formed
     * densely (M n_F &gt; P, and the eigenbasis needed) over more than {@link #MAX_DENSE_DIMENSION}
     * parameters.
     */
    public static void checkSize(ExperimentConfig config, DataSets data) {
        if (config.fisher().at() != FisherConfig.At.ENSEMBLE_AVERAGE || !needsFactor(config)) {
            return;
        }
        Architecture architecture = Architecture.of(data.inputDimension(), config);
        int flowed = MemberPipeline.flowedCount(config, architecture);
        long stacked = (long) config.ensemble().members() * data.fisher().size() * config.outputsPerPoint();
        if (stacked > flowed && flowed > MAX_DENSE_DIMENSION) {
            boolean readoutFits =
                    flowed > architecture.readoutSize() && architecture.readoutSize() <= MAX_DENSE_DIMENSION;
            throw new ConfigException(
                    "fisher.at",
                    "got ensemble-average, whose eigenbasis (brg.basis eigen, or fisher.geometryMembers > 0) here"
                            + " needs the dense " + flowed + " x " + flowed + " average metric: allowed for at most "
                            + MAX_DENSE_DIMENSION + " flowed parameters, or ensemble.members x data.fisher"
                            + (config.outputsPerPoint() > 1 ? " x data.classes" : "") + " <= "
                            + flowed + "; use brg.basis diagonal with fisher.geometryMembers 0"
                            + (readoutFits ? ", or brg.scope readout" : ""));
        }
    }

    /**
     * Trains every member of the ensemble (all {@code ensemble.members}, whatever shard runs) on
     * {@code threads} threads and forms the metric. The members' contributions are summed in member
     * order, so the metric is the same for any thread count.
     *
     * @param onMemberDone called with the number of members trained so far
     */
    public static EnsembleMetric of(ExperimentConfig config, DataSets data, int threads, IntConsumer onMemberDone)
            throws InterruptedException {
        FisherConfig.At at = config.fisher().at();
        if (!at.shared()) {
            throw new IllegalArgumentException("fisher.at is member: every member has its own metric");
        }
        checkSize(config, data);
        int members = config.ensemble().members();
        boolean factor = needsFactor(config);
        ThreadLocal<MemberPipeline> pipelines = ThreadLocal.withInitial(() -> new MemberPipeline(config, data));
        MemberPipeline here = new MemberPipeline(config, data);
        int flowed = here.flowedCount();
        // the rows of each member's Jacobian: K per Fisher input for a softmax classifier
        int fisherInputs = data.fisher().size() * config.outputsPerPoint();
        WorkerPool pool = new WorkerPool("bayesrg-metric", threads);
        try {
            if (at == FisherConfig.At.ENSEMBLE_MEAN) {
                double[][] sum = new double[1][];
                inOrder(
                        pool,
                        members,
                        threads,
                        onMemberDone,
                        m -> pipelines.get().trainedParameters(m),
                        theta -> sum[0] = add(sum[0], theta),
                        () -> {});
                Metric metric = here.metricAt(scaled(sum[0], 1.0 / members), factor);
                return new EnsembleMetric(at, metric.diagonal(), metric.jacobian(), null);
            }
            boolean stacked = (long) members * fisherInputs <= flowed;
            double[] diagonal = new double[flowed];
            double[] stack = factor && stacked ? new double[members * fisherInputs * flowed] : null;
            double[] dense = factor && !stacked ? new double[flowed * flowed] : null;
            int[] row = {0};
            List<double[]> pending = new ArrayList<>(); // members' gradients not yet in a group's Gram
            int[] grouped = {0};
            inOrder(
                    pool,
                    members,
                    threads,
                    onMemberDone,
                    m -> {
                        MemberPipeline pipeline = pipelines.get();
                        return pipeline.metricAt(pipeline.trainedParameters(m), factor);
                    },
                    own -> {
                        add(diagonal, own.diagonal());
                        if (stack != null) {
                            double[] j = own.jacobian().values();
                            System.arraycopy(j, 0, stack, row[0] * flowed, j.length);
                            row[0] += fisherInputs;
                        }
                        if (dense != null) {
                            pending.add(own.jacobian().values());
                        }
                    },
                    () -> {
                        if (dense != null) {
                            grouped[0] +=
                                    addGroupGrams(pool, dense, flowed, fisherInputs, pending, members - grouped[0]);
                        }
                    });
            scaled(diagonal, 1.0 / members);
            if (stack != null) {
                // F̄ = (1/M) Σ J_mᵀ J_m = J̄ᵀ J̄ with J̄ the stacked rows over √M
                return new EnsembleMetric(
                        at,
                        diagonal,
                        new FisherJacobian(members * fisherInputs, flowed, scaled(stack, 1.0 / Math.sqrt(members))),
                        null);
            }
            if (dense == null) {
                return new EnsembleMetric(at, diagonal, null, null);
            }
            scaled(dense, 1.0 / members);
            for (double v : dense) {
                if (!Double.isFinite(v)) { // no eigenbasis: members that need one say so
                    return new EnsembleMetric(at, diagonal, null, null);
                }
            }
            FisherMatrix.Eigenbasis eigenpairs = new FisherMatrix(flowed, dense).eigenbasis();
            FisherEigenbasis basis = FisherEigenbasis.ofEigenpairs(eigenpairs, null);
            return new EnsembleMetric(at, diagonal, basis == null ? null : basis.factor(), eigenpairs);
        } finally {
            pool.close();
        }
    }

    /**
     * Members whose metrics are summed as one Gram product: the stacked gradients of 8 members give
     * the product 8 n_F terms per entry, long enough for the vector kernel. Fixed, whatever the
     * thread count, so that every entry is summed in the same order.
     */
    private static final int GROUP = 8;

    /**
     * F += Sᵀ S for each complete group of {@link #GROUP} members in {@code pending} (S their stacked
     * per-input gradients), the groups' products in parallel and added in member order; a last,
     * shorter group only when it holds all {@code remaining} members. Removes the members it added.
     *
     * @return how many members were added
     */
    private static int addGroupGrams(
            WorkerPool pool, double[] dense, int p, int fisherInputs, List<double[]> pending, int remaining)
            throws InterruptedException {
        int groups = pending.size() / GROUP + (pending.size() == remaining && pending.size() % GROUP != 0 ? 1 : 0);
        List<Callable<double[]>> products = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<double[]> group = pending.subList(g * GROUP, Math.min(pending.size(), (g + 1) * GROUP));
            products.add(() -> {
                int rows = group.size() * fisherInputs;
                double[] stacked = new double[rows * p];
                for (int k = 0; k < group.size(); k++) {
                    System.arraycopy(group.get(k), 0, stacked, k * fisherInputs * p, fisherInputs * p);
                }
                double[] gram = new double[p * p];
                // Sᵀ S, the Gram matrix of S's columns
                Kernels.gramOfColumns(stacked, p, rows, gram, p, new double[Kernels.gramScratchLength(p, rows)]);
                return gram;
            });
        }
        for (double[] gram : pool.invokeAll(products)) {
            add(dense, gram);
        }
        int added = Math.min(pending.size(), groups * GROUP);
        pending.subList(0, added).clear();
        return added;
    }

    /**
     * task(m) for every member, computed in rounds on the pool; each round's results go to
     * {@code inOrder} in member order, then {@code afterRound} runs.
     */
    private static <T> void inOrder(
            WorkerPool pool,
            int members,
            int threads,
            IntConsumer onMemberDone,
            java.util.function.IntFunction<T> task,
            java.util.function.Consumer<T> inOrder,
            RoundEnd afterRound)
            throws InterruptedException {
        for (int from = 0; from < members; from += ROUND * threads) {
            int to = Math.min(members, from + ROUND * threads);
            List<Callable<T>> tasks = new ArrayList<>();
            for (int m = from; m < to; m++) {
                int member = m;
                tasks.add(() -> task.apply(member));
            }
            for (T result : pool.invokeAll(tasks)) {
                inOrder.accept(result);
            }
            afterRound.run();
            onMemberDone.accept(to);
        }
    }

    /** What runs after each round's results are taken in. */
    @FunctionalInterface
    private interface RoundEnd {
        void run() throws InterruptedException;
    }

    private static double[] add(double[] sum, double[] term) {
        if (sum == null) {
            return term.clone();
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += term[i];
        }
        return sum;
    }

    private static double[] scaled(double[] values, double factor) {
        for (int i = 0; i < values.length; i++) {
            values[i] *= factor;
        }
        return values;
    }
}
