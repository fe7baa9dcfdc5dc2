package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} read back: how and where a run was made. Every value is as written; a key
 * an older bayesrg did not write reads as the empty string (or -1 for numbers, empty collections).
 *
 * @param commandLine         the command line that made the run
 * @param preset              the preset it started from
 * @param softwareVersion     the bayesrg version
 * @param sourceCommit        the git commit bayesrg was built from ({@code unknown} outside git)
 * @param sourceDirty         whether that checkout had uncommitted changes
 * @param javaVersion         {@code java.version}
 * @param javaVm              the JVM's name and version
 * @param os                  operating system and architecture
 * @param threads             worker threads used
 * @param availableProcessors processors the JVM saw
 * @param startTime           ISO-8601 instant the run started
 * @param endTime             ISO-8601 instant it ended
 * @param inputs              the files the run read (data CSV, mesh CSV) with their SHA-256
 * @param files               each data file of the directory → what it holds
 * @param asWritten           the whole file as a JSON tree, keys in the order written (for display)
 */
public record RunManifest(
        List<String> commandLine,
        String preset,
        String softwareVersion,
        String sourceCommit,
        boolean sourceDirty,
        String javaVersion,
        String javaVm,
        String os,
        int threads,
        int availableProcessors,
        String startTime,
        String endTime,
        RunInputs inputs,
        Map<String, String> files,
        JsonNode asWritten) {

    /** The manifest in {@code m}; its identifying keys, where present, must be text ({@code file} names it). */
    static RunManifest of(JsonNode m, Path file) {
        String preset = RunJson.text(m, "preset", "", file);
        String version = RunJson.text(m, "software_version", "", file);
        String commit = RunJson.text(m, "source_commit", "", file);
        List<String> commandLine = RunJson.texts(m, "command_line", file);
        JsonNode filesNode = RunJson.optionalObject(m, "files", file);
        Map<String, String> files = new LinkedHashMap<>();
        if (filesNode != null) {
            filesNode
                    .properties()
                    .forEach(e -> files.put(e.getKey(), e.getValue().asText()));
        }
        return new RunManifest(
                commandLine,
                preset,
                version,
                commit,
                m.path("source_dirty").asBoolean(false),
                m.path("java_version").asText(""),
                m.path("java_vm").asText(""),
                m.path("os").asText(""),
                m.path("threads").asInt(-1),
                m.path("available_processors").asInt(-1),
                m.path("start_time").asText(""),
                m.path("end_time").asText(""),
                RunInputs.fromJson(m.get("inputs"), "manifest.json"),
                java.util.Collections.unmodifiableMap(files),
                m.deepCopy());
    }
}
