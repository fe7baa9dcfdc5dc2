package dev.bayesrg.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes {@code .npy} bytes as NumPy does, written here from the format's specification rather than
 * with bayesrg's reader or writer: any dtype text, either order, versions 1.0 to 3.0 (version 1: a
 * little-endian uint16 header length; 2 and 3: a uint32), the header padded with spaces and ended
 * by '\n' so the values start at a multiple of 64; values encoded byte by byte from their bits.
 * And {@code .npz} archives of such entries, stored or deflated. Public, for the tests of other
 * packages that write ensemble directories as another framework would.
 */
public final class NumpyWriter {
    private NumpyWriter() {}

    /** The NumPy dtypes bayesrg reads, by their descr. */
    public static final String F8_LITTLE = "<f8";

    public static final String F8_BIG = ">f8";
    public static final String F4_LITTLE = "<f4";
    public static final String F4_BIG = ">f4";

    /** The shape as a Python tuple: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    public static String tuple(int... shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(')').toString();
    }

    /** The header dict NumPy writes for {@code descr}, {@code fortran} and {@code shape}. */
    public static String dict(String descr, boolean fortran, int... shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + tuple(shape) + ", }";
    }

    /** The magic, version and header-length prefix and the padded header of {@code dict}. */
    public static byte[] header(int version, String dict) {
        int prefix = version == 1 ? 10 : 12;
        byte[] text = dict.getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int padding = (64 - (prefix + text.length + 1) % 64) % 64;
        int length = text.length + padding + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        out.write(length & 0xff);
        out.write((length >>> 8) & 0xff);
        if (version != 1) {
            out.write((length >>> 16) & 0xff);
            out.write((length >>> 24) & 0xff);
        }
        out.writeBytes(text);
        out.writeBytes(" ".repeat(padding).getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * A whole {@code .npy} file: {@code cOrder} (the values in C order, last index fastest) written
     * as {@code descr} (one of {@code <f8 >f8 <f4 >f4}; float32 rounds each value to nearest) in C or
     * Fortran order, with a header of {@code version}.
     */
    public static byte[] npy(String descr, boolean fortran, int version, int[] shape, double[] cOrder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(version, dict(descr, fortran, shape)));
        double[] ordered = fortran ? fortranOrder(cOrder, shape) : cOrder;
        for (double v : ordered) {
            out.writeBytes(encode(descr, v));
        }
        return out.toByteArray();
    }

    /** A little-endian float64 C-order {@code .npy} file of version 1.0. */
    public static byte[] npy(int[] shape, double[] cOrder) {
        return npy(F8_LITTLE, false, 1, shape, cOrder);
    }

    /** One value's bytes in {@code descr}: the bits of the double (or of the nearest float), in its byte order. */
    public static byte[] encode(String descr, double v) {
        boolean little = descr.charAt(0) == '<';
        int size = descr.endsWith("8") ? 8 : 4;
        long bits = size == 8 ? Double.doubleToRawLongBits(v) : Float.floatToRawIntBits((float) v) & 0xffffffffL;
        byte[] bytes = new byte[size];
        for (int b = 0; b < size; b++) {
            byte value = (byte) (bits >>> (8 * b)); // byte b counted from the least significant
            bytes[little ? b : size - 1 - b] = value;
        }
        return bytes;
    }

    /**
     * The values of a C-order array in Fortran order (first index fastest): Fortran position f holds
     * the element whose index (i_0, …, i_{k-1}) has f = i_0 + s_0 (i_1 + s_1 (i_2 + …)).
     */
    public static double[] fortranOrder(double[] cOrder, int[] shape) {
        double[] fortran = new double[cOrder.length];
        int[] index = new int[shape.length];
        for (int f = 0; f < fortran.length; f++) {
            int rest = f;
            for (int d = 0; d < shape.length; d++) {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            int c = 0;
            for (int d = 0; d < shape.length; d++) {
                c = c * shape[d] + index[d];
            }
            fortran[f] = cOrder[c];
        }
        return fortran;
    }

    /** Writes {@code entries} (name → bytes, in the map's order) as a zip archive, stored or deflated. */
    public static void npz(Path file, Map<String, byte[]> entries, boolean deflated) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                byte[] bytes = e.getValue();
                if (deflated) {
                    entry.setMethod(ZipEntry.DEFLATED);
                } else {
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(bytes.length);
                    entry.setCompressedSize(bytes.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
    }
}
