package dev.bayesrg.report;

import dev.bayesrg.run.NnftFile;
import java.awt.Color;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The field theory on the nnft mesh along training, at every recorded checkpoint (the last one the
 * trained ensemble): (a) the mean variance of the field, tr K / M, (b) its non-Gaussianity, the
 * connected four-point function relative to its Wick scale, ‖G_c⁽⁴⁾‖ / ‖Wick‖ over the mesh (ratio of norms).
 *
 * @param nnft nnft/snapshots.json of a run with training checkpoints
 */
record TrainingFieldTheoryFigure(NnftFile nnft) {
    static final String NAME = "nnft_training";

    FigureFile draw() {
        Plot top = new Plot("(a) mean variance of the field on the mesh", null, "tr K / M");
        Plot bottom = new Plot("(b) ‖G_c⁽⁴⁾‖ / ‖Wick‖ on the mesh", "training epoch", "‖κ4‖ / ‖Wick‖");
        List<NnftFile.Snapshot> checkpoints = nnft.checkpoints();
        double[] epochs = new double[checkpoints.size()];
        for (int j = 0; j < epochs.length; j++) {
            epochs[j] = checkpoints.get(j).index();
        }
        series(top, epochs, TrainingFieldTheoryFigure::meanVariance, null, "tr K / M", Palette.BLUE);
        boolean band = checkpoints.stream().anyMatch(s -> Double.isFinite(s.normalisedKappa4Se()));
        series(
                bottom,
                epochs,
                NnftFile.Snapshot::normalisedKappa4,
                band ? NnftFile.Snapshot::normalisedKappa4Se : null,
                "‖κ4‖/‖Wick‖",
                Palette.PURPLE);
        return new FigureFile(
                NAME,
                "Field theory along training",
                "On the nnft mesh (" + Snapshots.meshText(nnft) + "), over the members that did not diverge, at"
                        + " every training checkpoint (nnft/training_kernels.npy; the last one is the trained"
                        + " ensemble): (a) the mean variance of the field, tr K / M; (b) the connected four-point"
                        + " function relative to its Wick scale, the ratio of their norms over every quadruple"
                        + " of mesh points (0 for a Gaussian field)"
                        + (band
                                ? ", with a shaded band of ± 1 standard error (the jackknife of nnft/snapshots.json;"
                                        + " a band wider than the axis is cut at its edges)."
                                : "."),
                List.of(top, bottom));
    }

    /**
     * One value per checkpoint against its epoch, with a band of ± its standard error ({@code se}, null
     * for none), or a note when none is finite.
     */
    private void series(
            Plot c,
            double[] epochs,
            ToDoubleFunction<NnftFile.Snapshot> value,
            ToDoubleFunction<NnftFile.Snapshot> se,
            String name,
            Color colour) {
        List<NnftFile.Snapshot> checkpoints = nnft.checkpoints();
        double[] y = new double[checkpoints.size()];
        for (int j = 0; j < y.length; j++) {
            y[j] = checkpoints.get(j).measured() ? value.applyAsDouble(checkpoints.get(j)) : Double.NaN;
        }
        List<Double> ys = Axes.values(y);
        boolean log = Axes.wantsLog(ys);
        double[] range = Axes.paddedRange(ys, log);
        if (range == null) {
            c.noData("no finite values (fewer than two members at every checkpoint)");
            return;
        }
        c.yAxis(range, log);
        double last = epochs[epochs.length - 1];
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(last > 0 ? last : 1.0);
        if (se != null) {
            double[] e = new double[y.length];
            for (int j = 0; j < e.length; j++) {
                e[j] = se.applyAsDouble(checkpoints.get(j));
            }
            Bands.over(c, ProbeMomentsFigure.BAND, epochs, y, e, range, log, colour);
        }
        c.line(name, epochs, y, colour, Palette.SOLID, SeriesMarkers.CIRCLE, log);
    }

    /** tr K / M of one snapshot. */
    private static double meanVariance(NnftFile.Snapshot s) {
        double trace = 0;
        for (int i = 0; i < s.kernel().length; i++) {
            trace += s.kernel()[i][i];
        }
        return trace / s.kernel().length;
    }
}
