package dev.bayesrg.net;

/**
 * The last-hidden features φ_j(x_i) of n inputs, row-major: row i is φ(x_i) ∈ R^N. With frozen
 * hidden layers this is all the read-out ever sees of the inputs.
 */
public record FeatureMatrix(int rows, int width, double[] values) {
    public FeatureMatrix {
        if (values.length != rows * width) {
            throw new IllegalArgumentException("values has " + values.length + " entries, expected " + rows * width);
        }
    }

    public double get(int row, int column) {
        return values[row * width + column];
    }

    public int rowOffset(int row) {
        return row * width;
    }
}
