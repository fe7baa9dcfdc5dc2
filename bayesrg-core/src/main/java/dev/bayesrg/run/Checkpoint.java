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
 * The file starts with a header record carrying the run's {@link ResumeState#identity() identity}
 * (a hash of its configuration, shard, input data and format), so that a checkpoint copied from
 * another run is refused instead of lending its members to this one. Members are appended as they
 * finish, each as one record: a magic number, the payload length, the payload (every field of the
 * {@link MemberResult}, doubles as raw bits) and its CRC-32. Reading keeps the longest prefix of
 * intact records; a torn or corrupt record (a kill mid-write) and everything after it are dropped
 * and their members computed again. Checkpoints of runs started before the header existed have
 * none and are read as they are.
 */
public final class Checkpoint implements AutoCloseable {
    public static final String FILE = "members.checkpoint";
    private static final int MAGIC = 0x42524731; // "BRG1"
    private static final int HEADER_MAGIC = 0x42524748; // "BRGH"
    /**
     * Marks the flow during training at the end of a member's payload: after the geometry (whose
     * first int, a spectrum length, is never negative) or in its place.
     */
    private static final int TRAINING_FLOW_TAG = -2;
    /** Marks the training MSE along the flow, the payload's last section (records before it lack it). */
    private static final int TRAIN_MSE_TAG = -3;
    /** What decoding reads where a payload has ended: no section's tag or length. */
    private static final int NO_SECTION = Integer.MIN_VALUE;

    private final OutputStream out;

    private Checkpoint(OutputStream out) {
        this.out = out;
    }

