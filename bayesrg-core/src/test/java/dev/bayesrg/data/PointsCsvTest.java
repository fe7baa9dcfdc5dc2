package dev.bayesrg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bayesrg.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointsCsvTest {
    @TempDir
    Path tmp;

    private Path file(String text) throws Exception {
        Path f = tmp.resolve("points.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void headerAndBlankLinesAreSkippedAndNumbersComeBackExactly() throws Exception {
        double[][] p = PointsCsv.read(file("x0,x1\n\n0.1,-2e-3\n 1 , 2 \n"), 10);
        assertArrayEquals(new double[][] {{0.1, -2e-3}, {1, 2}}, p);
    }

    @Test
    void defectsAreNamedByFileLineAndColumn() throws Exception {
        Path ragged = file("1,2\n3\n");
        ConfigException e = assertThrows(ConfigException.class, () -> PointsCsv.read(ragged, 10));
        assertEquals(ragged + ":2", e.field());
        Path word = file("1,2\n3,abc\n");
        assertEquals(
                word + ":2:2",
                assertThrows(ConfigException.class, () -> PointsCsv.read(word, 10))
                        .field());
        Path infinite = file("1,Infinity\n");
        assertEquals(
                infinite + ":1:2",
                assertThrows(ConfigException.class, () -> PointsCsv.read(infinite, 10))
                        .field());
    }

    @Test
    void missingEmptyOrOversizedFileIsNamedByTheFile() throws Exception {
        Path missing = tmp.resolve("none.csv");
        ConfigException e = assertThrows(ConfigException.class, () -> PointsCsv.read(missing, 10));
        assertEquals(missing.toString(), e.field());
        assertEquals("does not exist", e.detail());
        Path header = file("a,b\n");
        assertEquals(
                "has no data rows",
                assertThrows(ConfigException.class, () -> PointsCsv.read(header, 10))
                        .detail());
        Path three = file("1\n2\n3\n");
        assertEquals(
                "has 3 points, at most 2 allowed",
                assertThrows(ConfigException.class, () -> PointsCsv.read(three, 2))
                        .detail());
    }

    @Test
    void javaOnlyNumberSpellingsAreRefusedAndAByteOrderMarkKeepsTheFirstRow() throws Exception {
        for (String cell : java.util.List.of("1d", "2f", "0x1p3", "1_0", "3D", " ")) {
            Path f = file("1,2\n3," + cell + "\n");
            ConfigException e = assertThrows(ConfigException.class, () -> PointsCsv.read(f, 10), cell);
            assertEquals(f + ":2:2", e.field(), cell);
        }
        // exported by a spreadsheet: a BOM and no header; the first row is data, not a header
        Path bom = file("\uFEFF1.5,2\n3,4e-1\n");
        assertArrayEquals(new double[][] {{1.5, 2}, {3, 0.4}}, PointsCsv.read(bom, 10));
    }
}
