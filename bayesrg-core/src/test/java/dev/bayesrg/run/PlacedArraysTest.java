package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.io.RunDirectory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shards that write their per-member arrays in place into their ensemble's files merge into the
 * unsharded run byte for byte, whatever the order their tasks ran in, also retried, also with
 * shards that hold no member; a set that mixes them with shards that keep their own arrays, or
 * whose placed files are not the ensemble's, is refused before the merged run exists.
 */
class PlacedArraysTest {
    /**
     * Six members with diverged ones, a line mesh with training checkpoints and the flow during
     * training: every per-member array a run can have.
     */
    private static final ExperimentConfig CONFIG = SmallRuns.withDivergedMembers()
            .with("nnft.mesh=line")
            .with("nnft.line={from: [0, 0], to: [2, 1], points: 4}")
            .with("nnft.snapshotEvery=7")
            .with("brg.duringTraining=true")
            .resolve();

    @TempDir
    Path tmp;

    /** The unsharded run's directory. */
    private Path whole() throws Exception {
        return ExperimentRun.of(CONFIG).threads(1).writeTo(tmp.resolve("whole")).directory();
    }

    /** Shard {@code index}/{@code count} written with its arrays placed in {@code tmp/shards/arrays}. */
    private Path placedShard(int index, int count, String name) throws Exception {
        DataSets data = Experiment.prepareData(CONFIG, Path.of("."));
        Path dir = tmp.resolve("shards").resolve(name);
        RunDirectory shard = RunDirectory.create(dir);
        PlacedArrays.writeShard(
                shard,
                Experiment.run(CONFIG, data, 2, new Shard(index, count), done -> {}),
                new RunWriter.Provenance(List.of("test"), "paper", 2, Instant.EPOCH, Instant.EPOCH),
                tmp.resolve("shards").resolve("arrays"));
        RunWriter.finish(shard);
        return dir;
    }

    private Path mergeInto(ShardMerge.Merged merged, String name) throws Exception {
        Path out = tmp.resolve(name);
        RunDirectory dir = RunDirectory.create(out);
        RunWriter.write(
                dir,
                merged.run(),
                new RunWriter.Provenance(List.of("merge"), "paper", 1, Instant.EPOCH, Instant.EPOCH),
                merged.files());
        RunWriter.finish(dir);
        return out;
    }

    @Test
    void shardsPlacingTheirRowsOutOfOrderAndRetriedMergeIntoTheUnshardedRunByteForByte() throws Exception {
        Path whole = whole();
        assertTrue(
                Files.readString(whole.resolve(RunWriter.MEMBERS)).contains(",true,"),
                "the run must include diverged members, so that merging them is exercised");
        List<Path> shards = new ArrayList<>(List.of(Path.of(""), Path.of(""), Path.of("")));
        // the tasks' order: 2, 0, then 1 twice (a retried task writes its rows again)
        for (int index : new int[] {2, 0, 1}) {
            shards.set(index, placedShard(index, 3, "part-" + index));
        }
        placedShard(1, 3, "retried-1");
        Path arrays = tmp.resolve("shards").resolve("arrays");
        for (String file : RunWriter.memberArrays(CONFIG)) {
            assertFalse(Files.exists(shards.get(0).resolve(file)), "a placing shard keeps no " + file);
            assertTrue(Files.exists(arrays.resolve(file)), file + " is placed");
        }

        List<Path> anyOrder = List.of(shards.get(1), shards.get(2), shards.get(0));
        RunComparison.assertSameRun(whole, mergeInto(ShardMerge.merge(anyOrder), "copied"));
        assertTrue(Files.exists(arrays.resolve(RunWriter.PREDICTIONS)), "a merge copies the placed arrays");

        RunComparison.assertSameRun(whole, mergeInto(ShardMerge.mergeConsuming(anyOrder), "moved"));
        assertFalse(Files.exists(arrays.resolve(RunWriter.PREDICTIONS)), "a consuming merge moves them");
    }

    @Test
    void shardsWithoutMembersPlaceNothingAndStillMerge() throws Exception {
        Path whole = whole();
        List<Path> shards = new ArrayList<>();
        for (int index = 7; index >= 0; index--) { // 8 shards of 6 members: shards 6 and 7 are empty
            shards.add(placedShard(index, 8, "part-" + index));
        }
        RunComparison.assertSameRun(whole, mergeInto(ShardMerge.merge(shards), "merged"));
    }

    @Test
    void aShardSetMixingPlacedAndOwnArraysIsRefused() throws Exception {
        Path placed = placedShard(0, 2, "placed-0");
        Path own = tmp.resolve("own-1");
        RunWriter.write(
                RunDirectory.create(own),
                Experiment.run(CONFIG, Experiment.prepareData(CONFIG, Path.of(".")), 2, new Shard(1, 2), done -> {}),
                new RunWriter.Provenance(List.of("test"), "paper", 2, Instant.EPOCH, Instant.EPOCH));
        ConfigException refused = assertThrows(ConfigException.class, () -> ShardMerge.merge(List.of(placed, own)));
        assertEquals(own.toString(), refused.field());
        assertTrue(refused.getMessage().contains("holds its own arrays"), refused.getMessage());
    }

    @Test
    void aPlacedArrayThatIsNotTheEnsemblesIsRefusedNamingIt() throws Exception {
        List<Path> shards = List.of(placedShard(0, 2, "part-0"), placedShard(1, 2, "part-1"));
        Path fisher = tmp.resolve("shards").resolve("arrays").resolve(RunWriter.FISHER);
        try (FileChannel channel = FileChannel.open(fisher, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 8); // a row cut short: a task that died mid-write
        }
        ConfigException refused = assertThrows(ConfigException.class, () -> ShardMerge.merge(shards));
        assertEquals(fisher.toString(), refused.field());
        Files.delete(fisher);
        ConfigException missing = assertThrows(ConfigException.class, () -> ShardMerge.merge(shards));
        assertTrue(missing.detail().startsWith("has no " + RunWriter.FISHER), missing.getMessage());
    }
}
