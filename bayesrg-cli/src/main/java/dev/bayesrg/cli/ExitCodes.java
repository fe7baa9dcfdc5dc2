package dev.bayesrg.cli;

/** The exit codes of every command (SPEC A.2). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    private ExitCodes() {}
}
