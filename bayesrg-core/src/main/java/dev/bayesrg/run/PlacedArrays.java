package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.AtomicFiles;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.Npy;
import dev.bayesrg.io.NpyScatter;
import dev.bayesrg.io.RunDirectory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * Shards that write their per-member arrays in place into their ensemble's files: shard I/N's
 * members are rows I, I+N, … of the ensemble's predictions.npy, fisher.npy, …, and each row has a
 * known place (the header's length plus the member index times the row's bytes), so every shard
 * writes its rows there itself ({@link NpyScatter}) and a merge only moves the finished files into
 * the run directory, instead of reading and writing every row again. This is how the Spark driver's
 * merge costs little per member: the arrays, nearly all of a run's bytes, are written once, by the
 * tasks, in parallel.
 *
 * <p>Such a shard is an ordinary shard run directory without per-member arrays and with
 * {@value #MARKER}, which names the directory of the ensemble's files relative to the shard's own
 * (so that a set of shards and their arrays can be moved together); {@link ShardMerge} reads these
 * as it reads shards that hold their rows. The shards' writes of one file are positional and never
 * truncate it, so they may come in any order, from any number of nodes, also twice (a retried task
 * writes the same bytes again); the file system must let several nodes write disjoint parts of one
 * file (local disks, NFS, Lustre, GPFS do; a FUSE-mounted object store does not).
 */
public final class PlacedArrays {
    /** The file of a shard directory that names where its per-member arrays were placed. */
    public static final String MARKER = "placed_arrays.json";

    /**
     * Beside the arrays, and not a file of the run: every member's row of members.csv in binary,
     * [members, 2 + 4 (K + 1)]: diverged (1 or 0), the final training loss, then per flow entry the
     * test MSE, the probe output, the coarse-grained count and the training MSE. A merge takes the ensemble's
     * statistics from it instead of parsing every shard's members.csv (most of what a merge would
     * otherwise do per member), and copies members.csv as written.
     */
    public static final String SCALARS = "member_scalars.npy";

    private PlacedArrays() {}

    /**
     * Writes shard run {@code shard} into {@code dir} with its per-member arrays placed in
     * {@code arrays} (created if absent): its rows into the ensemble's files there, each forced to
     * disk, and the rest of the shard (members.csv, summary.json, …) as {@link RunWriter} writes
     * it, with {@value #MARKER} naming {@code arrays}.
     */
    public static void writeShard(RunDirectory dir, RunResult shard, RunWriter.Provenance provenance, Path arrays)
            throws IOException {
        Files.createDirectories(arrays);
        ObjectNode marker = Json.object();
        marker.put(
                "directory",
                dir.path().toAbsolutePath().relativize(arrays.toAbsolutePath()).toString());
        Json.write(dir.resolve(MARKER), marker);
        RunWriter.MemberFiles own = RunWriter.inMemory(shard);
        RunWriter.write(dir, shard, provenance, new RunWriter.MemberFiles() {
            @Override
            public void writeMembers(Path target) throws IOException {
                own.writeMembers(target);
            }

            @Override
            public void writeArray(String file, Path target) throws IOException {
                place(shard, arrays.resolve(file), out -> RunWriter.writeArrayOf(shard, file, out));
            }
        });
        place(shard, arrays.resolve(SCALARS), out -> writeScalars(shard, out));
    }

    /** {@link #SCALARS}' rows of the members of {@code run}, as a whole .npy array. */
    private static void writeScalars(RunResult run, OutputStream out) throws IOException {
        int entries = run.config().brg().cutoffs().size() + 1;
        out.write(Npy.header(run.members().size(), scalarColumns(entries)));
        double[] row = new double[scalarColumns(entries)];
        for (MemberResult m : run.members()) {
            row[0] = m.diverged() ? 1 : 0;
            row[1] = m.finalTrainLoss();
            for (int k = 0; k < entries; k++) {
                row[2 + k] = m.testMse()[k];
                row[2 + entries + k] = m.probe()[k];
                row[2 + 2 * entries + k] = m.coarseGrained()[k];
                row[2 + 3 * entries + k] = m.trainMse()[k];
            }
            Npy.writeValues(out, row);
        }
    }

    private static int scalarColumns(int entries) {
        return 2 + 4 * entries;
    }

    /**
     * Every member's row of members.csv from {@link #SCALARS} in {@code arrays}: the table of
     * members 0 … members − 1, checked to be of that shape.
     */
    static MembersTable scalars(Path arrays, int members, int entries) {
        Path file = arrays.resolve(SCALARS);
        int[] expected = {members, scalarColumns(entries)};
        int[] ids = new int[members];
        boolean[] diverged = new boolean[members];
        double[][] mse = new double[members][];
        double[][] probe = new double[members][];
        int[][] coarse = new int[members][entries];
        double[] loss = new double[members];
        double[][] trainMse = new double[members][];
        try (Npy.Rows rows = Npy.Rows.open(file)) {
            if (!Arrays.equals(rows.shape(), expected)) {
                throw new ConfigException(
                        file.toString(),
                        "has shape " + Arrays.toString(rows.shape()) + ", expected "
                                + Arrays.toString(expected) + " (" + members + " members of the shards'"
                                + " ensemble, " + entries + " flow entries)");
            }
            double[] row = new double[expected[1]];
            for (int m = 0; m < members; m++) {
                rows.next(row);
                ids[m] = m;
                diverged[m] = row[0] != 0;
                loss[m] = row[1];
                mse[m] = Arrays.copyOfRange(row, 2, 2 + entries);
                probe[m] = Arrays.copyOfRange(row, 2 + entries, 2 + 2 * entries);
                trainMse[m] = Arrays.copyOfRange(row, 2 + 3 * entries, 2 + 4 * entries);
                for (int k = 0; k < entries; k++) {
                    double c = row[2 + 2 * entries + k];
                    if (c != Math.rint(c) || !(Math.abs(c) <= Integer.MAX_VALUE)) {
                        throw new ConfigException(
                                file.toString(), "member " + m + " has coarse-grained count " + c + ", not an integer");
                    }
                    coarse[m][k] = (int) c;
                }
            }
        } catch (IOException e) {
            throw RunFiles.unreadable(file, e);
        }
        return new MembersTable(ids, diverged, mse, probe, coarse, loss, trainMse);
    }

    /** Writes the rows of {@code shard}'s array, as {@code rows} writes it, at their places in the ensemble's {@code target}. */
    private static void place(RunResult shard, Path target, AtomicFiles.Content array) throws IOException {
        int[] rows = shard.members().stream().mapToInt(MemberResult::member).toArray();
        if (rows.length == 0) {
            return; // no rows, and perhaps no row shape to write a header by
        }
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            try (NpyScatter out =
                    new NpyScatter(channel, target, shard.config().ensemble().members(), rows)) {
                // a buffer: the writers hand over a row in pieces at times (a mesh row per entry)
                BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
                array.writeTo(buffered);
                buffered.flush();
            }
            channel.force(true);
        }
    }

    /** Where the shard directory {@code dir} placed its per-member arrays, if it did (its {@value #MARKER}). */
    static Optional<Path> of(Path dir) {
        Path file = dir.resolve(MARKER);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode marker = RunJson.readObject(file);
        JsonNode directory = marker.get("directory");
        if (directory == null || !directory.isTextual() || directory.asText().isEmpty()) {
            throw new ConfigException(file.toString(), "has no 'directory' (the path of the placed arrays)");
        }
        return Optional.of(dir.resolve(directory.asText()).normalize());
    }

    /** The per-member files of a merge of shards that placed their arrays in {@code arrays}. */
    static RunWriter.MemberFiles merged(ShardMembersCsv members, Path arrays, boolean move) {
        return new RunWriter.MemberFiles() {
            @Override
            public void writeMembers(Path target) throws IOException {
                members.write(target);
            }

            @Override
            public void writeArray(String file, Path target) throws IOException {
                Path placed = arrays.resolve(file);
                if (move) {
                    // the finished file is the run's: one rename, not a copy
                    Files.move(placed, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } else {
                    AtomicFiles.write(target, out -> Files.copy(placed, out));
                }
            }
        };
    }
}
