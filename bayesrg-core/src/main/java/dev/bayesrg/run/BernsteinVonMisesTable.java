package dev.bayesrg.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.io.Json;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.posterior.BernsteinVonMises;
import dev.bayesrg.posterior.ReadoutPosterior;

/**
 * summary.json's {@code bernstein_von_mises} (docs/run-directory.md): the check of eq. 71 on the
 * members' one shared feature map. Only a run whose members share their hidden layers
 * ({@code network.sharedHidden: true}) has one posterior to compare its ensemble with: with per-member
 * features every member has a posterior of its own and the members' read-outs live in unaligned
 * coordinates. The ensemble is the run's members that did not diverge, as they enter the flow (GD
 * trained under {@code gd-ensemble}, drawn under {@code exact} and {@code laplace}).
 */
final class BernsteinVonMisesTable {
    static final String KEY = "bernstein_von_mises";

    private BernsteinVonMisesTable() {}

    /** The table of {@code run}, or {@code available: false} with the reason. */
    static ObjectNode json(RunResult run) {
        ExperimentConfig c = run.config();
        ObjectNode o = Json.object();
        String missing = !c.network().sharedHidden()
                ? "needs network.sharedHidden true (one feature map, one posterior for the whole ensemble)"
                : c.network().trainable() != NetworkConfig.Trainable.LAST
                        ? "needs network.trainable last (the posterior of the read-out on frozen features)"
                        : c.network().outputActivation() != Activation.IDENTITY
                                ? "needs network.outputActivation identity (a linear read-out)"
                                : c.ensemble().imported()
                                        ? "not for an imported ensemble"
                                        : c.train().loss() != dev.bayesrg.config.TrainConfig.Loss.MSE
                                                ? "needs train.loss mse (the conjugate posterior of a Gaussian"
                                                        + " likelihood)"
                                                : null;
        o.put("available", missing == null);
        if (missing != null) {
            o.put("reason", missing);
            return o;
        }
        Architecture architecture = Architecture.of(run.data().inputDimension(), c);
        ParameterPrior prior = new ParameterPrior(architecture, c.network().init());
        Network.FrozenLayers hidden = new Network(architecture)
                .frozen(MemberPipeline.sharedHiddenParameters(c.ensemble().seed(), prior));
        FeatureMatrix train = hidden.features(run.data().train().inputs());
        FeatureMatrix fisher = hidden.features(run.data().fisher().inputs());
        int offset = architecture.readoutOffset();
        int width = architecture.featureWidth();
        boolean bias = architecture.readoutSize() > width;
        double weightVariance = prior.variance(offset);
        ReadoutPosterior exact = new ReadoutPosterior(
                train,
                bias,
                run.data().train().targets(),
                prior.mean(offset),
                weightVariance,
                bias ? prior.variance(offset + width) : 0.0,
                c.posterior().noiseVariance(c.fisher()));
        double[][] ensemble = run.members().stream()
                .filter(m -> !m.diverged())
                .map(MemberResult::trainedReadout)
                .toArray(double[][]::new);
        for (double[] readout : ensemble) {
            if (readout.length != exact.dimension()) {
                ensemble = null; // members held without their read-outs (e.g. merged from shards' files)
                break;
            }
        }
        BernsteinVonMises b = BernsteinVonMises.of(
                exact, train.rows(), fisher, bias, c.fisher().noiseVariance(), weightVariance, ensemble);
        o.put("ensemble", c.posterior().method().id());
        o.put("ensemble_members", b.ensembleMembers());
        o.put("training_points", b.trainingPoints());
        Json.put(o, "prior_precision", b.priorPrecision());
        o.put("stiff_dimension", b.dimension());
        ratio(o, "exact_over_bvm", b.exactOverBvm());
        ratio(o, "ensemble_over_bvm", b.ensembleOverBvm());
        ratio(o, "ensemble_over_exact", b.ensembleOverExact());
        ObjectNode distance = o.putObject("whitened_distance");
        Json.put(distance, "exact_vs_bvm", b.exactVsBvm());
        Json.put(distance, "ensemble_vs_bvm", b.ensembleVsBvm());
        Json.put(distance, "ensemble_vs_exact", b.ensembleVsExact());
        Json.put(distance, "sampling_floor", b.samplingFloor());
        ArrayNode columns = o.putArray("columns");
        for (String name :
                new String[] {"direction", "fisher_eigenvalue", "bvm_variance", "exact_variance", "ensemble_variance"
                }) {
            columns.add(name);
        }
        ArrayNode rows = o.putArray("rows");
        for (BernsteinVonMises.Row r : b.rows()) {
            ArrayNode row = rows.addArray();
            row.add(r.index());
            Json.add(row, r.fisherEigenvalue());
            Json.add(row, r.bvmVariance());
            Json.add(row, r.exactVariance());
            Json.add(row, r.ensembleVariance());
        }
        return o;
    }

    private static void ratio(ObjectNode o, String key, double[] medianMinMax) {
        ObjectNode r = o.putObject(key);
        Json.put(r, "median", medianMinMax[0]);
        Json.put(r, "min", medianMinMax[1]);
        Json.put(r, "max", medianMinMax[2]);
    }
}
