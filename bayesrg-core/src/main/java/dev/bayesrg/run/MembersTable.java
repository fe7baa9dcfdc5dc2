package dev.bayesrg.run;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Csv;
import java.nio.file.Path;
import java.util.List;

/**
 * members.csv read back: the one reader of the per-member table {@link RunWriter} writes. Columns
 * are found by their header names; members appear in the order of the .npy rows (their ids are
 * global, so a shard holds I, I+N, …) and each has its entries 0..K in order. Numbers come back
 * exactly. {@code train_loss} is NaN for files written before it existed, and so is {@code train_mse}.
 *
 * @param members        member id of each row group, in file order
 * @param diverged       per member
 * @param testMse        [member][entry]
 * @param probe          [member][entry] output at x*
 * @param coarseGrained  [member][entry]
 * @param trainLoss      per member, its final training loss
 * @param trainMse       [member][entry] the training-set MSE after coarse graining
 */
public record MembersTable(
        int[] members,
        boolean[] diverged,
        double[][] testMse,
        double[][] probe,
        int[][] coarseGrained,
        double[] trainLoss,
        double[][] trainMse) {

    public int size() {
        return members.length;
    }

    /**
     * The table in {@code text}, the content of {@code file} (for the messages), of a run with these
     * {@code cutoffs} (entries 0..K per member); defects are named by file:line: a cell that is not
     * a number, a member whose rows disagree on its divergence or final loss, a cutoff that is not
     * the run's. Lines end at \n, \r or \r\n; empty lines after the header are skipped.
     *
     * <p>A merge reads every member's table, so this is written for speed: cells are found in place
     * in the text, and a cutoff or final loss spelled as expected (the schedule's cutoff as written,
     * the member's entry-0 loss repeated) is taken without being parsed.
     */
    static MembersTable of(String text, Path file, List<Double> cutoffs) {
        int entries = cutoffs.size() + 1;
        if (text.isEmpty()) {
            throw new ConfigException(file.toString(), "is empty");
        }
        int headerEnd = lineEnd(text, 0);
        List<String> header = List.of(text.substring(0, headerEnd).split(",", -1));
        int cMember = column(header, "member", file);
        int cEntry = column(header, "entry", file);
        int cCutoff = header.indexOf("cutoff");
        int cMse = column(header, "test_mse", file);
        int cProbe = column(header, "probe_output", file);
        int cCoarse = column(header, "coarse_grained", file);
        int cDiverged = column(header, "diverged", file);
        int cLoss = header.indexOf("train_loss");
        int cTrainMse = header.indexOf("train_mse");
        int[] rows = rowStarts(text, headerEnd);
        int count = rows.length / 2;
        if (count % entries != 0) {
            throw new ConfigException(
                    file.toString(),
                    "has " + count + " rows, not a multiple of the " + entries + " flow entries per member");
        }
        String[] cutoffText = new String[entries];
        for (int k = 1; k < entries; k++) {
            cutoffText[k] = Csv.number(cutoffs.get(k - 1));
        }
        int n = count / entries;
        int[] members = new int[n];
        boolean[] diverged = new boolean[n];
        double[][] mse = new double[n][entries];
        double[][] probe = new double[n][entries];
        int[][] coarse = new int[n][entries];
        double[] loss = new double[n];
        double[][] trainMse = new double[n][entries];
        Cells c = new Cells(text, header, file);
        for (int m = 0; m < n; m++) {
            int lossStart = 0;
            int lossEnd = 0;
            for (int k = 0; k < entries; k++) {
                int r = m * entries + k;
                c.split(rows[2 * r], rows[2 * r + 1], 2 + r);
                int id = c.integer(cMember);
                if (k == 0) {
                    members[m] = id;
                }
                if (id != members[m] || c.integer(cEntry) != k) {
                    throw new ConfigException(c.where(), "expected member " + members[m] + " entry " + k);
                }
                if (cCutoff >= 0 && !(k == 0 ? c.isEmpty(cCutoff) : c.is(cCutoff, cutoffText[k]))) {
                    double cutoff = c.number(cCutoff);
                    if (k == 0 ? !Double.isNaN(cutoff) : cutoff != cutoffs.get(k - 1)) {
                        throw new ConfigException(
                                c.where(),
                                "cutoff is '" + c.text(cCutoff) + "', the run's entry " + k + " has "
                                        + (k == 0 ? "none (the trained ensemble)" : cutoffs.get(k - 1)));
                    }
                }
                mse[m][k] = c.number(cMse);
                probe[m][k] = c.number(cProbe);
                trainMse[m][k] = cTrainMse < 0 ? Double.NaN : c.number(cTrainMse);
                coarse[m][k] = c.integer(cCoarse);
                boolean d = c.bool(cDiverged);
                double l;
                if (cLoss < 0) {
                    l = Double.NaN;
                } else if (k > 0 && c.is(cLoss, text, lossStart, lossEnd)) {
                    l = loss[m]; // spelled as in entry 0
                } else {
                    l = c.number(cLoss);
                }
                // one member, one divergence and one final loss: its rows repeat them
                if (k > 0 && (d != diverged[m] || Double.compare(l, loss[m]) != 0)) {
                    throw new ConfigException(
                            c.where(), "member " + members[m] + "'s diverged or train_loss differs from its entry 0");
                }
                if (k == 0 && cLoss >= 0) {
                    lossStart = c.start(cLoss);
                    lossEnd = c.end(cLoss);
                }
                diverged[m] = d;
                loss[m] = l;
            }
        }
        return new MembersTable(members, diverged, mse, probe, coarse, loss, trainMse);
    }

    /** Where the line starting at {@code from} ends (its terminator, or the end of the text). */
    private static int lineEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** Start and end of each non-empty line after the header (which ends at {@code headerEnd}). */
    private static int[] rowStarts(String text, int headerEnd) {
        int[] bounds = new int[64];
        int size = 0;
        int i = headerEnd;
        while (i < text.length()) {
            i++; // past a terminator (\r\n is one, then an empty line)
            int end = lineEnd(text, i);
            if (end > i) {
                if (size + 2 > bounds.length) {
                    bounds = java.util.Arrays.copyOf(bounds, 2 * bounds.length);
                }
                bounds[size++] = i;
                bounds[size++] = end;
            }
            i = end;
        }
        return java.util.Arrays.copyOf(bounds, size);
    }

    /** The cells of one row, found in place in the text. */
    private static final class Cells {
        private final String text;
        private final List<String> header;
        private final Path file;
        private final int[] start;
        private final int[] end;
        private int line;

        Cells(String text, List<String> header, Path file) {
            this.text = text;
            this.header = header;
            this.file = file;
            this.start = new int[header.size()];
            this.end = new int[header.size()];
        }

        /** Splits the row in [from, to), line {@code line} of the file. */
        void split(int from, int to, int line) {
            this.line = line;
            int cell = 0;
            int at = from;
            while (true) {
                int comma = text.indexOf(',', at);
                int stop = comma < 0 || comma >= to ? to : comma;
                if (cell < start.length) {
                    start[cell] = at;
                    end[cell] = stop;
                }
                cell++;
                if (stop == to) {
                    break;
                }
                at = stop + 1;
            }
            if (cell != header.size()) {
                throw new ConfigException(where(), "has " + cell + " cells, the header " + header.size());
            }
        }

        String where() {
            return file + ":" + line;
        }

        int start(int c) {
            return start[c];
        }

        int end(int c) {
            return end[c];
        }

        String text(int c) {
            return text.substring(start[c], end[c]);
        }

        boolean isEmpty(int c) {
            return start[c] == end[c];
        }

        /** Whether cell {@code c} is {@code expected}, character for character. */
        boolean is(int c, String expected) {
            return end[c] - start[c] == expected.length() && text.startsWith(expected, start[c]);
        }

        /** Whether cell {@code c} is {@code source[from, to)}, character for character. */
        boolean is(int c, String source, int from, int to) {
            return end[c] - start[c] == to - from && text.regionMatches(start[c], source, from, to - from);
        }

        double number(int c) {
            String cell = text(c);
            try {
                return Csv.parse(cell);
            } catch (NumberFormatException e) {
                throw new ConfigException(where(), header.get(c) + " is '" + cell + "', not a number");
            }
        }

        int integer(int c) {
            try {
                return Integer.parseInt(text, start[c], end[c], 10);
            } catch (NumberFormatException e) {
                throw new ConfigException(where(), header.get(c) + " is '" + text(c) + "', not an integer");
            }
        }

        /** "true" or "false", as written; anything else would silently read as false. */
        boolean bool(int c) {
            if (is(c, "true")) {
                return true;
            }
            if (is(c, "false")) {
                return false;
            }
            throw new ConfigException(where(), "diverged is '" + text(c) + "', allowed true or false");
        }
    }

    private static int column(List<String> header, String name, Path file) {
        int c = header.indexOf(name);
        if (c < 0) {
            throw new ConfigException(file.toString(), "has no column '" + name + "'");
        }
        return c;
    }
}
