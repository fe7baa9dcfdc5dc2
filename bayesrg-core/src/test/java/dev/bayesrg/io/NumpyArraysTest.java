package dev.bayesrg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NumPy arrays of a directory written by another program, read back against values known
 * independently: the bytes are written here from the format's specification ({@link NumpyWriter}),
 * float32 values must widen exactly ({@code (double) f}), big-endian bytes must decode to the same
 * numbers, Fortran order must come out in C order as an explicit index formula places it, and the
 * sequential, random and whole reads must agree row for row, in {@code .npy} files and in stored or
 * deflated {@code .npz} entries. Malformed input is an IOException naming the file in one line.
 */
class NumpyArraysTest {
    @TempDir
    Path dir;

    /** Where the arrays live: an own {@code .npy} file, or a {@code .npz} entry stored or deflated. */
    enum Container {
        NPY,
        NPZ_STORED,
        NPZ_DEFLATED
    }

    private void write(Container container, String name, byte[] bytes) throws IOException {
        switch (container) {
            case NPY -> Files.write(dir.resolve(name + ".npy"), bytes);
            case NPZ_STORED -> NumpyWriter.npz(dir.resolve("arrays.npz"), Map.of(name + ".npy", bytes), false);
            case NPZ_DEFLATED -> NumpyWriter.npz(dir.resolve("arrays.npz"), Map.of(name + ".npy", bytes), true);
        }
    }

