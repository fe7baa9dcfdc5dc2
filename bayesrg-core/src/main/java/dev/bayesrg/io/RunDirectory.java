package dev.bayesrg.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A run's output directory. It carries a marker file {@value #INCOMPLETE} from its first file
 * until {@link #markFinished()}, so a killed run is never mistaken for a finished one; whatever a
 * resume needs is written before the marker ({@link Preamble}). While a process
 * writes it, that process holds an exclusive lock ({@value #LOCK}, released by the operating system
 * if the process dies): a second run or resume on the same directory is refused with
 * {@link InUseException} instead of mixing its members with the first one's.
 */
public final class RunDirectory {
    /** The marker of an unfinished run. */
    public static final String INCOMPLETE = "INCOMPLETE";

    /** The lock file, present while the run is unfinished. */
    public static final String LOCK = ".bayesrg-lock";

    private static final String UNFINISHED = "this run has not finished writing its files\n";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** Another process (or another run in this one) is writing the directory. */
    public static final class InUseException extends IOException {
        private static final long serialVersionUID = 1L;

        InUseException(Path dir) {
            super(dir + " is in use by another bayesrg run or resume; wait for it to end, or stop it and resume");
        }
    }

    private final Path path;
    private final FileChannel lockChannel;

    private RunDirectory(Path path, FileChannel lockChannel) {
        this.path = path;
        this.lockChannel = lockChannel;
    }

    /** Takes the directory's lock, or refuses it if another writer holds it. */
    private static FileChannel lock(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another run in this JVM
        }
        if (lock == null) {
            channel.close();
            throw new InUseException(dir);
        }
        return channel;
    }

    /** Gives up the lock (a run that ends here, finished or failed); the directory object is then spent. */
    public void release() throws IOException {
        lockChannel.close();
    }

    /**
     * What a run writes into its directory before the {@value #INCOMPLETE} marker: its resume state,
     * so that there is no moment at which the directory is marked unfinished but cannot be resumed.
     */
    @FunctionalInterface
    public interface Preamble {
        /** Writes the files that must exist before the directory is marked unfinished. */
        void write(RunDirectory dir) throws IOException;
    }

    /** A fresh {@code runs/<timestamp>} directory under {@code parent} (suffixed if taken). */
    public static RunDirectory createTimestamped(Path parent, LocalDateTime now) throws IOException {
        return createTimestamped(parent, now, dir -> {});
    }

    /** As {@link #createTimestamped(Path, LocalDateTime)}, writing {@code preamble} before the marker. */
    public static RunDirectory createTimestamped(Path parent, LocalDateTime now, Preamble preamble) throws IOException {
        String stamp = STAMP.format(now);
        for (int suffix = 0; ; suffix++) {
            Path candidate = parent.resolve(suffix == 0 ? stamp : stamp + "-" + suffix);
            try {
                Files.createDirectories(parent);
                Files.createDirectory(candidate);
                return start(candidate, preamble);
            } catch (FileAlreadyExistsException e) {
                // try the next suffix
            }
        }
    }

    /**
     * Uses {@code dir}, which must not exist or be empty: a run never mixes its files with others'.
     */
    public static RunDirectory create(Path dir) throws IOException {
        return create(dir, d -> {});
    }

    /** As {@link #create(Path)}, writing {@code preamble} (the resume state) before the marker. */
    public static RunDirectory create(Path dir, Preamble preamble) throws IOException {
        String unusable = whyUnusable(dir);
        if (unusable != null) {
            throw new IOException(unusable);
        }
        Files.createDirectories(dir);
        return start(dir, preamble);
    }

    /**
     * Why {@code dir} cannot hold a new run (it exists and is a file, or a non-empty directory), or
     * null if it can: lets callers reject a bad output path before doing any work. A directory that
     * holds nothing but a lock file (a run killed in its first instant, before it wrote anything)
     * counts as empty.
     */
    public static String whyUnusable(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return null;
        }
        if (!Files.isDirectory(dir)) {
            return dir + " exists and is not a directory";
        }
        return onlyLock(dir) ? null : dir + " is not empty";
    }

    /** Whether {@code dir} holds nothing, or nothing but the lock file. */
    private static boolean onlyLock(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.allMatch(p -> p.getFileName().toString().equals(LOCK));
        }
    }

    /** An existing, unfinished run directory, locked for resuming it. */
    public static RunDirectory existing(Path dir) throws IOException {
        return new RunDirectory(dir, lock(dir));
    }

    static RunDirectory start(Path dir) throws IOException {
        return start(dir, d -> {});
    }

    /**
     * Claims {@code dir} by its lock (of two runs that found it empty only one goes on), checks it is
     * still empty, writes the preamble and then the marker.
     */
    static RunDirectory start(Path dir, Preamble preamble) throws IOException {
        RunDirectory claimed = new RunDirectory(dir, lock(dir));
        try {
            if (!onlyLock(dir)) {
                // another run got here first and has finished (or failed) since
                throw new InUseException(dir);
            }
            preamble.write(claimed);
            Files.writeString(
                    dir.resolve(INCOMPLETE), UNFINISHED, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return claimed;
        } catch (IOException | RuntimeException | Error e) {
            claimed.release();
            throw e;
        }
    }

    /**
     * Marks a resumed directory unfinished if it is not marked yet (a run killed between writing its
     * resume state and its marker).
     */
    public void markUnfinished() throws IOException {
        if (!Files.exists(path.resolve(INCOMPLETE), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            AtomicFiles.writeString(path.resolve(INCOMPLETE), UNFINISHED);
        }
    }

    public Path path() {
        return path;
    }

    public Path resolve(String file) {
        return path.resolve(file);
    }

    /**
     * What the marker says once every data file is written: the run is not finished (its field
     * theory and report may be missing, and {@code --resume} completes them), but its data can be
     * read.
     */
    public static final String DATA_WRITTEN = "the data files are written; nnft/ and the report may be missing\n";

    /** Keeps the directory marked unfinished, saying that its data files are complete. */
    public void markDataWritten() throws IOException {
        AtomicFiles.writeString(path.resolve(INCOMPLETE), DATA_WRITTEN);
    }

    /** Whether {@code dir} is unfinished but its data files are complete ({@link #markDataWritten()}). */
    public static boolean dataWritten(Path dir) throws IOException {
        Path marker = dir.resolve(INCOMPLETE);
        return Files.isRegularFile(marker) && Files.readString(marker).equals(DATA_WRITTEN);
    }

    /**
     * Removes the marker: every file of the run is written, and readers may take it as finished.
     * What a run leaves besides its files (resume state, checkpoint) goes next, and then the lock
     * with {@link #close()}.
     */
    public void markFinished() throws IOException {
        Files.deleteIfExists(path.resolve(INCOMPLETE));
    }

    /** Removes the lock file and gives up the lock: the directory is finished and free. */
    public void close() throws IOException {
        Files.deleteIfExists(path.resolve(LOCK));
        release();
    }

    /** Removes the marker and the lock: every file of the run is written. */
    public void markComplete() throws IOException {
        markFinished();
        close();
    }
}
