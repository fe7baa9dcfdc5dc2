package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.io.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A merge's members.csv is its shards' rows as written, interleaved member by member: line ends
 * and blank lines of a shard's file (which the table reads past) do not reach it, and a shard
 * whose columns are not this build's is refused.
 */
class ShardMembersCsvTest {
    private static final ExperimentConfig CONFIG = ConfigLayers.of(Preset.PAPER)
            .withMembers(5)
            .withWidth(12)
            .withEpochs(10)
            .with("data.train=20")
            .with("data.test=10")
            .with("data.fisher=10")
            .resolve();

    @TempDir
    Path tmp;

    private List<Path> shards(int count) throws Exception {
        List<Path> shards = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            Path dir = tmp.resolve("shard" + s);
            RunWriter.write(
                    RunDirectory.create(dir),
                    Experiment.run(
                            CONFIG, Experiment.prepareData(CONFIG, Path.of(".")), 1, new Shard(s, count), done -> {}),
                    new RunWriter.Provenance(List.of("test"), "paper", 1, Instant.EPOCH, Instant.EPOCH));
            shards.add(dir);
        }
        return shards;
    }

    private static void rewrite(Path shard, java.util.function.UnaryOperator<String> change) throws Exception {
        Path file = shard.resolve(RunWriter.MEMBERS);
        Files.writeString(file, change.apply(Files.readString(file)));
    }

    @Test
    void aShardsCrLfLineEndsAndBlankLinesDoNotReachTheMergedFile() throws Exception {
        Path whole = ExperimentRun.of(CONFIG)
                .threads(1)
                .writeTo(tmp.resolve("whole"))
                .directory();
        List<Path> shards = shards(2);
        rewrite(shards.get(0), t -> t.replace("\n", "\r\n"));
        rewrite(shards.get(1), t -> t.replace("\n", "\n\n"));
        ShardMerge.Merged merged = ShardMerge.merge(shards);
        Path out = tmp.resolve("merged");
        merged.files().writeMembers(out);
        assertEquals(Files.readString(whole.resolve(RunWriter.MEMBERS)), Files.readString(out));
    }

    @Test
    void aShardWhoseColumnsAreNotThisBuildsIsRefused() throws Exception {
        List<Path> shards = shards(2);
        // the same cells with two columns swapped: readable, but its rows are not this build's text
        rewrite(
                shards.get(1),
                t -> t.lines()
                        .map(l -> {
                            String[] c = l.split(",", -1);
                            String swap = c[3];
                            c[3] = c[4];
                            c[4] = swap;
                            return String.join(",", c);
                        })
                        .reduce("", (a, b) -> a + b + "\n"));
        ConfigException refused = assertThrows(ConfigException.class, () -> ShardMerge.merge(shards));
        assertEquals(shards.get(1).resolve(RunWriter.MEMBERS).toString(), refused.field());
    }
}
