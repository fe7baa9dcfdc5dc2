package dev.bayesrg.data;

/**
 * The shared data of one experiment: the training set, the test set on which the flow is measured,
 * the Fisher inputs over which the Fisher metric is averaged (their targets are not used), and the
 * probe input x* with its true value ({@code NaN} when no target function is known, e.g. CSV data).
 */
public record DataSets(Dataset train, Dataset test, Dataset fisher, double[] probe, double probeTarget) {
    public int inputDimension() {
        return probe.length;
    }
}
