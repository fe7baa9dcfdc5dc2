package dev.bayesrg.run;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The finished members of a run in progress, so that a killed run resumes without losing them.
 * Members are appended as they finish, each as one record: a magic number, the payload length, the
 * payload (every field of the {@link MemberResult}, doubles as raw bits) and its CRC-32. Reading
 * keeps the longest prefix of intact records; a torn or corrupt record (a kill mid-write) and
 * everything after it are dropped and their members computed again.
 */
public final class Checkpoint implements AutoCloseable {
    public static final String FILE = "members.checkpoint";
    private static final int MAGIC = 0x42524731; // "BRG1"

    private final OutputStream out;

    private Checkpoint(OutputStream out) {
        this.out = out;
    }

    /** Opens for appending after the intact records (a torn tail is cut off first). */
    public static Checkpoint append(Path file, long intactLength) throws IOException {
        // never through a link: a planted one must not make a resume truncate a file elsewhere
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ch.truncate(intactLength);
            }
        }
        Checkpoint checkpoint = new Checkpoint(Files.newOutputStream(
                file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS));
        PausePoints.reached(PausePoints.CHECKPOINT_OPENED);
        return checkpoint;
    }

    /**
     * Appends one finished member; safe to call from several threads. The record is encoded
     * outside the lock: only the write itself is serialised.
     */
    public void record(MemberResult m) throws IOException {
        write(encodeRecord(m));
    }

    private synchronized void write(byte[] record) throws IOException {
        out.write(record);
        out.flush(); // into the OS: survives the process being killed
        PausePoints.reached(PausePoints.CHECKPOINT_RECORD);
    }

    /** Magic, payload length, payload and its CRC-32, in one array. */
    static byte[] encodeRecord(MemberResult m) {
        int length = payloadLength(m);
        ByteBuffer buf = ByteBuffer.allocate(8 + length + 8); // big-endian, as DataOutputStream wrote it
        buf.putInt(MAGIC).putInt(length);
        encode(m, buf);
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 8, length);
        buf.putLong(crc.getValue());
        return buf.array();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** The intact records of a checkpoint file and the byte length they span. */
    public record Contents(List<MemberResult> members, long intactLength) {}

    public static Contents read(Path file) throws IOException {
        List<MemberResult> members = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Contents(members, 0);
        }
        long intact = 0;
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            while (true) {
                int magic;
                try {
                    magic = in.readInt();
                } catch (EOFException e) {
                    break;
                }
                if (magic != MAGIC) {
                    break;
                }
                int length = in.readInt();
                if (length < 0 || length > (1 << 30)) {
                    break;
                }
                byte[] payload = new byte[length];
                long stored;
                try {
                    in.readFully(payload);
                    stored = in.readLong();
                } catch (EOFException e) {
                    break;
                }
                CRC32 crc = new CRC32();
                crc.update(payload);
                if (crc.getValue() != stored) {
                    break;
                }
                members.add(decode(payload));
                intact += 8 + length + 8;
            }
        } catch (EOFException e) {
            // a record cut short: everything before it is intact
        }
        return new Contents(members, intact);
    }

    private static int payloadLength(MemberResult m) {
        int entries = m.predictions().length;
        int nTest = entries == 0 ? 0 : m.predictions()[0].length;
        return 4
                + 1
                + 4
                + 4
                + 8 * entries * nTest
                + 8 * m.testMse().length
                + 8 * m.probe().length
                + 4 * m.coarseGrained().length
                + 4
                + 8 * m.fisherDiagonal().length
                + 4
                + 4 * m.coarseGrainedAt().length
                + 4
                + 8 * m.lossCurve().length
                + 8
                + 4
                + 8 * m.trainedReadout().length
                + rowsLength(m.mesh().flow())
                + rowsLength(m.mesh().training());
    }

    private static int rowsLength(double[][] rows) {
        return 8 + 8 * rows.length * (rows.length == 0 ? 0 : rows[0].length);
    }

    /** The payload, field by field, doubles as raw bits, in bulk. */
    private static void encode(MemberResult m, ByteBuffer d) {
        d.putInt(m.member());
        d.put((byte) (m.diverged() ? 1 : 0));
        d.putInt(m.predictions().length);
        d.putInt(m.predictions().length == 0 ? 0 : m.predictions()[0].length);
        for (double[] row : m.predictions()) {
            doubles(d, row);
        }
        doubles(d, m.testMse());
        doubles(d, m.probe());
        ints(d, m.coarseGrained());
        d.putInt(m.fisherDiagonal().length);
        doubles(d, m.fisherDiagonal());
        d.putInt(m.coarseGrainedAt().length);
        ints(d, m.coarseGrainedAt());
        d.putInt(m.lossCurve().length);
        doubles(d, m.lossCurve());
        d.putDouble(m.finalTrainLoss());
        d.putInt(m.trainedReadout().length); // appended last: records written before it still decode
        doubles(d, m.trainedReadout());
        rows(d, m.mesh().flow());
        rows(d, m.mesh().training());
    }

    private static MemberResult decode(byte[] payload) throws IOException {
        DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        int member = d.readInt();
        boolean diverged = d.readBoolean();
        int entries = d.readInt();
        int nTest = d.readInt();
        double[][] predictions = new double[entries][];
        for (int k = 0; k < entries; k++) {
            predictions[k] = doubles(d, nTest);
        }
        double[] testMse = doubles(d, entries);
        double[] probe = doubles(d, entries);
        int[] coarse = ints(d, entries);
        double[] fisher = doubles(d, d.readInt());
        int[] coarseAt = ints(d, d.readInt());
        double[] curve = doubles(d, d.readInt());
        double finalLoss = d.readDouble();
        double[] readout = d.available() > 0 ? doubles(d, d.readInt()) : new double[0];
        MeshOutputs mesh = d.available() > 0 ? new MeshOutputs(rows(d), rows(d)) : MeshOutputs.NONE;
        return new MemberResult(
                member,
                diverged,
                predictions,
                testMse,
                probe,
                coarse,
                fisher,
                coarseAt,
                curve,
                finalLoss,
                readout,
                mesh);
    }

    private static void rows(ByteBuffer d, double[][] rows) {
        d.putInt(rows.length);
        d.putInt(rows.length == 0 ? 0 : rows[0].length);
        for (double[] row : rows) {
            doubles(d, row);
        }
    }

    private static double[][] rows(DataInputStream d) throws IOException {
        int count = d.readInt();
        int length = d.readInt();
        double[][] rows = new double[count][];
        for (int k = 0; k < count; k++) {
            rows[k] = doubles(d, length);
        }
        return rows;
    }

    /** Raw bits, as DataOutputStream.writeLong(doubleToRawLongBits) wrote them (NaN payloads kept). */
    private static void doubles(ByteBuffer d, double[] v) {
        int at = d.position();
        d.asDoubleBuffer().put(v);
        d.position(at + 8 * v.length);
    }

    private static double[] doubles(DataInputStream d, int n) throws IOException {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Double.longBitsToDouble(d.readLong());
        }
        return v;
    }

    private static void ints(ByteBuffer d, int[] v) {
        int at = d.position();
        d.asIntBuffer().put(v);
        d.position(at + 4 * v.length);
    }

    private static int[] ints(DataInputStream d, int n) throws IOException {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = d.readInt();
        }
        return v;
    }
}
