package dev.bayesrg.run;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
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
        if (Files.exists(file)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(intactLength);
            }
        }
        return new Checkpoint(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    /** Appends one finished member; safe to call from several threads. */
    public synchronized void record(MemberResult m) throws IOException {
        byte[] payload = encode(m);
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer buf = ByteBuffer.allocate(8 + payload.length + 8);
        buf.putInt(MAGIC).putInt(payload.length).put(payload).putLong(crc.getValue());
        out.write(buf.array());
        out.flush(); // into the OS: survives the process being killed
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** The intact records of a checkpoint file and the byte length they span. */
    public record Contents(List<MemberResult> members, long intactLength) {
    }

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

    private static byte[] encode(MemberResult m) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        d.writeInt(m.member());
        d.writeBoolean(m.diverged());
        d.writeInt(m.predictions().length);
        d.writeInt(m.predictions().length == 0 ? 0 : m.predictions()[0].length);
        for (double[] row : m.predictions()) {
            doubles(d, row);
        }
        doubles(d, m.testMse());
        doubles(d, m.probe());
        ints(d, m.coarseGrained());
        d.writeInt(m.fisherDiagonal().length);
        doubles(d, m.fisherDiagonal());
        d.writeInt(m.coarseGrainedAt().length);
        ints(d, m.coarseGrainedAt());
        d.writeInt(m.lossCurve().length);
        doubles(d, m.lossCurve());
        d.writeDouble(m.finalTrainLoss());
        d.writeInt(m.trainedReadout().length); // appended last: records written before it still decode
        doubles(d, m.trainedReadout());
        rows(d, m.mesh().flow());
        rows(d, m.mesh().training());
        d.flush();
        return bytes.toByteArray();
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
        return new MemberResult(member, diverged, predictions, testMse, probe, coarse, fisher, coarseAt, curve, finalLoss,
                readout, mesh);
    }

    private static void rows(DataOutputStream d, double[][] rows) throws IOException {
        d.writeInt(rows.length);
        d.writeInt(rows.length == 0 ? 0 : rows[0].length);
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

    private static void doubles(DataOutputStream d, double[] v) throws IOException {
        for (double x : v) {
            d.writeLong(Double.doubleToRawLongBits(x));
        }
    }

    private static double[] doubles(DataInputStream d, int n) throws IOException {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Double.longBitsToDouble(d.readLong());
        }
        return v;
    }

    private static void ints(DataOutputStream d, int[] v) throws IOException {
        for (int x : v) {
            d.writeInt(x);
        }
    }

    private static int[] ints(DataInputStream d, int n) throws IOException {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = d.readInt();
        }
        return v;
    }
}