    static Stream<Arguments> formats() {
        List<Arguments> all = new ArrayList<>();
        for (String descr : List.of("<f8", ">f8", "<f4", ">f4")) {
            for (boolean fortran : new boolean[] {false, true}) {
                for (int version = 1; version <= 3; version++) {
                    for (Container container : Container.values()) {
                        all.add(Arguments.of(descr, fortran, version, container));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} fortran={1} v{2} {3}")
    @MethodSource("formats")
    void everyDtypeOrderVersionAndContainerReadsAsFloat64InCOrder(
            String descr, boolean fortran, int version, Container container) throws IOException {
        int[] shape = {3, 2, 5};
        double[] values =
                new Random(descr.hashCode() * 31L + version).doubles(30, -4, 4).toArray();
        write(container, "w", NumpyWriter.npy(descr, fortran, version, shape, values));
        double[] expected = descr.endsWith("4") ? widened(values) : values;

        try (NumpyArrays arrays = NumpyArrays.open(dir)) {
            assertEquals(List.of("w"), arrays.names());
            NumpyArrays.Entry entry = arrays.find("w").orElseThrow();
            assertArrayEquals(shape, entry.shape());
            assertEquals(descr, entry.dtype());
            assertEquals(fortran, entry.fortranOrder());
            assertEquals(3, entry.rows());
            assertEquals(10, entry.rowLength());
            assertBitsEqual(expected, arrays.readAll("w"));
            assertRowsAgree(arrays, "w", expected, 3, 10);
        }
    }

    /** The rows read in order, at random (last row first), and whole, all equal to {@code expected}. */
    private static void assertRowsAgree(NumpyArrays arrays, String name, double[] expected, int rows, int rowLength)
            throws IOException {
        double[] row = new double[rowLength];
        try (NumpyArrays.RowReader reader = arrays.rows(name)) {
            for (int r = 0; r < rows; r++) {
                reader.next(row);
                assertBitsEqual(Arrays.copyOfRange(expected, r * rowLength, (r + 1) * rowLength), row);
            }
        }
        NumpyArrays.RandomRows random = arrays.randomRows(name);
        for (int r = rows - 1; r >= 0; r--) {
            double[] at = new double[rowLength];
            random.read(r, at);
            assertBitsEqual(Arrays.copyOfRange(expected, r * rowLength, (r + 1) * rowLength), at);
        }
    }

    private static double[] widened(double[] values) {
        double[] w = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            w[i] = (double) (float) values[i];
        }
        return w;
    }

    private static void assertBitsEqual(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(
                    Double.doubleToRawLongBits(expected[i]),
                    Double.doubleToRawLongBits(actual[i]),
                    "value " + i + ": expected " + expected[i] + ", got " + actual[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"<f4", ">f4"})
    void float32ValuesWidenExactlyEvenAtTheEdgesOfTheirRange(String descr) throws IOException {
        float[] floats = {
            0.1f,
            -1f / 3,
            -0.0f,
            Float.MIN_VALUE,
            Float.MIN_NORMAL,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            16_777_215f,
            3.4e-40f
        };
        // the bytes written by hand from the float's bits, not through a double
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(NumpyWriter.header(1, NumpyWriter.dict(descr, false, floats.length)));
        for (float f : floats) {
            int bits = Float.floatToRawIntBits(f);
            for (int b = 0; b < 4; b++) {
                bytes.write((bits >>> (8 * (descr.startsWith("<") ? b : 3 - b))) & 0xff);
            }
        }
        Files.write(dir.resolve("f.npy"), bytes.toByteArray());
        double[] expected = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            expected[i] = floats[i];
        }
        try (NumpyArrays arrays = NumpyArrays.open(dir)) {
            assertBitsEqual(expected, arrays.readAll("f"));
        }
    }

    @Test
    void bigEndianFloat64DecodesToTheSameNumbersAsLittleEndian() throws IOException {
        double[] values = {Math.PI, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, -2.5};
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        big.writeBytes(NumpyWriter.header(1, NumpyWriter.dict(">f8", false, values.length)));
        for (double v : values) {
            long bits = Double.doubleToRawLongBits(v);
            for (int b = 7; b >= 0; b--) {
                big.write((int) (bits >>> (8 * b)) & 0xff); // most significant byte first
            }
        }
        Files.write(dir.resolve("big.npy"), big.toByteArray());
        Files.write(dir.resolve("little.npy"), NumpyWriter.npy(new int[] {values.length}, values));
        try (NumpyArrays arrays = NumpyArrays.open(dir)) {
            assertBitsEqual(values, arrays.readAll("big"));
            assertBitsEqual(arrays.readAll("little"), arrays.readAll("big"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void aFortranOrderArrayOfShape234ComesOutInCOrder(Container container) throws IOException {
        // value(i, j, k) = 100 i + 10 j + k, written with the first index fastest (Fortran order)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(NumpyWriter.header(1, NumpyWriter.dict("<f8", true, 2, 3, 4)));
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 3; j++) {
                for (int i = 0; i < 2; i++) {
                    bytes.writeBytes(NumpyWriter.encode("<f8", 100 * i + 10 * j + k));
                }
            }
        }
        write(container, "t", bytes.toByteArray());
        double[] expected = new double[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    expected[(i * 3 + j) * 4 + k] = 100 * i + 10 * j + k; // C order: the last index fastest
                }
            }
        }
        try (NumpyArrays arrays = NumpyArrays.open(dir)) {
            assertBitsEqual(expected, arrays.readAll("t"));
            assertRowsAgree(arrays, "t", expected, 2, 12);
        }
    }

    static Stream<Container> containers() {
        return Stream.of(Container.values());
    }

    @Test
    void scalarsVectorsAndEmptyArraysHaveRowsAsTheirFirstDimension() throws IOException {
        Files.write(dir.resolve("scalar.npy"), NumpyWriter.npy(new int[0], new double[] {7.5}));
        Files.write(dir.resolve("vector.npy"), NumpyWriter.npy(new int[] {4}, new double[] {1, 2, 3, 4}));
        Files.write(dir.resolve("empty.npy"), NumpyWriter.npy(new int[] {0, 3}, new double[0]));
        try (NumpyArrays arrays = NumpyArrays.open(dir)) {
            assertEquals(List.of("empty", "scalar", "vector"), arrays.names());
            assertEquals(1, arrays.find("scalar").orElseThrow().rows());
            assertBitsEqual(new double[] {7.5}, arrays.readAll("scalar"));
            assertEquals(4, arrays.find("vector").orElseThrow().rows());
            assertEquals(1, arrays.find("vector").orElseThrow().rowLength());
            assertRowsAgree(arrays, "vector", new double[] {1, 2, 3, 4}, 4, 1);
            assertEquals(0, arrays.readAll("empty").length);
            assertTrue(arrays.find("missing").isEmpty());
        }
    }

    @Test
    void anArchiveEntryIsFoundWithOrWithoutItsNpySuffixAndBesideOwnFiles() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a.npy", NumpyWriter.npy(new int[] {2}, new double[] {1, 2}));
        entries.put("b", NumpyWriter.npy(">f4", false, 2, new int[] {1, 2}, new double[] {0.5, -0.25}));
        NumpyWriter.npz(dir.resolve("one.npz"), entries, true);
        Files.write(dir.resolve("c.npy"), NumpyWriter.npy(new int[] {1}, new double[] {3}));
        Files.writeString(dir.resolve("ensemble.json"), "{}"); // other files are not arrays
        try (NumpyArrays arrays = NumpyArrays.open(dir)) {
            assertEquals(List.of("a", "b", "c"), arrays.names());
            assertBitsEqual(new double[] {1, 2}, arrays.readAll("a"));
            assertBitsEqual(new double[] {0.5, -0.25}, arrays.readAll("b"));
            assertTrue(arrays.find("a").orElseThrow().origin().endsWith("one.npz:a.npy"));
        }
    }

    // ---- malformed input: an IOException naming the file, in one line ----

    /**
     * Opens {@link #dir} and reads every array every way; the IOException that must come, checked to
     * be one line naming {@code file}.
     */
    private IOException failure(String file) {
        IOException e = assertThrows(IOException.class, () -> {
            try (NumpyArrays arrays = NumpyArrays.open(dir)) {
                for (String name : arrays.names()) {
                    NumpyArrays.Entry entry = arrays.find(name).orElseThrow();
                    double[] row = new double[(int) entry.rowLength()];
                    try (NumpyArrays.RowReader rows = arrays.rows(name)) {
                        for (int r = 0; r < entry.rows(); r++) {
                            rows.next(row);
                        }
                    }
                    arrays.readAll(name);
                    NumpyArrays.RandomRows random = arrays.randomRows(name);
                    for (int r = 0; r < entry.rows(); r++) {
                        random.read(r, row);
                    }
                }
            }
        });
        assertOneLineNaming(e.getMessage(), file);
        return e;
    }

    static void assertOneLineNaming(String message, String file) {
        assertTrue(message.contains(file), () -> "the message names " + file + ": " + message);
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "one line: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"<i8", "<f2", "|b1", "|O", "<c16", "<U3", "|u1", "<f16"})
    void anUnsupportedDtypeIsRefusedNamingTheFileAndTheDtype(String descr) throws IOException {
        writeRaw("x.npy", NumpyWriter.dict(descr, false, 2), 16);
        IOException e = failure("x.npy");
        assertTrue(e.getMessage().contains(descr), e.getMessage());
    }

    @Test
    void anUnsupportedDtypeInAnArchiveIsRefusedNamingTheArchiveAndTheEntry() throws IOException {
        NumpyWriter.npz(dir.resolve("z.npz"), Map.of("x.npy", raw(NumpyWriter.dict("<i8", false, 2), 16)), true);
        IOException e = failure("z.npz:x.npy");
        assertTrue(e.getMessage().contains("<i8"), e.getMessage());
    }

    @Test
    void aStructuredDtypeIsRefusedNamingTheFile() throws IOException {
        writeRaw("s.npy", "{'descr': [('a', '<f8'), ('b', '<f8')], 'fortran_order': False, 'shape': (2,), }", 32);
        failure("s.npy");
    }

    @Test
    void aTruncatedFileIsRefusedNamingTheFile() throws IOException {
        byte[] whole = NumpyWriter.npy(new int[] {3, 2}, new double[] {1, 2, 3, 4, 5, 6});
        Files.write(dir.resolve("t.npy"), Arrays.copyOf(whole, whole.length - 8));
        assertTrue(failure("t.npy").getMessage().contains("truncated"));
    }

    @Test
    void aFileEndingInsideItsHeaderIsRefusedNamingTheFile() throws IOException {
        byte[] whole = NumpyWriter.npy(new int[] {3, 2}, new double[] {1, 2, 3, 4, 5, 6});
        Files.write(dir.resolve("h.npy"), Arrays.copyOf(whole, 30));
        failure("h.npy");
    }

    @Test
    void anEmptyFileIsRefusedNamingTheFile() throws IOException {
        Files.write(dir.resolve("e.npy"), new byte[0]);
        failure("e.npy");
    }

    @Test
    void trailingBytesAreRefusedNamingTheFile() throws IOException {
        byte[] whole = NumpyWriter.npy(new int[] {3, 2}, new double[] {1, 2, 3, 4, 5, 6});
        Files.write(dir.resolve("t.npy"), Arrays.copyOf(whole, whole.length + 8));
        assertTrue(failure("t.npy").getMessage().contains("trailing"));
    }

    @ParameterizedTest(name = "deflated={0}")
    @ValueSource(booleans = {false, true})
    void aTruncatedArchiveEntryIsRefusedNamingTheArchiveAndTheEntry(boolean deflated) throws IOException {
        byte[] whole = NumpyWriter.npy(new int[] {3, 2}, new double[] {1, 2, 3, 4, 5, 6});
        NumpyWriter.npz(dir.resolve("z.npz"), Map.of("t.npy", Arrays.copyOf(whole, whole.length - 3)), deflated);
        assertTrue(failure("z.npz:t.npy").getMessage().contains("truncated"));
    }

    @ParameterizedTest(name = "deflated={0}")
    @ValueSource(booleans = {false, true})
    void trailingBytesInAnArchiveEntryAreRefusedNamingTheArchiveAndTheEntry(boolean deflated) throws IOException {
        byte[] whole = NumpyWriter.npy(new int[] {3, 2}, new double[] {1, 2, 3, 4, 5, 6});
        NumpyWriter.npz(dir.resolve("z.npz"), Map.of("t.npy", Arrays.copyOf(whole, whole.length + 1)), deflated);
        assertTrue(failure("z.npz:t.npy").getMessage().contains("trailing"));
    }

    @Test
    void aFileWithoutTheNumpyMagicIsRefusedNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("m.npy"), "x,y\n1,2\n3,4\n");
        assertTrue(failure("m.npy").getMessage().contains("not a .npy"));
    }

    @Test
    void anArchiveEntryWithoutTheNumpyMagicIsRefusedNamingTheArchiveAndTheEntry() throws IOException {
        NumpyWriter.npz(dir.resolve("z.npz"), Map.of("m.npy", "just text".getBytes(StandardCharsets.US_ASCII)), false);
        failure("z.npz:m.npy");
    }

    @Test
    void aFormatVersionAfter3IsRefusedNamingTheFile() throws IOException {
        byte[] bytes = NumpyWriter.npy("<f8", false, 2, new int[] {1}, new double[] {1});
        bytes[6] = 4;
        Files.write(dir.resolve("v.npy"), bytes);
        assertTrue(failure("v.npy").getMessage().contains("version 4"));
    }

    /** A header without fortran_order and with line breaks inside; a dtype with a line break in it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{'descr': '<f8',\n'shape': (1,),\r\n}",
                "{'descr': '<f\n8', 'fortran_order': False, 'shape': (1,), }"
            })
    void aHeaderWithLineBreaksIsReportedInOneLine(String dict) throws IOException {
        writeRaw("b.npy", dict, 8);
        failure("b.npy");
    }

    /** A version-1 header of {@code dict}, then {@code valueBytes} zero bytes. */
    private static byte[] raw(String dict, int valueBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(NumpyWriter.header(1, dict));
        bytes.writeBytes(new byte[valueBytes]);
        return bytes.toByteArray();
    }

    /** {@link #raw} as {@code file}. */
    private void writeRaw(String file, String dict, int valueBytes) throws IOException {
        Files.write(dir.resolve(file), raw(dict, valueBytes));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"(-2,)", "(2, x)", "(3000000000,)"})
    void aShapeOfOtherThanNaturalNumbersIsRefusedNamingTheFile(String shape) throws IOException {
        writeRaw("s.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }", 16);
        failure("s.npy");
    }

