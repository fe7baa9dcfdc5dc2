package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The command line's words for core's: core errors name config fields, API parameters and files;
 * a command renames them to the flags and parameters its user typed.
 */
final class Flags {
    private Flags() {}

    /**
     * {@code e} under the flag that {@code flags} maps its field to, or under {@code runDirLabel}
     * (e.g. {@code RUN_DIR}) when it names {@code runDir} or a file in it; else {@code e} itself.
     */
    static ConfigException relabel(ConfigException e, Map<String, String> flags, Path runDir, String runDirLabel) {
        String flag = flags.get(e.field());
        if (flag != null) {
            return e.withField(flag);
        }
        if (runDir != null && e.field().startsWith(runDir.toString())) {
            return new ConfigException(runDirLabel, e.getMessage());
        }
        return e;
    }
}
