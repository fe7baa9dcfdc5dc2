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
import dev.bayesrg.nnft.MomentAccumulator;
import dev.bayesrg.nnft.NnftSnapshot;
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
 * Non-Gaussianity of freshly initialised ensembles against the width N of the last hidden layer
 * (arXiv:2405.17538, eq. 43: G_c^(4) ∝ 1/N and G_c^(6) ∝ 1/N² for i.i.d. networks): members are drawn from the
 * prior (nothing is trained), evaluated on the mesh (the first M test inputs, or the configured nnft
 * mesh), and the diagonal means of κ4/(3κ2²) and κ6/(15κ2³) are fitted against N
 * ({@link PowerLawFit}). Their standard errors come from {@value #BLOCKS} batches of consecutive
 * members (the spread of the batch estimates / √batches), accumulated as the blocks of
 * {@link BlockedMoments}. Bad parameters are named {@value #MEMBERS}, {@value #MESH_POINTS} and
 * {@value #WIDTHS}.
 *
 * <pre>{@code
 * WidthScaling.Result r = WidthScaling.measure(config, List.of(64, 128, 256), 20_000, 4);
 * double p = r.kappa4Fit().exponent();   // ≈ −1
 * }</pre>
 */
public final class WidthScaling {
    /** Batches for the standard errors. */
    public static final int BLOCKS = 10;

    /** The parameter name of the members per width. */
    public static final String MEMBERS = "members";

    /** The parameter name of the number of test inputs on the mesh. */
    public static final String MESH_POINTS = "meshPoints";

    /** The parameter name of the widths. */
    public static final String WIDTHS = "widths";

    /** An estimate with its standard error. */
    public record Estimate(double value, double error) {}

    /**
     * The non-Gaussianity of the ensemble at one width.
     *
     * @param width                    N, the width of the last hidden layer
     * @param members                  the members drawn
     * @param kappa4                   the mean over the mesh of κ4/(3κ2²) at coincident points
     * @param kappa6                   the mean over the mesh of κ6/(15κ2³) at coincident points
     * @param normalisedKappa4         ‖κ4‖/‖Wick4‖ over the whole mesh (ratio of Frobenius norms)
     */
    public record WidthEstimate(int width, int members, Estimate kappa4, Estimate kappa6, double normalisedKappa4) {
        /** The row of the table under {@link #printHeader}. */
        public void print(PrintWriter out) {
            out.printf(
                    Locale.ROOT,
                    "%8d  %10d  %11.5g ± %-8.2g  %12.5g ± %-9.2g  %12.5g%n",
                    width,
                    members,
                    kappa4.value(),
                    kappa4.error(),
                    kappa6.value(),
                    kappa6.error(),
                    normalisedKappa4);
        }
    }

    /**
     * The estimates at every width and, with at least two widths, the power laws fitted to them.
     *
     * @param members    the members drawn per width
     * @param meshPoints M, the points of the mesh
     * @param widths     one estimate per width, in the order asked for
     * @param kappa4Fit  κ4/(3κ2²) ~ c N^p, or null with fewer than two widths
     * @param kappa6Fit  κ6/(15κ2³) ~ c N^p, or null with fewer than two widths
     */
    public record Result(
            int members, int meshPoints, List<WidthEstimate> widths, PowerLawFit kappa4Fit, PowerLawFit kappa6Fit) {
        /** The fitted laws, one line each, beside the exponents arXiv:2405.17538, eq. 43, predicts. */
        public void printFits(PrintWriter out) {
            if (kappa4Fit != null) {
                printFit(out, "k4/(3 k2^2)", kappa4Fit, "-1");
                printFit(out, "k6/(15 k2^3)", kappa6Fit, "-2");
            }
        }

        /** The table and fits as JSON. */
        public void writeJson(Path file) throws IOException {
            ObjectNode json = Json.object();
            json.put("members", members);
            json.put("mesh_points", meshPoints);
            json.put("standard_errors", "batch means over " + BLOCKS + " batches of consecutive members");
            ArrayNode rows = json.putArray("widths");
            for (WidthEstimate w : widths) {
                ObjectNode row = rows.addObject();
                row.put("width", w.width());
                Json.put(row, "normalised_kappa4_diagonal_mean", w.kappa4().value());
                Json.put(row, "normalised_kappa4_diagonal_se", w.kappa4().error());
                Json.put(row, "normalised_kappa6_diagonal_mean", w.kappa6().value());
                Json.put(row, "normalised_kappa6_diagonal_se", w.kappa6().error());
                Json.put(row, "normalised_kappa4", w.normalisedKappa4());
            }
            if (kappa4Fit != null) {
                putFit(json, "kappa4", kappa4Fit);
                putFit(json, "kappa6", kappa6Fit);
            }
            Json.write(file, json);
        }

        private static void printFit(PrintWriter out, String label, PowerLawFit fit, String predicted) {
            out.printf(
                    Locale.ROOT,
                    "fit: %s ~ %.4g N^(%.3f ± %.3f)   (i.i.d. networks: exponent %s, arXiv:2405.17538, eq. 43)%n",
                    label,
                    fit.prefactor(),
                    fit.exponent(),
                    fit.exponentError(),
                    predicted);
        }

        private static void putFit(ObjectNode json, String key, PowerLawFit fit) {
            Json.put(json, key + "_fitted_exponent", fit.exponent());
            Json.put(json, key + "_fitted_exponent_se", fit.exponentError());
            Json.put(json, key + "_fitted_prefactor", fit.prefactor());
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
     * @param meshPoints the first M test inputs as the mesh, 1..min(16, test inputs); ignored when the
     *     configuration names another nnft mesh
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
            int most = Math.min(16, data.test().size());
            if (meshPoints < 1 || meshPoints > most) {
                throw new ConfigException(MESH_POINTS, "got " + meshPoints + ", allowed [1, " + most + "]");
            }
            mesh = Arrays.copyOf(data.test().inputs(), meshPoints);
        } else {
            mesh = data.mesh();
        }
        return new WidthScaling(base, data, mesh, members);
    }

    /** {@link #of} then {@link #measure(List, Consumer)} without progress. */
    public static Result measure(ExperimentConfig base, List<Integer> widths, int members, int meshPoints) {
        return of(base, members, meshPoints).measure(widths, w -> {});
    }

    /** The header of the table whose rows {@link WidthEstimate#print} prints. */
    public static void printHeader(PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%8s  %10s  %22s  %24s  %12s%n",
                "width",
                "members",
                "k4/(3 k2^2) diag",
                "k6/(15 k2^3) diag",
                "|k4|/|Wick|");
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
            BlockedMoments moments = sample(withLastWidth(base, width));
            List<MomentAccumulator> blocks = moments.blocks();
            double[][] perBlock = new double[2][blocks.size()];
            for (int b = 0; b < blocks.size(); b++) {
                Correlators c = new Correlators(blocks.get(b));
                perBlock[0][b] = NonGaussianity.kappa4(c);
                perBlock[1][b] = NonGaussianity.kappa6(c);
            }
            Correlators c = new Correlators(moments.total());
            WidthEstimate estimate = new WidthEstimate(
                    width,
                    members,
                    new Estimate(NonGaussianity.kappa4(c), standardError(perBlock[0])),
                    new Estimate(NonGaussianity.kappa6(c), standardError(perBlock[1])),
                    NnftSnapshot.normalisedKappa4(c));
            estimates.add(estimate);
            progress.accept(estimate);
        }
        PowerLawFit kappa4Fit = null;
        PowerLawFit kappa6Fit = null;
        if (estimates.size() >= 2) {
            double[] ns = estimates.stream().mapToDouble(WidthEstimate::width).toArray();
            kappa4Fit = fit(ns, estimates.stream().map(WidthEstimate::kappa4).toList());
            kappa6Fit = fit(ns, estimates.stream().map(WidthEstimate::kappa6).toList());
        }
        return new Result(members, mesh.length, List.copyOf(estimates), kappa4Fit, kappa6Fit);
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

    /** The members in about BLOCKS batches of consecutive indices, accumulated to order 6. */
    private BlockedMoments sample(ExperimentConfig config) {
        Architecture arch = new Architecture(data.inputDimension(), config.network());
        ParameterPrior prior = new ParameterPrior(arch, config.network().init());
        Network network = new Network(arch);
        BlockedMoments moments = new BlockedMoments(mesh.length, 6, (members + BLOCKS - 1) / BLOCKS);
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

    private static double standardError(double[] batches) {
        double mean = Arrays.stream(batches).average().orElse(Double.NaN);
        double ss = 0;
        for (double v : batches) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (batches.length - 1) / batches.length);
    }

    private static PowerLawFit fit(double[] ns, List<Estimate> estimates) {
        double[] y = estimates.stream().mapToDouble(Estimate::value).toArray();
        double[] se = estimates.stream().mapToDouble(Estimate::error).toArray();
        return PowerLawFit.fit(ns, y, se);
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
