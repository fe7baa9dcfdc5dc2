package dev.bayesrg.config;

/**
 * Bad user input: a config field, flag or data file. The message is one line that names the
 * offending field (or file:line:column), the value and what is allowed.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String detail;

    /**
     * @param field   the dotted path of the offending field, an API parameter's name, or a file
     * @param message what is wrong and what is allowed
     */
    public ConfigException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
        this.detail = message;
    }

    /** What is wrong, without the field. */
    public String detail() {
        return detail;
    }

    /**
     * The same error under another name of the field: a command line names the flag the user typed
     * (core names config fields and parameters, never flags).
     */
    public ConfigException withField(String newField) {
        ConfigException e = new ConfigException(newField, detail);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The dotted path of the offending field, or a file location for data files. */
    public String field() {
        return field;
    }

    static ConfigException range(String field, Object value, String allowed) {
        return new ConfigException(field, "got " + value + ", allowed " + allowed);
    }
}
