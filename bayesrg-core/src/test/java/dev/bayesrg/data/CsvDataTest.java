package dev.bayesrg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict CSV reader: rows x0..x{d-1},y; errors located as file:line:column. */
class CsvDataTest {
    @TempDir
    Path dir;

    private Path write(String content) throws Exception {
        Path f = dir.resolve("data.csv");
        Files.writeString(f, content);
        return f;
    }

    private ConfigException fails(String content, int dimension) throws Exception {
        Path f = write(content);
        return assertThrows(ConfigException.class, () -> CsvData.read(f, dimension));
    }

    @Test
    void headerRowIsSkippedAndValuesParsed() throws Exception {
        Dataset d = CsvData.read(write("x0,x1,y\n1,2,3\n-4.5,1e-3,6\n"), 2);
        assertEquals(2, d.size());
        assertEquals(2, d.dimension());
        assertArrayEquals(new double[] {1, 2}, d.inputs()[0]);
        assertArrayEquals(new double[] {-4.5, 1e-3}, d.inputs()[1]);
        assertArrayEquals(new double[] {3, 6}, d.targets());
    }

    @Test
    void fileWithoutHeaderKeepsItsFirstRow() throws Exception {
        Dataset d = CsvData.read(write("1,2,3\n4,5,6\n"), 2);
        assertEquals(2, d.size());
        assertArrayEquals(new double[] {1, 2}, d.inputs()[0]);
    }

    @Test
    void blankLinesCommentsAndSurroundingSpacesAreIgnored() throws Exception {
        Dataset d = CsvData.read(write("# comment\n\nx,y\n  1.5 , 2.5 \n\n# another\n3,4\n"), 1);
        assertEquals(2, d.size());
        assertArrayEquals(new double[] {1.5, 3}, new double[] {d.inputs()[0][0], d.inputs()[1][0]});
        assertArrayEquals(new double[] {2.5, 4}, d.targets());
    }

    @Test
    void windowsLineEndingsAreAccepted() throws Exception {
        Dataset d = CsvData.read(write("x0,y\r\n1,2\r\n3,4\r\n"), 1);
        assertArrayEquals(new double[] {2, 4}, d.targets());
    }

    @Test
    void malformedCellIsReportedAsFileLineColumn() throws Exception {
        Path f = write("x0,x1,y\n1,2,3\n4,abc,6\n");
        ConfigException e = assertThrows(ConfigException.class, () -> CsvData.read(f, 2));
        assertEquals(f + ":3:3", e.field());
        assertTrue(e.getMessage().contains("'abc'"), e.getMessage());
    }

    @Test
    void malformedCellLineCountsCommentAndBlankLines() throws Exception {
        Path f = write("# header comment\n\n1,2,3\n10,20,x\n");
        ConfigException e = assertThrows(ConfigException.class, () -> CsvData.read(f, 2));
        assertEquals(f + ":4:7", e.field());
    }

    @Test
    void malformedCellColumnCountsFromTheStartOfTheLineIncludingIndentation() throws Exception {
        // "  4,abc,6": 'abc' starts at column 5 of the line as it is in the file
        Path f = write("1,2,3\n  4,abc,6\n");
        ConfigException e = assertThrows(ConfigException.class, () -> CsvData.read(f, 2));
        assertEquals(f + ":2:5", e.field());
    }

    @Test
    void emptyCellIsMalformed() throws Exception {
        Path f = write("1,,3\n");
        ConfigException e = assertThrows(ConfigException.class, () -> CsvData.read(f, 2));
        assertEquals(f + ":1:3", e.field());
    }

    @Test
    void nonFiniteCellIsRejectedWithItsLocation() throws Exception {
        Path f = write("1,2,3\n1,NaN,3\n");
        ConfigException e = assertThrows(ConfigException.class, () -> CsvData.read(f, 2));
        assertEquals(f + ":2:3", e.field());
        Path g = write("1,2,Infinity\n");
        ConfigException e2 = assertThrows(ConfigException.class, () -> CsvData.read(g, 2));
        assertEquals(g + ":1:5", e2.field());
    }

    @Test
    void wrongColumnCountIsReportedWithFileAndLine() throws Exception {
        Path f = write("1,2,3\n4,5\n");
        ConfigException e = assertThrows(ConfigException.class, () -> CsvData.read(f, 2));
        assertEquals(f + ":2", e.field());
    }

    @Test
    void headerWithWrongColumnCountIsRejected() throws Exception {
        Path f = write("x0,y\n1,2,3\n");
        ConfigException e = assertThrows(ConfigException.class, () -> CsvData.read(f, 2));
        assertEquals(f + ":1", e.field());
    }

    @Test
    void textRowAfterTheFirstDataRowIsNotAHeader() throws Exception {
        ConfigException e = fails("1,2,3\nx0,x1,y\n", 2);
        assertTrue(e.field().endsWith(":2:1"), e.field());
    }

    @Test
    void missingFileNamesTheDataCsvField() {
        ConfigException e = assertThrows(ConfigException.class, () -> CsvData.read(dir.resolve("none.csv"), 2));
        assertEquals("data.csv", e.field());
    }

    @Test
    void byteOrderMarkWithoutHeaderKeepsTheFirstRow() throws Exception {
        Dataset d = CsvData.read(write("\uFEFF1,2,3\n4,5,6\n"), 2);
        assertEquals(2, d.size());
        assertEquals(3.0, d.targets()[0], 0.0);
    }

    @Test
    void javaOnlyNumberSpellingsAreRefusedNamingTheCell() throws Exception {
        for (String cell : java.util.List.of("1d", "2f", "0x1p3", "7L")) {
            Path f = write("1,2,3\n4," + cell + ",6\n");
            dev.bayesrg.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.bayesrg.config.ConfigException.class, () -> CsvData.read(f, 2), cell);
            assertEquals(f + ":2:3", e.field(), cell);
        }
    }
}
