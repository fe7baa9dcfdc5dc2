package dev.bayesrg.run;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.AtomicFiles;
import dev.bayesrg.io.Npy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The per-member files of a merged run, streamed from the shards' files: members.csv by
 * {@link ShardMembersCsv}, and each array with member m as row m / N of shard m mod N, so every
 * shard file is read once, front to back, one row in memory at a time, its bytes copied as they are.
 */
final class ShardArrays implements RunWriter.MemberFiles {
    /** Shard directories by shard index. */
    private final List<Path> shards;

    private final int members;
    private final ShardMembersCsv membersCsv;

    ShardArrays(List<Path> shards, int members, ShardMembersCsv membersCsv) {
        this.shards = List.copyOf(shards);
        this.members = members;
        this.membersCsv = membersCsv;
    }

    @Override
    public void writeMembers(Path target) throws IOException {
        membersCsv.write(target);
    }

    @Override
    public void writeArray(String file, Path target) throws IOException {
        AtomicFiles.write(target, out -> write(file, out));
    }

    private void write(String file, OutputStream out) throws IOException {
        int count = shards.size();
        Npy.Rows[] rows = new Npy.Rows[count];
        try {
            int[] rowShape = null;
            for (int s = 0; s < count; s++) {
                rows[s] = Npy.Rows.open(shards.get(s).resolve(file));
                int[] shape = rows[s].shape();
                int[] own = Arrays.copyOfRange(shape, 1, shape.length);
                // an empty shard may not know the row shape (e.g. no loss curve to measure): skip it
                if (rows[s].rows() > 0) {
                    if (rowShape == null) {
                        rowShape = own;
                    } else if (!Arrays.equals(rowShape, own)) {
                        throw new ConfigException(
                                shards.get(s).resolve(file).toString(),
                                "has rows of shape " + Arrays.toString(own) + ", other shards "
                                        + Arrays.toString(rowShape));
                    }
                }
            }
            int[] shape = new int[rowShape.length + 1];
            shape[0] = members;
            System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
            out.write(Npy.header(shape));
            for (int m = 0; m < members; m++) {
                rows[m % count].copyNext(out);
            }
        } finally {
            for (Npy.Rows r : rows) {
                if (r != null) {
                    r.close();
                }
            }
        }
    }
}
