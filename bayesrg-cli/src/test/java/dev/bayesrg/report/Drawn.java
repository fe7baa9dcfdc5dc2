package dev.bayesrg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;

/**
 * Reads what a figure plots from its panels, the way a reader of the figure would: the series by
 * their legend names with their x and y values, the axes' scales and titles, and the note of an
 * empty panel. Filled series (histograms, bands) are named by their legend entry plus a space; a
 * histogram's step outline is read back as bin edges and heights.
 */
final class Drawn {
    private Drawn() {}

    /** Panel {@code i} of a figure, as a plot of x against y. */
    static Plot plot(FigureFile f, int i) {
        assertTrue(f.panels().size() > i, () -> f.name() + " has " + f.panels().size() + " panels");
        return assertInstanceOf(Plot.class, f.panels().get(i));
    }

    /** The series drawn under {@code name}; fails naming the series there are. */
    static XYSeries series(Plot p, String name) {
        XYSeries s = p.getSeries(name);
        assertNotNull(s, () -> "no series '" + name + "' in '" + p.getTitle() + "'; there are " + names(p));
        return s;
    }

    /** Every series' name, in drawing order. */
    static List<String> names(Plot p) {
        return p.getSeriesCollection().stream().map(XYSeries::getName).toList();
    }

    /** The names the legend shows, in order. */
    static List<String> legend(Plot p) {
        return p.getSeriesCollection().stream()
                .filter(XYSeries::isShowInLegend)
                .map(XYSeries::getName)
                .toList();
    }

    /** Whether some series' name starts with {@code prefix}. */
    static boolean hasSeriesStartingWith(Plot p, String prefix) {
        return names(p).stream().anyMatch(n -> n.startsWith(prefix));
    }

    /** The filled series whose legend entry is {@code label}, checked to be filled and listed in the legend. */
    static XYSeries filled(Plot p, String label) {
        XYSeries s = series(p, label + " ");
        assertEquals(XYSeriesRenderStyle.PolygonArea, s.getXYSeriesRenderStyle().orElseThrow(), label);
        assertTrue(legend(p).contains(label), () -> "'" + label + "' is not in the legend " + legend(p));
        return s;
    }

    /** The bin heights of a step outline (x₀,0), (e₀,h₀), (e₁,h₀), (e₁,h₁), …, (e_n,0). */
    static double[] heights(XYSeries steps) {
        double[] y = steps.getYData();
        int bins = (y.length - 2) / 2;
        double[] h = new double[bins];
        for (int i = 0; i < bins; i++) {
            assertEquals(y[2 * i + 1], y[2 * i + 2], "a step is flat");
            h[i] = y[2 * i + 1];
        }
        assertEquals(0, y[0], "the outline starts on the axis");
        assertEquals(0, y[y.length - 1], "the outline ends on the axis");
        return h;
    }

    /** The bin edges of a step outline (one more than its bins). */
    static double[] edges(XYSeries steps) {
        double[] x = steps.getXData();
        int bins = (x.length - 2) / 2;
        double[] e = new double[bins + 1];
        for (int i = 0; i < bins; i++) {
            e[i] = x[2 * i + 1];
        }
        e[bins] = x[2 * bins];
        return e;
    }

    static double sum(double[] v) {
        return Arrays.stream(v).sum();
    }

    /** A vertical line's x, checked to be vertical. */
    static double verticalAt(Plot p, String name) {
        double[] x = series(p, name).getXData();
        assertEquals(2, x.length, name);
        assertEquals(x[0], x[1], name + " is vertical");
        return x[0];
    }

    /** A horizontal line's y, checked to be horizontal and to span the plot's x range. */
    static double horizontalAt(Plot p, String name) {
        XYSeries s = series(p, name);
        double[] y = s.getYData();
        assertEquals(2, y.length, name);
        assertEquals(y[0], y[1], name + " is horizontal");
        assertTrue(
                s.getXData()[0] < p.getStyler().getXAxisMin()
                        && s.getXData()[1] > p.getStyler().getXAxisMax(),
                name + " spans the plot");
        return y[0];
    }

    /** The values drawn in bin [edges[i], edges[i+1]) (the last bin closed), counted independently. */
    static double[] countInBins(double[] values, double[] edges) {
        double[] counts = new double[edges.length - 1];
        for (double v : values) {
            for (int i = 0; i < counts.length; i++) {
                boolean last = i == counts.length - 1;
                if (v >= edges[i] && (v < edges[i + 1] || (last && v <= edges[i + 1]))) {
                    counts[i]++;
                    break;
                }
            }
        }
        return counts;
    }
}
