package dev.bayesrg.run;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An existing run directory held by one writer while it rewrites some of its files — the report,
 * {@code nnft/}, {@code nngp/} — as a run or resume holds the directory it writes: a second writer
 * is refused instead of interleaving its files with the first one's, and nothing is written through
 * a link. Opening it refuses, as bad input named by the path, a directory that is or holds a
 * symbolic link, then one that is not a readable run ({@link RunFiles#open}), then one that another
 * writer holds; it then deletes the temporary files of writes killed midway. Closing it leaves a
 * finished directory with the files it had plus those written, and no lock file.
 *
 * <pre>{@code
 * try (RunUpdate update = RunUpdate.open(Path.of("runs/20261203-120000"))) {
 *     new NnftWriter(null, 0).write(update.files());
 * }
 * }</pre>
 */
public final class RunUpdate implements AutoCloseable {
    private final RunDirectory directory;
    private final RunFiles files;

    private RunUpdate(RunDirectory directory, RunFiles files) {
        this.directory = directory;
        this.files = files;
    }

    /** Holds {@code dir} for rewriting some of its files (see the class comment for what is refused). */
    public static RunUpdate open(Path dir) throws IOException {
        refuseLinks(dir); // before anything is read through one, or written
        RunFiles files = RunFiles.open(dir);
        try {
            return new RunUpdate(RunDirectory.forUpdate(dir), files);
        } catch (RunDirectory.InUseException e) {
            throw new ConfigException(
                    dir.toString(), e.getMessage().substring(dir.toString().length() + 1));
        } catch (RunDirectory.LinkException e) {
            throw badInput(e);
        }
    }

    /**
     * Refuses {@code dir} as bad input, named by the offending path, if it is or holds a link
     * ({@link RunDirectory#refuseLinks}): for a command that writes into an existing run directory,
     * before it reads or writes anything.
     */
    public static void refuseLinks(Path dir) throws IOException {
        try {
            RunDirectory.refuseLinks(dir);
        } catch (RunDirectory.LinkException e) {
            throw badInput(e);
        }
    }

    /** A link in a run directory as bad input, named by the link. */
    static ConfigException badInput(RunDirectory.LinkException e) {
        return new ConfigException(e.link().toString(), e.detail());
    }

    /** The directory's files, read when asked for. */
    public RunFiles files() {
        return files;
    }

    /** Gives the directory back (see {@link RunDirectory#endUpdate()}). */
    @Override
    public void close() throws IOException {
        directory.endUpdate();
    }
}
