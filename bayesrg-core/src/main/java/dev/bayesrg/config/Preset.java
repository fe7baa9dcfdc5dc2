package dev.bayesrg.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The named starting points: the paper's text and its authors' code (docs/paper-vs-code.md). */
public enum Preset {
    /** The experiment as the paper's text describes it (full-batch GD, width 2048, 200 Fisher inputs). */
    PAPER("paper"),
    /** The authors' reference code (per-sample SGD, width 2000, 10 Fisher inputs). */
    REFERENCE_CODE("reference-code");

    private final String id;

    Preset(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Preset of(String id) {
        for (Preset p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new ConfigException("preset", "got '" + id + "', allowed " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Preset::id).collect(Collectors.joining(", "));
    }
}
