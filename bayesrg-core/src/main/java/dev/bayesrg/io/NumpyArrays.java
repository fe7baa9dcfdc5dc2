package dev.bayesrg.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The NumPy arrays of a directory written by another program: its {@code NAME.npy} files and the
 * entries {@code NAME.npy} of its {@code .npz} archives (stored or deflated, as {@code np.savez} and
 * {@code np.savez_compressed} write them), each float64 or float32 in either byte order and in C or
 * Fortran order. Every array is read as float64 in C order, whatever it was written as: float32
 * values widen exactly. Headers are read when the directory is opened, so shapes can be checked
 * before any value is read; the values are streamed row by row (a Fortran-order array, whose rows
 * are not contiguous, is read whole and reordered).
 */
public final class NumpyArrays implements AutoCloseable {
    /** The dtypes accepted: float64 and float32, little- or big-endian. */
    private static final List<String> DTYPES = List.of("<f8", ">f8", "<f4", ">f4");

    /** The most values a Java array holds (a little below Integer.MAX_VALUE on every JVM). */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    /**
     * One array, known from its header.
     *
     * @param name         the array's name (the file or entry name without {@code .npy})
     * @param origin       where it is, for messages: the file, or {@code archive.npz:entry}
     * @param shape        its shape
     * @param dtype        its dtype's descr, one of {@code <f8 >f8 <f4 >f4}
     * @param fortranOrder whether its values are in Fortran (column-major) order
     */
    public record Entry(String name, String origin, int[] shape, String dtype, boolean fortranOrder) {
        public Entry {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** The first dimension (1 for a scalar). */
        public int rows() {
            return shape.length == 0 ? 1 : shape[0];
        }

        /** Values per row: the product of the dimensions after the first. */
        public long rowLength() {
            long length = 1;
            for (int d = 1; d < shape.length; d++) {
                length *= shape[d];
            }
            return length;
        }

        /** The shape as {@code [a, b, c]}, for messages. */
        public String shapeText() {
            return Arrays.toString(shape);
        }

        int itemSize() {
            return dtype.endsWith("8") ? 8 : 4;
        }
    }

    /** Reads an array's rows in order, as float64 in C order. */
    public interface RowReader extends AutoCloseable {
        /** Reads the next row into {@code into} (of the entry's row length). */
        void next(double[] into) throws IOException;

        @Override
        void close() throws IOException;
    }

    private final Path directory;
    private final Map<String, Located> arrays;
    private final List<ZipFile> archives;
    private final List<java.nio.channels.FileChannel> channels = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Located(Entry entry, Path file, ZipFile archive, String archiveEntry, long dataOffset) {}

    private NumpyArrays(Path directory, Map<String, Located> arrays, List<ZipFile> archives) {
        this.directory = directory;
        this.arrays = arrays;
        this.archives = archives;
    }