    /**
     * Opens for appending after the intact records (a torn tail is cut off first). A checkpoint
     * without intact content is started afresh with a header carrying {@code identity}. The file is
     * never reached through a symbolic link.
     */
    public static Checkpoint append(Path file, long intactLength, String identity) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ch.truncate(intactLength);
            }
        }
        OutputStream stream = Files.newOutputStream(
                file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
        Checkpoint checkpoint = new Checkpoint(stream);
        if (intactLength == 0) {
            checkpoint.write(header(identity));
        }
        PausePoints.reached(PausePoints.CHECKPOINT_OPENED);
        return checkpoint;
    }

    /** The header record: the run's identity as UTF-8, framed as a member record is. */
    private static byte[] header(String identity) {
        byte[] payload = identity.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + payload.length + 8);
        buf.putInt(HEADER_MAGIC).putInt(payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(payload);
        buf.putLong(crc.getValue());
        return buf.array();
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
        if (ByteBuffer.wrap(record).getInt() == MAGIC) {
            PausePoints.reached(PausePoints.CHECKPOINT_RECORD);
        }
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

    /**
     * The intact records of a checkpoint file and the byte length they span.
     *
     * @param identity     the identity in the header, or null if the file has none (an older run's, or
     *                     no intact content at all)
     * @param members      the intact member records, in the order written
     * @param intactLength the bytes of the header and those records
     */
    public record Contents(String identity, List<MemberResult> members, long intactLength) {
        /** No checkpoint at all. */
        public static final Contents EMPTY = new Contents(null, List.of(), 0);

        public Contents {
            members = List.copyOf(members);
        }
    }

    /** Reads every intact record; see the class comment. */
    public static Contents read(Path file) throws IOException {
        List<MemberResult> members = new ArrayList<>();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Contents.EMPTY;
        }
        String identity = null;
        long intact = 0;
        try (InputStream raw = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            boolean first = true;
            while (true) {
                int magic;
                try {
                    magic = in.readInt();
                } catch (EOFException e) {
                    break;
                }
                boolean header = first && magic == HEADER_MAGIC;
                first = false;
                if (magic != MAGIC && !header) {
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
                if (header) {
                    identity = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
                } else {
                    MemberResult m;
                    try {
                        m = decode(payload);
                    } catch (IOException | RuntimeException e) {
                        break; // a payload that does not decode is as untrustworthy as a bad checksum
                    }
                    members.add(m);
                }
                intact += 8 + length + 8;
            }
        } catch (EOFException e) {
            // a record cut short: everything before it is intact
        }
        return new Contents(identity, members, intact);
    }

    /**
     * The intact members of {@code file}, refused as bad input naming the file if it belongs to
     * another run (its identity is not {@code identity}, null for a run older than identities) or
     * if a record does not fit this run: a
     * member outside {@code members}, one recorded twice, or arrays of other lengths than
     * {@code shape}'s.
     */
    static Contents readFor(Path file, String identity, int[] members, MemberShape shape) throws IOException {
        Contents contents = read(file);
        if (contents.intactLength() == 0) {
            return contents;
        }
        // a run that knows its identity stamped its checkpoint with it; only older runs' have no header
        boolean stampedBy = identity == null ? contents.identity() == null : identity.equals(contents.identity());
        if (!stampedBy) {
            throw new dev.bayesrg.config.ConfigException(
                    file.toString(),
                    "belongs to another run (another configuration, shard or data set): its members are not this "
                            + "run's; delete it to compute every member again");
        }
        java.util.Set<Integer> wanted = new java.util.HashSet<>();
        for (int m : members) {
            wanted.add(m);
        }
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int record = 0;
        for (MemberResult m : contents.members()) {
            record++;
            String problem = !wanted.contains(m.member())
                    ? "is member " + m.member() + ", which this run does not compute"
                    : !seen.add(m.member())
                            ? "repeats member " + m.member()
                            : shape.mismatch(m, contents.identity() == null);
            if (problem != null) {
                throw new dev.bayesrg.config.ConfigException(
                        file.toString(),
                        "record " + record + " " + problem + ": the checkpoint does not belong to this run; delete "
                                + "it to compute every member again");
            }
        }
        return contents;
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
                + rowsLength(m.mesh().training())
                + 4
                + 8 * m.cutoffs().length
                + geometryLength(m.geometry())
                + trainingFlowLength(m.trainingFlow())
                + 4
                + 4
                + 8 * m.trainMse().length;
    }

    private static int trainingFlowLength(TrainingFlow t) {
        return t == null ? 0 : 4 + rowsLength(t.testMse()) + 8 * t.fisherRank().length;
    }

    private static int geometryLength(MemberGeometry g) {
        return g == null ? 0 : 4 + 8 * g.geometry().spectrum().length + 4 + 8 * g.row().length;
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
        d.putInt(m.cutoffs().length); // appended after the mesh, as the read-out was
        doubles(d, m.cutoffs());
        if (m.geometry() != null) { // last: a member that measured none has none
            d.putInt(m.geometry().geometry().spectrum().length);
            doubles(d, m.geometry().geometry().spectrum());
            double[] row = m.geometry().row();
            d.putInt(row.length);
            doubles(d, row);
        }
        if (m.trainingFlow() != null) { // after the geometry, behind its tag
            d.putInt(TRAINING_FLOW_TAG);
            rows(d, m.trainingFlow().testMse());
            doubles(d, m.trainingFlow().fisherRank());
        }
        d.putInt(TRAIN_MSE_TAG); // last, behind its tag
        d.putInt(m.trainMse().length);
        doubles(d, m.trainMse());
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
        double[] cutoffs = d.available() > 0 ? doubles(d, d.readInt()) : new double[0];
        MemberGeometry geometry = null;
        TrainingFlow trainingFlow = null;
        double[] trainMse = MemberResult.unmeasured(entries);
        if (d.available() > 0) {
            int next = d.readInt();
            if (next != TRAINING_FLOW_TAG && next != TRAIN_MSE_TAG) {
                geometry = MemberGeometry.of(doubles(d, next), doubles(d, d.readInt()));
                next = d.available() > 0 ? d.readInt() : NO_SECTION;
            }
            if (next == TRAINING_FLOW_TAG) {
                double[][] alongTraining = rows(d);
                trainingFlow = new TrainingFlow(alongTraining, doubles(d, alongTraining.length));
                next = d.available() > 0 ? d.readInt() : NO_SECTION;
            }
            if (next == TRAIN_MSE_TAG) {
                trainMse = doubles(d, d.readInt());
            } else if (next != NO_SECTION) {
                throw new IOException("a section of unknown tag " + next);
            }
        }
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
                mesh,
                cutoffs,
                geometry,
                trainingFlow,
                trainMse);
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
