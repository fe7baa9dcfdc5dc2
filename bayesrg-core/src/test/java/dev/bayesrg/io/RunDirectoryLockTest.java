package dev.bayesrg.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per run directory: a second run or resume is refused, not mixed in. */
class RunDirectoryLockTest {
    @TempDir
    Path tmp;

    @Test
    void secondRunStartedOnTheSameEmptyDirectoryIsRefused() throws Exception {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir);
        // both found it empty; the first to create the marker wins
        assertTrue(RunDirectory.whyUnusable(dir) == null);
        RunDirectory first = RunDirectory.create(dir);
        assertThrows(RunDirectory.InUseException.class, () -> RunDirectory.start(dir));
        first.release();
    }

    @Test
    void resumeWhileAnotherWriterHoldsTheDirectoryIsRefusedAndAllowedOnceItLetsGo() throws Exception {
        Path dir = tmp.resolve("run");
        RunDirectory writer = RunDirectory.create(dir);
        assertThrows(RunDirectory.InUseException.class, () -> RunDirectory.existing(dir));
        writer.release(); // as the operating system does when the writer dies
        RunDirectory resumed = RunDirectory.existing(dir);
        assertThrows(RunDirectory.InUseException.class, () -> RunDirectory.existing(dir));
        resumed.markComplete();
        assertFalse(Files.exists(dir.resolve(RunDirectory.INCOMPLETE)));
        assertFalse(Files.exists(dir.resolve(RunDirectory.LOCK)), "a finished run leaves no lock file");
    }
}