    /**
     * Opens {@code directory} and reads the header of every array in it; a header that is not a
     * float64 or float32 {@code .npy} header, a file whose length does not match its header, or a
     * name found twice is an IOException naming the file in one line.
     */
    public static NumpyArrays open(Path directory) throws IOException {
        Map<String, Located> arrays = new TreeMap<>();
        List<ZipFile> archives = new ArrayList<>();
        boolean opened = false;
        try (Stream<Path> listing = Files.list(directory)) {
            List<Path> files = listing.sorted().toList();
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".npy") && Files.isRegularFile(file)) {
                    put(arrays, npyFile(file, fileName.substring(0, fileName.length() - 4)));
                } else if (fileName.endsWith(".npz") && Files.isRegularFile(file)) {
                    ZipFile archive = openArchive(file);
                    archives.add(archive);
                    for (Located located : npzEntries(file, archive)) {
                        put(arrays, located);
                    }
                }
            }
            opened = true;
        } finally {
            if (!opened) {
                closeAll(archives);
            }
        }
        return new NumpyArrays(directory, arrays, archives);
    }

    public Path directory() {
        return directory;
    }

    /** The names of the arrays found, sorted. */
    public List<String> names() {
        return List.copyOf(arrays.keySet());
    }

    /** The array called {@code name}, if the directory has one. */
    public Optional<Entry> find(String name) {
        Located located = arrays.get(name);
        return located == null ? Optional.empty() : Optional.of(located.entry());
    }

    /**
     * Whether random access to array {@code name} ({@link #randomRows}) holds it whole: an archive
     * entry, or a Fortran-order array (whose rows are not contiguous).
     */
    public boolean readWhole(String name) {
        Located located = located(name);
        return located.file() == null || located.entry().fortranOrder();
    }

    /** Reads array {@code name} row by row, as float64 in C order. */
    public RowReader rows(String name) throws IOException {
        Located located = located(name);
        Entry entry = located.entry();
        if (entry.rowLength() > MAX_VALUES) {
            throw new IOException(
                    entry.origin() + ": shape " + entry.shapeText() + " has rows too long to read (over 2^31 values)");
        }
        InputStream raw = open(located);
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
            in.skipNBytes(located.dataOffset());
            return entry.fortranOrder() ? fortranRows(entry, in) : new StreamRows(entry, in);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Reads an array's rows in any order, from any number of threads at once, as float64 in C order. */
    public interface RandomRows {
        /** Reads row {@code row} into {@code into} (of the entry's row length). */
        void read(int row, double[] into) throws IOException;
    }

    /**
     * Random access to the rows of array {@code name}: positional reads of its own C-order {@code .npy}
     * file, or else (an archive entry, a Fortran-order array) the whole array read into memory once.
     */
    public RandomRows randomRows(String name) throws IOException {
        Located located = located(name);
        Entry entry = located.entry();
        if (readWhole(name)) {
            double[] values = readAll(name);
            int rowLength = (int) entry.rowLength();
            return (row, into) -> System.arraycopy(values, row * rowLength, into, 0, rowLength);
        }
        if (entry.rowLength() * entry.itemSize() > MAX_VALUES) {
            throw new IOException(
                    entry.origin() + ": shape " + entry.shapeText() + " has rows too long to read (over 2^31 bytes)");
        }
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(located.file());
        channels.add(channel);
        int rowBytes = (int) entry.rowLength() * entry.itemSize();
        return (row, into) -> {
            if (row < 0 || row >= entry.rows()) {
                throw new IndexOutOfBoundsException(entry.origin() + ": row " + row + " of " + entry.rows());
            }
            byte[] bytes = new byte[rowBytes];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long position = located.dataOffset() + (long) rowBytes * row;
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new IOException(entry.origin() + ": shorter than its header's shape " + entry.shapeText());
                }
            }
            decode(entry, bytes, (int) entry.rowLength(), into, 0);
        };
    }

    /** Reads array {@code name} whole, as float64 in C order. */
    public double[] readAll(String name) throws IOException {
        Entry entry = located(name).entry();
        long count = (long) entry.rows() * entry.rowLength();
        if (count > MAX_VALUES) {
            throw new IOException(entry.origin() + ": shape " + entry.shapeText() + " holds " + count
                    + " values, more than one array can (" + MAX_VALUES + ")");
        }
        double[] values = new double[(int) count];
        double[] row = new double[(int) entry.rowLength()];
        try (RowReader rows = rows(name)) {
            for (int r = 0; r < entry.rows(); r++) {
                rows.next(row);
                System.arraycopy(row, 0, values, r * row.length, row.length);
            }
        }
        return values;
    }

    @Override
    public void close() throws IOException {
        for (java.nio.channels.FileChannel channel : channels) {
            channel.close();
        }
        closeAll(archives);
    }

    private Located located(String name) {
        Located located = arrays.get(name);
        if (located == null) {
            throw new IllegalArgumentException("no array " + name + " in " + directory);
        }
        return located;
    }

    private static void put(Map<String, Located> arrays, Located located) throws IOException {
        Located before = arrays.putIfAbsent(located.entry().name(), located);
        if (before != null) {
            throw new IOException("array " + located.entry().name() + " found twice: in "
                    + before.entry().origin() + " and in " + located.entry().origin() + "; keep one");
        }
    }

    private static Located npyFile(Path file, String name) throws IOException {
        Npy.AnyHeader header;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 4096))) {
            header = Npy.readAnyHeader(file.toString(), in);
        }
        Entry entry = entry(name, file.toString(), header);
        long expected = header.dataOffset() + header.count() * entry.itemSize();
        long size = Files.size(file);
        if (size != expected) {
            throw new IOException(file + ": " + size + " bytes, but its header's shape " + entry.shapeText()
                    + " of " + entry.dtype() + " needs " + expected + " ("
                    + (size < expected ? "truncated" : "trailing bytes") + ")");
        }
        return new Located(entry, file, null, null, header.dataOffset());
    }

    private static ZipFile openArchive(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a readable .npz archive (" + e.getMessage() + ")", e);
        }
    }

    private static List<Located> npzEntries(Path file, ZipFile archive) throws IOException {
        List<Located> found = new ArrayList<>();
        for (ZipEntry zipEntry : Collections.list(archive.entries())) {
            if (zipEntry.isDirectory()) {
                continue;
            }
            String entryName = zipEntry.getName();
            String name = entryName.endsWith(".npy") ? entryName.substring(0, entryName.length() - 4) : entryName;
            String origin = file + ":" + entryName;
            Npy.AnyHeader header;
            try (DataInputStream in =
                    new DataInputStream(new BufferedInputStream(entryStream(archive, zipEntry, origin)))) {
                header = Npy.readAnyHeader(origin, in);
            }
            Entry entry = entry(name, origin, header);
            long expected = header.dataOffset() + header.count() * entry.itemSize();
            if (zipEntry.getSize() >= 0 && zipEntry.getSize() != expected) {
                throw new IOException(origin + ": " + zipEntry.getSize() + " bytes, but its header's shape "
                        + entry.shapeText() + " of " + entry.dtype() + " needs " + expected + " ("
                        + (zipEntry.getSize() < expected ? "truncated" : "trailing bytes") + ")");
            }
            found.add(new Located(entry, null, archive, entryName, header.dataOffset()));
        }
        return found;
    }

    private static Entry entry(String name, String origin, Npy.AnyHeader header) throws IOException {
        if (!DTYPES.contains(header.descr())) {
            throw new IOException(
                    origin + ": dtype " + Npy.printable(header.descr())
                            + " is not supported; allowed float64 or float32 (<f8, >f8, <f4, >f4): convert with .astype(np.float64)");
        }
        return new Entry(name, origin, header.shape(), header.descr(), header.fortranOrder());
    }

    private static InputStream open(Located located) throws IOException {
        if (located.file() != null) {
            return Files.newInputStream(located.file());
        }
        ZipEntry zipEntry = located.archive().getEntry(located.archiveEntry());
        return entryStream(located.archive(), zipEntry, located.entry().origin());
    }

    /** The bytes of an archive entry, checked as {@link CheckedEntry} checks them. */
    private static InputStream entryStream(ZipFile archive, ZipEntry zipEntry, String origin) throws IOException {
        try {
            return new CheckedEntry(archive.getInputStream(zipEntry), origin, zipEntry.getCrc());
        } catch (java.util.zip.ZipException e) {
            throw damaged(origin, e);
        }
    }

    private static IOException damaged(String origin, java.util.zip.ZipException e) {
        return new IOException(
                origin + ": a damaged archive entry (" + Npy.printable(String.valueOf(e.getMessage())) + ")", e);
    }

    /**
     * An archive entry's bytes as read, with a broken compressed stream reported naming the entry,
     * and, once its end is reached, the CRC-32 of every byte compared with the one the archive
     * records (as NumPy's {@code np.load} does): {@link ZipFile} checks neither, so a damaged stored
     * entry, or a damaged deflated one that still inflates to the right length, would otherwise be
     * read as other numbers. Skipped bytes are read, so that they count in the checksum.
     */
    private static final class CheckedEntry extends java.io.FilterInputStream {
        private final String origin;
        private final long expectedCrc;
        private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        private boolean ended;

        CheckedEntry(InputStream in, String origin, long expectedCrc) {
            super(in);
            this.origin = origin;
            this.expectedCrc = expectedCrc;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (java.util.zip.ZipException e) {
                throw damaged(origin, e);
            }
            if (n > 0) {
                crc.update(b, off, n);
            } else if (n < 0 && !ended) {
                ended = true;
                if (expectedCrc >= 0 && crc.getValue() != expectedCrc) {
                    throw new IOException(origin + ": its bytes have CRC-32 " + Long.toHexString(crc.getValue())
                            + ", but the archive records " + Long.toHexString(expectedCrc)
                            + ": the archive is damaged");
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    private static void closeAll(List<ZipFile> archives) throws IOException {
        IOException first = null;
        for (ZipFile archive : archives) {
            try {
                archive.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Widens {@code count} values of {@code entry}'s dtype from {@code bytes} into {@code into}. */
    private static void decode(Entry entry, byte[] bytes, int count, double[] into, int at) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, count * entry.itemSize())
                .order(entry.dtype().charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        if (entry.itemSize() == 8) {
            buffer.asDoubleBuffer().get(into, at, count);
        } else {
            java.nio.FloatBuffer floats = buffer.asFloatBuffer();
            for (int i = 0; i < count; i++) {
                into[at + i] = floats.get(i);
            }
        }
    }

    /** A C-order array streamed a row at a time. */
    private static final class StreamRows implements RowReader {
        private final Entry entry;
        private final DataInputStream in;
        private final byte[] bytes;
        private int read;

        StreamRows(Entry entry, DataInputStream in) {
            this.entry = entry;
            this.in = in;
            this.bytes = new byte[(int) Math.min(entry.rowLength(), 1 << 16) * entry.itemSize()];
        }

        @Override
        public void next(double[] into) throws IOException {
            if (read >= entry.rows()) {
                throw new IllegalStateException(entry.origin() + ": all " + entry.rows() + " rows read");
            }
            int chunk = bytes.length / entry.itemSize();
            for (int at = 0; at < into.length; at += chunk) {
                int count = Math.min(chunk, into.length - at);
                readFully(in, bytes, count * entry.itemSize(), entry);
                decode(entry, bytes, count, into, at);
            }
            read++;
            if (read == entry.rows() && in.read() >= 0) {
                throw new IOException(entry.origin() + ": trailing bytes after the values its header's shape "
                        + entry.shapeText() + " holds");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static void readFully(DataInputStream in, byte[] bytes, int length, Entry entry) throws IOException {
        try {
            in.readFully(bytes, 0, length);
        } catch (EOFException e) {
            throw new IOException(
                    entry.origin() + ": shorter than its header's shape " + entry.shapeText() + " (truncated)", e);
        }
    }

    /** A Fortran-order array: read whole, then handed out in C order. */
    private static RowReader fortranRows(Entry entry, DataInputStream in) throws IOException {
        long count = (long) entry.rows() * entry.rowLength();
        if (count > MAX_VALUES) {
            in.close();
            throw new IOException(entry.origin() + ": a Fortran-order array of " + count
                    + " values is too large to reorder; write it in C order (np.ascontiguousarray)");
        }
        double[] fortran = new double[(int) count];
        byte[] bytes = new byte[8192 * entry.itemSize()];
        try (in) {
            for (int at = 0; at < fortran.length; at += 8192) {
                int n = Math.min(8192, fortran.length - at);
                readFully(in, bytes, n * entry.itemSize(), entry);
                decode(entry, bytes, n, fortran, at);
            }
            if (in.read() >= 0) {
                throw new IOException(entry.origin() + ": trailing bytes after the values its header's shape "
                        + entry.shapeText() + " holds");
            }
        }
        double[] c = toCOrder(fortran, entry.shape());
        int rowLength = (int) entry.rowLength();
        return new RowReader() {
            private int row;

            @Override
            public void next(double[] into) {
                System.arraycopy(c, row++ * rowLength, into, 0, rowLength);
            }

            @Override
            public void close() {}
        };
    }

    /** The values of a Fortran-order array (first index fastest) in C order (last index fastest). */
    static double[] toCOrder(double[] fortran, int[] shape) {
        double[] c = new double[fortran.length];
        int[] index = new int[shape.length];
        long[] fortranStride = new long[shape.length];
        long stride = 1;
        for (int d = 0; d < shape.length; d++) {
            fortranStride[d] = stride;
            stride *= shape[d];
        }
        long offset = 0;
        for (int i = 0; i < c.length; i++) {
            c[i] = fortran[(int) offset];
            // advance the C-order index, last dimension fastest, keeping the Fortran offset in step
            for (int d = shape.length - 1; d >= 0; d--) {
                index[d]++;
                offset += fortranStride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                offset -= fortranStride[d] * shape[d];
                index[d] = 0;
            }
        }
        return c;
    }
}
