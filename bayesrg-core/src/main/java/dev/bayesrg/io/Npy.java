package dev.bayesrg.io;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format, version 1.0, for float64 arrays in C (row-major) order: a magic
 * string, a Python-dict header padded so the data start at a multiple of 64 bytes, then the
 * values little-endian. {@code numpy.load(path)} reads what {@link #header} and {@link #write}
 * produce.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** A float64 array with its shape. */
    public record Array(int[] shape, double[] values) {
        public Array {
            long count = 1;
            for (int s : shape) {
                count *= s;
            }
            if (count != values.length) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " needs " + count + " values, got " + values.length);
            }
        }
    }

    private Npy() {}

    /** The header bytes for a float64 C-order array of the given shape. */
    public static byte[] header(int... shape) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                dims.append(i < shape.length - 1 ? ", " : ",");
            }
        }
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        buf.put(text.getBytes(StandardCharsets.US_ASCII));
        return buf.array();
    }

    /** Writes a whole array (header and data). */
    public static void write(OutputStream out, double[] values, int... shape) throws IOException {
        new Array(shape, values); // checks the shape
        out.write(header(shape));
        writeValues(out, values);
    }

    /** Writes raw little-endian float64 values, for arrays streamed row by row after their header. */
    public static void writeValues(OutputStream out, double[] values) throws IOException {
        // sized to the values: arrays are often written a short row at a time
        byte[] chunk = new byte[8 * Math.min(CHUNK_DOUBLES, values.length)];
        java.nio.DoubleBuffer doubles =
                ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        for (int from = 0; from < values.length; from += CHUNK_DOUBLES) {
            int length = Math.min(CHUNK_DOUBLES, values.length - from);
            doubles.put(0, values, from, length);
            out.write(chunk, 0, 8 * length);
        }
    }

    /** Values moved per bulk copy between a double[] and the little-endian bytes of the file. */
    private static final int CHUNK_DOUBLES = 8192;

    public static void write(Path file, double[] values, int... shape) throws IOException {
        AtomicFiles.write(file, out -> write(out, values, shape));
    }

    /**
     * Reads a float64, C-order {@code .npy} file; anything else (a bad header, a length that does
     * not match the shape, more values than an array holds) is an {@link IOException} whose message
     * names the file and says what is wrong in one line.
     */
    public static Array read(Path file) throws IOException {
        try (Rows rows = Rows.open(file)) {
            int[] shape = rows.shape();
            long count = (long) rows.rows() * rows.rowLength();
            if (count > MAX_VALUES) {
                throw new IOException(file + ": shape " + Arrays.toString(shape) + " holds " + count
                        + " values, more than one array can (" + MAX_VALUES + ")");
            }
            double[] values = new double[(int) count];
            double[] row = new double[rows.rowLength()];
            for (int r = 0; r < rows.rows(); r++) {
                rows.next(row);
                System.arraycopy(row, 0, values, r * row.length, row.length);
            }
            return new Array(shape, values);
        }
    }

    /** The most values a Java array holds (a little below Integer.MAX_VALUE on every JVM). */
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    /**
     * A {@code .npy} file read one row (one index of the first dimension) at a time, so arrays larger
     * than the heap can be merged or scanned; a scalar or 1-D array has rows of length 1.
     */
    public static final class Rows implements AutoCloseable {
        private final Path file;
        private final DataInputStream in;
        private final int[] shape;
        private final byte[] bytes;
        private final java.nio.DoubleBuffer values;

        private Rows(Path file, DataInputStream in, int[] shape, int rowLength) {
            this.file = file;
            this.in = in;
            this.shape = shape;
            this.bytes = new byte[8 * rowLength];
            this.values = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        }

        /**
         * Opens {@code file} at its first row, after checking its header and that its length is
         * exactly what the header's shape needs (so a truncated or padded file is refused here, not
         * half-way through reading it).
         */
        public static Rows open(Path file) throws IOException {
            long size = Files.size(file);
            InputStream raw = Files.newInputStream(file);
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
            try {
                Header header = readHeader(file, in);
                long rowLength = 1;
                for (int d = 1; d < header.shape().length; d++) {
                    rowLength *= header.shape()[d]; // each factor < 2^31: no overflow before the check below
                    if (8 * rowLength > MAX_VALUES) {
                        throw new IOException(
                                file + ": shape " + Arrays.toString(header.shape()) + " has rows too long to read");
                    }
                }
                long rows = header.shape().length == 0 ? 1 : header.shape()[0];
                long expected = header.dataOffset() + 8 * rows * rowLength;
                if (size != expected) {
                    throw new IOException(
                            file + ": " + size + " bytes, but its header's shape " + Arrays.toString(header.shape())
                                    + " needs " + expected + " (" + (size < expected ? "truncated" : "trailing bytes")
                                    + ")");
                }
                return new Rows(file, in, header.shape(), (int) rowLength);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }

        public int[] shape() {
            return shape.clone();
        }

        /** The first dimension (1 for a scalar). */
        public int rows() {
            return shape.length == 0 ? 1 : shape[0];
        }

        /** Values per row: the product of the dimensions after the first. */
        public int rowLength() {
            return bytes.length / 8;
        }

        /**
         * Copies the next row's bytes, as they are in the file, to {@code out}: a merge moves rows
         * between files of one format without turning them into doubles and back.
         */
        public void copyNext(OutputStream out) throws IOException {
            readRow();
            out.write(bytes);
        }

        /** Reads the next row into {@code into} (of length {@link #rowLength()}). */
        public void next(double[] into) throws IOException {
            readRow();
            values.get(0, into, 0, into.length); // one bulk copy: a call per value costs seconds on big arrays
        }

        private void readRow() throws IOException {
            try {
                in.readFully(bytes);
            } catch (java.io.EOFException e) {
                throw new IOException(file + ": shorter than its header's shape " + Arrays.toString(shape), e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A parsed header: the shape and where the values start. */
    record Header(int[] shape, long dataOffset) {}

    /**
     * The header at the start of {@code bytes[0, length)} (which may go on with values) as
     * {@link #header(int...)} writes it (version 1.0), or null if the bytes end before the header
     * does; anything else is an IOException naming {@code file}.
     */
    static Header header(byte[] bytes, int length, Path file) throws IOException {
        int prefix = MAGIC.length + 4;
        if (length < prefix) {
            return null;
        }
        if (bytes[MAGIC.length] != 1) {
            throw new IOException(file + ": a .npy header of version " + bytes[MAGIC.length] + ", expected 1");
        }
        int headerLength = (bytes[MAGIC.length + 2] & 0xff) | (bytes[MAGIC.length + 3] & 0xff) << 8;
        return length < prefix + headerLength ? null : headerOfStream(bytes, length, file);
    }

    private static Header headerOfStream(byte[] bytes, int length, Path file) throws IOException {
        return readHeader(file, new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, length)));
    }

    /** Parses and checks the header of bayesrg's own kind (float64, C order); leaves {@code in} at the first value. */
    private static Header readHeader(Path file, DataInputStream in) throws IOException {
        AnyHeader header = readAnyHeader(file.toString(), in);
        if (!header.descr().equals("<f8")) {
            throw new IOException(file + ": dtype " + header.descr() + " is not supported, only <f8 (float64)");
        }
        if (header.fortranOrder()) {
            throw new IOException(file + ": Fortran order is not supported, only C order");
        }
        return new Header(header.shape(), header.dataOffset());
    }

    /**
     * A parsed header of any {@code .npy} file, versions 1.0 to 3.0: the shape, where the values start,
     * the dtype's descr (e.g. {@code <f4}) and whether the values are in Fortran (column-major) order.
     */
    record AnyHeader(int[] shape, long dataOffset, String descr, boolean fortranOrder) {
        /** The number of values the shape holds (1 for a scalar). */
        long count() {
            long count = 1;
            for (int d : shape) {
                count *= d;
            }
            return count;
        }
    }

    /**
     * Parses any {@code .npy} header, leaving {@code in} at the first value; {@code origin} names the
     * file (or archive entry) in messages.
     */
    static AnyHeader readAnyHeader(String origin, DataInputStream in) throws IOException {
        try {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(origin + ": not a .npy file (no \\x93NUMPY magic)");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long headerLength;
            long prefix;
            if (major == 1) {
                headerLength = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
                prefix = MAGIC.length + 4L;
            } else if (major == 2 || major == 3) {
                headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
                prefix = MAGIC.length + 6L;
            } else {
                throw new IOException(origin + ": .npy format version " + major + " is not supported, only 1 to 3");
            }
            if (headerLength > MAX_HEADER) {
                throw new IOException(origin + ": its .npy header claims " + headerLength + " bytes, at most "
                        + MAX_HEADER + " allowed");
            }
            byte[] headerBytes = new byte[(int) headerLength];
            in.readFully(headerBytes);
            // version 3 headers are UTF-8; the keys and values read here are ASCII in every version
            String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
            return new AnyHeader(
                    shape(group(SHAPE, header, origin), origin),
                    prefix + headerLength,
                    group(DESCR, header, origin),
                    group(ORDER, header, origin).equals("True"));
        } catch (java.io.EOFException e) {
            throw new IOException(origin + ": ends inside its .npy header (truncated or empty)", e);
        }
    }

    /** Longest header accepted: NumPy writes a few hundred bytes at most. */
    private static final int MAX_HEADER = 1 << 16;

    /** The dimensions of a shape tuple's text, each an integer in [0, 2^31). */
    private static int[] shape(String tuple, Object file) throws IOException {
        String dims = tuple.trim();
        if (dims.isEmpty()) {
            return new int[0];
        }
        String[] parts = dims.split(",", -1);
        int[] shape = new int[parts.length];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String d = parts[i].trim();
            if (d.isEmpty() && i == parts.length - 1 && i > 0) {
                continue; // the trailing comma of a 1-tuple, "(5,)"
            }
            try {
                shape[n++] = Integer.parseInt(d);
            } catch (NumberFormatException e) {
                throw new IOException(
                        file + ": shape (" + dims + ") has '" + d + "', allowed integers 0 to " + Integer.MAX_VALUE);
            }
            if (shape[n - 1] < 0) {
                throw new IOException(file + ": shape (" + dims + ") has a negative dimension " + shape[n - 1]);
            }
        }
        return Arrays.copyOf(shape, n);
    }

    private static String group(Pattern p, String header, Object file) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": malformed .npy header: " + printable(header));
        }
        return m.group(1);
    }

    /** The longest excerpt of a file's text a message quotes. */
    private static final int QUOTED = 200;

    /**
     * {@code text} as a message may quote it in its one line: every run of white space and control
     * characters one space, at most {@value #QUOTED} characters.
     */
    static String printable(String text) {
        String line = text.replaceAll("[\\s\\p{Cntrl}]+", " ").trim();
        return line.length() <= QUOTED ? line : line.substring(0, QUOTED) + "…";
    }
}
