package dev.bayesrg.net;

import dev.bayesrg.activation.Activation;

/**
 * One dense layer z = W x + b, output σ(z). In the flat parameter vector its weights start at
 * {@code offset}, row-major [outputs][inputs], followed by the bias (if any).
 */
public record Layer(int inputs, int outputs, Activation activation, boolean bias, int offset) {
    public int weightCount() {
        return inputs * outputs;
    }

    public int parameterCount() {
        return weightCount() + (bias ? outputs : 0);
    }

    public int biasOffset() {
        return offset + weightCount();
    }

    public int end() {
        return offset + parameterCount();
    }
}
