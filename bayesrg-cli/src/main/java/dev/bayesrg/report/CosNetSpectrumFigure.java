package dev.bayesrg.report;

import dev.bayesrg.io.Csv;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The cos-net's spectrum along the flow (nnft/cosnet_spectrum.csv): (a) the fitted momentum cutoff
 * Λ_eff(ε) of each entry's kernel beside the information momentum Λ_info(ε) and eq. 90's prediction,
 * (b) the fitted mass m_eff(ε); the trained ensemble's fit dotted.
 *
 * @param axis    the cutoffs
 * @param columns the file's columns by header name, one value per flow entry (entry 0: trained), or
 *     null when the run has no such file
 */
record CosNetSpectrumFigure(CutoffAxis axis, java.util.Map<String, double[]> columns) {
    static final String NAME = "cosnet_spectrum";

    /** Why the figure is empty for a run without nnft/cosnet_spectrum.csv. */
    static final String NONE = "no nnft/cosnet_spectrum.csv: the run is not a cos-net (network.architecture"
            + " cosnet) on an evenly spaced line mesh (nnft.mesh line)";

    FigureFile draw() {
        Plot top = new Plot("(a) momentum cutoffs", null, "momentum");
        Plot bottom = new Plot("(b) fitted mass m_eff", axis.title(), "m_eff");
        if (columns == null) {
            top.noData(NONE);
            bottom.noData(NONE);
        } else {
            panel(top, new String[] {"Lambda_eff", "Lambda_info", "Lambda_eq90"}, new String[] {
                "Λ_eff (fit)", "Λ_info(ε)", "Λ (eq. 90)"
            });
            panel(bottom, new String[] {"m_eff"}, new String[] {"m_eff (fit)"});
        }
        return new FigureFile(
                NAME,
                "Cos-net spectrum along the flow",
                "From nnft/cosnet_spectrum.csv: each flow entry's kernel on the line mesh fitted to the"
                        + " ball-limited propagator Z/(p² + m_eff²), |p| < Λ_eff (dotted: the trained ensemble's"
                        + " fit). (a) The fitted cutoff Λ_eff against ε beside the information momentum"
                        + " Λ_info(ε) = √(1/(2σ²ε) − m²) (docs/method.md, on an absolute cutoff scale only) and the"
                        + " cutoff eqs. 86–90 of arXiv:2405.17538 predict from σ_eff² = Z/A; (b) the fitted mass."
                        + " The fit is of the ensemble's kernel and carries no standard error in the file, so no"
                        + " band is drawn.",
                List.of(top, bottom));
    }

    private void panel(Plot c, String[] keys, String[] names) {
        Color[] colours = {Palette.BLUE, Palette.VERMILLION, Palette.GREEN};
        double[][] atCutoffs = new double[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            atCutoffs[i] = CutoffAxis.atCutoffs(column(keys[i]));
        }
        List<Double> ys = Axes.values(atCutoffs);
        ys.add(column(keys[0])[0]);
        boolean log = Axes.wantsLog(ys);
        double[] range = Axes.paddedRange(ys, log);
        if (range == null) {
            c.noData("no finite values (the fit failed at every entry)");
            return;
        }
        c.yAxis(range, log);
        double trained = column(keys[0])[0];
        axis.applyTo(c);
        if (Double.isFinite(trained)) {
            c.horizontal("trained " + names[0], trained, Palette.GREY, Palette.DOTTED);
        }
        for (int i = 0; i < keys.length; i++) {
            // the fit solid, the predictions dashed
            axis.line(
                    c,
                    names[i],
                    atCutoffs[i],
                    colours[i],
                    i == 0 ? Palette.SOLID : Palette.DASHED,
                    SeriesMarkers.CIRCLE,
                    log);
        }
    }

    /** One column per flow entry, NaN where the file has none. */
    private double[] column(String key) {
        double[] v = columns.get(key);
        double[] out = new double[axis.cutoffs().length + 1];
        Arrays.fill(out, Double.NaN);
        if (v != null) {
            System.arraycopy(v, 0, out, 0, Math.min(v.length, out.length));
        }
        return out;
    }

    /**
     * nnft/cosnet_spectrum.csv's columns by header name, each indexed by the row's entry; null when the
     * file is absent.
     */
    static java.util.Map<String, double[]> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<String> lines =
                Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        String[] header = Csv.withoutByteOrderMark(lines.get(0)).split(",", -1);
        int entryColumn = Arrays.asList(header).indexOf("entry");
        if (entryColumn < 0) {
            throw new IOException(file + " has no column 'entry'");
        }
        int entries = 0;
        for (String line : lines.subList(1, lines.size())) {
            entries = Math.max(entries, Integer.parseInt(line.split(",", -1)[entryColumn].trim()) + 1);
        }
        java.util.Map<String, double[]> out = new java.util.LinkedHashMap<>();
        for (String h : header) {
            double[] v = new double[entries];
            Arrays.fill(v, Double.NaN);
            out.put(h.trim(), v);
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length != header.length) {
                throw new IOException(file + ": expected " + header.length + " cells in: " + line);
            }
            int k = Integer.parseInt(cells[entryColumn].trim());
            for (int j = 0; j < header.length; j++) {
                out.get(header[j].trim())[k] = Csv.parse(cells[j].trim());
            }
        }
        return out;
    }
}
