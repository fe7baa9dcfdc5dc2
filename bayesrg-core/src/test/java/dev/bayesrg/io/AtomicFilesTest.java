package dev.bayesrg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An atomic write never writes anywhere but its target: nothing planted in the directory — a
 * symbolic or hard link at the name of its temporary sibling, or at the target — carries the bytes
 * elsewhere, and the temporary files of writes killed midway can be told apart and removed.
 */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    /** What an attacker plants at a name, pointing outside the directory. */
    enum Plant {
        SYMLINK_TO_FILE,
        SYMLINK_TO_DIRECTORY,
        DANGLING_SYMLINK,
        HARD_LINK
    }

    /** The temporary sibling's name as writers before the random names chose it: guessable from outside. */
    private static String guessableTemporary(String name) {
        return "." + name + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp";
    }

    /** Plants {@code plant} at {@code at}, its target in {@code outside}, which is then aged. */
    private static void plant(Path at, Path outside, Plant plant) throws IOException {
        Files.createDirectories(outside);
        Path target = outside.resolve("target");
        switch (plant) {
            case SYMLINK_TO_FILE -> Files.createSymbolicLink(at, Files.writeString(target, "sentinel\n"));
            case SYMLINK_TO_DIRECTORY -> Files.createSymbolicLink(at, Files.createDirectory(target));
            case DANGLING_SYMLINK -> Files.createSymbolicLink(at, target);
            case HARD_LINK -> Files.createLink(at, Files.writeString(target, "sentinel\n"));
        }
        TreeSnapshot.age(outside);
    }

    static Stream<Arguments> guessableNames() {
        List<Arguments> cases = new ArrayList<>();
        for (String name : List.of("report.html", "summary.json", "fisher.npy", "INCOMPLETE")) {
            for (Plant plant : Plant.values()) {
                cases.add(Arguments.of(name, plant));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} at the guessable temporary name of {0}")
    @MethodSource("guessableNames")
    void aLinkAtAGuessableTemporaryNameCannotRedirectTheWrite(String name, Plant plant) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Path outside = tmp.resolve("outside");
        plant(dir.resolve(guessableTemporary(name)), outside, plant);
        TreeSnapshot before = TreeSnapshot.of(outside);

        AtomicFiles.writeString(dir.resolve(name), "written\n");

        TreeSnapshot now = TreeSnapshot.of(outside);

        assertEquals(before, now, () -> "nothing outside the directory changed:" + before.changesTo(now));
        assertTrue(Files.isRegularFile(dir.resolve(name), LinkOption.NOFOLLOW_LINKS), "a file, not a link");
        assertEquals("written\n", Files.readString(dir.resolve(name)));
    }

    @ParameterizedTest(name = "{0} at the target")
    @EnumSource(Plant.class)
    void aLinkAtTheTargetIsReplacedNotFollowed(Plant plant) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Path outside = tmp.resolve("outside");
        Path target = dir.resolve("summary.json");
        plant(target, outside, plant);
        TreeSnapshot before = TreeSnapshot.of(outside);

        AtomicFiles.writeString(target, "written\n");

        TreeSnapshot now = TreeSnapshot.of(outside);

        assertEquals(before, now, () -> "nothing outside the directory changed:" + before.changesTo(now));
        assertTrue(Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS), "the link itself was replaced");
        assertEquals("written\n", Files.readString(target));
    }

    @Test
    void theTemporarySiblingHasAFreshUnguessableNameAndIsGoneAfterTheWrite() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AtomicFiles.write(dir.resolve("a.txt"), out -> {
                try (Stream<Path> s = Files.list(dir)) {
                    s.map(p -> p.getFileName().toString())
                            .filter(n -> !n.equals("a.txt"))
                            .forEach(seen::add);
                }
                out.write("x".getBytes(StandardCharsets.UTF_8));
            });
        }
        assertEquals(3, seen.size(), "one sibling per write: " + seen);
        assertEquals(3, seen.stream().distinct().count(), "a fresh name each time: " + seen);
        for (String name : seen) {
            assertTrue(AtomicFiles.isLeftover(name), name);
            assertFalse(name.contains(Long.toString(ProcessHandle.current().pid())), "no process id: " + name);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(
                    List.of("a.txt"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aWriteThatFailsLeavesNoTemporaryFileAndTheOldContent() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Path target = Files.writeString(dir.resolve("a.txt"), "old");
        assertThrows(
                IOException.class,
                () -> AtomicFiles.write(target, out -> {
                    out.write(1);
                    throw new IOException("disk full");
                }));
        assertEquals("old", Files.readString(target));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void theWrittenFileGetsTheSamePermissionsAsAnyNewFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path atomic = dir.resolve("atomic");
        AtomicFiles.writeString(atomic, "x");
        // umask-default, not the owner-only permissions of Files.createTempFile
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
    }

    @Test
    void leftoversOfKilledWritesAreDeletedAndNothingElse() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Path sub = Files.createDirectories(dir.resolve("figures"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        List<Path> leftovers = List.of(
                dir.resolve(AtomicFiles.temporaryName("report.html")),
                sub.resolve(AtomicFiles.temporaryName("fig8.png")),
                dir.resolve(".summary.json.4242.17.tmp"), // an older version's name
                sub.resolve(".fig9.svg.1.1.tmp"));
        for (Path p : leftovers) {
            Files.writeString(p, "torn");
        }
        List<Path> kept = new ArrayList<>(List.of(
                Files.writeString(dir.resolve("summary.json"), "{}"),
                Files.writeString(dir.resolve(".summary.json.tmp"), "not ours"),
                Files.writeString(dir.resolve("x.0123456789abcdef.bayesrg-tmp"), "no leading dot"),
                Files.createDirectory(dir.resolve(AtomicFiles.temporaryName("a-directory")))));
        Path link = dir.resolve(AtomicFiles.temporaryName("linked"));
        Files.createSymbolicLink(link, Files.writeString(outside.resolve("target"), "sentinel"));
        kept.add(link);
        TreeSnapshot.age(outside);
        TreeSnapshot before = TreeSnapshot.of(outside);

        assertEquals(leftovers.size(), AtomicFiles.deleteLeftovers(dir));

        for (Path p : leftovers) {
            assertFalse(Files.exists(p, LinkOption.NOFOLLOW_LINKS), p + " deleted");
        }
        for (Path p : kept) {
            assertTrue(Files.exists(p, LinkOption.NOFOLLOW_LINKS), p + " kept");
        }
        TreeSnapshot now = TreeSnapshot.of(outside);
        assertEquals(before, now, () -> "a link's target is never touched:" + before.changesTo(now));
        assertNotEquals(AtomicFiles.temporaryName("a"), AtomicFiles.temporaryName("a"));
    }
}
