package dev.bayesrg.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * A failure of the file system said in words: the JDK's exceptions carry only the path (a bare
 * "/proc/forbidden"), which tells a user neither what went wrong nor what to do.
 */
final class FileFailures {
    private FileFailures() {}

    /** The file-system failure inside {@code failure} in one sentence with a way out, or null if there is none. */
    static String describe(Throwable failure) {
        // the cause chain, a few links deep: workers wrap I/O failures (UncheckedIOException, ExecutionException)
        Throwable t = failure;
        for (int depth = 0; t != null && !(t instanceof FileSystemException) && depth < 8; depth++) {
            t = t.getCause();
        }
        if (!(t instanceof FileSystemException e)) {
            return null;
        }
        String path = e.getFile() == null ? "a file" : e.getFile();
        String reason = e.getReason() == null ? "" : e.getReason();
        if (reason.toLowerCase(Locale.ROOT).contains("no space left")) {
            return "the disk is full (writing " + path + "); free some space, then finish an interrupted run with "
                    + "bayesrg run --resume RUN_DIR";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied on " + path
                    + "; choose a directory you may write (--out), or fix its permissions";
        }
        if (e instanceof NoSuchFileException) {
            return path + " does not exist and cannot be created there; give a path in an existing, writable place";
        }
        if (e instanceof NotDirectoryException) {
            return path + " is not a directory; give a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return path + " already exists; give a new path";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return path + " is a directory that is not empty";
        }
        return path + ": " + (reason.isEmpty() ? "the file system refused the operation" : reason)
                + "; check the path and that you may write there";
    }
}
