package dev.bayesrg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.run.RunFormat;
import dev.bayesrg.run.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code bayesrg merge} checks beyond the configuration: that every shard was written by one
 * build of bayesrg (run-directory format, version, source commit) and by this one, that the shards'
 * record of their trainable parameters is what their network has, and that they were run from one
 * preset, which the merged run records (not "merge"). Each refusal is one line naming the shard and
 * both sides, exit 2, before the merged directory exists.
 */
class MergeBuildAndPresetTest {
    @TempDir
    static Path shards;

    @TempDir
    Path tmp;

    @BeforeAll
    static void runShards() {
        for (String preset : List.of("paper")) {
            for (int i = 0; i < 2; i++) {
                List<String> args = new ArrayList<>(List.of("run", "--preset", preset, "--shard", i + "/2"));
                args.addAll(CliHarness.TINY);
                args.addAll(List.of("--out", shards.resolve(preset + i).toString()));
                CliHarness.Result r = CliHarness.bayesrg(args);
                assertEquals(0, r.exitCode(), r::toString);
            }
        }
    }

    /** Copies of shards 0 and 1 of {@code preset}, the second changed by {@code change} (its directory). */
    private List<Path> copies(String preset, Consumer<Path> change) throws IOException {
        List<Path> copies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path copy = tmp.resolve(preset + i);
            Files.createDirectories(copy);
            try (Stream<Path> files = Files.list(shards.resolve(preset + i))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
            copies.add(copy);
        }
        change.accept(copies.get(1));
        return copies;
    }

    private static void edit(Path file, Consumer<ObjectNode> change) {
        try {
            ObjectNode tree = (ObjectNode) CliHarness.readJson(file);
            change.accept(tree);
            Files.writeString(file, tree.toPrettyString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Merges {@code dirs} and requires a refusal: exit 2, one line, no merged directory; returns the line. */
    private String refused(List<Path> dirs) {
        Path out = tmp.resolve("merged");
        List<String> args = new ArrayList<>(List.of("merge"));
        dirs.forEach(d -> args.add(d.toString()));
        args.addAll(List.of("--out", out.toString(), "--quiet", "--no-report"));
        CliHarness.Result r = CliHarness.bayesrg(args);
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertFalse(Files.exists(out), () -> "nothing may be written: " + r);
        return r.errLines().get(0);
    }

    @Test
    void aShardOfAnotherBayesrgVersionIsRefusedNamingBothVersionsAndTheShard() throws IOException {
        List<Path> dirs = copies("paper", d -> {
            edit(d.resolve("summary.json"), s -> s.put("version", "0.0.1-older"));
            edit(d.resolve("manifest.json"), m -> m.put("software_version", "0.0.1-older"));
        });
        String line = refused(dirs);
        assertTrue(line.contains(dirs.get(1).toString()), line);
        assertTrue(line.contains("0.0.1-older") && line.contains(Version.get()), line);
    }

    @Test
    void shardsOfAnotherVersionThanThisBayesrgAreRefusedNamingBoth() throws IOException {
        List<Path> dirs = copies("paper", d -> {});
        for (Path d : dirs) {
            edit(d.resolve("summary.json"), s -> s.put("version", "9.9.9"));
            edit(d.resolve("manifest.json"), m -> m.put("software_version", "9.9.9"));
        }
        String line = refused(dirs);
        assertTrue(line.contains("9.9.9") && line.contains("this is bayesrg " + Version.get()), line);
    }

    @Test
    void shardsOfTwoRunDirectoryFormatsAreRefusedNamingBoth() throws IOException {
        // an unstamped summary reads as format 1
        List<Path> dirs = copies("paper", d -> edit(d.resolve("summary.json"), s -> s.remove("format_version")));
        String line = refused(dirs);
        assertTrue(
                line.contains(dirs.get(1).toString())
                        && line.contains("format 1")
                        && line.contains("format " + RunFormat.CURRENT),
                line);
    }

    @Test
    void shardsBuiltFromTwoCommitsAreRefusedNamingBoth() throws IOException {
        String a = "a".repeat(40);
        String b = "b".repeat(40);
        List<Path> dirs = copies("paper", d -> edit(d.resolve("manifest.json"), m -> m.put("source_commit", b)));
        edit(dirs.get(0).resolve("manifest.json"), m -> m.put("source_commit", a));
        String line = refused(dirs);
        assertTrue(
                line.contains(dirs.get(1).toString()) && line.contains("a".repeat(12)) && line.contains("b".repeat(12)),
                line);
    }

    /** A shard's trainable_parameters feed the sloppy fractions: they are checked against its network. */
    @ParameterizedTest
    @ValueSource(ints = {-1, 1, 100})
    void aShardWhoseTrainableParametersDisagreeWithItsNetworkIsRefused(int change) throws IOException {
        List<Path> dirs = copies(
                "paper",
                d -> edit(
                        d.resolve("summary.json"),
                        s -> s.put(
                                "trainable_parameters",
                                s.get("trainable_parameters").asInt() + change)));
        String line = refused(dirs);
        assertTrue(line.contains(dirs.get(1).resolve("summary.json").toString()), line);
        assertTrue(line.contains("trainable_parameters"), line);
    }

    @Test
    void theMergedRunRecordsTheShardsPreset() throws IOException {
        String preset = "paper";
        List<Path> dirs = copies(preset, d -> {});
        Path out = tmp.resolve("merged");
        CliHarness.Result r = CliHarness.bayesrg(
                "merge",
                dirs.get(0).toString(),
                dirs.get(1).toString(),
                "--out",
                out.toString(),
                "--quiet",
                "--no-report");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(
                preset,
                CliHarness.readJson(out.resolve("manifest.json")).get("preset").asText());
    }

    @Test
    void shardsRunFromTwoPresetsAreRefusedNamingBoth() throws IOException {
        List<Path> dirs = copies("paper", d -> edit(d.resolve("manifest.json"), m -> m.put("preset", "custom")));
        String line = refused(dirs);
        assertTrue(
                line.contains(dirs.get(1).toString()) && line.contains("'custom'") && line.contains("'paper'"), line);
    }
}
