package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static dev.bayesrg.cli.CliHarness.runSmall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.run.RunComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards run anywhere and merge into exactly the unsharded run; bad shard sets are refused. */
class ShardMergeTest {
    /** A line mesh and training checkpoints, so that the merge of both mesh arrays is exercised. */
    private static final List<String> MESH = List.of(
            "--set",
            "nnft.mesh=line",
            "--set",
            "nnft.line={from: [0, 0], to: [2, 1], points: 5}",
            "--set",
            "nnft.snapshotEvery=7");

    @TempDir
    Path tmp;

    private Path shard(int index, int count, String... extra) {
        Path dir = tmp.resolve("shard-" + index + "-of-" + count + (extra.length > 0 ? "-x" : ""));
        List<String> args =
                new ArrayList<>(List.of("--shard", index + "/" + count, "--set", "train.divergenceLoss=3000"));
        args.addAll(MESH);
        args.addAll(List.of(extra));
        runSmall(dir, args.toArray(String[]::new));
        return dir;
    }

    @Test
    void threeShardsMergeIntoTheUnshardedRunByteForByte() throws IOException {
        Path whole = tmp.resolve("whole");
        List<String> args = new ArrayList<>(List.of("--set", "train.divergenceLoss=3000"));
        args.addAll(MESH);
        runSmall(whole, args.toArray(String[]::new));
        Path s0 = shard(0, 3);
        Path s1 = shard(1, 3);
        Path s2 = shard(2, 3);
        Path merged = tmp.resolve("merged");
        CliHarness.Result r =
                bayesrg("merge", s2.toString(), s0.toString(), s1.toString(), "--out", merged.toString(), "--quiet");
        assertTrue(Files.isRegularFile(merged.resolve("report.html")), "merge draws the report too");
        assertEquals(0, r.exitCode(), r::toString);
        RunComparison.assertSameRun(whole, merged);
        assertTrue(
                Files.readString(whole.resolve("members.csv")).contains(",true,"),
                "the run must include diverged members, so that merging them is exercised");
    }

    @Test
    void moreShardsThanMembersLeavesEmptyShardsThatStillMerge() throws IOException {
        Path whole = tmp.resolve("whole");
        runSmall(whole);
        List<String> args = new ArrayList<>(List.of("merge"));
        for (int i = 0; i < 8; i++) {
            Path dir = tmp.resolve("s" + i);
            runSmall(dir, "--shard", i + "/8");
            args.add(dir.toString());
        }
        Path merged = tmp.resolve("merged");
        args.addAll(List.of("--out", merged.toString(), "--quiet", "--no-report"));
        CliHarness.Result r = bayesrg(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        // empty shards have no loss curve to size their loss_curves.npy rows: the merge must not need one
        RunComparison.assertSameRun(whole, merged);
    }

    @Test
    void aMissingShardIsRefusedAndNothingIsWritten() {
        Path s0 = shard(0, 3);
        Path s2 = shard(2, 3);
        Path merged = tmp.resolve("merged");
        CliHarness.Result r = bayesrg("merge", s0.toString(), s2.toString(), "--out", merged.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("[1]") && r.err().contains("missing"), r.err());
        assertFalse(Files.exists(merged));
    }

    @Test
    void aShardWithoutItsReadoutFileIsRefusedByNameAndNothingIsWritten() throws IOException {
        Path s0 = shard(0, 2);
        Path s1 = shard(1, 2);
        Files.delete(s1.resolve("readout.npy")); // as a shard written before the file existed
        Path merged = tmp.resolve("merged");
        CliHarness.Result r = bayesrg("merge", s0.toString(), s1.toString(), "--out", merged.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("readout.npy"), r.err());
        assertEquals(1, r.errLines().size(), r::toString);
        assertFalse(Files.exists(merged));
    }

    @Test
    void aDuplicatedShardIsRefused() throws IOException {
        Path s0 = shard(0, 2);
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy);
        try (var files = Files.list(s0)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path s1 = shard(1, 2);
        CliHarness.Result r = bayesrg(
                "merge",
                s0.toString(),
                copy.toString(),
                s1.toString(),
                "--out",
                tmp.resolve("merged").toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("each shard must be given once"), r.err());
    }

    @Test
    void shardsOfDifferentConfigurationsAreRefusedNamingTheField() {
        Path s0 = shard(0, 2);
        Path s1 = shard(1, 2, "--set", "train.learningRate=2e-6");
        CliHarness.Result r = bayesrg(
                "merge",
                s0.toString(),
                s1.toString(),
                "--out",
                tmp.resolve("merged").toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("config.train.learningRate"), r.err());
        assertEquals(1, r.errLines().size(), r.err());
    }

    @Test
    void aBadShardSpecificationIsBadInput() {
        for (String spec : List.of("3/3", "-1/2", "1/0", "a/b", "2")) {
            Path out = tmp.resolve("bad");
            CliHarness.Result r = bayesrg("run", "--shard", spec, "--out", out.toString());
            assertEquals(2, r.exitCode(), spec + ": " + r);
            assertTrue(r.err().contains("--shard"), r.err());
            assertFalse(Files.exists(out));
        }
    }
}
