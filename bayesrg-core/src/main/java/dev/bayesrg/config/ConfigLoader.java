package dev.bayesrg.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bayesrg.activation.Activation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds an {@link ExperimentConfig} in layers: the {@code paper} preset, the named preset's
 * changes, a YAML file, then {@code key.path=value} overrides (values are YAML, so lists and maps
 * work: {@code brg.cutoffs=[0.1, 1]}). The merged tree is bound strictly (unknown keys, wrong
 * types and missing values are errors) and then validated by {@link ConfigValidator}.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a repeated key would silently drop what the first one said
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(ActivationJson.module())
            .build();
    private static final ObjectMapper JSON =
            JsonMapper.builder().addModule(ActivationJson.module()).build();

    /** The field name under which a malformed {@code key.path=value} assignment is reported. */
    public static final String ASSIGNMENT = "assignment";

    private ObjectNode tree;

    private ConfigLoader(ObjectNode tree) {
        this.tree = tree;
    }

    /** Starts from a preset. */
    public static ConfigLoader fromPreset(Preset preset) {
        ObjectNode base = readResource("paper.yaml");
        if (preset != Preset.PAPER) {
            merge(base, readResource(preset.id() + ".yaml"));
        }
        return new ConfigLoader(base);
    }

    /** Merges a YAML file over the current tree (maps merge key by key; lists and scalars replace). */
    public ConfigLoader withFile(Path file) {
        JsonNode node;
        try (com.fasterxml.jackson.core.JsonParser parser = YAML.createParser(Files.readString(file))) {
            node = YAML.readTree(parser);
            if (node != null && parser.nextToken() != null) {
                // a second document would be ignored, and with it whatever it sets
                throw new ConfigException(
                        file + ":" + parser.currentLocation().getLineNr(),
                        "a second YAML document; a configuration file holds one (remove the '---' and what"
                                + " follows, or merge it into the first)");
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "file not found");
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    file.toString() + locationOf(e), "not valid YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot be read: " + e.getMessage());
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return this; // an empty file changes nothing
        }
        if (!node.isObject()) {
            throw new ConfigException(file.toString(), "must be a YAML map of sections (data, network, …)");
        }
        merge(tree, (ObjectNode) node);
        return this;
    }

    /** Applies one {@code key.path=value} override; list elements are addressed as {@code a.b[2].c}. */
    public ConfigLoader with(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException(ASSIGNMENT, "expected key.path=value, got '" + assignment + "'");
        }
        String path = assignment.substring(0, eq).trim();
        String text = assignment.substring(eq + 1).trim();
        JsonNode value;
        try {
            value = text.isEmpty() ? NullNode.getInstance() : YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    path, "value '" + text + "' is not valid YAML: " + firstLine(e.getOriginalMessage()));
        }
        if (value == null || value.isMissingNode()) {
            value = NullNode.getInstance();
        }
        set(path, value);
        return this;
    }

    /** Applies several overrides in order. */
    public ConfigLoader with(Collection<String> assignments) {
        assignments.forEach(this::with);
        return this;
    }

    /** Sets one field by path to an already-typed value (used for the CLI's shortcut flags). */
    public ConfigLoader set(String path, Object value) {
        set(path, JSON.valueToTree(value));
        return this;
    }

    private void set(String path, JsonNode value) {
        List<String> segments = segments(path);
        JsonNode node = tree;
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < segments.size() - 1; i++) {
            String seg = segments.get(i);
            JsonNode next = child(node, seg, seen, path);
            if (next == null || next.isNull()) {
                if (!(node instanceof ObjectNode)) {
                    throw new ConfigException(path, "no such field");
                }
                next = ((ObjectNode) node).putObject(seg);
            }
            seen.append(seen.length() == 0 ? "" : ".").append(seg);
            node = next;
        }
        String last = segments.get(segments.size() - 1);
        if (node instanceof ObjectNode obj && !isIndex(last)) {
            obj.set(last, value);
        } else if (node instanceof ArrayNode arr && isIndex(last)) {
            int index = Integer.parseInt(last);
            if (index >= arr.size()) {
                throw new ConfigException(
                        path, "index " + index + " out of range, the list has " + arr.size() + " entries");
            }
            arr.set(index, value);
        } else {
            throw new ConfigException(path, "no such field");
        }
    }

    private static JsonNode child(JsonNode node, String seg, StringBuilder seen, String path) {
        if (isIndex(seg)) {
            if (!node.isArray()) {
                throw new ConfigException(path, "'" + seen + "' is not a list");
            }
            int index = Integer.parseInt(seg);
            if (index >= node.size()) {
                throw new ConfigException(
                        path, "index " + index + " out of range, the list has " + node.size() + " entries");
            }
            return node.get(index);
        }
        if (!node.isObject()) {
            throw new ConfigException(path, "'" + seen + "' is not a section");
        }
        return node.get(seg);
    }

    /** The canonical form of a key path: {@code a.b[2].c} and {@code a.b.2.c} are the same field. */
    public static String canonicalPath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String seg : path.replace("[", ".").replace("]", "").split("\\.", -1)) {
            if (seg.isEmpty()) {
                continue;
            }
            if (isIndex(seg)) {
                sb.append('[').append(seg).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(seg);
            }
        }
        return sb.toString();
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.replace("[", ".").replace("]", "").split("\\.", -1)) {
            if (part.isEmpty()) {
                throw new ConfigException(path, "malformed key path");
            }
            out.add(part);
        }
        return out;
    }

    private static boolean isIndex(String seg) {
        return !seg.isEmpty() && seg.chars().allMatch(Character::isDigit);
    }

    /** The number of hidden layers in the tree as it stands (before binding). */
    public int hiddenLayerCount() {
        JsonNode hidden = tree.path("network").path("hidden");
        return hidden.isArray() ? hidden.size() : 0;
    }

    /** Binds and validates. */
    public ExperimentConfig load() {
        ExperimentConfig config;
        try {
            config = YAML.treeToValue(tree, ExperimentConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String field = pathOf(e);
            String known = e.getKnownPropertyIds() == null
                    ? ""
                    : e.getKnownPropertyIds().stream()
                            .map(Object::toString)
                            .sorted()
                            .collect(Collectors.joining(", "));
            String suggestion = Suggestions.closest(
                    e.getPropertyName(),
                    e.getKnownPropertyIds() == null
                            ? List.of()
                            : e.getKnownPropertyIds().stream()
                                    .map(Object::toString)
                                    .toList());
            throw new ConfigException(
                    field,
                    "unknown key"
                            + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
                            + (known.isEmpty() ? "" : "; known keys: " + known));
        } catch (InvalidFormatException e) {
            throw new ConfigException(pathOf(e), "got '" + e.getValue() + "', allowed " + allowed(e.getTargetType()));
        } catch (MismatchedInputException e) {
            throw new ConfigException(pathOf(e), describeMismatch(e));
        } catch (JsonMappingException e) {
            throw new ConfigException(pathOf(e), firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new ConfigException("config", firstLine(e.getOriginalMessage()));
        }
        ConfigValidator.validate(config);
        return config;
    }

    /** The configuration as YAML, in the layout the loader reads back. */
    public static String toYaml(ExperimentConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configuration as a JSON tree (for summary and manifest files). */
    public static JsonNode toTree(ExperimentConfig config) {
        return JSON.valueToTree(config);
    }

    /**
     * Reads a configuration back from a tree written by {@link #toTree} of this version (trees of
     * older run directories go through {@code dev.bayesrg.run.RunFormat} first).
     */
    public static ExperimentConfig fromTree(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new ConfigException("config", "missing");
        }
        if (!node.isObject()) {
            throw new ConfigException(
                    "config",
                    "is a JSON " + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
                            + ", expected an object of sections");
        }
        ConfigLoader loader = new ConfigLoader(JsonNodeFactory.instance.objectNode());
        loader.tree = (ObjectNode) node.deepCopy();
        return loader.load();
    }

    /** The unresolved tree of a preset, as its YAML resource holds it merged over the paper's (a copy). */
    public static ObjectNode presetTree(Preset preset) {
        return fromPreset(preset).tree.deepCopy();
    }

    private static String describeMismatch(MismatchedInputException e) {
        Class<?> type = e.getTargetType();
        String msg = firstLine(e.getOriginalMessage());
        if (msg.contains("Missing required creator property")) {
            return "missing value";
        }
        if (msg.contains("null") && type != null && type.isPrimitive()) {
            return "missing value, expected " + typeName(type);
        }
        if (type != null) {
            return "expected " + typeName(type) + (isNamed(type) ? " (" + allowed(type) + ")" : "");
        }
        return msg;
    }

    private static String typeName(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class) {
            return "a string";
        }
        if (isNamed(type)) {
            return "one of the listed names";
        }
        if (type.isRecord()) {
            return "a section (a YAML map)";
        }
        return type.getSimpleName();
    }

    /** Whether a value of this type is one of a list of names: an enum or an {@link Activation}. */
    private static boolean isNamed(Class<?> type) {
        return type.isEnum() || type == Activation.class;
    }

    private static String allowed(Class<?> type) {
        if (type == Activation.class) {
            return ActivationJson.allowed();
        }
        if (type != null && type.isEnum()) {
            List<String> ids = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                Enum<?> e = (Enum<?>) c;
                try {
                    com.fasterxml.jackson.annotation.JsonProperty p =
                            type.getField(e.name()).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                    ids.add(p != null ? p.value() : e.name());
                } catch (NoSuchFieldException ex) {
                    ids.add(e.name());
                }
            }
            return "one of " + String.join(", ", ids);
        }
        return type == null ? "a value of the right type" : typeName(type);
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "config" : sb.toString();
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid value";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static ObjectNode readResource(String name) {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing preset resource " + name);
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode target, ObjectNode update) {
        for (Map.Entry<String, JsonNode> f : update.properties()) {
            JsonNode existing = target.get(f.getKey());
            if (existing instanceof ObjectNode eo && f.getValue() instanceof ObjectNode uo) {
                merge(eo, uo);
            } else {
                target.set(f.getKey(), f.getValue().deepCopy());
            }
        }
    }
}
