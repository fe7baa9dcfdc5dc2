package dev.bayesrg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shards that write their rows of one array in place, in any order, in pieces and twice, leave the
 * file that writing the whole array at once leaves.
 */
class NpyScatterTest {
    private static final int ROWS = 7;
    private static final int[] ROW_SHAPE = {2, 3};
    private static final int SHARDS = 3;

    @TempDir
    Path dir;

    /** The whole array [7, 2, 3], row r filled with r + (its position) / 100. */
    private static double[] whole() {
        double[] values = new double[ROWS * 6];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.floorDiv(i, 6) + (i % 6) / 100.0; // row index, then position in the row
        }
        return values;
    }

    /** Rows s, s + 3, … of the whole array: shard s of 3. */
    private static int[] rowsOf(int shard) {
        int n = (ROWS - shard + SHARDS - 1) / SHARDS;
        int[] rows = new int[n];
        for (int k = 0; k < n; k++) {
            rows[k] = shard + k * SHARDS;
        }
        return rows;
    }

    /** The shard's rows as Npy writes them, a .npy array of its own. */
    private static byte[] shardArray(int[] rows) throws IOException {
        double[] all = whole();
        double[] mine = new double[rows.length * 6];
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(all, rows[k] * 6, mine, k * 6, 6);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, mine, rows.length, ROW_SHAPE[0], ROW_SHAPE[1]);
        return out.toByteArray();
    }

    /** Feeds {@code bytes} to a scatter into {@code file} in random pieces (1 to 40 bytes). */
    private static void place(Path file, int[] rows, byte[] bytes, Random pieces) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                NpyScatter out = new NpyScatter(channel, file, ROWS, rows)) {
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + pieces.nextInt(40));
                out.write(bytes, at, n);
                at += n;
            }
        }
    }

    @Test
    void shardsWritingTheirRowsInAnyOrderInPiecesAndTwiceLeaveTheWholeArraysFile() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Npy.write(expected, whole(), ROWS, ROW_SHAPE[0], ROW_SHAPE[1]);
        Path file = dir.resolve("a.npy");
        Random pieces = new Random(1);
        for (int shard : new int[] {2, 0, 1, 0}) { // shard 0 retried: it writes the same bytes again
            place(file, rowsOf(shard), shardArray(rowsOf(shard)), pieces);
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    }

    @Test
    void aShardWithoutRowsWritesNothing() throws IOException {
        Path file = dir.resolve("empty.npy");
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        Npy.write(none, new double[0], 0, 0); // an empty shard's loss curves: no row shape to go by
        place(file, new int[0], none.toByteArray(), new Random(2));
        assertEquals(0, Files.size(file));
    }

    @Test
    void rowsFewerOrMoreThanTheShardsAreRefused() throws IOException {
        byte[] shard0 = shardArray(rowsOf(0));
        Path file = dir.resolve("short.npy");
        // the header promises three rows; two and a half come
        byte[] cut = java.util.Arrays.copyOf(shard0, shard0.length - 6 * 8 + 8);
        IOException fewer = assertThrows(IOException.class, () -> place(file, rowsOf(0), cut, new Random(3)));
        assertEquals(file + ": fed 2 whole rows, expected 3", fewer.getMessage());
        // a shard array of three rows fed to a scatter of two
        IOException other = assertThrows(IOException.class, () -> place(file, new int[] {0, 3}, shard0, new Random(4)));
        assertEquals(file + ": fed shape [3, 2, 3], expected 2 rows", other.getMessage());
    }
}
