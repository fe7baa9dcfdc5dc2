package dev.bayesrg.report;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A truecolour PNG of an RGB image: the "Sub" filter on every row, then zlib. ImageIO's PNG writer
 * chooses a filter per row in Java code, which in a report's cold JVM took four times as long as
 * this for files 15 % smaller; the figures are redrawn on every run, so the speed wins. No time or
 * text chunk: the bytes depend only on the pixels.
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int SUB = 1;

    private PngEncoder() {}

    /** The PNG of an image of type {@link BufferedImage#TYPE_INT_RGB}. */
    static byte[] encode(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("PngEncoder takes TYPE_INT_RGB images, got type " + image.getType());
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        byte[] filtered = new byte[height * (1 + 3 * width)];
        int o = 0;
        for (int y = 0; y < height; y++) {
            filtered[o++] = SUB;
            int left = 0; // the pixel before the first is 0 in every channel
            for (int x = 0, p = y * width; x < width; x++, p++) {
                int rgb = pixels[p];
                filtered[o++] = (byte) ((rgb >> 16) - (left >> 16));
                filtered[o++] = (byte) ((rgb >> 8) - (left >> 8));
                filtered[o++] = (byte) (rgb - left);
                left = rgb;
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(filtered.length / 4);
        png.writeBytes(SIGNATURE);
        ByteBuffer header = ByteBuffer.allocate(13);
        header.putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(png, "IHDR", header.array(), header.array().length);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(filtered);
            deflater.finish();
            byte[] buffer = new byte[Math.max(1024, filtered.length / 2)];
            ByteArrayOutputStream zlib = new ByteArrayOutputStream(filtered.length / 4);
            while (!deflater.finished()) {
                zlib.write(buffer, 0, deflater.deflate(buffer));
            }
            chunk(png, "IDAT", zlib.toByteArray(), zlib.size());
        } finally {
            deflater.end();
        }
        chunk(png, "IEND", new byte[0], 0);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data, int length) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data, 0, length);
        ByteBuffer b = ByteBuffer.allocate(4);
        png.writeBytes(b.putInt(length).array());
        png.writeBytes(typeBytes);
        png.write(data, 0, length);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
