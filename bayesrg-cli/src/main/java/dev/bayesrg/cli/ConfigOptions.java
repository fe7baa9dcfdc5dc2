package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ConfigValidator;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The layered configuration options of {@code bayesrg run} (preset, --config, shortcut flags, --set),
 * shared as a picocli mixin by every command that runs an experiment, so that one configuration
 * means the same run whichever command launches it.
 */
public final class ConfigOptions {
    @Option(
            names = "--preset",
            paramLabel = "NAME",
            defaultValue = "paper",
            completionCandidates = Candidates.Presets.class,
            description = "Starting configuration, one of: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "An existing YAML file of configuration sections (as --print-config prints them), merged"
                    + " over the preset.")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override one field: KEY any field --print-config prints, by its dotted path; VALUE YAML"
                    + " within that field's allowed range (docs/configuration.md). E.g. train.learningRate=1e-5 or"
                    + " network.hidden[2].activation=tanh. Repeatable.")
    List<String> assignments = new ArrayList<>();

    @Option(
            names = "--members",
            paramLabel = "N",
            description = "Ensemble size ensemble.members, 1.." + ConfigValidator.MAX_MEMBERS + ".")
    Integer members;

    @Option(
            names = "--width",
            paramLabel = "N",
            description =
                    "Width of the last hidden layer, network.hidden[-1].width, 1.." + ConfigValidator.MAX_WIDTH + ".")
    Integer width;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Training epochs train.epochs, 0.." + ConfigValidator.MAX_EPOCHS + ".")
    Integer epochs;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed of the members' parameter streams, ensemble.seed: any 64-bit integer.")
    Long seed;

    public String preset() {
        return preset;
    }

    /** Whether any option other than the default preset was given. */
    boolean anyGiven() {
        return !layers().isDefault();
    }

    /** The options as configuration layers. */
    ConfigLayers layers() {
        return new ConfigLayers(Preset.of(preset), configFile, members, width, epochs, seed, assignments);
    }

    /** The fully resolved, validated configuration; a bad field names the flag that set it. */
    public ExperimentConfig resolve() {
        return layers().resolve(ConfigOptions::flag);
    }

    /**
     * As {@link #resolve()}, with {@code defaultFile} as the file layer when no --config is given
     * (null: none), and {@code last} applied after every layer.
     */
    ExperimentConfig resolve(Path defaultFile, java.util.function.UnaryOperator<ConfigLoader> last) {
        Path file = configFile != null ? configFile : defaultFile;
        return new ConfigLayers(Preset.of(preset), file, members, width, epochs, seed, assignments)
                .resolve(ConfigOptions::flag, last);
    }

    /** The flag of a configuration layer. */
    static String flag(String layer) {
        return switch (layer) {
            case ConfigLoader.ASSIGNMENT -> "--set";
            case ConfigLayers.FILE -> "--config";
            default -> "--" + layer;
        };
    }
}
