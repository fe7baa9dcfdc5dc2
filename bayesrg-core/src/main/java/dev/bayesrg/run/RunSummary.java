package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.brg.FlowEntries;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code summary.json} read back: what {@link RunWriter#summary} writes, typed. The flow table itself
 * is read from {@code flow.csv} ({@link RunFiles#flow()}), which keeps non-finite values that JSON
 * cannot hold.
 *
 * @param formatVersion       the run-directory format the file was written in ({@link RunFormat})
 * @param softwareVersion     the bayesrg version that wrote it
 * @param config              the fully resolved configuration
 * @param configTree          the same configuration as a JSON tree, key order as written (for display
 *                            and for naming where two configurations differ)
 * @param members             members in this directory (a shard holds only its own)
 * @param shard               which shard of the ensemble this directory holds ({@link Shard#ALL}: all)
 * @param membersDiverged     members whose training diverged
 * @param trainableParameters trainable parameters per member (columns of fisher.npy)
 * @param cutoffs             the cutoff schedule ε_1 &lt; … &lt; ε_K
 * @param criticalCutoff      the critical cutoff, or null if the loss never climbed
 * @param kneeCutoff          the knee cutoff, or null
 * @param probeInput          the probe input x*
 * @param probeTarget         y(x*), or NaN if the target is unknown (CSV data)
 * @param lossEvery           epochs between the points of a loss curve
 * @param finalTrainLossMedian median final training loss over the members that did not diverge
 * @param timingSeconds       the wall time of the computation (the one value that varies between
 *                            identical runs), or NaN if absent
 */
public record RunSummary(
        int formatVersion,
        String softwareVersion,
        ExperimentConfig config,
        JsonNode configTree,
        int members,
        Shard shard,
        int membersDiverged,
        int trainableParameters,
        List<Double> cutoffs,
        Double criticalCutoff,
        Double kneeCutoff,
        double[] probeInput,
        double probeTarget,
        int lossEvery,
        double finalTrainLossMedian,
        double timingSeconds) {

    /** Flow entry ↔ cutoff (entry 0: the trained ensemble). */
    public FlowEntries flowEntries() {
        return new FlowEntries(cutoffs);
    }

    /** The number of ensemble members of the whole run (of all shards). */
    public int ensembleMembers() {
        return config.ensemble().members();
    }

    /**
     * Parses a summary tree already brought to the current format ({@link RunFormat#migrate}).
     *
     * @param formatVersion the version the file was written in
     */
    static RunSummary of(JsonNode s, int formatVersion) {
        JsonNode shardNode = s.get("shard");
        Shard shard = shardNode == null
                ? Shard.ALL
                : new Shard(
                        shardNode.path("index").asInt(), shardNode.path("count").asInt());
        List<Double> cutoffs = new ArrayList<>();
        s.path("cutoffs").forEach(c -> cutoffs.add(c.asDouble()));
        JsonNode probe = s.path("probe");
        double[] input = new double[probe.path("input").size()];
        for (int i = 0; i < input.length; i++) {
            input[i] = probe.path("input").get(i).asDouble();
        }
        JsonNode training = s.path("training");
        return new RunSummary(
                formatVersion,
                s.path("version").asText(""),
                ConfigLoader.fromTree(s.get("config")),
                s.get("config"),
                s.path("members").asInt(),
                shard,
                s.path("members_diverged").asInt(),
                s.path("trainable_parameters").asInt(),
                List.copyOf(cutoffs),
                nullable(s.get("critical_cutoff")),
                nullable(s.get("knee_cutoff")),
                input,
                orNaN(probe.get("target")),
                Math.max(1, training.path("loss_every").asInt(1)),
                orNaN(training.get("final_train_loss_median")),
                orNaN(s.get("timing_seconds")));
    }

    private static Double nullable(JsonNode n) {
        return n == null || n.isNull() ? null : n.asDouble();
    }

    private static double orNaN(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }
}
