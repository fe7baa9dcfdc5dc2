package dev.bayesrg.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.io.Json;
import dev.bayesrg.nnft.CouplingEstimate;
import dev.bayesrg.nnft.FieldTheoryTensors;
import dev.bayesrg.nnft.NoiseFloor;
import dev.bayesrg.train.TrainingCheckpoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How far each {@code train.loss} drives the trained ensemble from a Gaussian field: for every loss
 * the same ensemble (same data, same prior draws, same seeds) is trained with training checkpoints
 * every {@code nnft.snapshotEvery} epochs, and at each checkpoint the normalised four-point function
 * ‖G_c^(4)‖/‖Wick4‖ of its outputs on the nnft mesh is measured
 * ({@link CouplingEstimate.Scalar#NORMALISED_KAPPA4}), with a delete-a-group jackknife error and the
 * {@link NoiseFloor} test of order 4 against Gaussian surrogate ensembles of the same size (stream
 * {@link RandomStreams.Purpose#NOISE_FLOOR} keyed by (ensemble seed, checkpoint), occasion
 * {@value #NOISE_FLOOR_OCCASION}). No BRG flow is run (the cutoffs are dropped). The paper
 * (arXiv:2405.17538, Sec. 5) expects the squared error to keep a wide ensemble near-Gaussian and a
 * non-Gaussian likelihood or non-quadratic loss to build non-trivial higher cumulants; {@link
 * Result#verdict} states what this measurement says. Bad parameters are named {@value #LOSSES} and
 * {@value #MEMBERS}; results are bit-identical for any thread count (the members' streams and the
 * moments' order do not depend on it).
 */
public final class LossCumulants {
    /** The parameter name of the losses. */
    public static final String LOSSES = "losses";

    /** The parameter name of the members per loss. */
    public static final String MEMBERS = "members";

    /** The occasion of the {@link RandomStreams.Purpose#NOISE_FLOOR} stream (0–2 are nnft's and the widths'). */
    public static final int NOISE_FLOOR_OCCASION = 3;

    /** Checkpoints when the configuration records none: epochs 0, T/10, …, T. */
    public static final int DEFAULT_CHECKPOINTS = 10;

    private LossCumulants() {}

    /**
     * The field theory at one training checkpoint.
     *
     * @param epoch      t
     * @param kappa4     ‖G_c^(4)‖/‖Wick4‖ on the mesh
     * @param error      its jackknife standard error
     * @param floorZ     the order-4 noise-floor z-score (observed whitened norm against Gaussian surrogates)
     * @param aboveFloor whether the order-4 test rejects a Gaussian field at level {@link NoiseFloor#ALPHA}
     */
    public record Checkpoint(int epoch, double kappa4, double error, double floorZ, boolean aboveFloor) {}

    /**
     * One loss's ensemble along training.
     *
     * @param loss         the training loss
     * @param members      the members the statistics are over (the diverged left out)
     * @param diverged     how many diverged
     * @param testLoss     the median over members of the trained ensemble's test loss (in the loss's own units)
     * @param checkpoints  epochs 0, k, 2k, …, T
     */
    public record Row(TrainConfig.Loss loss, int members, int diverged, double testLoss, List<Checkpoint> checkpoints) {
        /** The prior ensemble's checkpoint (epoch 0). */
        public Checkpoint first() {
            return checkpoints.get(0);
        }

        /** The trained ensemble's checkpoint (epoch T). */
        public Checkpoint last() {
            return checkpoints.get(checkpoints.size() - 1);
        }

        /** The change of κ4 over training in standard errors: (last − first)/√(se_last² + se_first²). */
        public double growthInErrors() {
            return (last().kappa4() - first().kappa4()) / Math.hypot(last().error(), first().error());
        }
    }

    /** The measurement of every loss. */
    public record Result(List<Row> rows, int meshPoints) {
        /** Prints one line per loss: κ4 at epoch 0 and T, growth, noise floor, test loss. */
        public void print(PrintWriter out) {
            out.printf(
                    Locale.ROOT,
                    "%-14s %7s %8s %22s %22s %8s %10s %12s%n",
                    "loss",
                    "members",
                    "diverged",
                    "|k4|/|W4| epoch 0",
                    "|k4|/|W4| epoch T",
                    "change",
                    "floor z(T)",
                    "test loss");
            for (Row r : rows) {
                out.printf(
                        Locale.ROOT,
                        "%-14s %7d %8d %22s %22s %7.1fσ %10.1f %12.4g%n",
                        r.loss().id(),
                        r.members(),
                        r.diverged(),
                        estimate(r.first()),
                        estimate(r.last()),
                        r.growthInErrors(),
                        r.last().floorZ(),
                        r.testLoss());
            }
        }

        /** Prints every checkpoint of every loss. */
        public void printCheckpoints(PrintWriter out) {
            for (Row r : rows) {
                StringBuilder line = new StringBuilder(r.loss().id()).append(':');
                for (Checkpoint c : r.checkpoints()) {
                    line.append(String.format(Locale.ROOT, " t=%d %.4g", c.epoch(), c.kappa4()));
                }
                out.println(line);
            }
        }

        /**
         * What the measurement says about the paper's expectation, in a few sentences: for each loss
         * whether its trained ensemble is above the Gaussian noise floor and how κ4 changed in
         * training, and how every other loss compares with the squared error at the end of training.
         */
        public String verdict() {
            StringBuilder s = new StringBuilder();
            Row mse = null;
            for (Row r : rows) {
                if (Double.isNaN(r.last().kappa4())) {
                    // fewer than 3 members left: nothing measured, nothing to compare
                    s.append(String.format(
                            Locale.ROOT,
                            "%s: %d of %d members diverged, too few left to measure (lower train.learningRate).%n",
                            r.loss().id(),
                            r.diverged(),
                            r.diverged() + r.members()));
                    continue;
                }
                if (r.loss() == TrainConfig.Loss.MSE) {
                    mse = r;
                }
                s.append(String.format(
                        Locale.ROOT,
                        "%s: |k4|/|W4| %s at epoch 0 -> %s at epoch %d (%+.1f standard errors); the trained ensemble"
                                + " is %s the Gaussian noise floor (z = %.1f).%n",
                        r.loss().id(),
                        estimate(r.first()),
                        estimate(r.last()),
                        r.last().epoch(),
                        r.growthInErrors(),
                        r.last().aboveFloor() ? "above" : "within",
                        r.last().floorZ()));
            }
            if (mse != null) {
                for (Row r : rows) {
                    if (r.loss() == TrainConfig.Loss.MSE
                            || Double.isNaN(r.last().kappa4())) {
                        continue;
                    }
                    double z = (r.last().kappa4() - mse.last().kappa4())
                            / Math.hypot(r.last().error(), mse.last().error());
                    s.append(String.format(
                            Locale.ROOT,
                            "%s vs mse after training: %s than mse by %.1f standard errors (ratio %.3g).%n",
                            r.loss().id(),
                            z > 3 ? "clearly more non-Gaussian" : z < -3 ? "clearly less non-Gaussian" : "no clearer",
                            Math.abs(z),
                            r.last().kappa4() / mse.last().kappa4()));
                }
            }
            return s.toString().strip();
        }

        /** The table as JSON into {@code file} (atomically). */
        public void writeJson(Path file) throws IOException {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("quantity", "normalised_kappa4 = |G_c^(4)| / |Wick4| on the nnft mesh");
            json.put("mesh_points", meshPoints);
            ArrayNode losses = json.putArray("losses");
            for (Row r : rows) {
                ObjectNode o = losses.addObject();
                o.put("loss", r.loss().id());
                o.put("members", r.members());
                o.put("diverged", r.diverged());
                Json.put(o, "test_loss_median", r.testLoss());
                Json.put(o, "growth_in_standard_errors", r.growthInErrors());
                ArrayNode checkpoints = o.putArray("checkpoints");
                for (Checkpoint c : r.checkpoints()) {
                    ObjectNode p = checkpoints.addObject();
                    p.put("epoch", c.epoch());
                    Json.put(p, "normalised_kappa4", c.kappa4());
                    Json.put(p, "normalised_kappa4_se", c.error());
                    Json.put(p, "noise_floor_z", c.floorZ());
                    p.put("above_noise_floor", c.aboveFloor());
                }
            }
            json.put("verdict", verdict());
            Json.write(file, json);
        }
    }

    private static String estimate(Checkpoint c) {
        return String.format(Locale.ROOT, "%.4g ± %.2g", c.kappa4(), c.error());
    }

    /**
     * Trains {@code base}'s ensemble once per loss, with {@code members} members, and measures κ4 at
     * its training checkpoints ({@code nnft.snapshotEvery}, or {@value #DEFAULT_CHECKPOINTS} of them
     * when it is 0), handing each loss's row to {@code onRow} as it is done.
     */
    public static Result measure(
            ExperimentConfig base, List<TrainConfig.Loss> losses, int members, int threads, Consumer<Row> onRow)
            throws InterruptedException {
        if (losses.isEmpty()) {
            throw new ConfigException(LOSSES, "got none, allowed a list of mse, huber, l1, cross-entropy");
        }
        if (members < 3 || members > 10_000_000) {
            throw new ConfigException(MEMBERS, "got " + members + ", allowed [3, 10000000] (the jackknife needs 3)");
        }
        List<Row> rows = new ArrayList<>();
        int meshPoints = 0;
        for (TrainConfig.Loss loss : losses) {
            ExperimentConfig config = variant(base, loss, members);
            DataSets data = Experiment.prepareData(config, Path.of(""));
            meshPoints = data.mesh().length;
            RunResult run = Experiment.run(config, data, threads, m -> {});
            Row row = row(config, loss, run);
            rows.add(row);
            onRow.accept(row);
        }
        return new Result(rows, meshPoints);
    }

    /** {@code base} trained on {@code loss}, with checkpoints, without a flow. */
    static ExperimentConfig variant(ExperimentConfig base, TrainConfig.Loss loss, int members) {
        ObjectNode tree = (ObjectNode) ConfigLoader.toTree(base).deepCopy();
        ((ObjectNode) tree.get("train")).put("loss", loss.id());
        ((ObjectNode) tree.get("brg")).putArray("cutoffs");
        ((ObjectNode) tree.get("brg")).put("duringTraining", false);
        ((ObjectNode) tree.get("fisher")).put("geometryMembers", 0);
        ((ObjectNode) tree.get("ensemble")).put("members", members);
        ObjectNode nnft = (ObjectNode) tree.get("nnft");
        if (base.nnft().snapshotEvery() == 0) {
            nnft.put("snapshotEvery", Math.max(1, base.train().epochs() / DEFAULT_CHECKPOINTS));
        }
        return ConfigLoader.fromTree(tree);
    }

    private static Row row(ExperimentConfig config, TrainConfig.Loss loss, RunResult run) {
        List<MemberResult> kept =
                run.members().stream().filter(m -> !m.diverged()).toList();
        int checkpoints = run.members().get(0).mesh().training().length;
        List<Checkpoint> out = new ArrayList<>();
        for (int j = 0; j < checkpoints; j++) {
            int epoch = TrainingCheckpoints.epoch(
                    j, config.train().epochs(), config.nnft().snapshotEvery());
            if (kept.size() < 3) {
                out.add(new Checkpoint(epoch, Double.NaN, Double.NaN, Double.NaN, false));
                continue;
            }
            double[][] fields = new double[kept.size()][];
            for (int b = 0; b < fields.length; b++) {
                fields[b] = kept.get(b).mesh().training()[j];
            }
            FieldTheoryTensors t = FieldTheoryTensors.of(
                    fields,
                    4,
                    NoiseFloor.SURROGATES,
                    NoiseFloor.ALPHA,
                    RandomStreams.member(
                            config.ensemble().seed(), j, RandomStreams.Purpose.NOISE_FLOOR, NOISE_FLOOR_OCCASION));
            NoiseFloor.Test four = null;
            for (NoiseFloor.Test test : t.floor()) {
                if (test.order() == 4) {
                    four = test;
                }
            }
            out.add(new Checkpoint(
                    epoch,
                    t.estimate().scalar(CouplingEstimate.Scalar.NORMALISED_KAPPA4),
                    t.standardErrors().scalar(CouplingEstimate.Scalar.NORMALISED_KAPPA4),
                    four == null ? Double.NaN : four.z(),
                    four != null && four.significant()));
        }
        double testLoss = run.flow().isEmpty() ? Double.NaN : run.flow().get(0).testMseMedian();
        return new Row(loss, kept.size(), run.members().size() - kept.size(), testLoss, out);
    }
}