    @Test
    void aNameFoundAsAFileAndAsAnArchiveEntryIsRefusedNamingBoth() throws IOException {
        byte[] a = NumpyWriter.npy(new int[] {1}, new double[] {1});
        Files.write(dir.resolve("a.npy"), a);
        NumpyWriter.npz(dir.resolve("z.npz"), Map.of("a.npy", a), false);
        IOException e = failure("a.npy");
        assertTrue(e.getMessage().contains("z.npz:a.npy") && e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void aNameFoundInTwoArchivesIsRefusedNamingBoth() throws IOException {
        byte[] a = NumpyWriter.npy(new int[] {1}, new double[] {1});
        NumpyWriter.npz(dir.resolve("y.npz"), Map.of("a.npy", a), true);
        NumpyWriter.npz(dir.resolve("z.npz"), Map.of("a.npy", a), false);
        IOException e = failure("y.npz:a.npy");
        assertTrue(e.getMessage().contains("z.npz:a.npy"), e.getMessage());
    }

    @Test
    void aNameFoundTwiceInOneArchiveWithAndWithoutSuffixIsRefused() throws IOException {
        byte[] a = NumpyWriter.npy(new int[] {1}, new double[] {1});
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a", a);
        entries.put("a.npy", a);
        NumpyWriter.npz(dir.resolve("z.npz"), entries, true);
        IOException e = failure("z.npz:a.npy");
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void aFileThatIsNoZipArchiveIsRefusedNamingIt() throws IOException {
        Files.write(dir.resolve("z.npz"), NumpyWriter.npy(new int[] {1}, new double[] {1}));
        failure("z.npz");
    }

    @Test
    void anArchiveCutShortIsRefusedNamingIt() throws IOException {
        byte[] a = NumpyWriter.npy(new int[] {4}, new double[] {1, 2, 3, 4});
        NumpyWriter.npz(dir.resolve("z.npz"), Map.of("a.npy", a), true);
        byte[] zip = Files.readAllBytes(dir.resolve("z.npz"));
        Files.write(dir.resolve("z.npz"), Arrays.copyOf(zip, zip.length - 30)); // into the central directory
        failure("z.npz");
    }

    /** The offset of the first entry's data in a zip written by {@link NumpyWriter#npz}: after its local header. */
    private static int firstEntryData(byte[] zip) {
        int nameLength = (zip[26] & 0xff) | ((zip[27] & 0xff) << 8);
        int extraLength = (zip[28] & 0xff) | ((zip[29] & 0xff) << 8);
        return 30 + nameLength + extraLength;
    }

    @Test
    void aStoredEntryWhoseBytesNoLongerMatchItsChecksumIsRefusedNamingIt() throws IOException {
        double[] values = {1, 2, 3, 4};
        NumpyWriter.npz(dir.resolve("z.npz"), Map.of("a.npy", NumpyWriter.npy(new int[] {4}, values)), false);
        byte[] zip = Files.readAllBytes(dir.resolve("z.npz"));
        int lastValue = firstEntryData(zip) + 64 + 3 * 8;
        zip[lastValue + 7] ^= 0x01; // 4.0 becomes another number: only the CRC-32 tells
        Files.write(dir.resolve("z.npz"), zip);
        IOException e = failure("z.npz:a.npy");
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    /**
     * Damage in the compressed values of a deflated entry: early, it shows when the header is read;
     * later, only when the values are, as a broken stream, as too few or too many values, or (a
     * flipped bit inflating to other values of the same length) only in the entry's CRC-32. Every
     * case must name the entry. {@code fill}: the bytes overwritten with it, else the one byte
     * XORed with {@code xor}.
     */
    @ParameterizedTest(name = "at byte {0}: fill {1} x{2}, xor {3}")
    @CsvSource({"2100, 255, 64, 0", "47600, 0, 64, 0", "10100, 0, 0, 1", "40100, 0, 0, 255", "60000, 0, 0, 85"})
    void aDeflatedEntryWithDamagedCompressedBytesIsRefusedNamingIt(int at, int fill, int length, int xor)
            throws IOException {
        double[] values = new Random(5).doubles(10_000).toArray();
        NumpyWriter.npz(dir.resolve("z.npz"), Map.of("a.npy", NumpyWriter.npy(new int[] {200, 50}, values)), true);
        byte[] zip = Files.readAllBytes(dir.resolve("z.npz"));
        assertTrue(zip.length > at + 1000 && at > firstEntryData(zip) + 1000, "inside the compressed values");
        if (length > 0) {
            Arrays.fill(zip, at, at + length, (byte) fill);
        } else {
            zip[at] ^= (byte) xor;
        }
        Files.write(dir.resolve("z.npz"), zip);
        failure("z.npz:a.npy");
    }

    @Test
    void anEntryWhoseLocalHeaderIsDamagedIsRefusedNamingIt() throws IOException {
        NumpyWriter.npz(
                dir.resolve("z.npz"), Map.of("a.npy", NumpyWriter.npy(new int[] {2}, new double[] {1, 2})), false);
        byte[] zip = Files.readAllBytes(dir.resolve("z.npz"));
        zip[0] = 'X'; // the local header's signature PK\3\4
        Files.write(dir.resolve("z.npz"), zip);
        failure("z.npz");
    }

    @Test
    void aDirectoryThatIsMissingIsAnIOExceptionNamingIt() {
        Path missing = dir.resolve("nowhere");
        IOException e =
                assertThrows(IOException.class, () -> NumpyArrays.open(missing).close());
        assertOneLineNaming(e.getMessage(), "nowhere");
    }

    @Test
    void readingAnArrayTheDirectoryDoesNotHaveNamesIt() throws IOException {
        try (NumpyArrays arrays = NumpyArrays.open(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> arrays.readAll("nothing"));
            assertTrue(e.getMessage().contains("nothing"));
        }
    }
}
