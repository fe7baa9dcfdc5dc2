package dev.bayesrg.train;

import dev.bayesrg.data.Dataset;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.NetworkBatch;
import dev.bayesrg.net.Readout;

/**
 * The data part Σ_i (f_θ(x_i) − y_i)² of a Gaussian likelihood's energy over a batch of the training
 * inputs, with its gradient over the parameters that move: the read-out alone on frozen features
 * ({@link #readout}) or every parameter of the network ({@link #network}). The Langevin sampler
 * evaluates it at every step; one instance serves one thread.
 */
public interface SquaredErrorTerm {
    /** n, the number of training inputs. */
    int size();

    /** The first parameter (index in θ) that moves. */
    int from();

    /** One past the last parameter that moves. */
    int to();

    /**
     * Σ_{i ∈ batch} (f_θ(x_i) − y_i)², writing {@code scale} times its gradient into
     * {@code gradient[from, to)} (the rest is left alone).
     *
     * @param batch the inputs' indices, or null for all n in order
     */
    double squaredErrors(double[] theta, int[] batch, double scale, double[] gradient);

    /** The training mean squared error (1/n) Σ_i (f_θ(x_i) − y_i)² over every input. */
    default double meanSquaredError(double[] theta) {
        return squaredErrors(theta, null, 0.0, null) / size();
    }

    /** The read-out f = σ_out(a·φ + b) on frozen features φ(x_i): only its N (+1) parameters move. */
    static SquaredErrorTerm readout(FeatureMatrix features, double[] targets, Readout readout) {
        return new ReadoutTerm(features, targets, readout);
    }

    /** Every parameter of the network, by backpropagation over the batch ({@link NetworkBatch}). */
    static SquaredErrorTerm network(dev.bayesrg.net.Architecture architecture, Dataset data) {
        return new NetworkTerm(architecture, data);
    }

    /** The read-out on frozen features. */
    final class ReadoutTerm implements SquaredErrorTerm {
        private final FeatureMatrix features;
        private final double[] targets;
        private final Readout readout;

        ReadoutTerm(FeatureMatrix features, double[] targets, Readout readout) {
            if (features.rows() != targets.length) {
                throw new IllegalArgumentException(
                        features.rows() + " feature rows but " + targets.length + " targets");
            }
            this.features = features;
            this.targets = targets;
            this.readout = readout;
        }

        @Override
        public int size() {
            return targets.length;
        }

        @Override
        public int from() {
            return readout.offset();
        }

        @Override
        public int to() {
            return readout.offset() + readout.width() + (readout.hasBias() ? 1 : 0);
        }

        @Override
        public double squaredErrors(double[] theta, int[] batch, double scale, double[] gradient) {
            int count = batch == null ? targets.length : batch.length;
            int width = readout.width();
            int offset = readout.offset();
            if (gradient != null) {
                java.util.Arrays.fill(gradient, from(), to(), 0.0);
            }
            double squares = 0;
            for (int b = 0; b < count; b++) {
                int i = batch == null ? b : batch[b];
                double z = readout.preActivation(theta, features, i);
                double r = readout.activation().value(z) - targets[i];
                squares += r * r;
                if (gradient != null) {
                    double g = 2.0 * scale * r * readout.activation().derivative(z);
                    Kernels.axpy(g, features.values(), features.rowOffset(i), gradient, offset, width);
                    if (readout.hasBias()) {
                        gradient[offset + width] += g;
                    }
                }
            }
            return squares;
        }
    }

    /** Every layer, backpropagated over the batch. */
    final class NetworkTerm implements SquaredErrorTerm {
        private final dev.bayesrg.net.Architecture architecture;
        private final Dataset data;
        private final NetworkBatch full;
        /** The minibatch's buffers, made for the first minibatch size asked for. */
        private NetworkBatch mini;

        private double[][] miniInputs;
        private double[] miniTargets;

        NetworkTerm(dev.bayesrg.net.Architecture architecture, Dataset data) {
            this.architecture = architecture;
            this.data = data;
            this.full = new NetworkBatch(architecture, data.size());
        }

        @Override
        public int size() {
            return data.size();
        }

        @Override
        public int from() {
            return 0;
        }

        @Override
        public int to() {
            return architecture.parameterCount();
        }

        @Override
        public double squaredErrors(double[] theta, int[] batch, double scale, double[] gradient) {
            NetworkBatch buffers;
            double squares;
            if (batch == null) {
                buffers = full;
                buffers.load(theta);
                squares = buffers.squaredErrorGradient(data.inputs(), data.targets(), 0, scale);
            } else {
                if (mini == null || mini.batchSize() != batch.length) {
                    mini = new NetworkBatch(architecture, batch.length);
                    miniInputs = new double[batch.length][];
                    miniTargets = new double[batch.length];
                }
                for (int b = 0; b < batch.length; b++) {
                    miniInputs[b] = data.inputs()[batch[b]];
                    miniTargets[b] = data.targets()[batch[b]];
                }
                buffers = mini;
                buffers.load(theta);
                squares = buffers.squaredErrorGradient(miniInputs, miniTargets, 0, scale);
            }
            if (gradient != null) {
                buffers.storeGradient(gradient);
            }
            return squares;
        }
    }
}
