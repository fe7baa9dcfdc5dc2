package dev.bayesrg.net;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a network with a scalar output: its layers in order (the last one is the read-out)
 * and the layout of the flat parameter vector θ. The read-out's parameters (weights a_j, then the
 * bias) are the last {@link #readoutSize()} entries of θ.
 */
public final class Architecture {
    private final List<Layer> layers;
    private final int parameterCount;

    public Architecture(int inputDimension, NetworkConfig config) {
        List<Layer> list = new ArrayList<>();
        int in = inputDimension;
        int offset = 0;
        for (LayerConfig lc : config.hidden()) {
            Layer layer = new Layer(in, lc.width(), lc.activation(), lc.bias(), offset);
            list.add(layer);
            offset = layer.end();
            in = lc.width();
        }
        Layer readout = new Layer(in, 1, config.outputActivation(), config.outputBias(), offset);
        list.add(readout);
        this.layers = List.copyOf(list);
        this.parameterCount = readout.end();
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
