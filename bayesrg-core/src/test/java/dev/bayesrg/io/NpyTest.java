package dev.bayesrg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The .npy writer checked byte by byte against the NumPy format specification (version 1.0):
 * magic "\x93NUMPY", major 1 minor 0, little-endian uint16 header length, an ASCII Python dict
 * padded with spaces and ended by '\n' so that the data start at a multiple of 64, then the data.
 */
class NpyTest {
    @TempDir
    Path dir;

    /** A parsed .npy file, decoded here independently of {@link Npy#read}. */
    record Parsed(int major, int minor, String header, int dataOffset, double[] data) {}

    static Parsed parse(byte[] bytes) {
        assertTrue(bytes.length >= 10, "too short");
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
        for (int i = 0; i < magic.length; i++) {
            assertEquals(magic[i], bytes[i], "magic byte " + i);
        }
        int major = bytes[6] & 0xff;
        int minor = bytes[7] & 0xff;
        int headerLength = (bytes[8] & 0xff) | ((bytes[9] & 0xff) << 8); // little-endian uint16
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        int dataOffset = 10 + headerLength;
        int count = (bytes.length - dataOffset) / 8;
        assertEquals(0, (bytes.length - dataOffset) % 8, "data is not a whole number of float64");
        double[] data = new double[count];
        for (int i = 0; i < count; i++) {
            long bits = 0;
            for (int b = 7; b >= 0; b--) {
                bits = (bits << 8) | (bytes[dataOffset + 8 * i + b] & 0xffL); // little-endian
            }
            data[i] = Double.longBitsToDouble(bits);
        }
        return new Parsed(major, minor, header, dataOffset, data);
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(new int[] {5}, "(5,)"),
                Arguments.of(new int[] {1}, "(1,)"),
                Arguments.of(new int[] {0}, "(0,)"),
                Arguments.of(new int[] {3, 4}, "(3, 4)"),
                Arguments.of(new int[] {2, 3, 4}, "(2, 3, 4)"),
                Arguments.of(new int[] {7, 1, 2, 1}, "(7, 1, 2, 1)"),
                Arguments.of(new int[] {}, "()"));
    }

    static double[] values(int count) {
        double[] special = {
            0.0,
            -0.0,
            1.0,
            -1.5,
            Math.PI,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            1e-310,
            -123456.789e200
        };
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = i < special.length ? special[i] : Math.sin(i) * Math.pow(10, i % 30 - 15);
        }
        return v;
    }

    @ParameterizedTest(name = "shape {1}")
    @MethodSource("shapes")
    void writtenFileHasNumpyV1HeaderAndLittleEndianFloat64Data(int[] shape, String tuple) throws IOException {
        int count = 1;
        for (int s : shape) {
            count *= s;
        }
        double[] v = values(count);
        Path file = dir.resolve("a.npy");
        Npy.write(file, v, shape);
        byte[] bytes = Files.readAllBytes(file);

        Parsed p = parse(bytes);
        assertEquals(1, p.major());
        assertEquals(0, p.minor());
        assertEquals(0, p.dataOffset() % 64, "data must start at a multiple of 64, header: " + p.header());
        assertTrue(p.header().endsWith("\n"));
        assertTrue(p.header().startsWith("{"));
        assertTrue(p.header().contains("'descr': '<f8'"), p.header());
        assertTrue(p.header().contains("'fortran_order': False"), p.header());
        assertTrue(p.header().contains("'shape': " + tuple), p.header());
        assertTrue(p.header().trim().endsWith("}"), p.header());
        assertEquals(p.dataOffset() + 8L * count, bytes.length);
        for (int i = 0; i < count; i++) {
            assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(p.data()[i]), "value " + i);
        }
    }

    @ParameterizedTest(name = "shape {1}")
    @MethodSource("shapes")
    void writeThenReadRoundTripsShapeAndExactBits(int[] shape, String tuple) throws IOException {
        int count = 1;
        for (int s : shape) {
            count *= s;
        }
        double[] v = values(count);
        Path file = dir.resolve("b.npy");
        Npy.write(file, v, shape);
        Npy.Array a = Npy.read(file);
        assertArrayEquals(shape, a.shape());
        assertEquals(count, a.values().length);
        for (int i = 0; i < count; i++) {
            assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(a.values()[i]));
        }
    }

    @Test
    void headerIsPaddedToSixtyFourForManyShapes() {
        for (int a = 1; a < 200_000; a = a * 3 + 1) {
            for (int[] shape : new int[][] {{a}, {a, 26}, {a, 26, 200}, {a, a, a, a}}) {
                byte[] h = Npy.header(shape);
                assertEquals(0, h.length % 64, java.util.Arrays.toString(shape));
                int declared = (h[8] & 0xff) | ((h[9] & 0xff) << 8);
                assertEquals(h.length - 10, declared);
                assertEquals('\n', h[h.length - 1]);
            }
        }
    }

    @Test
    void headerThenStreamedRowsEqualsWholeArrayWrite() throws IOException {
        double[] v = values(24);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        Npy.write(whole, v, 2, 3, 4);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        streamed.write(Npy.header(2, 3, 4));
        for (int r = 0; r < 6; r++) {
            Npy.writeValues(streamed, java.util.Arrays.copyOfRange(v, 4 * r, 4 * r + 4));
        }
        assertArrayEquals(whole.toByteArray(), streamed.toByteArray());
    }

    @Test
    void writeValuesHandlesMoreThanOneBufferOfValues() throws IOException {
        double[] v = new double[3000]; // more than the 8 KiB buffer
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5 - 7;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeValues(out, v);
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(8 * v.length, b.remaining());
        for (double x : v) {
            assertEquals(x, b.getDouble());
        }
    }

    @Test
    void shapeThatDoesNotMatchTheValueCountIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Npy.write(new ByteArrayOutputStream(), new double[5], 2, 3));
    }

    /** Rows of a [2, 3, 2] array are its 6-value slices in C order, read one at a time. */
    @Test
    void rowsAreTheCOrderSlicesAlongTheFirstDimension() throws IOException {
        double[] values = {1, 2, 3, 4, 5, 6, -1, -2, -3, -4, Double.NaN, Double.NEGATIVE_INFINITY};
        Path file = dir.resolve("rows.npy");
        Npy.write(file, values, 2, 3, 2);
        try (Npy.Rows rows = Npy.Rows.open(file)) {
            assertArrayEquals(new int[] {2, 3, 2}, rows.shape());
            assertEquals(2, rows.rows());
            assertEquals(6, rows.rowLength());
            double[] row = new double[6];
            rows.next(row);
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, row);
            rows.next(row);
            assertArrayEquals(new double[] {-1, -2, -3, -4, Double.NaN, Double.NEGATIVE_INFINITY}, row);
        }
    }

    /**
     * A file cut short (a torn copy) or with bytes after its data is an error naming the shape as
     * soon as it is opened, before a reader has acted on its first rows.
     */
    @Test
    void aTruncatedOrPaddedFileIsRefusedWhenOpened() throws IOException {
        Path file = dir.resolve("full.npy");
        Npy.write(file, new double[] {1, 2, 3, 4}, 2, 2);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        IOException e = assertThrows(IOException.class, () -> Npy.Rows.open(cut));
        assertTrue(e.getMessage().startsWith(cut + ": ") && e.getMessage().contains("[2, 2]"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertThrows(IOException.class, () -> Npy.read(cut));
        Path padded = dir.resolve("padded.npy");
        Files.write(padded, java.util.Arrays.copyOf(bytes, bytes.length + 3));
        IOException p = assertThrows(IOException.class, () -> Npy.read(padded));
        assertTrue(p.getMessage().contains("trailing bytes"), p.getMessage());
    }

    /** A file NumPy would write for float32 data must be refused, not misread. */
    @Test
    void readRejectsOtherDtypesAndFortranOrderAndBadMagic() throws IOException {
        String f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }";
        Path a = dir.resolve("f4.npy");
        Files.write(a, handMade(f4, new byte[4]));
        IOException e = assertThrows(IOException.class, () -> Npy.read(a));
        assertTrue(e.getMessage().contains("<f4"), e.getMessage());

        String fortran = "{'descr': '<f8', 'fortran_order': True, 'shape': (1, 1), }";
        Path b = dir.resolve("fortran.npy");
        Files.write(b, handMade(fortran, new byte[8]));
        assertThrows(IOException.class, () -> Npy.read(b));

        Path c = dir.resolve("bad.npy");
        Files.write(c, "not numpy at all, just text".getBytes(StandardCharsets.US_ASCII));
        assertThrows(IOException.class, () -> Npy.read(c));
    }

    /** A valid [3, 2] file with one defect, and what the defect is. */
    static Stream<Arguments> malformedFiles() {
        String good = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }";
        byte[] data = new byte[48];
        byte[] valid = handMade(good, data);
        Stream.Builder<Arguments> cases = Stream.builder();
        for (int cut = 0; cut < valid.length; cut += 7) {
            cases.add(Arguments.of("cut at byte " + cut, java.util.Arrays.copyOf(valid, cut)));
        }
        for (String shape : List.of(
                "(-56, 2)",
                "(3, -1)",
                "(99999999999, 2)",
                "(x, 2)",
                "(3.5, 2)",
                "(2147483647, 2147483647)",
                "(1000000, 1000000, 1000000)",
                "(3, 2, 0, -0)",
                "(,)",
                "(3,,2)")) {
            cases.add(Arguments.of("shape " + shape, handMade(good.replace("(3, 2)", shape), data)));
        }
        for (String dict : List.of(
                "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }",
                "{'descr': '|b1', 'fortran_order': False, 'shape': (3, 2), }",
                "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 2), }",
                "{'fortran_order': False, 'shape': (3, 2), }",
                "{'descr': '<f8', 'shape': (3, 2), }",
                "{'descr': '<f8', 'fortran_order': False}",
                "")) {
            cases.add(Arguments.of("header " + dict, handMade(dict, data)));
        }
        for (int major : new int[] {0, 2, 3, 4, 255}) {
            byte[] b = valid.clone();
            b[6] = (byte) major;
            cases.add(Arguments.of("major version " + major, b));
        }
        byte[] longHeader = valid.clone();
        longHeader[8] = (byte) 0xff;
        longHeader[9] = (byte) 0xff;
        cases.add(Arguments.of("header length 65535", longHeader));
        byte[] magic = valid.clone();
        magic[1] = 'X';
        cases.add(Arguments.of("bad magic", magic));
        cases.add(Arguments.of("trailing bytes", java.util.Arrays.copyOf(valid, valid.length + 1)));
        return cases.build();
    }

    /**
     * Whatever is wrong with a file — torn at any byte, a shape that is not one (negative, not an
     * integer, too large to hold), another dtype or order, an unknown format version, a header
     * longer than the file — reading it is an {@link IOException} whose one-line message starts
     * with the file, never an internal error (EOFException without a message, NumberFormatException,
     * ArithmeticException, NegativeArraySizeException, OutOfMemoryError).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFiles")
    void everyMalformedFileIsAnIoErrorNamingTheFile(String defect, byte[] bytes) throws IOException {
        Path file = dir.resolve("bad.npy");
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> Npy.read(file), defect);
        String message = e.getMessage();
        assertTrue(message != null && message.startsWith(file + ": "), defect + ": " + message);
        assertEquals(1, message.lines().count(), defect + ": " + message);
        assertTrue(!message.contains("Exception"), defect + ": " + message);
    }

    /** Reads a version-1.0 file laid out by hand, as NumPy writes it (shape (2, 2)). */
    @Test
    void readAcceptsAHandMadeNumpyFile() throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
        ByteBuffer data = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        data.putDouble(1.0).putDouble(2.0).putDouble(-3.0).putDouble(0.25);
        Path f = dir.resolve("hand.npy");
        Files.write(f, handMade(dict, data.array()));
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new int[] {2, 2}, a.shape());
        assertArrayEquals(new double[] {1.0, 2.0, -3.0, 0.25}, a.values());
    }

    private static byte[] handMade(String dict, byte[] data) {
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        b.put(data);
        return b.array();
    }
}
