package dev.bayesrg.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.NnftConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.io.Json;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.nnft.BlockedMoments;
import dev.bayesrg.nnft.Correlators;
import dev.bayesrg.nnft.CouplingEstimate;
import dev.bayesrg.nnft.FieldTheoryTensors;
import dev.bayesrg.nnft.Jackknife;
import dev.bayesrg.nnft.MomentAccumulator;
import dev.bayesrg.nnft.NoiseFloor;
import dev.bayesrg.nnft.NonGaussianity;
import dev.bayesrg.nnft.PowerLawFit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Non-Gaussianity and couplings of freshly initialised ensembles against the width N of the last
 * hidden layer (arXiv:2405.17538, eq. 43: G_c^(4) ∝ 1/N and G_c^(6) ∝ 1/N² for i.i.d. networks):
 * members are drawn from the prior (nothing is trained), evaluated on the mesh (the first M test
 * inputs, or the configured nnft mesh; M ≤ {@value #MAX_MESH_POINTS}, for the M⁶ tensors of order
 * 6), and each ensemble's field theory is measured to order 6 ({@link FieldTheoryTensors#ofGroups}):
 * the norms ‖Λ4‖ and ‖Λ6‖ (tree level) of its couplings and the ratios of norms ‖G_c^(4)‖/‖Wick4‖
 * and ‖G_c^(6)‖/‖Wick6‖, each with a delete-a-group jackknife error over {@value #BLOCKS} groups of
 * consecutive members (the blocks of {@link BlockedMoments}), and the {@link NoiseFloor} tests of
 * orders 3, 4 and 6 against {@link NoiseFloor#SURROGATES} Gaussian surrogate ensembles (stream
 * {@link RandomStreams.Purpose#NOISE_FLOOR} keyed by (seed, N), occasion {@value #NOISE_FLOOR_OCCASION}:
 * a width's row does not depend on the other widths asked for). Each quantity's power law in N
 * ({@link PowerLawFit}, weighted by the jackknife errors) is fitted only over the widths where its
 * order is above the noise floor and its value positive, the others named in
 * {@link ScalingFit#leftOut}: a norm of pure noise is positive too, and would bend the fit. The
 * diagonal means κ4(iiii)/(3κ2(ii)²) and κ6/(15κ2³) ({@link NonGaussianity}) are kept, with the same
 * jackknife errors, but not fitted. Bad parameters are named {@value #MEMBERS}, {@value #MESH_POINTS}
 * and {@value #WIDTHS}; the members and the surrogates are drawn in a fixed order on one thread, so
 * the results are bit-identical for any thread count.
 *
 * <pre>{@code
 * WidthScaling.Result r = WidthScaling.measure(config, List.of(64, 128, 256), 20_000, 4);
 * double p = r.fit(WidthScaling.Quantity.KAPPA4).fit().exponent();   // ≈ −1
 * }</pre>
 */
public final class WidthScaling {
    /** Jackknife groups (blocks of consecutive members). */
    public static final int BLOCKS = 10;

    /** The most mesh points: the order-6 tensors have M⁶ entries. */
    public static final int MAX_MESH_POINTS = 12;

    /** The order the field theory is measured to. */
    public static final int ORDER = 6;

    /** The confidence level of the exponents' intervals. */
    public static final double LEVEL = 0.95;

    /** The occasion of the {@link RandomStreams.Purpose#NOISE_FLOOR} stream (0 and 1 are nnft's). */
    public static final int NOISE_FLOOR_OCCASION = 2;

    /** The parameter name of the members per width. */
    public static final String MEMBERS = "members";

    /** The parameter name of the number of test inputs on the mesh. */
    public static final String MESH_POINTS = "meshPoints";

    /** The parameter name of the widths. */
    public static final String WIDTHS = "widths";

    /** An estimate with its standard error. */
    public record Estimate(double value, double error) {}

    /** The quantities whose width exponents are fitted. */
    public enum Quantity {
        /** ‖Λ4‖: ∝ 1/N for i.i.d. networks whose kernel does not grow with N (fan-in). */
        QUARTIC_COUPLING("|L4|", "quartic_coupling_norm", CouplingEstimate.Scalar.QUARTIC_NORM, 4, -1, "fan-in "),
        /** ‖Λ6‖ (tree level): ∝ 1/N² likewise. */
        SEXTIC_COUPLING("|L6|", "sextic_coupling_norm", CouplingEstimate.Scalar.SEXTIC_NORM, 6, -2, "fan-in "),
        /** ‖G_c^(4)‖/‖Wick4‖: ∝ 1/N for i.i.d. networks at any scale of the prior. */
        KAPPA4("|k4|/|W4|", "normalised_kappa4", CouplingEstimate.Scalar.NORMALISED_KAPPA4, 4, -1, ""),
        /** ‖G_c^(6)‖/‖Wick6‖: ∝ 1/N². */
        KAPPA6("|k6|/|W6|", "normalised_kappa6", CouplingEstimate.Scalar.NORMALISED_KAPPA6, 6, -2, "");

        /** The column and fit label printed. */
        public final String label;

        /** The JSON key. */
        public final String key;

        /** The summary of {@link CouplingEstimate} it is. */
        public final CouplingEstimate.Scalar scalar;

        /** The order whose noise-floor test decides whether a width enters the fit. */
        public final int order;

        /** The exponent for i.i.d. networks (arXiv:2405.17538, eq. 43). */
        public final int predicted;

        private final String networks;

        Quantity(String label, String key, CouplingEstimate.Scalar scalar, int order, int predicted, String networks) {
            this.label = label;
            this.key = key;
            this.scalar = scalar;
            this.order = order;
            this.predicted = predicted;
            this.networks = networks;
        }
    }

    /**
     * The field theory of the ensemble at one width.
     *
     * @param width          N, the width of the last hidden layer
     * @param members        the members drawn
     * @param tensors        its couplings to order 6 with jackknife errors and noise-floor tests
     * @param kappa4Diagonal the mean over the mesh of κ4/(3κ2²) at coincident points
     * @param kappa6Diagonal the mean over the mesh of κ6/(15κ2³) at coincident points
     */
    public record WidthEstimate(
            int width, int members, FieldTheoryTensors tensors, Estimate kappa4Diagonal, Estimate kappa6Diagonal) {
        /** A fitted quantity with its jackknife error. */
        public Estimate get(Quantity q) {
            return new Estimate(
                    tensors.estimate().scalar(q.scalar),
                    tensors.standardErrors().scalar(q.scalar));
        }

        /** The noise-floor test of order r (3, 4 or 6). */
        public NoiseFloor.Test test(int r) {
            return tensors.test(r);
        }

        /** The row of the table under {@link #printHeader}. */
        public void print(PrintWriter out) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%8d  %9d", width, members));
            for (Quantity q : Quantity.values()) {
                Estimate e = get(q);
                row.append(String.format(Locale.ROOT, "  %10.4g ± %-8.2g", e.value(), e.error()));
            }
            for (int r : new int[] {4, 6}) {
                NoiseFloor.Test t = test(r);
                row.append(String.format(Locale.ROOT, "  %7.1f %5.2f%s", t.z(), t.p(), t.significant() ? "*" : " "));
            }
            out.println(row);
        }
    }

    /** A width left out of a fit, and why. */
    public record LeftOut(int width, String reason) {}

    /**
     * One quantity's power law in N over the widths where it is significant.
     *
     * @param quantity what was fitted
     * @param fit      c N^p, or null with fewer than two widths fitted
     * @param fitted   the widths fitted, in the order asked for
     * @param leftOut  the others, in the order asked for
     */
    public record ScalingFit(Quantity quantity, PowerLawFit fit, List<Integer> fitted, List<LeftOut> leftOut) {
        /** The {@value WidthScaling#LEVEL} confidence interval of the exponent, or null without a fit. */
        public double[] interval() {
            return fit == null ? null : fit.exponentInterval(LEVEL);
        }

        /** The fit's line, and a line naming the widths left out when there are some. */
        public void print(PrintWriter out) {
            String label = quantity.label;
            if (fit == null) {
                out.printf(
                        Locale.ROOT,
                        "fit: %s: no fit, %d width%s above the noise floor of order %d (a fit needs two)%n",
                        label,
                        fitted.size(),
                        fitted.size() == 1 ? "" : "s",
                        quantity.order);
            } else {
                double[] ci = interval();
                out.printf(
                        Locale.ROOT,
                        "fit: %s ~ %.4g N^(%.3f ± %.3f), %d%% CI [%.3f, %.3f], %d widths   (i.i.d. %snetworks:"
                                + " exponent %d, arXiv:2405.17538, eq. 43)%n",
                        label,
                        fit.prefactor(),
                        fit.exponent(),
                        fit.exponentError(),
                        Math.round(LEVEL * 100),
                        ci[0],
                        ci[1],
                        fitted.size(),
                        quantity.networks,
                        quantity.predicted);
            }
            if (!leftOut.isEmpty()) {
                StringBuilder line = new StringBuilder("     left out of " + label + ":");
                for (LeftOut l : leftOut) {
                    line.append(' ')
                            .append(l.width())
                            .append(" (")
                            .append(l.reason())
                            .append(')');
                }
                out.println(line);
            }
        }

        private void put(ObjectNode json) {
            ObjectNode o = json.putObject(quantity.key);
            o.put("noise_floor_order", quantity.order);
            o.put("predicted_exponent", quantity.predicted);
            if (fit != null) {
                Json.put(o, "exponent", fit.exponent());
                Json.put(o, "exponent_se", fit.exponentError());
                double[] ci = interval();
                Json.put(o, "exponent_ci95_low", ci[0]);
                Json.put(o, "exponent_ci95_high", ci[1]);
                Json.put(o, "prefactor", fit.prefactor());
            } else {
                o.putNull("exponent");
            }
            ArrayNode in = o.putArray("widths_fitted");
            fitted.forEach(in::add);
            ArrayNode out = o.putArray("widths_left_out");
            for (LeftOut l : leftOut) {
                ObjectNode row = out.addObject();
                row.put("width", l.width());
                row.put("reason", l.reason());
            }
        }
    }

    /**
     * The power law of {@code values} in {@code widths} over the widths whose test ({@code tests[k]},
     * of the quantity's order) is significant and whose value is positive and finite with a positive
     * finite error; the others are left out, with the reason. With fewer than two widths fitted, no fit.
     */
    public static ScalingFit fit(
            Quantity quantity, int[] widths, double[] values, double[] errors, NoiseFloor.Test[] tests) {
        List<Integer> fitted = new ArrayList<>();
        List<LeftOut> leftOut = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        for (int k = 0; k < widths.length; k++) {
            NoiseFloor.Test t = tests[k];
            String reason = null;
            if (t == null) {
                reason = "not tested";
            } else if (!t.significant()) {
                reason = String.format(Locale.ROOT, "below the noise floor, p = %.2f", t.p());
            } else if (!(values[k] > 0) || !Double.isFinite(values[k])) {
                reason = "not positive and finite";
            } else if (!(errors[k] > 0) || !Double.isFinite(errors[k])) {
                reason = "no standard error";
            }
            if (reason == null) {
                fitted.add(widths[k]);
                points.add(new double[] {widths[k], values[k], errors[k]});
            } else {
                leftOut.add(new LeftOut(widths[k], reason));
            }
        }
        PowerLawFit fit = null;
        if (points.size() >= 2) {
            fit = PowerLawFit.fit(
                    points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray(),
                    points.stream().mapToDouble(p -> p[2]).toArray());
        }
        return new ScalingFit(quantity, fit, List.copyOf(fitted), List.copyOf(leftOut));
    }

    /**
     * The estimates at every width and the power laws fitted to them.
     *
     * @param members    the members drawn per width
     * @param meshPoints M, the points of the mesh
     * @param widths     one estimate per width, in the order asked for
     * @param fits       one per {@link Quantity}, in its order
     */
    public record Result(int members, int meshPoints, List<WidthEstimate> widths, List<ScalingFit> fits) {
        /** The fit of one quantity. */
        public ScalingFit fit(Quantity q) {
            return fits.stream().filter(f -> f.quantity() == q).findFirst().orElseThrow();
        }

        /** The fitted laws and the widths each left out. */
        public void printFits(PrintWriter out) {
            for (ScalingFit f : fits) {
                f.print(out);
            }
        }

        /** The table and fits as JSON. */
        public void writeJson(Path file) throws IOException {
            ObjectNode json = Json.object();
            json.put("members", members);
            json.put("mesh_points", meshPoints);
            json.put("order", ORDER);
            json.put("standard_errors", "delete-a-group jackknife over " + BLOCKS + " groups of consecutive members");
            json.put("surrogates", NoiseFloor.SURROGATES);
            json.put("alpha", NoiseFloor.ALPHA);
            json.put("confidence_level", LEVEL);
            ArrayNode rows = json.putArray("widths");
            for (WidthEstimate w : widths) {
                ObjectNode row = rows.addObject();
                row.put("width", w.width());
                for (Quantity q : Quantity.values()) {
                    Estimate e = w.get(q);
                    Json.put(row, q.key, e.value());
                    Json.put(row, q.key + "_se", e.error());
                }
                Json.put(
                        row,
                        "normalised_kappa4_diagonal_mean",
                        w.kappa4Diagonal().value());
                Json.put(
                        row, "normalised_kappa4_diagonal_se", w.kappa4Diagonal().error());
                Json.put(
                        row,
                        "normalised_kappa6_diagonal_mean",
                        w.kappa6Diagonal().value());
                Json.put(
                        row, "normalised_kappa6_diagonal_se", w.kappa6Diagonal().error());
                ObjectNode significance = row.putObject("significance");
                CouplingEstimate se = w.tensors().standardErrors();
                for (NoiseFloor.Test t : w.tensors().floor()) {
                    ObjectNode q = significance.putObject(Integer.toString(t.order()));
                    Json.put(q, "whitened_norm", t.observed());
                    Json.put(q, "whitened_norm_se", se.scalar(CouplingEstimate.whitened(t.order())));
                    Json.put(q, "surrogate_mean", t.surrogateMean());
                    Json.put(q, "surrogate_sd", t.surrogateSd());
                    Json.put(q, "z", t.z());
                    Json.put(q, "p", t.p());
                    q.put("significant", t.significant());
                }
            }
            ObjectNode fitsNode = json.putObject("fits");
            for (ScalingFit f : fits) {
                f.put(fitsNode);
            }
            Json.write(file, json);
        }
    }

    private final ExperimentConfig base;
    private final DataSets data;
    private final double[][] mesh;
    private final int members;

    private WidthScaling(ExperimentConfig base, DataSets data, double[][] mesh, int members) {
        this.base = base;
        this.data = data;
        this.mesh = mesh;
        this.members = members;
    }

    /**
     * The measurement for {@code base}'s network with the width of its last hidden layer varied.
     *
     * @param members    members per width, 10·{@value #BLOCKS}..10000000
     * @param meshPoints the first M test inputs as the mesh, 1..min({@value #MAX_MESH_POINTS}, test
     *     inputs); ignored when the configuration names another nnft mesh, which must then have at most
     *     {@value #MAX_MESH_POINTS} points
     */
    public static WidthScaling of(ExperimentConfig base, int members, int meshPoints) {
        if (base.network().hidden().isEmpty()) {
            throw new ConfigException("network.hidden", "the network has no hidden layer whose width could vary");
        }
        if (members < 10 * BLOCKS || members > 10_000_000) {
            throw new ConfigException(MEMBERS, "got " + members + ", allowed [" + 10 * BLOCKS + ", 10000000]");
        }
        DataSets data = Experiment.prepareData(base, Path.of(""));
        double[][] mesh;
        if (base.nnft().mesh() == NnftConfig.Mesh.TEST) {
            int most = Math.min(MAX_MESH_POINTS, data.test().size());
            if (meshPoints < 1 || meshPoints > most) {
                throw new ConfigException(
                        MESH_POINTS,
                        "got " + meshPoints + ", allowed [1, " + most + "] (the order-6 tensors have M^6 entries)");
            }
            mesh = Arrays.copyOf(data.test().inputs(), meshPoints);
        } else {
            mesh = data.mesh();
            if (mesh.length > MAX_MESH_POINTS) {
                throw new ConfigException(
                        "nnft.mesh",
                        "has " + mesh.length + " points, allowed at most " + MAX_MESH_POINTS
                                + " for the widths' order-6 tensors (M^6 entries)");
            }
        }
        return new WidthScaling(base, data, mesh, members);
    }

    /** {@link #of} then {@link #measure(List, Consumer)} without progress. */
    public static Result measure(ExperimentConfig base, List<Integer> widths, int members, int meshPoints) {
        return of(base, members, meshPoints).measure(widths, w -> {});
    }

    /** The header of the table whose rows {@link WidthEstimate#print} prints (* marks p ≤ α). */
    public static void printHeader(PrintWriter out) {
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%8s  %9s", "width", "members"));
        for (Quantity q : Quantity.values()) {
            h.append(String.format(Locale.ROOT, "  %21s", q.label + " ± se"));
        }
        h.append(String.format(Locale.ROOT, "  %7s %5s   %7s %5s", "z4", "p4", "z6", "p6"));
        out.println(h);
    }

    /** Refuses the first width outside 1..1000000, before any ensemble is drawn or row printed. */
    public static void checkWidths(List<Integer> widths) {
        for (int width : widths) {
            if (width < 1 || width > 1_000_000) {
                throw new ConfigException(WIDTHS, "got " + width + ", allowed [1, 1000000]");
            }
        }
    }

    /**
     * Draws {@code members} networks at each width and estimates their non-Gaussianity.
     *
     * @param widths   N for each ensemble, 1..1000000 each
     * @param progress told of each width's estimate as soon as it is done
     */
    public Result measure(List<Integer> widths, Consumer<WidthEstimate> progress) {
        checkWidths(widths);
        List<WidthEstimate> estimates = new ArrayList<>();
        for (int width : widths) {
            ExperimentConfig config = withLastWidth(base, width);
            MomentAccumulator[] parts = sample(config).blocks().toArray(MomentAccumulator[]::new);
            FieldTheoryTensors tensors = FieldTheoryTensors.ofGroups(
                    parts,
                    ORDER,
                    NoiseFloor.SURROGATES,
                    NoiseFloor.ALPHA,
                    RandomStreams.member(
                            config.ensemble().seed(), width, RandomStreams.Purpose.NOISE_FLOOR, NOISE_FLOOR_OCCASION));
            double[][] diagonal = new double[parts.length][];
            for (int k = 0; k < parts.length; k++) {
                diagonal[k] = diagonal(Jackknife.leaveOut(parts, k));
            }
            double[] all = diagonal(Jackknife.leaveOut(parts, -1));
            double[] se = Jackknife.standardErrors(diagonal);
            WidthEstimate estimate = new WidthEstimate(
                    width, members, tensors, new Estimate(all[0], se[0]), new Estimate(all[1], se[1]));
            estimates.add(estimate);
            progress.accept(estimate);
        }
        int[] ns = estimates.stream().mapToInt(WidthEstimate::width).toArray();
        List<ScalingFit> fits = new ArrayList<>();
        for (Quantity q : Quantity.values()) {
            fits.add(fit(
                    q,
                    ns,
                    estimates.stream().mapToDouble(w -> w.get(q).value()).toArray(),
                    estimates.stream().mapToDouble(w -> w.get(q).error()).toArray(),
                    estimates.stream().map(w -> w.test(q.order)).toArray(NoiseFloor.Test[]::new)));
        }
        return new Result(members, mesh.length, List.copyOf(estimates), List.copyOf(fits));
    }

    /** {κ4/(3κ2²), κ6/(15κ2³)} averaged over the mesh diagonal. */
    private static double[] diagonal(MomentAccumulator moments) {
        Correlators c = new Correlators(moments);
        return new double[] {NonGaussianity.kappa4(c), NonGaussianity.kappa6(c)};
    }

    /**
     * Refuses, before anything is sampled, a width out of range or widths whose ensembles would not
     * fit a heap of {@code maxHeap} bytes ({@link MemoryEstimate#ofWidthScaling}).
     */
    public void check(List<Integer> widths, long maxHeap) {
        checkWidths(widths);
        MemoryEstimate.require(
                MemoryEstimate.ofWidthScaling(base, mesh.length, widths),
                maxHeap,
                WIDTHS,
                "sampling ensembles at widths " + widths,
                "choose smaller widths");
    }

    /** The members in BLOCKS blocks of consecutive indices (the last one may be smaller), to order 6. */
    private BlockedMoments sample(ExperimentConfig config) {
        Architecture arch = new Architecture(data.inputDimension(), config.network());
        ParameterPrior prior = new ParameterPrior(arch, config.network().init());
        Network network = new Network(arch);
        BlockedMoments moments = new BlockedMoments(mesh.length, ORDER, (members + BLOCKS - 1) / BLOCKS);
        double[] field = new double[mesh.length];
        for (int member = 0; member < members; member++) {
            double[] theta = prior.sample(
                    RandomStreams.member(config.ensemble().seed(), member, RandomStreams.Purpose.INITIALIZATION));
            for (int i = 0; i < mesh.length; i++) {
                field[i] = network.output(theta, mesh[i]);
            }
            moments.add(member, field);
        }
        return moments;
    }

    /** {@code base} with the last hidden layer {@code width} wide. */
    static ExperimentConfig withLastWidth(ExperimentConfig base, int width) {
        List<LayerConfig> hidden = new ArrayList<>(base.network().hidden());
        LayerConfig last = hidden.get(hidden.size() - 1);
        hidden.set(hidden.size() - 1, new LayerConfig(width, last.activation(), last.bias()));
        NetworkConfig n = base.network();
        // per-member hidden layers (sharedHidden false), as before; the architecture (mlp or cosnet) kept
        return base.withNetwork(new NetworkConfig(
                hidden,
                n.outputActivation(),
                n.outputBias(),
                n.init(),
                n.trainable(),
                false,
                n.architecture(),
                n.cosnet()));
    }
}
