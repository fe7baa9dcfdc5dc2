package dev.bayesrg.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A run's output directory. It carries a marker file {@value #INCOMPLETE} from its first file
 * until {@link #markFinished()}, so a killed run is never mistaken for a finished one; whatever a
 * resume needs is written before the marker ({@link Preamble}). While a process
 * writes it, that process holds an exclusive lock ({@value #LOCK}, released by the operating system
 * if the process dies): a second run or resume on the same directory is refused with
 * {@link InUseException} instead of mixing its members with the first one's; so is any other
 * writer of an existing directory ({@link #forUpdate}: a report, nnft/, nngp/). Nothing is ever
 * written through a link in a run directory: one that holds a symbolic link is refused
 * ({@link LinkException}) before anything is written.
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
            super(dir + " is in use by another bayesrg run, resume, report, nnft or merge; wait for it to end, or"
                    + " stop it (an unfinished run can then be resumed)");
        }
    }

    /**
     * A run directory that is, or holds, a symbolic link (or a second hard link to a file bayesrg
     * writes in place): writing there could change a file outside the directory.
     */
    public static final class LinkException extends IOException {
        private static final long serialVersionUID = 1L;

        /** The offending path. */
        private final transient Path link;

        LinkException(Path link, String what) {
            super(link + " " + what + "; bayesrg does not write through links in a run directory");
            this.link = link;
        }

        /** The offending path. */
        public Path link() {
            return link;
        }

        /** What is wrong with {@link #link()}, without it. */
        public String detail() {
            return getMessage().substring(link.toString().length() + 1);
        }
    }

    /**
     * The files written in place rather than replaced by a rename (the lock and the checkpoint of
     * {@code dev.bayesrg.run.Checkpoint}): a second hard link to one of them would carry the write
     * elsewhere.
     */
    private static final Set<String> WRITTEN_IN_PLACE = Set.of(LOCK, "members.checkpoint");

    /** The one byte a holder leaves in a lock file it has unlinked, so that a late opener of it knows. */
    private static final byte SPENT = 'x';

    private final Path path;
    private final FileChannel lockChannel;

    private RunDirectory(Path path, FileChannel lockChannel) {
        this.path = path;
        this.lockChannel = lockChannel;
    }

    /**
     * The lock files this JVM holds, by file key, with their channels. A lock must be refused here
     * without opening its file: closing any channel on a file gives up every lock the process
     * holds on it (POSIX record locks), the holder's included. Guards every lock taken and given up.
     */
    private static final Map<Object, FileChannel> HELD = new HashMap<>();

    /** Takes the directory's lock, or refuses it if another writer holds it. */
    private static FileChannel lock(Path dir) throws IOException {
        Path file = dir.resolve(LOCK);
        synchronized (HELD) {
            // a finished holder unlinks the file: whoever opened it before then and locks it after
            // holds nothing, and tries the file now at the name (bounded: a name that keeps
            // changing is in use)
            for (int attempt = 0; attempt < 100; attempt++) {
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && HELD.containsKey(key(file))) {
                    throw new InUseException(dir); // by another writer in this JVM
                }
                FileChannel channel = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held in this JVM, not through this class
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
                if (lock == null) {
                    channel.close();
                    throw new InUseException(dir);
                }
                if (!orphaned(file, channel)) {
                    HELD.put(key(file), channel);
                    return channel;
                }
                channel.close();
            }
        }
        throw new InUseException(dir);
    }

    /** What identifies the file at {@code file} (not following a link): its file key where there is one. */
    private static Object key(Path file) throws IOException {
        Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
        return key != null ? key : file.toRealPath(LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Whether the locked {@code channel} is on a lock file that its last holder unlinked (it left
     * {@link #SPENT} in it) rather than on the file now at {@code file}.
     */
    static boolean orphaned(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return false;
        }
        // not empty: spent, or a lock file with content of its own, which is then the one at the name
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return true;
        }
        return now.size() != size;
    }

    /** Unlinks the lock file, marks it spent and gives up the lock. */
    private void releaseAndRemoveLock() throws IOException {
        try {
            Files.deleteIfExists(path.resolve(LOCK));
            lockChannel.write(java.nio.ByteBuffer.wrap(new byte[] {SPENT}), lockChannel.size());
        } finally {
            release();
        }
    }

    /** Gives up the lock (a run that ends here, finished or failed); the directory object is then spent. */
    public void release() throws IOException {
        synchronized (HELD) {
            HELD.values().remove(lockChannel);
            lockChannel.close();
        }
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
        if (Files.isSymbolicLink(dir)) {
            return dir + " is a symbolic link; bayesrg does not write through links in a run directory";
        }
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

    /**
     * An existing, unfinished run directory, locked for resuming it: refused if it holds a link
     * ({@link #refuseLinks}), and rid of the temporary files of writes killed midway.
     */
    public static RunDirectory existing(Path dir) throws IOException {
        return held(dir);
    }

    /**
     * An existing run directory, locked for rewriting some of its files (a report, {@code nnft/},
     * {@code nngp/}) as {@link #existing} locks it for a resume; {@link #endUpdate()} gives it back.
     * Refused if another writer holds it ({@link InUseException}) or if it is or holds a link
     * ({@link LinkException}), before anything is written.
     */
    public static RunDirectory forUpdate(Path dir) throws IOException {
        return held(dir);
    }

    private static RunDirectory held(Path dir) throws IOException {
        refuseLinks(dir);
        RunDirectory held = new RunDirectory(dir, lock(dir));
        try {
            AtomicFiles.deleteLeftovers(dir); // no writer is left that could still need them
        } catch (IOException | RuntimeException e) {
            held.release();
            throw e;
        }
        return held;
    }

    /**
     * Ends what {@link #forUpdate} began: a finished directory loses the lock file it did not have
     * before (an unfinished one keeps it, as its run left it); the directory object is then spent.
     */
    public void endUpdate() throws IOException {
        if (Files.exists(path.resolve(INCOMPLETE), LinkOption.NOFOLLOW_LINKS)) {
            release();
        } else {
            releaseAndRemoveLock();
        }
    }

    /**
     * Refuses {@code dir} if it is a symbolic link or holds one anywhere below it (links are never
     * followed while looking), or if a file written in place has a second hard link. A path that is
     * not a directory passes: the caller says what is wrong with it.
     *
     * @throws LinkException naming the first offending path
     */
    public static void refuseLinks(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new LinkException(dir, "is a symbolic link");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attributes) throws IOException {
                if (attributes.isSymbolicLink()) {
                    throw new LinkException(p, "is a symbolic link");
                }
                if (dir.equals(p.getParent())
                        && WRITTEN_IN_PLACE.contains(p.getFileName().toString())
                        && hardLinks(p) > 1) {
                    throw new LinkException(p, "has another hard link");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // a temporary file renamed by a writer still at work
                }
                throw e;
            }
        });
    }

    /** The number of hard links to a file (1 where the file system does not say). */
    private static int hardLinks(Path file) throws IOException {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 1;
        }
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
        releaseAndRemoveLock();
    }

    /** Removes the marker and the lock: every file of the run is written. */
    public void markComplete() throws IOException {
        markFinished();
        close();
    }
}
