package dev.bayesrg.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON files of a run directory read strictly: a file that is not a JSON object, a key that is
 * missing or of the wrong type, a configuration that does not bind, each becomes one
 * {@link ConfigException} naming the file and the key, never a default that would let a damaged
 * file pass for a good one.
 */
final class RunJson {
    private RunJson() {}

    /** The JSON object in {@code file}. */
    static ObjectNode readObject(Path file) {
        JsonNode tree;
        try {
            // a second value after the first (a file written twice over, a torn append) is no object
            tree = Json.MAPPER
                    .reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? file.toString() : file + ":" + at.getLineNr();
            String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            throw new ConfigException(
                    where, "is not valid JSON: " + why.lines().findFirst().orElse(why));
        } catch (IOException e) {
            throw RunFiles.unreadable(file, e);
        }
        if (tree instanceof ObjectNode object) {
            return object;
        }
        throw new ConfigException(file.toString(), "holds " + kind(tree) + ", expected a JSON object");
    }

    /** The configuration under {@code config}, its errors named as keys of {@code file}. */
    static ExperimentConfig config(JsonNode tree, Path file) {
        try {
            return ConfigLoader.fromTree(tree.get("config"));
        } catch (ConfigException e) {
            String key = e.field().equals("config") ? "config" : "config." + e.field();
            throw new ConfigException(file.toString(), key + ": " + e.detail());
        }
    }

    /** The integer at {@code key} (a dotted path for the message), at least {@code min}. */
    static int integer(JsonNode node, String key, int min, Path file) {
        JsonNode v = node == null ? null : node.get(last(key));
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min) {
            throw wrong(file, key, v, "an integer >= " + min);
        }
        return v.asInt();
    }

    /** The number at {@code key}, NaN where the file holds null (a non-finite value) or nothing. */
    static double numberOrNaN(JsonNode node, String key, Path file) {
        JsonNode v = node == null ? null : node.get(last(key));
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw wrong(file, key, v, "a number or null");
        }
        return v.asDouble();
    }

    /** The number at {@code key}, or null where the file holds null. */
    static Double nullableNumber(JsonNode node, String key, Path file) {
        double v = numberOrNaN(node, key, file);
        return Double.isNaN(v) ? null : v;
    }

    /** The numbers of the array at {@code key}. */
    static double[] numbers(JsonNode node, String key, Path file) {
        JsonNode v = node == null ? null : node.get(last(key));
        if (v == null || !v.isArray()) {
            throw wrong(file, key, v, "an array of numbers");
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) {
                throw wrong(file, key + "[" + i + "]", v.get(i), "a number");
            }
            out[i] = v.get(i).asDouble();
        }
        return out;
    }

    /** The text at {@code key}, or {@code absent} if there is none. */
    static String text(JsonNode node, String key, String absent, Path file) {
        JsonNode v = node == null ? null : node.get(last(key));
        if (v == null) {
            return absent;
        }
        if (!v.isTextual()) {
            throw wrong(file, key, v, "a string");
        }
        return v.asText();
    }

    /** The strings of the array at {@code key}, none if there is no such key. */
    static List<String> texts(JsonNode node, String key, Path file) {
        JsonNode v = node.get(last(key));
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw wrong(file, key, v, "an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw wrong(file, key + "[" + i + "]", v.get(i), "a string");
            }
            out.add(v.get(i).asText());
        }
        return List.copyOf(out);
    }

    /** The object at {@code key}, or null if there is none. */
    static JsonNode optionalObject(JsonNode node, String key, Path file) {
        JsonNode v = node.get(last(key));
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw wrong(file, key, v, "an object");
        }
        return v;
    }

    private static String last(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private static ConfigException wrong(Path file, String key, JsonNode v, String allowed) {
        return new ConfigException(
                file.toString(), "'" + key + "' is " + (v == null ? "missing" : kind(v)) + ", expected " + allowed);
    }

    /** What a JSON value is, for messages: "the number -56", "null", "an array". */
    private static String kind(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing (an empty file)";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isValueNode()) {
            String text = v.toString();
            return "the " + v.getNodeType().toString().toLowerCase(Locale.ROOT) + " "
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
        }
        return v.isArray() ? "an array" : "an object";
    }
}
