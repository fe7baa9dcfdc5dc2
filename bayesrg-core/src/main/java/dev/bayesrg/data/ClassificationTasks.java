package dev.bayesrg.data;

import dev.bayesrg.config.DataConfig;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The built-in classification tasks of {@link DataConfig.Source#TWO_MOONS} and
 * {@link DataConfig.Source#BLOBS}: labels y ∈ {0, 1}, each with probability 1/2 (or, for K ≥ 3 blobs,
 * y ∈ {0, …, K−1}, each with probability 1/K), and inputs drawn around them. Every point takes, from the data stream in order, one uniform for its label, for the
 * two moons one uniform for its angle, then the d standard normals of its noise ({@link GaussianInputs}
 * with mean 0), so the sets are fixed by {@code data.seed}.
 */
public final class ClassificationTasks {
    private ClassificationTasks() {}

    /** n labelled points of the task {@code source} (two-moons or blobs). */
    public static Dataset sample(
            DataConfig.Source source, double[] mean, double[][] covariance, UniformRandomProvider rng, int n) {
        return sample(source, mean, covariance, rng, n, 2);
    }

    /**
     * n labelled points of the task {@code source} with {@code classes} labels. Two classes are drawn as
     * {@link #sample(DataConfig.Source, double[], double[][], UniformRandomProvider, int)} describes;
     * K ≥ 3 blobs take label c = ⌊K u⌋ from one uniform u, and their centres are inputMean turned by
     * the angle 2πc/K in the plane of the first two coordinates (in one dimension, spread evenly
     * from −inputMean to +inputMean), then d standard normals of noise as for two.
     */
    public static Dataset sample(
            DataConfig.Source source,
            double[] mean,
            double[][] covariance,
            UniformRandomProvider rng,
            int n,
            int classes) {
        if (classes > 2) {
            if (source != DataConfig.Source.BLOBS) {
                throw new IllegalArgumentException(source + " has two classes, not " + classes);
            }
            return blobs(mean, covariance, rng, n, classes);
        }
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

    private static Dataset blobs(double[] mean, double[][] covariance, UniformRandomProvider rng, int n, int classes) {
        int d = mean.length;
        GaussianInputs noise = new GaussianInputs(new double[d], covariance);
        double[][] centres = blobCentres(mean, classes);
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int label = Math.min(classes - 1, (int) (classes * rng.nextDouble()));
            y[i] = label;
            double[] point = centres[label].clone();
            double[] e = noise.sample(rng, 1)[0];
            for (int k = 0; k < d; k++) {
                point[k] += e[k];
            }
            x[i] = point;
        }
        return new Dataset(x, y);
    }

    /** The K blob centres: inputMean turned by 2πc/K in the (x0, x1) plane, or spread on the line for d = 1. */
    static double[][] blobCentres(double[] mean, int classes) {
        int d = mean.length;
        double[][] centres = new double[classes][];
        for (int c = 0; c < classes; c++) {
            double[] centre = mean.clone();
            if (d == 1) {
                centre[0] = mean[0] * (2.0 * c / (classes - 1) - 1.0);
            } else {
                double angle = 2 * Math.PI * c / classes;
                centre[0] = Math.cos(angle) * mean[0] - Math.sin(angle) * mean[1];
                centre[1] = Math.sin(angle) * mean[0] + Math.cos(angle) * mean[1];
            }
            centres[c] = centre;
        }
        return centres;
    }

    /**
     * Checks that every target of {@code set} is 0 or 1 (what cross-entropy needs): the message names
     * the first one that is not, for the caller's one-line error.
     *
     * @return null if all are labels, else a description of the first offending target
     */
    public static String firstNonLabel(Dataset set, String name) {
        return firstNonLabel(set, name, 2);
    }

    /** As {@link #firstNonLabel(Dataset, String)} for the labels 0..K−1 of {@code classes} K. */
    public static String firstNonLabel(Dataset set, String name, int classes) {
        double[] y = set.targets();
        for (int i = 0; i < y.length; i++) {
            if (!(y[i] >= 0 && y[i] < classes && y[i] == Math.rint(y[i]))) {
                return name + " target " + i + " is " + y[i];
            }
        }
        return null;
    }
}
