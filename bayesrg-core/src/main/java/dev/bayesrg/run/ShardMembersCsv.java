package dev.bayesrg.run;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * members.csv of a merged run from its shards' members.csv as written: member m's K + 1 rows are
 * the next ones of shard m mod N's file. A member's rows are the same text in every run that holds
 * it (one build formats the same numbers the same way, and the shards are of one build:
 * {@link ShardBuilds}), so copying them gives the unsharded run's file without formatting a number;
 * every shard file is read once, front to back, a buffer at a time.
 */
final class ShardMembersCsv {
    private static final int BUFFER = 1 << 16;

    /** Shard directories by shard index. */
    private final List<Path> shards;

    private final int members;
    private final int entries;

    ShardMembersCsv(List<Path> shards, int members, int entries) {
        this.shards = List.copyOf(shards);
        this.members = members;
        this.entries = entries;
    }

    /**
     * Refuses a shard whose members.csv has other columns than this build writes (its rows would
     * not be the unsharded run's); the rest of the file is {@link MembersTable}'s to check.
     */
    static void checkColumns(Path shard) throws IOException {
        Path file = shard.resolve(RunWriter.MEMBERS);
        String expected = RunWriter.MEMBERS_HEADER.strip();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (!expected.equals(header)) {
                throw new ConfigException(
                        file.toString(),
                        "has the columns '" + header + "', this bayesrg writes '" + expected
                                + "'; merge shards written by one bayesrg");
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(file.toString(), "is not UTF-8 text");
        }
    }

    /** Writes the merged members.csv at {@code target}, atomically. */
    void write(Path target) throws IOException {
        AtomicFiles.write(target, out -> {
            out.write(RunWriter.MEMBERS_HEADER.getBytes(StandardCharsets.US_ASCII));
            Lines[] lines = new Lines[shards.size()];
            try {
                for (int s = 0; s < lines.length; s++) {
                    lines[s] = new Lines(shards.get(s).resolve(RunWriter.MEMBERS));
                    lines[s].skipHeader();
                }
                for (int m = 0; m < members; m++) {
                    lines[m % lines.length].copy(entries, out);
                }
            } finally {
                for (Lines l : lines) {
                    if (l != null) {
                        l.close();
                    }
                }
            }
        });
    }

    /**
     * A text file's lines, copied a block at a time: lines end at \n, \r or \r\n, and empty lines
     * are skipped, as {@link MembersTable} reads them.
     */
    private static final class Lines implements AutoCloseable {
        private final Path file;
        private final InputStream in;
        private final byte[] buffer = new byte[BUFFER];
        private int position;
        private int limit;

        Lines(Path file) throws IOException {
            this.file = file;
            this.in = Files.newInputStream(file);
        }

        /** Past the first line (a terminator after it is an empty line, skipped by {@link #copy}). */
        void skipHeader() throws IOException {
            while (fill()) {
                byte b = buffer[position++];
                if (b == '\n' || b == '\r') {
                    return;
                }
            }
        }

        /** Copies the next {@code count} non-empty lines, each ended by \n. */
        void copy(int count, OutputStream out) throws IOException {
            for (int line = 0; line < count; line++) {
                while (true) {
                    if (!fill()) {
                        throw new IOException(file + ": ends before its members' rows do");
                    }
                    if (buffer[position] != '\n' && buffer[position] != '\r') {
                        break;
                    }
                    position++;
                }
                while (fill()) {
                    int start = position;
                    while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
                        position++;
                    }
                    out.write(buffer, start, position - start);
                    if (position < limit) {
                        break; // at the line's terminator
                    }
                }
                out.write('\n');
            }
        }

        /** Whether a byte is buffered, reading more if none is. */
        private boolean fill() throws IOException {
            if (position < limit) {
                return true;
            }
            int n = in.read(buffer, 0, buffer.length);
            position = 0;
            limit = Math.max(n, 0);
            return n > 0;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
