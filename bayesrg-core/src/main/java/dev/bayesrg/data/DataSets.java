package dev.bayesrg.data;

/**
 * The shared data of one experiment: the training set, the test set on which the flow is measured,
 * the Fisher inputs over which the Fisher metric is averaged (their targets are not used), the
 * probe input x* with its true value ({@code NaN} when no target function is known, e.g. CSV data),
 * and the mesh on which the ensemble is recorded as a field ({@link MeshInputs}; empty: none).
 */
public record DataSets(
        Dataset train, Dataset test, Dataset fisher, double[] probe, double probeTarget, double[][] mesh) {
    /** Without a mesh. */
    public DataSets(Dataset train, Dataset test, Dataset fisher, double[] probe, double probeTarget) {
        this(train, test, fisher, probe, probeTarget, new double[0][]);
    }

    public DataSets withMesh(double[][] points) {
        return new DataSets(train, test, fisher, probe, probeTarget, points);
    }

    public int inputDimension() {
        return probe.length;
    }
}
