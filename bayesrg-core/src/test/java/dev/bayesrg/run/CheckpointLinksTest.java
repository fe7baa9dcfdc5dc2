package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bayesrg.io.TreeSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A resume cuts the checkpoint's torn tail and appends to it: never through a symbolic link planted
 * at its name, whatever it points to, so that no file elsewhere is truncated, extended or created.
 */
class CheckpointLinksTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "intact length {0}, link target exists {1}")
    @CsvSource({"0, true", "5, true", "0, false", "5, false"})
    void aCheckpointThatIsASymbolicLinkIsRefusedAndItsTargetUntouched(long intactLength, boolean targetExists)
            throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path target = outside.resolve("precious");
        if (targetExists) {
            Files.writeString(target, "bytes that are not a checkpoint\n");
        }
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.createSymbolicLink(dir.resolve(Checkpoint.FILE), target);
        TreeSnapshot.age(outside);
        TreeSnapshot before = TreeSnapshot.of(outside);

        assertThrows(
                IOException.class,
                () -> Checkpoint.append(dir.resolve(Checkpoint.FILE), intactLength, "0".repeat(64))
                        .close());

        TreeSnapshot now = TreeSnapshot.of(outside);
        assertEquals(before, now, () -> "nothing outside the run directory changed:" + before.changesTo(now));
    }
}
