package dev.bayesrg.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything under a path as it stands, found without following links: each entry's kind, file
 * (inode), size and modification time, or a link's target. After {@link #age} has set every
 * modification time far in the past, any write moves one (a file written, created or renamed into
 * place; a directory whose entries change), so two snapshots are equal exactly when nothing under the
 * path was created, removed or written. Public (and in the test jar) for the CLI's tests of what
 * commands may write.
 *
 * @param entries each path relative to the root ("" for the root itself) and what is there
 */
public record TreeSnapshot(Map<String, String> entries) {
    /** A time no test writes at: an entry set to it and then written shows the write. */
    public static final FileTime LONG_AGO = FileTime.fromMillis(978_307_200_000L); // 2001-01-01

    /** The snapshot of {@code root} and everything under it. */
    public static TreeSnapshot of(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            entries.put("", "missing");
            return new TreeSnapshot(entries);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                entries.put(root.relativize(p).toString(), describe(p));
            }
        }
        return new TreeSnapshot(entries);
    }

    /**
     * Sets the modification time of {@code root} and of everything under it to {@link #LONG_AGO}:
     * links are left alone, and so are lock files ({@value RunDirectory#LOCK}), which setting a
     * time opens and closes — giving up any lock this process holds on them (POSIX record locks).
     */
    public static void age(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isSymbolicLink(p) && !p.getFileName().toString().equals(RunDirectory.LOCK)) {
                    Files.setLastModifiedTime(p, LONG_AGO);
                }
            }
        }
    }

    /** What differs in {@code later}: each entry added, removed or changed, with what it was and is. */
    public String changesTo(TreeSnapshot later) {
        StringBuilder sb = new StringBuilder();
        java.util.Set<String> keys = new java.util.TreeSet<>(entries.keySet());
        keys.addAll(later.entries.keySet());
        for (String k : keys) {
            String was = entries.get(k);
            String is = later.entries.get(k);
            if (!java.util.Objects.equals(was, is)) {
                sb.append("\n  '")
                        .append(k)
                        .append("': ")
                        .append(was)
                        .append(" -> ")
                        .append(is);
            }
        }
        return sb.length() == 0 ? "no change" : sb.toString();
    }

    /** The number of entries (the entries themselves: {@link #changesTo}). */
    @Override
    public String toString() {
        return entries.size() + " entries";
    }

    private static String describe(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return "link to " + Files.readSymbolicLink(p);
        }
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return (a.isDirectory() ? "directory " : "file ") + a.fileKey() + ", " + a.size() + " bytes, modified "
                + a.lastModifiedTime();
    }
}
