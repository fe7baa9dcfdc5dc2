package dev.bayesrg.run;

import dev.bayesrg.io.AtomicFiles;
import dev.bayesrg.io.Csv;
import dev.bayesrg.nnft.CouplingEstimate;
import dev.bayesrg.nnft.FieldTheoryTensors;
import dev.bayesrg.nnft.Locality;
import dev.bayesrg.nnft.SymmetricTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@value #FILE} in {@code nnft/}: how the field theory on a {@code line} or {@code grid} mesh decays with
 * the separation |x − y| ({@link Locality}) at every flow entry, one row per entry and separation.
 * {@link NnftWriter} writes it with the other nnft files; {@link #read} reads it back (for the report).
 */
public final class LocalityTable {
    /** The file in {@code nnft/}. */
    public static final String FILE = "locality.csv";

    /** The header of {@value #FILE}. */
    public static final String HEADER = "entry,cutoff,separation,pairs,inverse_kernel,inverse_kernel_abs,lambda4_pair,"
            + "lambda4_diameter_abs,quadruples,inverse_kernel_se_bound,lambda4_pair_se_bound,lambda4_diameter_se_bound";

    /**
     * One row of {@value #FILE}.
     *
     * @param entry  the flow entry (0 = trained)
     * @param cutoff its cutoff ε (NaN for entry 0)
     * @param row    the separation's row of {@link Locality#of}
     * @param bound  {@link Locality#of} of the elements' jackknife standard errors: its
     *     {@code inverseKernelAbs}, {@code quarticPair} and {@code quarticDiameterAbs} (the means of the
     *     errors over the same pairs and quadruples) bound the jackknife error of {@code row}'s
     *     {@code inverseKernel} and {@code inverseKernelAbs}, {@code quarticPair} and {@code
     *     quarticDiameterAbs} from above (a mean of elements, and |·|, are 1-Lipschitz in the replicates)
     */
    public record Row(int entry, double cutoff, Locality.Row row, Locality.Row bound) {
        String csv() {
            return String.join(
                    ",",
                    Integer.toString(entry),
                    Csv.number(cutoff),
                    Csv.number(row.separation()),
                    Integer.toString(row.pairs()),
                    Csv.number(row.inverseKernel()),
                    Csv.number(row.inverseKernelAbs()),
                    Csv.number(row.quarticPair()),
                    Csv.number(row.quarticDiameterAbs()),
                    Long.toString(row.quadruples()),
                    Csv.number(bound.inverseKernelAbs()),
                    Csv.number(bound.quarticPair()),
                    Csv.number(bound.quarticDiameterAbs()));
        }
    }

    private LocalityTable() {}

    /**
     * The rows of every flow entry with tensors (none for an entry without members), the Λ4 columns NaN
     * below order 4.
     *
     * @param mesh    the M mesh points, rows of dimension d
     * @param cutoffs each flow entry's cutoff (NaN for entry 0)
     * @param tensors each flow entry's tensors (null where fewer than two members remain)
     */
    public static List<Row> rows(double[][] mesh, double[] cutoffs, List<FieldTheoryTensors> tensors) {
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < tensors.size(); k++) {
            FieldTheoryTensors t = tensors.get(k);
            if (t == null) {
                continue;
            }
            List<Locality.Row> values = of(mesh, t.estimate());
            List<Locality.Row> errors = of(mesh, t.standardErrors());
            for (int s = 0; s < values.size(); s++) {
                rows.add(new Row(k, cutoffs[k], values.get(s), errors.get(s)));
            }
        }
        return List.copyOf(rows);
    }

    /** {@link Locality#of} of one estimate's (or its errors') inverse kernel and Λ4. */
    private static List<Locality.Row> of(double[][] mesh, CouplingEstimate e) {
        int m = mesh.length;
        double[][] inverse = new double[m][m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(e.inverseKernel(), i * m, inverse[i], 0, m);
        }
        double[] quartic = e.order() >= 4 && e.quartic() != null ? SymmetricTensors.unpack(e.quartic(), m, 4) : null;
        return Locality.of(mesh, inverse, quartic);
    }

    /** Writes {@code rows} to {@code dir}/{@value #FILE}, atomically. */
    public static void write(Path dir, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row row : rows) {
            sb.append(row.csv()).append('\n');
        }
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve(FILE), sb.toString());
    }

    /** {@code dir}/{@value #FILE} read back; an empty list when the file is absent. */
    public static List<Row> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !Csv.withoutByteOrderMark(lines.get(0)).trim().equals(HEADER)) {
            throw new IOException(file + ": expected the header " + HEADER);
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] c = line.split(",", -1);
            if (c.length != 12) {
                throw new IOException(file + ": expected 12 columns, got " + c.length + " in: " + line);
            }
            double nan = Double.NaN;
            int pairs = Integer.parseInt(c[3].trim());
            long quadruples = Long.parseLong(c[8].trim());
            rows.add(new Row(
                    Integer.parseInt(c[0].trim()),
                    Csv.parse(c[1]),
                    new Locality.Row(
                            Csv.parse(c[2]),
                            pairs,
                            Csv.parse(c[4]),
                            Csv.parse(c[5]),
                            Csv.parse(c[6]),
                            Csv.parse(c[7]),
                            quadruples),
                    new Locality.Row(
                            Csv.parse(c[2]),
                            pairs,
                            nan,
                            Csv.parse(c[9]),
                            Csv.parse(c[10]),
                            Csv.parse(c[11]),
                            quadruples)));
        }
        return List.copyOf(rows);
    }
}
