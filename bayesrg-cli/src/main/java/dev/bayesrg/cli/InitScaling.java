package dev.bayesrg.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
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
import dev.bayesrg.run.Experiment;
import dev.bayesrg.run.RandomStreams;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Non-Gaussianity of freshly initialised ensembles against the width of the last hidden layer
 * (SPEC eq. 43: G_c^(4) ∝ 1/N and G_c^(6) ∝ 1/N² for i.i.d. networks): members are drawn from the
 * prior (nothing is trained), evaluated on the mesh (the first M test inputs, or the configured
 * nnft mesh), and κ4/(3κ2²) and κ6/(15κ2³) are fitted against N. Their standard errors come from
 * about {@link #BLOCKS} batches of consecutive members (the spread of the batch estimates / √batches),
 * accumulated as the blocks of {@link BlockedMoments}.
 */
final class InitScaling {
    /** Batches for the standard errors. */
    static final int BLOCKS = 10;

    private InitScaling() {}

    /** An estimate with its standard error. */
    private record Estimate(double value, double error) {}

    static void run(
            ExperimentConfig base, List<Integer> widths, int members, int meshPoints, Path out, PrintWriter stdout)
            throws IOException {
        if (base.network().hidden().isEmpty()) {
            throw new ConfigException("network.hidden", "the network has no hidden layer whose width could vary");
        }
        if (members < 10 * BLOCKS || members > 10_000_000) {
            throw new ConfigException("--members", "got " + members + ", allowed [" + 10 * BLOCKS + ", 10000000]");
        }
        DataSets data = Experiment.prepareData(base, Path.of(""));
        double[][] mesh;
        if (base.nnft().mesh() == NnftConfig.Mesh.TEST) {
            if (meshPoints < 1 || meshPoints > Math.min(16, data.test().size())) {
                throw new ConfigException(
                        "--mesh-points",
                        "got " + meshPoints + ", allowed [1, "
                                + Math.min(16, data.test().size()) + "]");
            }
            mesh = Arrays.copyOf(data.test().inputs(), meshPoints);
        } else {
            mesh = data.mesh();
        }
        int m = mesh.length;
        double[] ns = new double[widths.size()];
        Estimate[] kappa4 = new Estimate[widths.size()];
        Estimate[] kappa6 = new Estimate[widths.size()];
        ObjectNode json = Json.object();
        json.put("members", members);
        json.put("mesh_points", m);
        json.put("standard_errors", "batch means over " + BLOCKS + " batches of consecutive members");
        ArrayNode rows = json.putArray("widths");
        stdout.printf(
                Locale.ROOT,
                "%8s  %10s  %22s  %24s  %12s%n",
                "width",
                "members",
                "k4/(3 k2^2) diag",
                "k6/(15 k2^3) diag",
                "<|k4|/Wick>");
        for (int w = 0; w < widths.size(); w++) {
            int width = widths.get(w);
            if (width < 1 || width > 1_000_000) {
                throw new ConfigException("--widths", "got " + width + ", allowed [1, 1000000]");
            }
            BlockedMoments moments = sample(withLastWidth(base, width), data, mesh, members);
            List<MomentAccumulator> blocks = moments.blocks();
            double[][] perBlock = new double[2][blocks.size()];
            for (int b = 0; b < blocks.size(); b++) {
                Correlators c = new Correlators(blocks.get(b));
                perBlock[0][b] = NonGaussianity.kappa4(c);
                perBlock[1][b] = NonGaussianity.kappa6(c);
            }
            Correlators c = new Correlators(moments.total());
            kappa4[w] = new Estimate(NonGaussianity.kappa4(c), standardError(perBlock[0]));
            kappa6[w] = new Estimate(NonGaussianity.kappa6(c), standardError(perBlock[1]));
            double all = NnftSnapshot.meanAbsNormalisedKappa4(c);
            ns[w] = width;
            stdout.printf(
                    Locale.ROOT,
                    "%8d  %10d  %11.5g ± %-8.2g  %12.5g ± %-9.2g  %12.5g%n",
                    width,
                    members,
                    kappa4[w].value(),
                    kappa4[w].error(),
                    kappa6[w].value(),
                    kappa6[w].error(),
                    all);
            ObjectNode row = rows.addObject();
            row.put("width", width);
            Json.put(row, "normalised_kappa4_diagonal_mean", kappa4[w].value());
            Json.put(row, "normalised_kappa4_diagonal_se", kappa4[w].error());
            Json.put(row, "normalised_kappa6_diagonal_mean", kappa6[w].value());
            Json.put(row, "normalised_kappa6_diagonal_se", kappa6[w].error());
            Json.put(row, "mean_abs_normalised_kappa4", all);
        }
        if (widths.size() >= 2) {
            fit(json, stdout, "kappa4", "k4/(3 k2^2)", ns, kappa4, "-1");
            fit(json, stdout, "kappa6", "k6/(15 k2^3)", ns, kappa6, "-2");
        }
        if (out != null) {
            Json.write(out, json);
            stdout.println("Written to " + out);
        }
        stdout.flush();
    }

    /** The members in about BLOCKS batches of consecutive indices, accumulated to order 6. */
    private static BlockedMoments sample(ExperimentConfig config, DataSets data, double[][] mesh, int members) {
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

    private static void fit(
            ObjectNode json,
            PrintWriter stdout,
            String key,
            String label,
            double[] ns,
            Estimate[] estimates,
            String predicted) {
        double[] y = Arrays.stream(estimates).mapToDouble(Estimate::value).toArray();
        double[] se = Arrays.stream(estimates).mapToDouble(Estimate::error).toArray();
        PowerLawFit fit = PowerLawFit.fit(ns, y, se);
        Json.put(json, key + "_fitted_exponent", fit.exponent());
        Json.put(json, key + "_fitted_exponent_se", fit.exponentError());
        Json.put(json, key + "_fitted_prefactor", fit.prefactor());
        stdout.printf(
                Locale.ROOT,
                "fit: %s ~ %.4g N^(%.3f ± %.3f)   (i.i.d. networks: exponent %s, SPEC eq. 43)%n",
                label,
                fit.prefactor(),
                fit.exponent(),
                fit.exponentError(),
                predicted);
    }

    private static ExperimentConfig withLastWidth(ExperimentConfig base, int width) {
        var hidden = new java.util.ArrayList<>(base.network().hidden());
        var last = hidden.get(hidden.size() - 1);
        hidden.set(hidden.size() - 1, new dev.bayesrg.config.LayerConfig(width, last.activation(), last.bias()));
        var n = base.network();
        return base.withNetwork(new dev.bayesrg.config.NetworkConfig(
                hidden, n.outputActivation(), n.outputBias(), n.init(), n.trainable()));
    }
}
