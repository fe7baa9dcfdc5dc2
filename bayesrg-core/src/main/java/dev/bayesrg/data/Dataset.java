package dev.bayesrg.data;

/**
 * n labelled points: {@code inputs[i]} is x_i ∈ R^d and {@code targets[i]} is y_i. Arrays are
 * owned by the dataset; callers must not modify them.
 */
public record Dataset(double[][] inputs, double[] targets) {
    public Dataset {
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException("inputs and targets differ in length");
        }
    }

    public int size() {
        return targets.length;
    }

    public int dimension() {
        return inputs.length == 0 ? 0 : inputs[0].length;
    }
}
