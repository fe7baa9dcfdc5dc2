package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.brg.FlowEntries;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import java.nio.file.Path;
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
 * @param trainableParameters trainable parameters per member (columns of fisher.npy; 0 for an
 *                            imported outputs ensemble)
 * @param cutoffs             the cutoff schedule ε_1 &lt; … &lt; ε_K (K = 0: no flow)
 * @param criticalCutoff      the critical cutoff, or null if the loss never climbed
 * @param criticalInterval    the bootstrap interval of the critical cutoff, or null in directories
 *                            written before it existed and in runs without cutoffs
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
        CriticalInterval criticalInterval,
        Double kneeCutoff,
        double[] probeInput,
        double probeTarget,
        int lossEvery,
        double finalTrainLossMedian,
        double timingSeconds) {

    /**
     * {@code critical_interval} read back: null if absent (a directory written before it existed) or
     * null (a run without cutoffs).
     */
    private static CriticalInterval criticalInterval(JsonNode node, Path file) {
        if (node == null || node.isNull()) {
            return null;
        }
        return new CriticalInterval(
                RunJson.nullableNumber(node, "critical_interval.lower", file),
                RunJson.nullableNumber(node, "critical_interval.upper", file),
                RunJson.integer(node, "critical_interval.resamples", 1, file),
                RunJson.integer(node, "critical_interval.resamples_without_crossing", 0, file));
    }

    /** Flow entry ↔ cutoff (entry 0: the trained ensemble). */
    public FlowEntries flowEntries() {
        return new FlowEntries(cutoffs);
    }

    /** The number of ensemble members of the whole run (of all shards). */
    public int ensembleMembers() {
        return config.ensemble().members();
    }

    /**
     * Parses a summary tree already brought to the current format ({@link RunFormat#migrate}); a key
     * that is missing or of the wrong type is refused, naming {@code file}.
     *
     * @param formatVersion the version the file was written in
     */
    static RunSummary of(JsonNode s, int formatVersion, Path file) {
        ExperimentConfig config = RunJson.config(s, file);
        JsonNode shardNode = RunJson.optionalObject(s, "shard", file);
        Shard shard;
        try {
            shard = shardNode == null
                    ? Shard.ALL
                    : new Shard(
                            RunJson.integer(shardNode, "shard.index", 0, file),
                            RunJson.integer(shardNode, "shard.count", 1, file));
        } catch (ConfigException e) {
            throw e.field().equals(Shard.FIELD) ? new ConfigException(file.toString(), "shard " + e.detail()) : e;
        }
        List<Double> cutoffs = new ArrayList<>();
        for (double c : RunJson.numbers(s, "cutoffs", file)) {
            cutoffs.add(c);
        }
        String scale = config.brg().cutoffScale().id();
        String written = RunJson.text(s, "cutoff_scale", scale, file);
        if (!written.equals(scale)) {
            throw new ConfigException(
                    file.toString(),
                    "'cutoff_scale' is '" + written + "', its config's brg.cutoffScale '" + scale + "'");
        }
        JsonNode probe = RunJson.optionalObject(s, "probe", file);
        if (probe == null) {
            throw new ConfigException(file.toString(), "'probe' is missing, expected an object");
        }
        JsonNode training = RunJson.optionalObject(s, "training", file);
        return new RunSummary(
                formatVersion,
                RunJson.text(s, "version", "", file),
                config,
                s.get("config"),
                RunJson.integer(s, "members", 0, file),
                shard,
                RunJson.integer(s, "members_diverged", 0, file),
                RunJson.integer(s, "trainable_parameters", 0, file),
                List.copyOf(cutoffs),
                RunJson.nullableNumber(s, "critical_cutoff", file),
                criticalInterval(
                        s.path("critical_interval").isNull()
                                ? null
                                : RunJson.optionalObject(s, "critical_interval", file),
                        file),
                RunJson.nullableNumber(s, "knee_cutoff", file),
                RunJson.numbers(probe, "probe.input", file),
                RunJson.numberOrNaN(probe, "probe.target", file),
                training == null || !training.has("loss_every")
                        ? 1
                        : RunJson.integer(training, "training.loss_every", 1, file),
                RunJson.numberOrNaN(training, "training.final_train_loss_median", file),
                RunJson.numberOrNaN(s, "timing_seconds", file));
    }
}
