package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.io.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.nnft.Correlators;
import dev.bayesrg.nnft.MomentAccumulator;
import dev.bayesrg.nnft.NnftSnapshot;
import dev.bayesrg.nnft.PowerLawFit;
import dev.bayesrg.run.Experiment;
import dev.bayesrg.run.RandomStreams;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Non-Gaussianity of freshly initialised ensembles against the width of the last hidden layer
 * (SPEC eq. 43: G_c^(4) ∝ 1/N for i.i.d. networks): members are drawn from the prior (nothing is
 * trained), evaluated on the first M test inputs, and κ4 relative to its Wick scale is fitted
 * against N.
 */
final class InitScaling {
    private InitScaling() {
    }

    static void run(ExperimentConfig base, List<Integer> widths, int members, int meshPoints, Path out, PrintWriter stdout)
            throws IOException {
        if (base.network().hidden().isEmpty()) {
            throw new ConfigException("network.hidden", "the network has no hidden layer whose width could vary");
        }
        if (members < 10 || members > 10_000_000) {
            throw new ConfigException("--members", "got " + members + ", allowed [10, 10000000]");
        }
        DataSets data = Experiment.prepareData(base, Path.of(""));
        if (meshPoints < 1 || meshPoints > Math.min(16, data.test().size())) {
            throw new ConfigException("--mesh-points", "got " + meshPoints + ", allowed [1, "
                    + Math.min(16, data.test().size()) + "]");
        }
        double[] ns = new double[widths.size()];
        double[] kappa = new double[widths.size()];
        ObjectNode json = Json.object();
        json.put("members", members);
        json.put("mesh_points", meshPoints);
        ArrayNode rows = json.putArray("widths");
        stdout.printf(Locale.ROOT, "%8s  %10s  %16s  %16s%n", "width", "members", "k4/(3 k2^2) diag", "<|k4|/Wick>");
        for (int w = 0; w < widths.size(); w++) {
            int width = widths.get(w);
            if (width < 1 || width > 1_000_000) {
                throw new ConfigException("--widths", "got " + width + ", allowed [1, 1000000]");
            }
            ExperimentConfig config = withLastWidth(base, width);
            Architecture arch = new Architecture(data.inputDimension(), config.network());
            ParameterPrior prior = new ParameterPrior(arch, config.network().init());
            Network network = new Network(arch);
            MomentAccumulator acc = new MomentAccumulator(meshPoints, 4);
            double[] field = new double[meshPoints];
            for (int m = 0; m < members; m++) {
                double[] theta = prior.sample(RandomStreams.member(config.ensemble().seed(), m,
                        RandomStreams.Purpose.INITIALIZATION));
                for (int i = 0; i < meshPoints; i++) {
                    field[i] = network.output(theta, data.test().inputs()[i]);
                }
                acc.add(field);
            }
            Correlators c = new Correlators(acc);
            double diag = 0;
            for (int i = 0; i < meshPoints; i++) {
                diag += c.normalisedConnected4(i, i, i, i);
            }
            diag /= meshPoints;
            double all = NnftSnapshot.meanAbsNormalisedKappa4(c);
            ns[w] = width;
            kappa[w] = diag;
            stdout.printf(Locale.ROOT, "%8d  %10d  %16.5g  %16.5g%n", width, members, diag, all);
            ObjectNode row = rows.addObject();
            row.put("width", width);
            Json.put(row, "normalised_kappa4_diagonal_mean", diag);
            Json.put(row, "mean_abs_normalised_kappa4", all);
        }
        if (widths.size() >= 2) {
            PowerLawFit fit = PowerLawFit.fit(ns, kappa);
            Json.put(json, "fitted_exponent", fit.exponent());
            Json.put(json, "fitted_prefactor", fit.prefactor());
            stdout.printf(Locale.ROOT, "fit: k4/(3 k2^2) ~ %.4g N^%.3f   (i.i.d. networks: exponent -1, SPEC eq. 43)%n",
                    fit.prefactor(), fit.exponent());
        }
        if (out != null) {
            Json.write(out, json);
            stdout.println("Written to " + out);
        }
        stdout.flush();
    }

    private static ExperimentConfig withLastWidth(ExperimentConfig base, int width) {
        var hidden = new java.util.ArrayList<>(base.network().hidden());
        var last = hidden.get(hidden.size() - 1);
        hidden.set(hidden.size() - 1, new dev.bayesrg.config.LayerConfig(width, last.activation(), last.bias()));
        var n = base.network();
        return base.withNetwork(new dev.bayesrg.config.NetworkConfig(hidden, n.outputActivation(),
                n.outputBias(), n.init(), n.trainable()));
    }
}
