package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.data.Dataset;
import dev.bayesrg.io.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Combines the run directories of shards I/N ({@code bayesrg run --shard I/N}) into the run of the
 * whole ensemble, from their files alone. The shards must share one resolved configuration (seeds
 * included), shard count and preset, have been written by this very build of bayesrg (run-directory
 * format, version and, where recorded, source commit: a merged run claims one build's numerics),
 * and together hold every member exactly once; the result is the unsharded run, byte for byte
 * (apart from timings). Every shard is checked in full ({@link RunFiles#open}: each array's header
 * and length against its summary) before anything is merged, so a bad shard is refused before the
 * merged directory exists. Only each member's scalars (members.csv) and its few rows of Fisher
 * geometry and flow during training, which the statistics are taken over, are held in memory; the per-member arrays are streamed from the shards' files as the merged run is
 * written, so an ensemble larger than the heap merges.
 */
public final class ShardMerge {
    private ShardMerge() {}

    /**
     * The merged run — its members without their arrays, which {@code arrays} streams from the
     * shard files into {@link RunWriter#write(RunDirectory, RunResult, RunWriter.Provenance,
     * RunWriter.MemberArrays)} (so the shards must stay until then).
     */
    public record Merged(RunResult run, RunWriter.MemberArrays arrays, String preset, RunInputs inputs) {}

    /** Merges the shards in {@code shards} (any order); see the class comment for what is refused. */
    public static Merged merge(List<Path> shards) throws IOException {
        if (shards.isEmpty()) {
            throw new ConfigException("merge", "no shard directories given");
        }
        List<RunFiles> runs = new ArrayList<>();
        List<RunSummary> summaries = new ArrayList<>();
        List<RunManifest> manifests = new ArrayList<>();
        for (Path dir : shards) {
            RunFiles run = RunFiles.open(dir).require(RunWriter.MANIFEST, RunWriter.MEMBERS);
            runs.add(run);
            summaries.add(run.summary());
            manifests.add(run.manifest());
        }
        ShardBuilds.checkOneBuild(shards, summaries, manifests);
        String preset = manifests.get(0).preset();
        for (int s = 1; s < shards.size(); s++) {
            if (!manifests.get(s).preset().equals(preset)) {
                throw new ConfigException(
                        shards.get(s).toString(),
                        "was run from preset '" + manifests.get(s).preset() + "', " + shards.get(0) + " from '" + preset
                                + "'; shards of one run share one preset");
            }
        }
        RunInputs inputs = manifests.get(0).inputs();
        for (int s = 1; s < shards.size(); s++) {
            if (!inputs.contents().equals(manifests.get(s).inputs().contents())) {
                throw new ConfigException(
                        shards.get(s).toString(),
                        "read other input files than " + shards.get(0) + " ("
                                + manifests.get(s).inputs().files() + " against " + inputs.files()
                                + "); members trained on two data sets are not merged into one run");
            }
        }
        JsonNode config0 = summaries.get(0).configTree();
        int count = summaries.get(0).shard().count();
        Map<Integer, Path> byIndex = new TreeMap<>();
        for (int s = 0; s < shards.size(); s++) {
            RunSummary summary = summaries.get(s);
            String difference = firstDifference(config0, summary.configTree(), "config");
            if (difference != null) {
                throw new ConfigException(
                        shards.get(s).toString(),
                        "its configuration differs from " + shards.get(0) + "'s at " + difference
                                + "; shards of one run share one configuration");
            }
            Shard shard = summary.shard();
            if (shard.count() != count) {
                throw new ConfigException(
                        shards.get(s).toString(),
                        "is shard " + shard + " but " + shards.get(0) + " is one of " + count);
            }
            Path previous = byIndex.put(shard.index(), shards.get(s));
            if (previous != null) {
                throw new ConfigException(
                        shards.get(s).toString(),
                        "is shard " + shard + ", as is " + previous + "; each shard must be given once");
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("merge", "shards " + missing + " of " + count + " are missing");
        }

        ExperimentConfig config = summaries.get(0).config();
        int total = config.ensemble().members();
        MemberResult[] members = new MemberResult[total];
        double seconds = 0;
        for (Map.Entry<Integer, Path> e : byIndex.entrySet()) {
            Shard shard = new Shard(e.getKey(), count);
            readMembers(runs.get(shards.indexOf(e.getValue())), shard.members(total), config, members);
            double shardSeconds = summaries.get(shards.indexOf(e.getValue())).timingSeconds();
            seconds += Double.isNaN(shardSeconds) ? 0 : shardSeconds;
        }
        for (int m = 0; m < total; m++) {
            if (members[m] == null) {
                throw new ConfigException("merge", "member " + m + " is in no shard");
            }
        }
        RunSummary summary0 = summaries.get(0);
        DataSets data = testData(runs.get(0), summary0);
        List<MemberResult> list = List.of(members);
        // from the configuration, not from the shards' word (RunFiles.open holds them to it)
        int trainable = RunFileChecks.trainableParameters(config);
        List<FlowEntry> flow = FlowStatistics.flow(list, config.brg().cutoffs(), trainable);
        RunResult run = new RunResult(
                config, data, list, flow, CriticalScale.of(list, flow, config), trainable, seconds, Shard.ALL);
        return new Merged(run, new ShardArrays(new ArrayList<>(byIndex.values()), total), preset, inputs);
    }

    /**
     * Rebuilds the members of one shard from members.csv, without their arrays (empty), after
     * checking that it has every per-member array (whose shapes {@link RunFiles#open} has checked).
     */
    private static void readMembers(RunFiles run, int[] ids, ExperimentConfig config, MemberResult[] into)
            throws IOException {
        Path dir = run.directory();
        for (String file : RunWriter.memberArrays(config)) {
            if (!run.has(file)) {
                throw new ConfigException(
                        dir.toString(),
                        "has no " + file + " (a shard written by an older bayesrg?); run that shard again");
            }
        }
        MembersTable table = run.members(); // its members are the shard's, checked against summary.json
        List<MemberGeometry> geometry = run.geometry().orElseThrow();
        // the flows during training are small (checkpoints × (K + 2) per member): the statistics need them
        List<TrainingFlow> training = config.brg().duringTraining()
                ? run.trainingFlows().orElseThrow()
                : java.util.Collections.nCopies(ids.length, null);
        for (int s = 0; s < ids.length; s++) {
            into[ids[s]] = new MemberResult(
                    ids[s],
                    table.diverged()[s],
                    new double[0][],
                    table.testMse()[s],
                    table.probe()[s],
                    table.coarseGrained()[s],
                    new double[0],
                    new int[0],
                    new double[0],
                    table.trainLoss()[s],
                    new double[0],
                    MeshOutputs.NONE,
                    new double[0],
                    geometry.get(s),
                    training.get(s));
        }
    }

    private static DataSets testData(RunFiles shard, RunSummary summary) throws IOException {
        Dataset none = new Dataset(new double[0][], new double[0]);
        return new DataSets(
                none, shard.testSet(), none, summary.probeInput(), summary.probeTarget(), shard.meshInputs());
    }

    /** The path of the first difference between two JSON trees, or null if they are equal. */
    static String firstDifference(JsonNode a, JsonNode b, String path) {
        if (a == null || b == null) {
            return a == null && b == null ? null : path;
        }
        if (a.isObject() && b.isObject()) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                String d = firstDifference(a.get(f), b.get(f), path + "." + f);
                if (d != null) {
                    return d;
                }
            }
            return a.size() == b.size() ? null : path;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return path;
            }
            for (int i = 0; i < a.size(); i++) {
                String d = firstDifference(a.get(i), b.get(i), path + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return a.equals(b) ? null : path;
    }
}
