package dev.bayesrg.report;

import dev.bayesrg.run.FlowStatistics;
import java.util.Arrays;

/** The little statistics the figures need: moments, quantiles and histograms. */
final class Stats {
    private Stats() {}

    /** A histogram: {@code edges.length == counts.length + 1}. */
    record Histogram(double[] edges, int[] counts) {
        double binWidth() {
            return edges.length < 2 ? 0 : edges[1] - edges[0];
        }

        int maxCount() {
            return Arrays.stream(counts).max().orElse(0);
        }
    }

    static double mean(double[] x) {
        return FlowStatistics.mean(x);
    }

    /** The maximum-likelihood standard deviation (ddof 0), as {@code scipy.stats.norm.fit} returns. */
    static double stdMle(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / x.length);
    }

    /** The q-quantile of unsorted data, as the flow table computes it (NumPy's default). */
    static double quantile(double[] x, double q) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        return FlowStatistics.quantile(sorted, q);
    }

    /** Rice's rule, 2 n^(1/3) bins, kept between 5 and 40. */
    static int bins(int n) {
        return Math.max(5, Math.min(40, (int) Math.ceil(2 * Math.cbrt(n))));
    }

    /**
     * The Freedman–Diaconis bin count for data spread over a window of the given width (bin width
     * 2 IQR n^(-1/3)), kept between 5 and 50; Rice's rule when the IQR is zero.
     */
    static int bins(double[] data, double window) {
        double iqr = quantile(data, 0.75) - quantile(data, 0.25);
        if (!(iqr > 0) || !(window > 0)) {
            return bins(data.length);
        }
        double width = 2 * iqr / Math.cbrt(data.length);
        return (int) Math.max(5, Math.min(50, Math.ceil(window / width)));
    }

    /** Equal-width bins over [lo, hi]; values outside are ignored, the last bin includes hi. */
    static Histogram histogram(double[] x, double lo, double hi, int bins) {
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = lo + (hi - lo) * i / bins;
        }
        int[] counts = new int[bins];
        for (double v : x) {
            if (!(v >= lo && v <= hi)) {
                continue;
            }
            int b = (int) Math.floor((v - lo) / (hi - lo) * bins);
            counts[Math.min(Math.max(b, 0), bins - 1)]++;
        }
        return new Histogram(edges, counts);
    }

    /** The normal density N(mean, std²) at x. */
    static double normalPdf(double x, double mean, double std) {
        double z = (x - mean) / std;
        return Math.exp(-0.5 * z * z) / (std * Math.sqrt(2 * Math.PI));
    }

    /** The finite values of x, in order. */
    static double[] finite(double[] x) {
        return Arrays.stream(x).filter(Double::isFinite).toArray();
    }
}
