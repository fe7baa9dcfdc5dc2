package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.data.Dataset;
import dev.bayesrg.io.Npy;
import dev.bayesrg.io.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * geometry and flow during training, which the statistics are taken over, are held in memory; the
 * per-member arrays are streamed from the shards' files as the merged run is written, so an
 * ensemble larger than the heap merges.
 *
 * <p>Shards that placed their arrays in their ensemble's files ({@link PlacedArrays}) merge the same
 * way, without a row being read or written: the files are checked against the ensemble and copied
 * (or, by {@link #mergeConsuming}, moved) into the run, and the members' scalars come from
 * {@link PlacedArrays#SCALARS} beside them instead of the shards' members.csv. Either way
 * members.csv is the shards' rows copied as written ({@link ShardMembersCsv}), and the shards are
 * opened and read side by side on the machine's cores (each shard's part is its own: the result
 * does not depend on the order).
 */
public final class ShardMerge {
    private ShardMerge() {}

    /**
     * The merged run — its members without their arrays, which {@code files} writes from the shard
     * files into {@link RunWriter#write(RunDirectory, RunResult, RunWriter.Provenance,
     * RunWriter.MemberFiles)} (so the shards must stay until then).
     */
    public record Merged(RunResult run, RunWriter.MemberFiles files, String preset, RunInputs inputs) {}

    /** Merges the shards in {@code shards} (any order); see the class comment for what is refused. */
    public static Merged merge(List<Path> shards) throws IOException {
        return merge(shards, false);
    }

    /**
     * As {@link #merge}, for a caller that deletes the shards once the run is written (the Spark
     * driver): arrays the shards placed in their ensemble's files are moved into the run, not copied.
     */
    public static Merged mergeConsuming(List<Path> shards) throws IOException {
        return merge(shards, true);
    }

    /** A shard directory opened and checked on its own. */
    private record Opened(RunFiles run, RunManifest manifest, Optional<Path> placed) {}

    private static Merged merge(List<Path> shards, boolean consume) throws IOException {
        if (shards.isEmpty()) {
            throw new ConfigException("merge", "no shard directories given");
        }
        List<Opened> opened = eachShard(shards, dir -> {
            RunFiles run = RunFiles.open(dir).require(RunWriter.MANIFEST, RunWriter.MEMBERS);
            return new Opened(run, run.manifest(), PlacedArrays.of(dir));
        });
        List<RunSummary> summaries = new ArrayList<>();
        List<RunManifest> manifests = new ArrayList<>();
        for (Opened o : opened) {
            summaries.add(o.run().summary());
            manifests.add(o.manifest());
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
        // shard index -> position in the argument list
        Map<Integer, Integer> byIndex = new TreeMap<>();
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
            Integer previous = byIndex.put(shard.index(), s);
            if (previous != null) {
                throw new ConfigException(
                        shards.get(s).toString(),
                        "is shard " + shard + ", as is " + shards.get(previous) + "; each shard must be given once");
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
        int entries = config.brg().cutoffs().size() + 1;
        Path placedDirectory = placedArrays(shards, opened, summaries.get(0), total);
        // every member's scalars, geometry and flows during training, where the shards placed them
        Placed placed = placedDirectory == null
                ? null
                : new Placed(
                        PlacedArrays.scalars(placedDirectory, total, entries),
                        placedDirectory.resolve(PlacedArrays.SCALARS),
                        RunFiles.geometryIn(placedDirectory).orElseThrow(),
                        config.brg().duringTraining()
                                ? RunFiles.trainingFlowsIn(placedDirectory).orElseThrow()
                                : null);
        MemberResult[] members = new MemberResult[total];
        List<Integer> positions = new ArrayList<>(byIndex.values());
        eachShard(positions, s -> {
            Opened o = opened.get(s);
            int[] ids = o.run().summary().shard().members(total);
            readMembers(o.run(), ids, config, placed, members);
            ShardMembersCsv.checkColumns(o.run().directory());
            return null;
        });
        double seconds = 0;
        for (int s : positions) {
            double shardSeconds = summaries.get(s).timingSeconds();
            seconds += Double.isNaN(shardSeconds) ? 0 : shardSeconds;
        }
        for (int m = 0; m < total; m++) {
            if (members[m] == null) {
                throw new ConfigException("merge", "member " + m + " is in no shard");
            }
        }
        RunSummary summary0 = summaries.get(0);
        DataSets data = testData(opened.get(0).run(), summary0);
        List<MemberResult> list = List.of(members);
        // from the configuration, not from the shards' word (RunFiles.open holds them to it)
        int trainable = RunFileChecks.trainableParameters(config);
        List<FlowEntry> flow = FlowStatistics.flow(
                list,
                config.brg().cutoffs(),
                trainable,
                predictive(opened, positions, placedDirectory, members, data, config));
        RunResult run = new RunResult(
                config, data, list, flow, CriticalScale.of(list, flow, config), trainable, seconds, Shard.ALL);
        List<Path> ordered = positions.stream().map(shards::get).toList();
        ShardMembersCsv membersCsv = new ShardMembersCsv(ordered, total, entries);
        RunWriter.MemberFiles files = placed == null
                ? new ShardArrays(ordered, total, membersCsv)
                : PlacedArrays.merged(membersCsv, placedDirectory, consume);
        return new Merged(run, files, preset, inputs);
    }

    /**
     * The predictive quality per flow entry of the merged ensemble, from the members' test
     * predictions read row by row in member order (as a run of the whole ensemble adds them, so the
     * numbers are the same): from where the shards placed them, or from every shard's own file, whose
     * rows are its members in increasing order.
     */
    private static List<PredictiveQuality> predictive(
            List<Opened> opened,
            List<Integer> positions,
            Path placedDirectory,
            MemberResult[] members,
            DataSets data,
            ExperimentConfig config)
            throws IOException {
        int total = members.length;
        int entries = config.brg().cutoffs().size() + 1;
        double[] targets = data.test().targets();
        PredictiveQuality.Accumulator acc = PredictiveQuality.Accumulator.of(config, entries, targets.length);
        List<Path> files = new ArrayList<>();
        int[] owner = new int[total];
        if (placedDirectory != null) {
            files.add(placedDirectory.resolve(RunWriter.PREDICTIONS));
        } else {
            for (int s : positions) {
                files.add(opened.get(s).run().file(RunWriter.PREDICTIONS));
                for (int id : opened.get(s).run().summary().shard().members(total)) {
                    owner[id] = files.size() - 1;
                }
            }
        }
        List<Npy.Rows> rows = new ArrayList<>();
        try {
            for (Path file : files) {
                rows.add(Npy.Rows.open(file));
            }
            double[] row = new double[entries * targets.length * config.outputsPerPoint()];
            for (int m = 0; m < total; m++) {
                rows.get(owner[m]).next(row);
                if (!members[m].diverged()) {
                    acc.addFlat(row, 0);
                }
            }
        } finally {
            for (Npy.Rows r : rows) {
                r.close();
            }
        }
        return acc.result(targets, config.fisher().noiseVariance());
    }

    /**
     * The directory of the ensemble's files in which the shards placed their per-member arrays,
     * checked against the ensemble (every file there, of its shape), or null if every shard holds
     * its own.
     */
    private static Path placedArrays(List<Path> shards, List<Opened> opened, RunSummary summary0, int total) {
        Optional<Path> placed = opened.get(0).placed();
        for (int s = 1; s < shards.size(); s++) {
            Optional<Path> other = opened.get(s).placed();
            if (!other.equals(placed)) {
                throw new ConfigException(
                        shards.get(s).toString(),
                        (other.isPresent() ? "placed its arrays in " + other.get() : "holds its own arrays") + ", "
                                + shards.get(0) + " "
                                + (placed.isPresent() ? "placed its in " + placed.get() : "holds its own")
                                + "; shards of one run keep their arrays alike");
            }
        }
        if (placed.isEmpty()) {
            return null;
        }
        Path dir = placed.get();
        List<String> files = new ArrayList<>(RunWriter.memberArrays(summary0.config()));
        files.add(PlacedArrays.SCALARS);
        for (String file : files) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new ConfigException(
                        dir.toString(),
                        "has no " + file + ", in which the shards of "
                                + shards.get(0).getParent() + " place their rows");
            }
        }
        RunFileChecks.checkMemberArrays(
                dir, summary0, total, RunFileChecks.meshPoints(shards.get(0), summary0), "the shards' ensemble");
        return dir;
    }

    /** Something done to one shard, for {@link #eachShard}. */
    @FunctionalInterface
    private interface ShardStep<A, T> {
        T apply(A shard) throws IOException;
    }

    /**
     * {@code step} of every shard, in their order, on as many threads as there are cores (each
     * shard's work is its own); the first failure in the shards' order is thrown as itself.
     */
    private static <A, T> List<T> eachShard(List<A> shards, ShardStep<A, T> step) throws IOException {
        return WorkerPool.inOrder("bayesrg-merge", shards.size(), i -> step.apply(shards.get(i)));
    }

    /**
     * What shards that placed their arrays placed for every member of the ensemble: the rows of
     * members.csv ({@link PlacedArrays#SCALARS}, in {@code scalarsFile}), the Fisher geometry and
     * the flows during training (null without them).
     */
    private record Placed(
            MembersTable scalars, Path scalarsFile, List<MemberGeometry> geometry, List<TrainingFlow> training) {}

    /**
     * Rebuilds the members {@code ids} of one shard, without their arrays (empty): from its
     * members.csv after checking that it has every per-member array (whose shapes
     * {@link RunFiles#open} has checked), or from what the shards {@code placed}.
     */
    private static void readMembers(
            RunFiles run, int[] ids, ExperimentConfig config, Placed placed, MemberResult[] into) throws IOException {
        Path dir = run.directory();
        MembersTable table;
        List<MemberGeometry> geometry;
        List<TrainingFlow> training = null;
        if (placed == null) {
            for (String file : RunWriter.memberArrays(config)) {
                if (!run.has(file)) {
                    throw new ConfigException(
                            dir.toString(),
                            "has no " + file + " (a shard written by an older bayesrg?); run that shard again");
                }
            }
            table = run.members(); // its members are the shard's, checked against summary.json
            geometry = run.geometry().orElseThrow();
            // the flows during training are small (checkpoints × (K + 2) per member): the statistics need them
            if (config.brg().duringTraining()) {
                training = run.trainingFlows().orElseThrow();
            }
        } else {
            table = rowsOf(placed.scalars(), ids);
            RunFileChecks.checkMembers(table, run.summary(), placed.scalarsFile());
            geometry = rowsOf(placed.geometry(), ids);
            if (config.brg().duringTraining()) {
                training = rowsOf(placed.training(), ids);
            }
        }
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
                    training == null ? null : training.get(s),
                    table.trainMse()[s]);
        }
    }

    /** The rows {@code ids} of the table of every member (row m is member m). */
    private static MembersTable rowsOf(MembersTable all, int[] ids) {
        int n = ids.length;
        boolean[] diverged = new boolean[n];
        double[][] mse = new double[n][];
        double[][] probe = new double[n][];
        int[][] coarse = new int[n][];
        double[] loss = new double[n];
        double[][] trainMse = new double[n][];
        for (int s = 0; s < n; s++) {
            diverged[s] = all.diverged()[ids[s]];
            mse[s] = all.testMse()[ids[s]];
            probe[s] = all.probe()[ids[s]];
            coarse[s] = all.coarseGrained()[ids[s]];
            loss[s] = all.trainLoss()[ids[s]];
            trainMse[s] = all.trainMse()[ids[s]];
        }
        return new MembersTable(ids.clone(), diverged, mse, probe, coarse, loss, trainMse);
    }

    /** The entries {@code ids} of a list over every member. */
    private static <T> List<T> rowsOf(List<T> all, int[] ids) {
        List<T> rows = new ArrayList<>(ids.length);
        for (int id : ids) {
            rows.add(all.get(id));
        }
        return rows;
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
