package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.SMALL;
import static dev.bayesrg.cli.CliHarness.args;
import static dev.bayesrg.cli.CliHarness.bayesrg;
import static dev.bayesrg.cli.CliHarness.listing;
import static dev.bayesrg.cli.CliHarness.runSmall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.cli.CliHarness.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --out must be new or empty: a run never mixes its files with others' (SPEC A.4). */
class OutDirectoryTest {
    @TempDir
    Path tmp;

    private Path occupiedDirectory() throws IOException {
        Path dir = tmp.resolve("occupied");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("keep.txt"), "precious\n");
        Files.writeString(dir.resolve("summary.json"), "{\"mine\": true}\n");
        Files.writeString(dir.resolve("sub/data.csv"), "1,2,3\n");
        Files.setLastModifiedTime(dir.resolve("keep.txt"), FileTime.fromMillis(1_000_000_000_000L));
        return dir;
    }

    private Result runInto(Path out) {
        return bayesrg(args(List.of("run"), SMALL, List.of("--quiet", "--out", out.toString())));
    }

    @Test
    void nonEmptyOutDirectoryFailsWithClearMessageAndLeavesItsFilesUntouched() throws IOException {
        Path dir = occupiedDirectory();
        List<String> before = listing(dir);
        Result r = runInto(dir);

        assertNotEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains(dir.toString()), () -> "the message names the directory: " + r);
        assertTrue(r.err().contains("not empty"), () -> "the message says why: " + r);
        assertTrue(r.err().contains("--out"), () -> "the message names the flag: " + r);
        assertFalse(r.err().contains("\tat "), () -> "no stack trace: " + r);
        assertEquals("", r.out().strip());

        assertEquals(before, listing(dir), "no file added to or removed from the occupied directory");
        assertEquals(List.of("data.csv"), listing(dir.resolve("sub")));
        assertEquals("precious\n", Files.readString(dir.resolve("keep.txt")));
        assertEquals("{\"mine\": true}\n", Files.readString(dir.resolve("summary.json")));
        assertEquals("1,2,3\n", Files.readString(dir.resolve("sub/data.csv")));
        assertEquals(FileTime.fromMillis(1_000_000_000_000L), Files.getLastModifiedTime(dir.resolve("keep.txt")));
    }

    /**
     * An occupied --out is a usage error detected before any work starts, so by SPEC A.2 it is exit
     * code 2 with a one-line message, like every other bad flag — not exit 1 "failed" with a hint to
     * enable stack traces.
     */
    @Test
    void nonEmptyOutDirectoryIsBadInputExitTwoWithOneLine() throws IOException {
        Result r = runInto(occupiedDirectory());
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(1, InvalidInputTest.messageLines(r).size(), r::toString);
    }

    @Test
    void outPointingAtAnExistingFileFailsAndLeavesTheFileUntouched() throws IOException {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a directory\n");
        Result r = runInto(file);
        assertNotEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains(file.toString()), r::toString);
        assertEquals("not a directory\n", Files.readString(file));
    }

    /**
     * An --out the file system will not create (under a regular file, under /proc) is not reported
     * as a bare path: the line says what is wrong with it and what to give instead.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"under-a-file", "/proc/bayesrg-forbidden"})
    void anOutDirectoryThatCannotBeCreatedIsExplainedNotJustNamed(String where) throws IOException {
        Path out;
        if (where.equals("under-a-file")) {
            Path file = tmp.resolve("a-file");
            Files.writeString(file, "not a directory\n");
            out = file.resolve("run");
        } else {
            out = Path.of(where);
        }
        Result r = runInto(out);
        assertNotEquals(0, r.exitCode(), r::toString);
        String first =
                r.err().lines().filter(l -> l.startsWith("run: ")).findFirst().orElse("");
        assertTrue(first.contains(where.startsWith("/") ? where : "a-file"), r::toString);
        assertTrue(first.contains("; "), () -> "the line says what to do, not only the path: " + r);
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    @Test
    void existingEmptyOutDirectoryIsAccepted() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        runSmall(dir);
        assertTrue(Files.exists(dir.resolve("summary.json")));
        assertFalse(Files.exists(dir.resolve("INCOMPLETE")));
    }

    @Test
    void missingParentDirectoriesOfOutAreCreated() throws IOException {
        Path dir = tmp.resolve("a/b/c/run");
        runSmall(dir);
        assertTrue(Files.exists(dir.resolve("summary.json")));
    }

    @Test
    void finishedRunDirectoryCannotBeReusedByASecondRun() throws IOException {
        Path dir = tmp.resolve("once");
        runSmall(dir);
        byte[] summary = Files.readAllBytes(dir.resolve("summary.json"));
        List<String> before = listing(dir);
        Result r = runInto(dir);
        assertNotEquals(0, r.exitCode(), r::toString);
        assertEquals(before, listing(dir));
        assertEquals(
                new String(summary, java.nio.charset.StandardCharsets.UTF_8),
                Files.readString(dir.resolve("summary.json")));
    }
}
