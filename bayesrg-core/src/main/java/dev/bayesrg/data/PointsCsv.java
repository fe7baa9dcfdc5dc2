package dev.bayesrg.data;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.Csv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Input points x_1..x_n from a CSV file, one point per row, comma separated; the dimension is that
 * of the first row, a first row that is not numbers is a header and skipped, blank lines are
 * ignored. Defects are named by file:line(:column); a missing, empty or oversized file by the file.
 */
public final class PointsCsv {
    private PointsCsv() {}

    /**
     * The points of {@code file}, at most {@code maxPoints} of them.
     *
     * @throws ConfigException naming the file (missing, no data rows, too many points) or the
     *     file:line:column of a bad cell
     */
    public static double[][] read(Path file, int maxPoints) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "does not exist");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(file.toString(), "is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(
                    file.toString(), Files.isDirectory(file) ? "is a directory" : "cannot be read: " + e.getMessage());
        }
        List<double[]> rows = new ArrayList<>();
        int dim = -1;
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = (ln == 0 ? Csv.withoutByteOrderMark(lines.get(ln)) : lines.get(ln)).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            double[] row = new double[cells.length];
            boolean header = false;
            for (int c = 0; c < cells.length; c++) {
                try {
                    row[c] = Csv.parseDecimal(cells[c].trim());
                } catch (NumberFormatException e) {
                    if (rows.isEmpty() && dim < 0 && c == 0) {
                        header = true;
                        break;
                    }
                    throw new ConfigException(
                            file + ":" + (ln + 1) + ":" + (c + 1), "'" + cells[c].trim() + "' is not a number");
                }
                if (!Double.isFinite(row[c])) {
                    throw new ConfigException(file + ":" + (ln + 1) + ":" + (c + 1), "value must be finite");
                }
                if (Math.abs(row[c]) > dev.bayesrg.config.DataConfig.MAX_MAGNITUDE) {
                    throw new ConfigException(
                            file + ":" + (ln + 1) + ":" + (c + 1),
                            "got '" + cells[c].trim() + "', allowed "
                                    + dev.bayesrg.config.DataConfig.MAGNITUDE_ALLOWED);
                }
            }
            if (header) {
                dim = cells.length;
                continue;
            }
            if (dim >= 0 && row.length != dim) {
                throw new ConfigException(file + ":" + (ln + 1), "has " + row.length + " columns, expected " + dim);
            }
            dim = row.length;
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new ConfigException(file.toString(), "has no data rows");
        }
        if (rows.size() > maxPoints) {
            throw new ConfigException(
                    file.toString(), "has " + rows.size() + " points, at most " + maxPoints + " allowed");
        }
        return rows.toArray(double[][]::new);
    }
}
