package dev.bayesrg.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * torn one: the bytes go to a temporary sibling, are forced to disk, and the sibling is renamed.
 *
 * <p>The sibling is created exclusively under an unpredictable name, so nothing planted in the
 * directory beforehand (a symbolic or hard link at a name it could guess) can redirect the write;
 * the rename replaces whatever is at the target, a symbolic link included, never what a link
 * points to. A writer killed mid-write leaves its sibling behind: {@link #deleteLeftovers} removes
 * them, for a caller that knows no writer is active.
 */
public final class AtomicFiles {
    /** A writer of a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** How every temporary sibling ends; {@link #isLeftover} knows them by it. */
    private static final String SUFFIX = ".bayesrg-tmp";

    /** "." + name + "." + 16 random hex digits + {@value #SUFFIX}. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{16}" + Pattern.quote(SUFFIX));

    /** The siblings of versions before the random names: "." + name + "." + pid + "." + thread + ".tmp". */
    private static final Pattern OLD_TEMPORARY = Pattern.compile("\\..+\\.[0-9]+\\.[0-9]+\\.tmp");

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String name = target.getFileName().toString();
        Path tmp = null;
        FileChannel channel = null;
        while (channel == null) {
            Path candidate = dir.resolve(temporaryName(name));
            try {
                // Not Files.createTempFile: its owner-only permissions would stick to the result.
                // CREATE_NEW fails on anything already at the name, a link included (O_EXCL).
                channel = FileChannel.open(
                        candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                tmp = candidate;
            } catch (FileAlreadyExistsException e) {
                // 64 random bits taken: draw again
            }
        }
        try {
            try (FileChannel ch = channel;
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                // rename(2): a link at the target is replaced, not followed
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A fresh name for the temporary sibling of {@code name}. */
    static String temporaryName(String name) {
        byte[] bits = new byte[8];
        RANDOM.nextBytes(bits);
        return "." + name + "." + HexFormat.of().formatHex(bits) + SUFFIX;
    }

    /** Whether {@code name} is a temporary sibling of a write (this version's or an older one's). */
    public static boolean isLeftover(String name) {
        return TEMPORARY.matcher(name).matches() || OLD_TEMPORARY.matcher(name).matches();
    }

    /**
     * Deletes the temporary siblings that writes killed midway left in {@code dir} and its
     * subdirectories: regular files only, found without following any link. Only for a caller that
     * holds the directory, so that no write under way loses its sibling.
     *
     * @return how many were deleted
     */
    public static int deleteLeftovers(Path dir) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> walk = Files.walk(dir)) {
            leftovers = walk.filter(p -> p.getFileName() != null
                            && isLeftover(p.getFileName().toString()))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .toList();
        }
        for (Path p : leftovers) {
            Files.deleteIfExists(p);
        }
        return leftovers.size();
    }
}
