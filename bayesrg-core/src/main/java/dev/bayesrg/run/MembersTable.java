package dev.bayesrg.run;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Csv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    /** Reads a table with {@code entries} flow entries per member; defects are named by file:line. */
    public static MembersTable read(Path file, int entries) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new ConfigException(file.toString(), "is empty");
        }
        List<String> header = List.of(lines.get(0).split(",", -1));
        int cMember = column(header, "member", file);
        int cEntry = column(header, "entry", file);
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
                try {
                    int id = Integer.parseInt(c[cMember]);
                    if (k == 0) {
                        members[m] = id;
                    }
                    if (id != members[m] || Integer.parseInt(c[cEntry]) != k) {
                        throw new ConfigException(where, "expected member " + members[m] + " entry " + k);
                    }
                    mse[m][k] = Csv.parse(c[cMse]);
                    probe[m][k] = Csv.parse(c[cProbe]);
                    coarse[m][k] = Integer.parseInt(c[cCoarse]);
                    diverged[m] = Boolean.parseBoolean(c[cDiverged]);
                    loss[m] = cLoss < 0 ? Double.NaN : Csv.parse(c[cLoss]);
                } catch (NumberFormatException e) {
                    throw new ConfigException(where, "a cell is not a number: " + e.getMessage());
                }
            }
        }
        return new MembersTable(members, diverged, mse, probe, coarse, loss);
    }

    private static int column(List<String> header, String name, Path file) {
        int c = header.indexOf(name);
        if (c < 0) {
            throw new ConfigException(file.toString(), "has no column '" + name + "'");
        }
        return c;
    }
}
