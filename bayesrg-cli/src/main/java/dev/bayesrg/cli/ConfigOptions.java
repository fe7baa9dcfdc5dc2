package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The layered configuration options of {@code bayesrg run} (preset, --config, shortcut flags, --set),
 * shared as a picocli mixin by every command that runs an experiment, so that one configuration
 * means the same run whichever command launches it.
 */
public final class ConfigOptions {
    /** Which config field each shortcut flag sets, so errors can name the flag the user typed. */
    private static final Map<String, String> FLAG_FIELDS = Map.of(
            "ensemble.members", "--members",
            "train.epochs", "--epochs",
            "ensemble.seed", "--seed");

    @Option(
            names = "--preset",
            paramLabel = "NAME",
            defaultValue = "paper",
            description = "Starting configuration: paper (default) or reference-code.")
    String preset;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file merged over the preset.")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override one field by its dotted path, e.g. train.learningRate=1e-5 or "
                    + "network.hidden[2].activation=tanh (repeatable; the value is YAML).")
    List<String> assignments = new ArrayList<>();

    @Option(names = "--members", paramLabel = "N", description = "Ensemble size (ensemble.members).")
    Integer members;

    @Option(
            names = "--width",
            paramLabel = "N",
            description = "Width of the last hidden layer (network.hidden[-1].width).")
    Integer width;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (train.epochs).")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the members' parameter streams (ensemble.seed).")
    Long seed;

    public String preset() {
        return preset;
    }

    /** Whether any option other than the default preset was given. */
    boolean anyGiven() {
        return configFile != null
                || !assignments.isEmpty()
                || members != null
                || width != null
                || epochs != null
                || seed != null
                || !"paper".equals(preset);
    }

    /** The fully resolved, validated configuration; a bad field names the flag that set it. */
    public ExperimentConfig resolve() {
        ConfigLoader loader = ConfigLoader.fromPreset(Preset.of(preset));
        if (configFile != null) {
            loader.withFile(configFile);
        }
        Map<String, String> flagged = new LinkedHashMap<>();
        if (members != null) {
            loader.set("ensemble.members", members);
            flagged.put("ensemble.members", FLAG_FIELDS.get("ensemble.members"));
        }
        if (epochs != null) {
            loader.set("train.epochs", epochs);
            flagged.put("train.epochs", FLAG_FIELDS.get("train.epochs"));
        }
        if (seed != null) {
            loader.set("ensemble.seed", seed);
            flagged.put("ensemble.seed", FLAG_FIELDS.get("ensemble.seed"));
        }
        if (width != null) {
            int hidden = loader.hiddenLayerCount();
            if (hidden == 0) {
                throw new ConfigException("--width", "the network has no hidden layer to widen");
            }
            String field = "network.hidden[" + (hidden - 1) + "].width";
            loader.set(field, width);
            flagged.put(field, "--width");
        }
        for (String assignment : assignments) {
            loader.with(assignment);
            int eq = assignment.indexOf('=');
            // a later --set owns the field: its errors are not the shortcut flag's
            flagged.remove(
                    ConfigLoader.canonicalPath(assignment.substring(0, eq).trim()));
        }
        try {
            return loader.load();
        } catch (ConfigException e) {
            String flag = flagged.get(e.field());
            if (flag != null) {
                throw new ConfigException(
                        flag + " (" + e.field() + ")",
                        e.getMessage().substring(e.field().length() + 2));
            }
            throw e;
        }
    }
}
