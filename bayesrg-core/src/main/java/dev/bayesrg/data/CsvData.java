package dev.bayesrg.data;

import dev.bayesrg.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled points from CSV: each row is {@code x0,…,x{d-1},y}. An optional header row
 * (any row whose first cell is not a number, before the first data row) is skipped; blank lines
 * and lines starting with '#' are ignored. Every other problem is a {@link ConfigException} located
 * as {@code file:line:column}.
 */
public final class CsvData {
    private CsvData() {}

    public static Dataset read(Path file, int dimension) {
        String layout = "x0..x" + (dimension - 1) + ",y";
        List<double[]> rows =
                rows(file, dimension + 1, "data.csv", layout + "; the input dimension is that of data.probe", layout);
        double[][] x = new double[rows.size()][];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            x[i] = java.util.Arrays.copyOf(r, dimension);
            y[i] = r[dimension];
        }
        return new Dataset(x, y);
    }

    /**
     * Reads unlabelled points {@code x0,…,x{d-1}}, one per row, with the same rules (optional
     * header, blank and '#' lines skipped); {@code field} names the setting that gave the file.
     */
    public static double[][] readPoints(Path file, int dimension, String field) {
        String layout = "x0..x" + (dimension - 1);
        return rows(file, dimension, field, layout + "; the input dimension is that of data.probe", layout)
                .toArray(double[][]::new);
    }

    private static List<double[]> rows(Path file, int columns, String field, String rowHint, String headerHint) {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            boolean headerAllowed = true;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1) {
                    line = dev.bayesrg.io.Csv.withoutByteOrderMark(line);
                }
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] cells = trimmed.split(",", -1);
                if (headerAllowed && !isNumber(cells[0].strip())) {
                    headerAllowed = false;
                    if (cells.length != columns) {
                        throw new ConfigException(
                                file + ":" + lineNo,
                                "header has " + cells.length + " columns, expected " + columns + " (" + headerHint
                                        + ")");
                    }
                    continue;
                }
                headerAllowed = false;
                if (cells.length != columns) {
                    throw new ConfigException(
                            file + ":" + lineNo,
                            "has " + cells.length + " columns, expected " + columns + " (" + rowHint + ")");
                }
                double[] row = new double[cells.length];
                // columns are counted in the line as it stands in the file, indentation included
                int column = 1 + (line.length() - line.stripLeading().length());
                for (int k = 0; k < cells.length; k++) {
                    String cell = cells[k].strip();
                    try {
                        row[k] = dev.bayesrg.io.Csv.parseDecimal(cell);
                    } catch (NumberFormatException e) {
                        throw new ConfigException(file + ":" + lineNo + ":" + column, "'" + cell + "' is not a number");
                    }
                    if (!Double.isFinite(row[k])) {
                        throw new ConfigException(file + ":" + lineNo + ":" + column, "'" + cell + "' is not finite");
                    }
                    if (Math.abs(row[k]) > dev.bayesrg.config.DataConfig.MAX_MAGNITUDE) {
                        throw new ConfigException(
                                file + ":" + lineNo + ":" + column,
                                "got '" + cell + "', allowed " + dev.bayesrg.config.DataConfig.MAGNITUDE_ALLOWED);
                    }
                    column += cells[k].length() + 1;
                }
                rows.add(row);
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(field, "file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException(field, "cannot read " + file + ": " + e.getMessage());
        }
        return rows;
    }

    private static boolean isNumber(String cell) {
        try {
            dev.bayesrg.io.Csv.parseDecimal(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
