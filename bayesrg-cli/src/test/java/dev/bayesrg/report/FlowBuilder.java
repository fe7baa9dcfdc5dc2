package dev.bayesrg.report;

import dev.bayesrg.run.FlowEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A hand-made flow.csv for figure tests: every column NaN unless set, entry 0 the trained ensemble. */
final class FlowBuilder {
    private final double[] cutoffs;
    private final double[] sloppy;
    private final double[] mean;
    private final double[] median;
    private final double[] q25;
    private final double[] q75;
    private final double[] probeMean;
    private final double[] probeVariance;

    FlowBuilder(double... cutoffs) {
        this.cutoffs = cutoffs;
        sloppy = nan();
        mean = nan();
        median = nan();
        q25 = nan();
        q75 = nan();
        probeMean = nan();
        probeVariance = nan();
    }

    private double[] nan() {
        double[] v = new double[cutoffs.length + 1];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    private FlowBuilder set(double[] column, double... perEntry) {
        if (perEntry.length != column.length) {
            throw new IllegalArgumentException("one value per flow entry: " + column.length);
        }
        System.arraycopy(perEntry, 0, column, 0, column.length);
        return this;
    }

    FlowBuilder sloppy(double... v) {
        return set(sloppy, v);
    }

    FlowBuilder mean(double... v) {
        return set(mean, v);
    }

    FlowBuilder median(double... v) {
        return set(median, v);
    }

    FlowBuilder q25(double... v) {
        return set(q25, v);
    }

    FlowBuilder q75(double... v) {
        return set(q75, v);
    }

    FlowBuilder probeMean(double... v) {
        return set(probeMean, v);
    }

    FlowBuilder probeVariance(double... v) {
        return set(probeVariance, v);
    }

    List<FlowEntry> build() {
        List<FlowEntry> flow = new ArrayList<>();
        for (int k = 0; k <= cutoffs.length; k++) {
            flow.add(new FlowEntry(
                    k == 0 ? null : cutoffs[k - 1],
                    sloppy[k],
                    mean[k],
                    median[k],
                    q25[k],
                    q75[k],
                    probeMean[k],
                    probeVariance[k],
                    0.0,
                    8,
                    Double.NaN,
                    Double.NaN,
                    dev.bayesrg.run.PredictiveQuality.UNDEFINED));
        }
        return flow;
    }
}
