package dev.bayesrg.config;

/**
 * Bad user input: a config field, flag or data file. The message is one line that names the
 * offending field (or file:line:column), the value and what is allowed.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public ConfigException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The dotted path of the offending field, or a file location for data files. */
    public String field() {
        return field;
    }

    static ConfigException range(String field, Object value, String allowed) {
        return new ConfigException(field, "got " + value + ", allowed " + allowed);
    }
}
