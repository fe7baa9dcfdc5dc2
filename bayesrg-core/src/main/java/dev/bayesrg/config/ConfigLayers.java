package dev.bayesrg.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration as layers, later ones winning: a preset, a YAML file merged over it key by key,
 * the shortcuts (ensemble size, width of the last hidden layer, epochs, seed), then dotted-path
 * assignments in order. One value describes a run the same way whoever launches it (the command
 * line, a Spark driver, a program).
 *
 * <pre>{@code
 * ExperimentConfig config = ConfigLayers.of(Preset.PAPER)
 *         .withMembers(64)
 *         .with("brg.mode=zero")
 *         .resolve();
 * }</pre>
 *
 * @param preset      the starting point
 * @param file        a YAML file merged over the preset, or null
 * @param members     ensemble.members, or null
 * @param width       the width of the last hidden layer, or null
 * @param epochs      train.epochs, or null
 * @param seed        ensemble.seed, or null
 * @param assignments {@code key.path=value} assignments (values are YAML), applied last, in order
 */
public record ConfigLayers(
        Preset preset, Path file, Integer members, Integer width, Integer epochs, Long seed, List<String> assignments) {

    /** The shortcut names, as {@link #shortcutOf} returns them. */
    public static final String MEMBERS = "members";

    /** See {@link #MEMBERS}. */
    public static final String WIDTH = "width";

    /** See {@link #MEMBERS}. */
    public static final String EPOCHS = "epochs";

    /** See {@link #MEMBERS}. */
    public static final String SEED = "seed";

    /** The YAML file layer, for {@link #resolve(java.util.function.UnaryOperator)}. */
    public static final String FILE = "file";

    /** Copies {@code assignments}. */
    public ConfigLayers {
        assignments = List.copyOf(assignments);
    }

    /** Just the preset. */
    public static ConfigLayers of(Preset preset) {
        return new ConfigLayers(preset, null, null, null, null, null, List.of());
    }

    /** With a YAML file over the preset. */
    public ConfigLayers withFile(Path yaml) {
        return new ConfigLayers(preset, yaml, members, width, epochs, seed, assignments);
    }

    /** With ensemble.members. */
    public ConfigLayers withMembers(Integer n) {
        return new ConfigLayers(preset, file, n, width, epochs, seed, assignments);
    }

    /** With the width of the last hidden layer. */
    public ConfigLayers withWidth(Integer n) {
        return new ConfigLayers(preset, file, members, n, epochs, seed, assignments);
    }

    /** With train.epochs. */
    public ConfigLayers withEpochs(Integer n) {
        return new ConfigLayers(preset, file, members, width, n, seed, assignments);
    }

    /** With ensemble.seed. */
    public ConfigLayers withSeed(Long s) {
        return new ConfigLayers(preset, file, members, width, epochs, s, assignments);
    }

    /** With one more assignment {@code key.path=value}. */
    public ConfigLayers with(String assignment) {
        List<String> all = new ArrayList<>(assignments);
        all.add(assignment);
        return new ConfigLayers(preset, file, members, width, epochs, seed, all);
    }

    /** Whether anything but the paper preset was given. */
    public boolean isDefault() {
        return equals(of(Preset.PAPER));
    }

    /**
     * The fully resolved, validated configuration. A bad value is reported naming its config field
     * ({@link #shortcutOf} tells which shortcut set it); a file that cannot be read naming the file;
     * a malformed assignment naming the field {@value ConfigLoader#ASSIGNMENT}.
     */
    public ExperimentConfig resolve() {
        return loader().load();
    }

    /**
     * The layers applied, not yet resolved: for keys that come after every layer (e.g. those an
     * imported ensemble fixes, {@code ImportedEnsemble.settle}), then {@link ConfigLoader#load()}.
     */
    public ConfigLoader loader() {
        ConfigLoader loader = ConfigLoader.fromPreset(preset);
        if (file != null) {
            loader.withFile(file);
        }
        for (Map.Entry<String, Object> e : shortcutValues(loader).entrySet()) {
            loader.set(e.getKey(), e.getValue());
        }
        loader.with(assignments);
        return loader;
    }

    /**
     * As {@link #resolve()}, with errors named in the caller's words: {@code callerName} maps a
     * layer ({@link #MEMBERS}, {@link #WIDTH}, {@link #EPOCHS}, {@link #SEED}, {@link #FILE},
     * {@link ConfigLoader#ASSIGNMENT}) to what the caller calls it, e.g. a command line's flag. A
     * bad value a shortcut set is named "shortcut (field)".
     */
    public ExperimentConfig resolve(java.util.function.UnaryOperator<String> callerName) {
        return resolve(callerName, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #resolve(java.util.function.UnaryOperator)}, with {@code last} applied to the loader
     * after every layer (keys that must win over the user's, e.g. those an imported ensemble fixes).
     */
    public ExperimentConfig resolve(
            java.util.function.UnaryOperator<String> callerName, java.util.function.UnaryOperator<ConfigLoader> last) {
        try {
            return last.apply(loader()).load();
        } catch (ConfigException e) {
            String shortcut = shortcutOf(e.field());
            if (shortcut != null) {
                throw e.withField(callerName.apply(shortcut) + " (" + e.field() + ")");
            }
            if (e.field().equals(WIDTH) || e.field().equals(ConfigLoader.ASSIGNMENT)) {
                throw e.withField(callerName.apply(e.field()));
            }
            if (file != null && e.field().equals(file.toString())) {
                throw new ConfigException(callerName.apply(FILE), e.getMessage());
            }
            throw e;
        }
    }

    /**
     * The shortcut ({@link #MEMBERS}, {@link #WIDTH}, {@link #EPOCHS}, {@link #SEED}) whose value
     * config field {@code field} holds, or null if none does (no shortcut set it, or a later
     * assignment did).
     */
    public String shortcutOf(String field) {
        if (width != null && field.startsWith("network.hidden[") && field.endsWith("].width")) {
            if (assignments.stream().noneMatch(a -> assigns(a, field))) {
                return WIDTH;
            }
            return null;
        }
        String shortcut = switch (field) {
            case "ensemble.members" -> members != null ? MEMBERS : null;
            case "train.epochs" -> epochs != null ? EPOCHS : null;
            case "ensemble.seed" -> seed != null ? SEED : null;
            default -> null;
        };
        return shortcut != null && assignments.stream().noneMatch(a -> assigns(a, field)) ? shortcut : null;
    }

    private static boolean assigns(String assignment, String field) {
        int eq = assignment.indexOf('=');
        return eq > 0
                && ConfigLoader.canonicalPath(assignment.substring(0, eq).trim())
                        .equals(field);
    }

    private Map<String, Object> shortcutValues(ConfigLoader loader) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (members != null) {
            values.put("ensemble.members", members);
        }
        if (epochs != null) {
            values.put("train.epochs", epochs);
        }
        if (seed != null) {
            values.put("ensemble.seed", seed);
        }
        if (width != null) {
            int hidden = loader.hiddenLayerCount();
            if (hidden == 0) {
                throw new ConfigException(WIDTH, "the network has no hidden layer to widen");
            }
            values.put("network.hidden[" + (hidden - 1) + "].width", width);
        }
        return values;
    }
}
