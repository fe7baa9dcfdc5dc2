package dev.bayesrg.run;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Csv;
import java.nio.file.Path;
import java.util.List;

/**
 * members.csv read back: the one reader of the per-member table {@link RunWriter} writes. Columns
 * are found by their header names; members appear in the order of the .npy rows (their ids are
 * global, so a shard holds I, I+N, …) and each has its entries 0..K in order. Numbers come back
 * exactly. {@code train_loss} is NaN for files written before it existed.
 *
 * @param members        member id of each row group, in file order
 * @param diverged       per member
 * @param testMse        [member][entry]
 * @param probe          [member][entry] output at x*
 * @param coarseGrained  [member][entry]
 * @param trainLoss      per member, its final training loss
 */
public record MembersTable(
        int[] members,
        boolean[] diverged,
        double[][] testMse,
        double[][] probe,
        int[][] coarseGrained,
        double[] trainLoss) {

    public int size() {
        return members.length;
    }

    /**
     * The table in {@code lines}, read from {@code file} (for the messages), of a run with these
     * {@code cutoffs} (entries 0..K per member); defects are named by file:line: a cell that is not
     * a number, a member whose rows disagree on its divergence or final loss, a cutoff that is not
     * the run's.
     */
    static MembersTable of(List<String> lines, Path file, List<Double> cutoffs) {
        int entries = cutoffs.size() + 1;
        if (lines.isEmpty()) {
            throw new ConfigException(file.toString(), "is empty");
        }
        List<String> header = List.of(lines.get(0).split(",", -1));
        int cMember = column(header, "member", file);
        int cEntry = column(header, "entry", file);
        int cCutoff = header.indexOf("cutoff");
        int cMse = column(header, "test_mse", file);
        int cProbe = column(header, "probe_output", file);
        int cCoarse = column(header, "coarse_grained", file);
        int cDiverged = column(header, "diverged", file);
        int cLoss = header.indexOf("train_loss");
        List<String> rows = lines.subList(1, lines.size()).stream()
                .filter(l -> !l.isEmpty())
                .toList();
        if (rows.size() % entries != 0) {
            throw new ConfigException(
                    file.toString(),
                    "has " + rows.size() + " rows, not a multiple of the " + entries + " flow entries per member");
        }
        int n = rows.size() / entries;
        int[] members = new int[n];
        boolean[] diverged = new boolean[n];
        double[][] mse = new double[n][entries];
        double[][] probe = new double[n][entries];
        int[][] coarse = new int[n][entries];
        double[] loss = new double[n];
        for (int m = 0; m < n; m++) {
            for (int k = 0; k < entries; k++) {
                int line = 2 + m * entries + k;
                String[] c = rows.get(m * entries + k).split(",", -1);
                String where = file + ":" + line;
                if (c.length != header.size()) {
                    throw new ConfigException(where, "has " + c.length + " cells, the header " + header.size());
                }
                int id = integer(c, cMember, header, where);
                if (k == 0) {
                    members[m] = id;
                }
                if (id != members[m] || integer(c, cEntry, header, where) != k) {
                    throw new ConfigException(where, "expected member " + members[m] + " entry " + k);
                }
                if (cCutoff >= 0) {
                    double cutoff = number(c, cCutoff, header, where);
                    if (k == 0 ? !Double.isNaN(cutoff) : cutoff != cutoffs.get(k - 1)) {
                        throw new ConfigException(
                                where,
                                "cutoff is '" + c[cCutoff] + "', the run's entry " + k + " has "
                                        + (k == 0 ? "none (the trained ensemble)" : cutoffs.get(k - 1)));
                    }
                }
                mse[m][k] = number(c, cMse, header, where);
                probe[m][k] = number(c, cProbe, header, where);
                coarse[m][k] = integer(c, cCoarse, header, where);
                boolean d = bool(c[cDiverged], where);
                double l = cLoss < 0 ? Double.NaN : number(c, cLoss, header, where);
                // one member, one divergence and one final loss: its rows repeat them
                if (k > 0 && (d != diverged[m] || Double.compare(l, loss[m]) != 0)) {
                    throw new ConfigException(
                            where, "member " + members[m] + "'s diverged or train_loss differs from its entry 0");
                }
                diverged[m] = d;
                loss[m] = l;
            }
        }
        return new MembersTable(members, diverged, mse, probe, coarse, loss);
    }

    private static double number(String[] cells, int c, List<String> header, String where) {
        try {
            return Csv.parse(cells[c]);
        } catch (NumberFormatException e) {
            throw new ConfigException(where, header.get(c) + " is '" + cells[c] + "', not a number");
        }
    }

    private static int integer(String[] cells, int c, List<String> header, String where) {
        try {
            return Integer.parseInt(cells[c]);
        } catch (NumberFormatException e) {
            throw new ConfigException(where, header.get(c) + " is '" + cells[c] + "', not an integer");
        }
    }

    /** "true" or "false", as written; anything else would silently read as false. */
    private static boolean bool(String cell, String where) {
        return switch (cell) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(where, "diverged is '" + cell + "', allowed true or false");
        };
    }

    private static int column(List<String> header, String name, Path file) {
        int c = header.indexOf(name);
        if (c < 0) {
            throw new ConfigException(file.toString(), "has no column '" + name + "'");
        }
        return c;
    }
}
