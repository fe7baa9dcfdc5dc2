package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a run in progress needs to be resumed: its resolved configuration, shard and preset name,
 * written next to the checkpoint when the run starts and removed when it completes.
 */
public record ResumeState(ExperimentConfig config, Shard shard, String preset) {

    public void write(RunDirectory dir) throws IOException {
        ObjectNode node = Json.object();
        node.put(RunFormat.KEY, RunFormat.CURRENT);
        node.put("version", Version.get());
        node.put("preset", preset);
        ObjectNode s = node.putObject("shard");
        s.put("index", shard.index());
        s.put("count", shard.count());
        node.set("config", ConfigLoader.toTree(config));
        Json.write(dir.resolve(RunWriter.RESUME_STATE), node);
    }

    /** Reads the state of an unfinished run; anything else is rejected naming the directory. */
    public static ResumeState read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir.toString(), "is not a directory");
        }
        if (!Files.exists(dir.resolve(RunDirectory.INCOMPLETE))) {
            throw new ConfigException(
                    dir.toString(),
                    "is not an unfinished run (no " + RunDirectory.INCOMPLETE + " marker): nothing to resume");
        }
        Path file = dir.resolve(RunWriter.RESUME_STATE);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(
                    dir.toString(),
                    "has no " + RunWriter.RESUME_STATE
                            + "; it was not started by a version of bayesrg that can resume");
        }
        JsonNode node = RunFormat.migrate(RunJson.readObject(file), file.toString());
        JsonNode s = node.path("shard");
        return new ResumeState(
                RunJson.config(node, file),
                new Shard(s.path("index").asInt(0), s.path("count").asInt(1)),
                node.path("preset").asText("paper"));
    }
}
