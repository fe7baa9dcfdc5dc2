package dev.bayesrg.data;

import dev.bayesrg.config.DataConfig;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The built-in binary classification tasks of {@link DataConfig.Source#TWO_MOONS} and
 * {@link DataConfig.Source#BLOBS}: labels y ∈ {0, 1}, each with probability 1/2, and inputs drawn
 * around them. Every point takes, from the data stream in order, one uniform for its label, for the
 * two moons one uniform for its angle, then the d standard normals of its noise ({@link GaussianInputs}
 * with mean 0), so the sets are fixed by {@code data.seed}.
 */
public final class ClassificationTasks {
    private ClassificationTasks() {}

    /** n labelled points of the task {@code source} (two-moons or blobs). */
    public static Dataset sample(
            DataConfig.Source source, double[] mean, double[][] covariance, UniformRandomProvider rng, int n) {
        int d = mean.length;
        GaussianInputs noise = new GaussianInputs(new double[d], covariance);
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            boolean one = rng.nextDouble() < 0.5;
            y[i] = one ? 1.0 : 0.0;
            double[] centre = new double[d];
            if (source == DataConfig.Source.TWO_MOONS) {
                double t = Math.PI * rng.nextDouble();
                centre[0] = one ? 1 - Math.cos(t) : Math.cos(t);
                centre[1] = one ? 0.5 - Math.sin(t) : Math.sin(t);
                for (int k = 0; k < d; k++) {
                    centre[k] += mean[k];
                }
            } else if (source == DataConfig.Source.BLOBS) {
                for (int k = 0; k < d; k++) {
                    centre[k] = one ? mean[k] : -mean[k];
                }
            } else {
                throw new IllegalArgumentException("not a classification source: " + source);
            }
            double[] e = noise.sample(rng, 1)[0];
            for (int k = 0; k < d; k++) {
                centre[k] += e[k];
            }
            x[i] = centre;
        }
        return new Dataset(x, y);
    }

    /**
     * Checks that every target of {@code set} is 0 or 1 (what cross-entropy needs): the message names
     * the first one that is not, for the caller's one-line error.
     *
     * @return null if all are labels, else a description of the first offending target
     */
    public static String firstNonLabel(Dataset set, String name) {
        double[] y = set.targets();
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0.0 && y[i] != 1.0) {
                return name + " target " + i + " is " + y[i];
            }
        }
        return null;
    }
}
