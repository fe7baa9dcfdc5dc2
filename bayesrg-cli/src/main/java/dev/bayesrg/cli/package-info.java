/**
 * The {@code bayesrg} command line (picocli): {@code bayesrg run} and the commands that follow it.
 * Commands turn flags into an {@link dev.bayesrg.config.ExperimentConfig}, call the engine, show a
 * progress bar on an interactive terminal, and map failures to exit codes: 0 ok, 1 failure, 2 bad
 * usage or input (always one line naming the field or flag).
 */
package dev.bayesrg.cli;
