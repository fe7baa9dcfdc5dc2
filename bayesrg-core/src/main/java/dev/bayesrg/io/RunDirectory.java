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
 * A run's output directory. It carries a marker file {@value #INCOMPLETE} from creation until
 * {@link #markComplete()}, so a killed run is never mistaken for a finished one. While a process
 * writes it, that process holds an exclusive lock ({@value #LOCK}, released by the operating system
 * if the process dies): a second run or resume on the same directory is refused with
 * {@link InUseException} instead of mixing its members with the first one's.
 */
public final class RunDirectory {
    /** The marker of an unfinished run. */
    public static final String INCOMPLETE = "INCOMPLETE";

    /** The lock file, present while the run is unfinished. */
    public static final String LOCK = ".bayesrg-lock";

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

    /** A fresh {@code runs/<timestamp>} directory under {@code parent} (suffixed if taken). */
    public static RunDirectory createTimestamped(Path parent, LocalDateTime now) throws IOException {
        String stamp = STAMP.format(now);
        for (int suffix = 0; ; suffix++) {
            Path candidate = parent.resolve(suffix == 0 ? stamp : stamp + "-" + suffix);
            try {
                Files.createDirectories(parent);
                Files.createDirectory(candidate);
                return start(candidate);
            } catch (FileAlreadyExistsException e) {
                // try the next suffix
            }
        }
    }

    /**
     * Uses {@code dir}, which must not exist or be empty: a run never mixes its files with others'.
     */
    public static RunDirectory create(Path dir) throws IOException {
        String unusable = whyUnusable(dir);
        if (unusable != null) {
            throw new IOException(unusable);
        }
        Files.createDirectories(dir);
        return start(dir);
    }

    /**
     * Why {@code dir} cannot hold a new run (it exists and is a file, or a non-empty directory), or
     * null if it can: lets callers reject a bad output path before doing any work.
     */
    public static String whyUnusable(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return null;
        }
        if (!Files.isDirectory(dir)) {
            return dir + " exists and is not a directory";
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent() ? dir + " is not empty" : null;
        }
    }

    /** An existing, unfinished run directory, locked for resuming it. */
    public static RunDirectory existing(Path dir) throws IOException {
        return new RunDirectory(dir, lock(dir));
    }

    static RunDirectory start(Path dir) throws IOException {
        // created exclusively: of two runs that found the directory empty, only one goes on
        try {
            Files.writeString(
                    dir.resolve(INCOMPLETE),
                    "this run has not finished writing its files\n",
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new InUseException(dir);
        }
        return new RunDirectory(dir, lock(dir));
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

    /** Removes the marker and the lock: every file of the run is written. */
    public void markComplete() throws IOException {
        Files.deleteIfExists(path.resolve(INCOMPLETE));
        Files.deleteIfExists(path.resolve(LOCK));
        release();
    }
}
