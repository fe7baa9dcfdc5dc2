package dev.bayesrg.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes the rows of a float64 {@code .npy} array to their places in a larger one's file. Fed an
 * array of some rows as {@link Npy} writes it (header, then the rows in order), it writes the
 * larger array's header (its first dimension {@code ensembleRows}, the rest the fed array's) at
 * the start of the file and the fed array's row r at the larger array's row {@code rows[r]}, at
 * byte {@code header + rows[r] × row bytes}.
 *
 * <p>Only positional writes, and the file is never truncated: writers of disjoint rows (the shards
 * of one ensemble, in tasks on several nodes of a shared file system) fill one file side by side,
 * in any order; each writes the same header bytes. A fed array without rows writes nothing, not
 * even the header (an empty shard may not know its rows' shape). The channel stays the caller's.
 */
public final class NpyScatter extends OutputStream {
    private final FileChannel file;
    private final Path path;
    private final int ensembleRows;
    private final int[] rows;

    /** The fed array's header, as far as it has come. */
    private byte[] header = new byte[256];

    private int headerBytes;
    /** Where the larger array's values start; -1 until the fed header is complete. */
    private long dataStart = -1;
    /** One row of the fed array, as far as it has come. */
    private ByteBuffer row;
    /** Rows written. */
    private int written;

    /**
     * @param file         the larger array's file, open for writing
     * @param path         its path, for messages
     * @param ensembleRows the larger array's first dimension
     * @param rows         the larger array's row of each fed row, in [0, ensembleRows)
     */
    public NpyScatter(FileChannel file, Path path, int ensembleRows, int[] rows) {
        for (int r : rows) {
            if (r < 0 || r >= ensembleRows) {
                throw new IllegalArgumentException("row " + r + " of an array of " + ensembleRows);
            }
        }
        this.file = file;
        this.path = path;
        this.ensembleRows = ensembleRows;
        this.rows = rows.clone();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int from = off;
        int end = off + len;
        if (dataStart < 0) {
            from = readHeader(b, off, len);
        }
        while (from < end) {
            if (written == rows.length) {
                throw new IOException(path + ": fed more than its " + rows.length + " rows");
            }
            int n = Math.min(end - from, row.remaining());
            row.put(b, from, n);
            from += n;
            if (!row.hasRemaining()) {
                writeRow();
            }
        }
    }

    /** Takes header bytes from {@code b}; returns where the values start in it ({@code off + len} if not yet). */
    private int readHeader(byte[] b, int off, int len) throws IOException {
        if (header.length < headerBytes + len) {
            header = Arrays.copyOf(header, Math.max(2 * header.length, headerBytes + len));
        }
        System.arraycopy(b, off, header, headerBytes, len);
        int before = headerBytes;
        headerBytes += len;
        Npy.Header h = Npy.header(header, headerBytes, path);
        if (h == null) {
            return off + len;
        }
        int[] shape = h.shape();
        if (shape.length == 0 || shape[0] != rows.length) {
            throw new IOException(
                    path + ": fed shape " + Arrays.toString(shape) + ", expected " + rows.length + " rows");
        }
        int[] ensembleShape = shape.clone();
        ensembleShape[0] = ensembleRows;
        byte[] ensembleHeader = Npy.header(ensembleShape);
        long rowBytes = 8;
        for (int d = 1; d < shape.length; d++) {
            rowBytes *= shape[d];
        }
        if (rowBytes > Integer.MAX_VALUE - 8) {
            throw new IOException(path + ": rows of shape " + Arrays.toString(shape) + " are too long to place");
        }
        row = ByteBuffer.allocate((int) rowBytes);
        dataStart = ensembleHeader.length;
        if (rows.length > 0) {
            writeFully(ByteBuffer.wrap(ensembleHeader), 0);
        }
        if (rowBytes == 0) {
            written = rows.length; // rows without values: nothing to place
        }
        header = null;
        return off + (int) (h.dataOffset() - before); // the values' first byte in b
    }

    private void writeRow() throws IOException {
        row.flip();
        writeFully(row, dataStart + (long) rows[written] * row.capacity());
        row.clear();
        written++;
    }

    private void writeFully(ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += file.write(bytes, at);
        }
    }

    /** Checks that every row came, whole (the channel stays open). */
    @Override
    public void close() throws IOException {
        if (dataStart < 0) {
            throw new IOException(path + ": fed " + headerBytes + " bytes, less than a .npy header");
        }
        if (written != rows.length || row.position() != 0) {
            throw new IOException(path + ": fed " + written + " whole rows, expected " + rows.length);
        }
    }
}
