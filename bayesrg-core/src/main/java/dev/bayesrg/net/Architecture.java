package dev.bayesrg.net;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.CosNetConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a network with a scalar output (or K outputs, the logits of a classifier): its layers in order (the last one is the read-out)
 * and the layout of the flat parameter vector θ. The read-out's parameters (weights a_j, then the
 * bias) are the last {@link #readoutSize()} entries of θ.
 *
 * <p>A generalized cos-net ({@link #cosNet()} not null; arXiv:2405.17538, eq. 77) has one hidden layer of cos units
 * whose weights are the frequencies b_i and biases the phases c_i, each unit's output scaled by
 * 1/sqrt(b_i² + m²): σ_i(x) = cos(b_i·x + c_i)/sqrt(b_i² + m²).
 */
public final class Architecture {
    private final List<Layer> layers;
    private final int parameterCount;
    private final CosNetConfig cosNet;

    public Architecture(int inputDimension, NetworkConfig config) {
        this(inputDimension, config, 1);
    }

    /**
     * A network of {@code outputs} outputs per input: K logits of a softmax classifier
     * ({@code ExperimentConfig.outputsPerPoint()}), its read-out K × N weights then K biases.
     */
    public Architecture(int inputDimension, NetworkConfig config, int outputs) {
        this.cosNet = config.hasCosNetLayer() ? config.cosnet() : null;
        List<Layer> list = new ArrayList<>();
        int in = inputDimension;
        int offset = 0;
        for (LayerConfig lc : config.hidden()) {
            Layer layer = new Layer(in, lc.width(), lc.activation(), lc.bias(), offset);
            list.add(layer);
            offset = layer.end();
            in = lc.width();
        }
        Layer readout = new Layer(in, outputs, config.outputActivation(), config.outputBias(), offset);
        list.add(readout);
        this.layers = List.copyOf(list);
        this.parameterCount = readout.end();
    }

    /**
     * The network of an experiment: {@code config.network()} with the outputs per input it trains
     * ({@link dev.bayesrg.config.ExperimentConfig#outputsPerPoint()}: K logits for a softmax classifier).
     */
    public static Architecture of(int inputDimension, dev.bayesrg.config.ExperimentConfig config) {
        return new Architecture(inputDimension, config.network(), config.outputsPerPoint());
    }

    /** The cos-net's mass and cutoff, or null for a multilayer perceptron. */
    public CosNetConfig cosNet() {
        return cosNet;
    }

    public List<Layer> layers() {
        return layers;
    }

    public Layer readout() {
        return layers.get(layers.size() - 1);
    }

    public int inputDimension() {
        return layers.get(0).inputs();
    }

    /** N, the width of the last hidden layer (the number of read-out weights). */
    public int featureWidth() {
        return readout().inputs();
    }

    public int parameterCount() {
        return parameterCount;
    }

    public int readoutOffset() {
        return readout().offset();
    }

    /** The outputs per input: 1, or the K logits of a softmax classifier. */
    public int outputsPerPoint() {
        return readout().outputs();
    }

    public int readoutSize() {
        return readout().parameterCount();
    }

    public Activation outputActivation() {
        return readout().activation();
    }

    /** The widest layer, for sizing work buffers. */
    public int maxWidth() {
        int w = inputDimension();
        for (Layer l : layers) {
            w = Math.max(w, l.outputs());
        }
        return w;
    }
}
