package dev.bayesrg.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An ensemble directory's {@code ensemble.json}: what kind of ensemble it holds, how many members,
 * and what wrote it (docs/import.md).
 *
 * @param kind    what the directory holds of each member
 * @param members the member count M, the first dimension of every per-member array
 * @param source  free text naming what wrote the directory ("" when not given)
 */
public record EnsembleManifest(Kind kind, int members, String source) {
    /** The file's name in an ensemble directory. */
    public static final String FILE = "ensemble.json";

    /** The value of its {@code format} key. */
    public static final String FORMAT = "bayesrg-ensemble";

    /** The format version this build reads. */
    public static final int FORMAT_VERSION = 1;

    /** What an ensemble directory holds of each member. */
    public enum Kind {
        /** Network outputs on a mesh only: the field theory, no Fisher metric, no flow. */
        OUTPUTS,
        /** Last-hidden-layer features and the trained linear read-out. */
        READOUT,
        /** Every layer's weights and biases of a fully connected network. */
        MLP;

        /** The kind's name in ensemble.json. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Reads {@code directory/ensemble.json}; anything missing or malformed is bad input naming the file and key. */
    public static EnsembleManifest read(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.isDirectory(directory)) {
            throw new ConfigException(
                    directory.toString(), "not a directory; allowed an ensemble directory (docs/import.md)");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(
                    file.toString(), "missing: an ensemble directory names its kind and members in " + FILE);
        }
        JsonNode node;
        try {
            node = Json.read(file);
        } catch (IOException e) {
            throw new ConfigException(
                    file.toString(), "not readable JSON (" + ImportedEnsemble.oneLine(e.getMessage()) + ")");
        }
        if (node == null || !node.isObject()) {
            throw new ConfigException(file.toString(), "allowed a JSON object");
        }
        String format = text(node, "format", file);
        if (!format.equals(FORMAT)) {
            throw new ConfigException(file + " format", "got " + format + ", allowed " + FORMAT);
        }
        JsonNode version = node.get("format_version");
        if (version == null || !version.canConvertToInt() || version.asInt() != FORMAT_VERSION) {
            throw new ConfigException(
                    file + " format_version",
                    "got " + version + ", allowed " + FORMAT_VERSION + " (this build of bayesrg reads format "
                            + FORMAT_VERSION + ")");
        }
        String kindText = text(node, "kind", file);
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.id().equals(kindText)) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new ConfigException(file + " kind", "got " + kindText + ", allowed outputs, readout or mlp");
        }
        JsonNode members = node.get("members");
        if (members == null || !members.isIntegralNumber() || members.asLong() < 1 || members.asLong() > 100_000_000) {
            throw new ConfigException(file + " members", "got " + members + ", allowed an integer in [1, 100000000]");
        }
        JsonNode source = node.get("source");
        return new EnsembleManifest(kind, members.asInt(), source == null || source.isNull() ? "" : source.asText());
    }

    private static String text(JsonNode node, String key, Path file) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual()) {
            throw new ConfigException(file + " " + key, "missing or not a string");
        }
        return value.asText();
    }
}
