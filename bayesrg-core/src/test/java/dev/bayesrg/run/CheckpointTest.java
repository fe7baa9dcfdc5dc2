package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The checkpoint record: its byte layout, and what reading it back gives. */
class CheckpointTest {
    @TempDir
    Path tmp;

    private static MemberResult member(int id) {
        return member(id, true, true);
    }

    /** A member with or without a Fisher geometry and a flow during training. */
    private static MemberResult member(int id, boolean geometry, boolean training) {
        double nanWithPayload = Double.longBitsToDouble(0x7ff8_0000_0000_1234L);
        return new MemberResult(
                id,
                id % 2 == 1,
                new double[][] {{1.5, -2.0, nanWithPayload}, {0.0, -0.0, 1e300}},
                new double[] {3.0, 4.0},
                new double[] {0.5, Double.NEGATIVE_INFINITY},
                new int[] {0, 7},
                new double[] {1e-9, 2e-9, 3e-9},
                new int[] {-1, 1, 0},
                new double[] {10.0, 5.0},
                4.5,
                new double[] {0.1, 0.2, 0.3},
                new MeshOutputs(new double[][] {{1, 2}, {3, 4}}, new double[][] {{5, 6}}),
                new double[] {0.25},
                geometry
                        ? new MemberGeometry(
                                new dev.bayesrg.fisher.FisherGeometry(
                                        new double[] {9.0, 0.25, 0.0},
                                        new double[] {0.125},
                                        new double[] {0.75},
                                        new double[] {Double.NaN}),
                                new double[] {id + 0.5},
                                new double[] {1e-3},
                                new double[] {2e-3})
                        : null,
                training ? new TrainingFlow(new double[][] {{id + 0.25, nanWithPayload}}, new double[] {-0.5}) : null,
                new double[] {4.5, id + 0.75});
    }

    /** The documented layout, written field by field with DataOutputStream: the independent truth. */
    private static byte[] reference(MemberResult m) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        d.writeInt(m.member());
        d.writeBoolean(m.diverged());
        d.writeInt(m.predictions().length);
        d.writeInt(m.predictions()[0].length);
        for (double[] row : m.predictions()) {
            for (double x : row) {
                d.writeLong(Double.doubleToRawLongBits(x));
            }
        }
        for (double[] v : new double[][] {m.testMse(), m.probe()}) {
            for (double x : v) {
                d.writeLong(Double.doubleToRawLongBits(x));
            }
        }
        for (int x : m.coarseGrained()) {
            d.writeInt(x);
        }
        d.writeInt(m.fisherDiagonal().length);
        for (double x : m.fisherDiagonal()) {
            d.writeLong(Double.doubleToRawLongBits(x));
        }
        d.writeInt(m.coarseGrainedAt().length);
        for (int x : m.coarseGrainedAt()) {
            d.writeInt(x);
        }
        d.writeInt(m.lossCurve().length);
        for (double x : m.lossCurve()) {
            d.writeLong(Double.doubleToRawLongBits(x));
        }
        d.writeDouble(m.finalTrainLoss());
        d.writeInt(m.trainedReadout().length);
        for (double x : m.trainedReadout()) {
            d.writeLong(Double.doubleToRawLongBits(x));
        }
        for (double[][] rows : new double[][][] {m.mesh().flow(), m.mesh().training()}) {
            d.writeInt(rows.length);
            d.writeInt(rows[0].length);
            for (double[] row : rows) {
                for (double x : row) {
                    d.writeLong(Double.doubleToRawLongBits(x));
                }
            }
        }
        d.writeInt(m.cutoffs().length);
        for (double x : m.cutoffs()) {
            d.writeLong(Double.doubleToRawLongBits(x));
        }
        if (m.geometry() != null) {
            double[] spectrum = m.geometry().geometry().spectrum();
            d.writeInt(spectrum.length);
            for (double x : spectrum) {
                d.writeLong(Double.doubleToRawLongBits(x));
            }
            // per cutoff: diagonal and eigen sloppy fractions, overlap, other basis's test MSE, both KLs
            double[] row = {0.125, 0.75, Double.NaN, m.member() + 0.5, 1e-3, 2e-3};
            d.writeInt(row.length);
            for (double x : row) {
                d.writeLong(Double.doubleToRawLongBits(x));
            }
        }
        if (m.trainingFlow() != null) {
            // its tag (-2, never a spectrum's length), then [checkpoints][K + 1] as the mesh rows, then ρ
            d.writeInt(-2);
            d.writeInt(1);
            d.writeInt(2);
            d.writeLong(Double.doubleToRawLongBits(m.member() + 0.25));
            d.writeLong(0x7ff8_0000_0000_1234L);
            d.writeLong(Double.doubleToRawLongBits(-0.5));
        }
        // the training MSE along the flow, last, behind its tag (-3): [K + 1]
        d.writeInt(-3);
        d.writeInt(m.trainMse().length);
        for (double x : m.trainMse()) {
            d.writeLong(Double.doubleToRawLongBits(x));
        }
        byte[] payload = bytes.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        DataOutputStream r = new DataOutputStream(record);
        r.writeInt(0x42524731);
        r.writeInt(payload.length);
        r.write(payload);
        CRC32 crc = new CRC32();
        crc.update(payload);
        r.writeLong(crc.getValue());
        return record.toByteArray();
    }

    @ParameterizedTest(name = "geometry {0}, flow during training {1}")
    @CsvSource({"true, true", "true, false", "false, true", "false, false"})
    void recordHasTheDocumentedBigEndianLayoutWithItsCrc(boolean geometry, boolean training) throws IOException {
        MemberResult m = member(3, geometry, training);
        assertArrayEquals(reference(m), Checkpoint.encodeRecord(m));
    }

    @ParameterizedTest(name = "geometry {0}, flow during training {1}")
    @CsvSource({"true, true", "true, false", "false, true", "false, false"})
    void theOptionalSectionsReadBackAsWritten(boolean geometry, boolean training) throws IOException {
        Path file = tmp.resolve(Checkpoint.FILE);
        MemberResult m = member(5, geometry, training);
        try (Checkpoint c = Checkpoint.append(file, 0, "b".repeat(64))) {
            c.record(m);
        }
        MemberResult back = Checkpoint.read(file).members().get(0);
        assertEquals(geometry, back.geometry() != null, "geometry");
        assertEquals(training, back.trainingFlow() != null, "flow during training");
        assertArrayEquals(Checkpoint.encodeRecord(m), Checkpoint.encodeRecord(back), "every field, raw bits and all");
    }

    @Test
    void membersReadBackBitForBitAndATornTailIsDropped() throws IOException {
        Path file = tmp.resolve(Checkpoint.FILE);
        String identity = "a".repeat(64);
        try (Checkpoint c = Checkpoint.append(file, 0, identity)) {
            c.record(member(0));
            c.record(member(1));
        }
        long header = 8 + 64 + 8;
        long whole = Files.size(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5)); // the second record torn
        Checkpoint.Contents read = Checkpoint.read(file);
        assertEquals(1, read.members().size());
        assertEquals(header + (whole - header) / 2, read.intactLength());
        assertEquals(identity, read.identity(), "the header carries the run's identity");
        MemberResult back = read.members().get(0);
        MemberResult m = member(0);
        assertArrayEquals(Checkpoint.encodeRecord(m), Checkpoint.encodeRecord(back), "every field, raw bits and all");
        assertEquals(
                Double.doubleToRawLongBits(m.predictions()[0][2]),
                Double.doubleToRawLongBits(back.predictions()[0][2]));
    }
}
