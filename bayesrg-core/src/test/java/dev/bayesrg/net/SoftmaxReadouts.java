package dev.bayesrg.net;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import java.util.List;

/** The K-logit read-outs the softmax tests of several packages train, rank and measure (public, in the test jar). */
public final class SoftmaxReadouts {
    private SoftmaxReadouts() {}

    /**
     * A network 2 → {@code width} ({@code hidden}, no bias) → K identity logits, the read-out trainable
     * (K × width weights, then K biases with {@code bias}); its features are supplied directly.
     */
    public static Architecture architecture(int width, Activation hidden, boolean bias, int classes) {
        return new Architecture(
                2,
                new NetworkConfig(
                        List.of(new LayerConfig(width, hidden, false)),
                        Activation.IDENTITY,
                        bias,
                        new InitConfig(InitConfig.Scheme.NORMAL, 0.0, 1.0, 1.0, 1.0),
                        NetworkConfig.Trainable.LAST),
                classes);
    }
}
