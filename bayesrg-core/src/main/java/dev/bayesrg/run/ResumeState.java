package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * What a run in progress needs to be resumed, written before the directory is marked unfinished and
 * removed once it is finished: the resolved configuration, shard and preset, the directory against
 * which relative input paths were resolved, every input file with its hash ({@link RunInputs}), and
 * the build that started it. Its {@link #identity()} is stamped into the checkpoint, so that a
 * checkpoint from another run is never taken for this one's.
 *
 * @param config        the resolved configuration
 * @param shard         the members this run computes
 * @param preset        the preset the configuration started from (for the manifest)
 * @param baseDirectory the absolute directory relative input paths were resolved against
 * @param inputs        the input files as the run read them
 * @param build         the bayesrg build that started the run ({@link #currentBuild()})
 */
public record ResumeState(
        ExperimentConfig config, Shard shard, String preset, Path baseDirectory, RunInputs inputs, String build) {

    /** The state of a run of {@code config} started now, by this build, reading its inputs from {@code base}. */
    public static ResumeState starting(ExperimentConfig config, Shard shard, String preset, Path base) {
        Path absolute = base.toAbsolutePath().normalize();
        return new ResumeState(config, shard, preset, absolute, RunInputs.of(config, absolute), currentBuild());
    }

    /** This build: version and commit, with a mark if its source tree had uncommitted changes. */
    public static String currentBuild() {
        return Version.get() + " " + Version.commit() + ("true".equals(Version.dirty()) ? " (modified)" : "");
    }

    /**
     * What ties a checkpoint to this run: the SHA-256 of the format version, the resolved
     * configuration, the shard and the input files' hashes. Two runs with equal identities compute
     * the same members, so their records are interchangeable; any other checkpoint is refused.
     */
    public String identity() {
        StringBuilder text = new StringBuilder("bayesrg run identity\n");
        text.append(RunFormat.KEY).append('=').append(RunFormat.CURRENT).append('\n');
        text.append(Json.toString(ConfigLoader.toTree(config)));
        text.append("shard=")
                .append(shard.index())
                .append('/')
                .append(shard.count())
                .append('\n');
        for (RunInputs.InputFile f : inputs.files()) {
            text.append(f.field()).append('=').append(f.sha256()).append('\n');
        }
        return HexFormat.of()
                .formatHex(RunInputs.newSha256().digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Whether the run was started by a bayesrg that recorded neither its build nor its identity: its
     * checkpoint then has no header either, and is checked record by record only.
     */
    public boolean legacy() {
        return build.isEmpty();
    }

    /** Writes {@code resume.json} (atomically). */
    public void write(RunDirectory dir) throws IOException {
        ObjectNode node = Json.object();
        node.put(RunFormat.KEY, RunFormat.CURRENT);
        node.put("version", Version.get());
        node.put("build", build);
        node.put("preset", preset);
        ObjectNode s = node.putObject("shard");
        s.put("index", shard.index());
        s.put("count", shard.count());
        node.put("base_directory", baseDirectory.toString());
        node.set("inputs", inputs.toJson());
        node.put("identity", identity());
        node.set("config", ConfigLoader.toTree(config));
        Json.write(dir.resolve(RunWriter.RESUME_STATE), node);
    }

    /**
     * Reads the state of an unfinished run; anything else is rejected naming the directory: a
     * finished run (whose leftover resume files, if a kill interrupted its last step, are removed),
     * a directory whose run was stopped before it wrote anything, one that is not a run directory.
     */
    public static ResumeState read(Path dir) throws IOException {
        // a link anywhere is refused first, naming it (a resume writes into the directory)
        RunUpdate.refuseLinks(dir);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigException(dir.toString(), "is not a directory");
        }
        Path file = dir.resolve(RunWriter.RESUME_STATE);
        boolean marked = Files.exists(dir.resolve(RunDirectory.INCOMPLETE), LinkOption.NOFOLLOW_LINKS);
        boolean summary = Files.exists(dir.resolve(RunWriter.SUMMARY), LinkOption.NOFOLLOW_LINKS);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            if (marked) {
                throw new ConfigException(
                        dir.toString(),
                        "has no " + RunWriter.RESUME_STATE
                                + "; it was not started by a version of bayesrg that can resume");
            }
            if (!summary && Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && RunDirectory.whyUnusable(dir) == null) {
                throw new ConfigException(
                        dir.toString(),
                        "holds no run: it was stopped before it wrote anything; start the run again with it as "
                                + "the output directory");
            }
            throw new ConfigException(
                    dir.toString(),
                    "is not an unfinished run (no " + RunDirectory.INCOMPLETE + " marker): nothing to resume");
        }
        if (!marked && summary) {
            // finished, but killed before its resume files were removed: they only take space
            RunWriter.removeResumeFiles(dir);
            throw new ConfigException(
                    dir.toString(),
                    "is not an unfinished run (no " + RunDirectory.INCOMPLETE + " marker): nothing to resume");
        }
        JsonNode node = RunFormat.migrate(RunJson.readObject(file), file.toString());
        JsonNode s = node.path("shard");
        JsonNode base = node.get("base_directory");
        ResumeState state = new ResumeState(
                RunJson.config(node, file),
                new Shard(s.path("index").asInt(0), s.path("count").asInt(1)),
                node.path("preset").asText("paper"),
                // a run started before the base was recorded read its inputs from the working directory
                base == null ? Path.of("").toAbsolutePath() : Path.of(base.asText()),
                RunInputs.fromJson(node.get("inputs"), file.toString()),
                node.path("build").asText(""));
        state.checkRecorded(node.path("identity").asText(""), file);
        return state;
    }

    /**
     * Refuses a resume state that another build of bayesrg wrote, or that was edited. The build
     * first: another build's state, brought up to this run-directory format, no longer matches the
     * identity it recorded, which is not an edit.
     */
    private void checkRecorded(String recordedIdentity, Path file) {
        if (!build.isEmpty() && !build.equals(currentBuild())) {
            throw new ConfigException(
                    file.getParent().toString(),
                    "was started by bayesrg " + build + ", this is bayesrg " + currentBuild()
                            + "; resume it with the build that started it (members computed by two builds are not "
                            + "mixed into one ensemble)");
        }
        if (!recordedIdentity.isEmpty() && !recordedIdentity.equals(identity())) {
            throw new ConfigException(
                    file.toString(),
                    "does not match its own identity: it was edited after the run started; a run's configuration "
                            + "cannot change while it runs (start a new run instead)");
        }
    }

    /**
     * Checks that the input files are still where the run read them, with the same bytes; see
     * {@link RunInputs#verify}.
     */
    public void verifyInputs(Path dir) {
        inputs.verify(dir.toString());
    }
}
