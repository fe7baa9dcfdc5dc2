package dev.bayesrg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writers of an existing run directory — a resume, a report, nnft/ — hold it one at a time,
 * leave a finished one as they found it plus their files, clear the temporary files of writes
 * killed midway only while they hold it, and refuse a directory that is or holds a link before
 * writing anything.
 */
class RunDirectoryUpdateTest {
    @TempDir
    Path tmp;

    /** A finished run directory in miniature: files at the top, in figures/ and in nnft/. */
    private Path finishedRun() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(dir.resolve("summary.json"), "{}");
        Files.writeString(dir.resolve("report.html"), "<html>");
        Files.writeString(Files.createDirectories(dir.resolve("figures")).resolve("fig8.png"), "png");
        Files.writeString(Files.createDirectories(dir.resolve("nnft")).resolve("snapshots.json"), "{}");
        return dir;
    }

    /** An unfinished one: marked, locked by a run that has since stopped, with a checkpoint. */
    private Path unfinishedRun() throws IOException {
        Path dir = finishedRun();
        RunDirectory.create(dir.resolve("unfinished")).release();
        Path unfinished = dir.resolve("unfinished");
        Files.writeString(unfinished.resolve("members.checkpoint"), "records");
        return unfinished;
    }

    @Test
    void anUpdateOfAFinishedDirectoryIsExclusiveAndLeavesItsFilesAsTheyWere() throws IOException {
        Path dir = finishedRun();
        TreeSnapshot before = TreeSnapshot.of(dir);
        RunDirectory first = RunDirectory.forUpdate(dir);
        assertThrows(RunDirectory.InUseException.class, () -> RunDirectory.forUpdate(dir));
        assertThrows(RunDirectory.InUseException.class, () -> RunDirectory.existing(dir));
        first.endUpdate();
        assertEquals(before.entries().keySet(), TreeSnapshot.of(dir).entries().keySet(), "no lock file left");
        RunDirectory.forUpdate(dir).endUpdate(); // free again
    }

    @Test
    void anUpdateOfAnUnfinishedDirectoryKeepsItsMarkerAndLockFile() throws IOException {
        Path dir = unfinishedRun();
        List<String> before = new ArrayList<>(TreeSnapshot.of(dir).entries().keySet());
        RunDirectory update = RunDirectory.forUpdate(dir);
        assertThrows(RunDirectory.InUseException.class, () -> RunDirectory.existing(dir));
        update.endUpdate();
        assertEquals(before, new ArrayList<>(TreeSnapshot.of(dir).entries().keySet()));
        assertTrue(Files.exists(dir.resolve(RunDirectory.LOCK)));
    }

    @Test
    void aLockFileItsHolderRemovedIsKnownAsSuchToWhoeverOpenedItBefore() throws IOException {
        Path dir = finishedRun();
        Path lockFile = dir.resolve(RunDirectory.LOCK);
        RunDirectory holder = RunDirectory.forUpdate(dir);
        // a second writer opens the lock file, then the holder finishes before it tries the lock
        try (FileChannel late = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            holder.endUpdate();
            FileLock lock = late.tryLock();
            assertNotNull(lock, "the unlinked file is free to lock");
            assertTrue(RunDirectory.orphaned(lockFile, late), "but locking it holds nothing");
            // the directory's lock is the file now at the name
            RunDirectory next = RunDirectory.forUpdate(dir);
            try (FileChannel current = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                assertFalse(RunDirectory.orphaned(lockFile, current));
            }
            next.endUpdate();
        }
        assertFalse(Files.exists(lockFile));
    }

    @Test
    void leftoversOfKilledWritesAreDeletedOnlyByTheDirectorysHolder() throws IOException {
        Path dir = finishedRun();
        Path stale = dir.resolve("figures").resolve(AtomicFiles.temporaryName("fig8.png"));
        Files.writeString(stale, "torn by a kill");
        RunDirectory holder = RunDirectory.forUpdate(dir);
        assertFalse(Files.exists(stale), "deleted once the directory is held");
        Path live = dir.resolve(AtomicFiles.temporaryName("report.html"));
        Files.writeString(live, "the holder's write under way");
        assertThrows(RunDirectory.InUseException.class, () -> RunDirectory.forUpdate(dir));
        assertTrue(Files.exists(live), "a writer refused the directory deletes nothing");
        holder.endUpdate();
        RunDirectory.forUpdate(dir).endUpdate();
        assertFalse(Files.exists(live), "deleted by the next holder");
    }

    static Stream<Arguments> plantedSymlinks() {
        List<Arguments> cases = new ArrayList<>();
        for (String entry : List.of(
                "",
                "summary.json",
                "report.html",
                "figures",
                "figures/fig8.png",
                "nnft",
                "nnft/snapshots.json",
                "nnft/kernels.npy",
                RunDirectory.LOCK,
                "members.checkpoint",
                RunDirectory.INCOMPLETE)) {
            for (boolean dangling : new boolean[] {false, true}) {
                for (boolean resume : new boolean[] {false, true}) {
                    cases.add(Arguments.of(entry, dangling, resume));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "link at ''{0}'', dangling {1}, resume {2}")
    @MethodSource("plantedSymlinks")
    void aDirectoryThatIsOrHoldsASymbolicLinkIsRefusedBeforeAnythingIsWritten(
            String entry, boolean dangling, boolean resume) throws IOException {
        Path dir = finishedRun();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path link = entry.isEmpty() ? dir : dir.resolve(entry);
        Path target = outside.resolve("target");
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(link, target); // the entry moved out: the directory reads the same through the link
        }
        if (dangling) {
            deleteTree(target);
        }
        Files.createSymbolicLink(link, target);
        TreeSnapshot.age(tmp);
        TreeSnapshot before = TreeSnapshot.of(tmp);

        RunDirectory.LinkException e = assertThrows(
                RunDirectory.LinkException.class,
                () -> (resume ? RunDirectory.existing(dir) : RunDirectory.forUpdate(dir)).endUpdate());

        assertEquals(link, e.link());
        assertEquals(
                link + " is a symbolic link; bayesrg does not write through links in a run directory", e.getMessage());
        TreeSnapshot now = TreeSnapshot.of(tmp);
        assertEquals(before, now, () -> "nothing written, inside or out:" + before.changesTo(now));
    }

    @ParameterizedTest(name = "hard link at {0}")
    @ValueSource(strings = {RunDirectory.LOCK, "members.checkpoint"})
    void aSecondHardLinkToAFileWrittenInPlaceIsRefused(String name) throws IOException {
        Path dir = unfinishedRun();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.deleteIfExists(dir.resolve(name));
        Files.createLink(dir.resolve(name), Files.writeString(outside.resolve("target"), ""));
        TreeSnapshot.age(tmp);
        TreeSnapshot before = TreeSnapshot.of(tmp);

        RunDirectory.LinkException e = assertThrows(RunDirectory.LinkException.class, () -> RunDirectory.existing(dir));

        assertEquals(dir.resolve(name), e.link());
        assertEquals("has another hard link; bayesrg does not write through links in a run directory", e.detail());
        TreeSnapshot now = TreeSnapshot.of(tmp);
        assertEquals(before, now, () -> "nothing changed:" + before.changesTo(now));
    }

    @Test
    void aHardLinkToAFileReplacedByRenameIsNoDanger() throws IOException {
        Path dir = finishedRun();
        Files.createLink(tmp.resolve("elsewhere.json"), dir.resolve("summary.json"));
        RunDirectory.forUpdate(dir).endUpdate();
    }

    @Test
    void aNewRunDirectoryThatIsASymbolicLinkIsUnusable() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("outside/empty"));
        Path out = Files.createSymbolicLink(tmp.resolve("out"), empty);
        assertEquals(
                out + " is a symbolic link; bayesrg does not write through links in a run directory",
                RunDirectory.whyUnusable(out));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
