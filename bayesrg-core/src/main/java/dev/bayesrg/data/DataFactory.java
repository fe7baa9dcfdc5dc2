package dev.bayesrg.data;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.DataConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;

/**
 * Builds the shared {@link DataSets} of an experiment from its {@link DataConfig} and the data
 * stream. Gaussian data and the classification tasks ({@link ClassificationTasks}) are drawn in the
 * order train, test, Fisher; CSV rows are shuffled once and
 * split in that order into disjoint sets; a directory of arrays gives its sets as they are.
 */
public final class DataFactory {
    private DataFactory() {}

    /**
     * The train, test and Fisher sets of a run, drawn from {@code rng} or read from the CSV file.
     *
     * @param baseDirectory where a relative {@code data.csv} or {@code data.directory} path is resolved
     */
    public static DataSets build(DataConfig config, UniformRandomProvider rng, Path baseDirectory) {
        double[] probe = toArray(config.probe());
        if (config.source() == DataConfig.Source.GAUSSIAN) {
            GaussianInputs law = new GaussianInputs(toArray(config.inputMean()), toMatrix(config.inputCovariance()));
            Dataset train = label(law.sample(rng, config.train()), config.target());
            Dataset test = label(law.sample(rng, config.test()), config.target());
            Dataset fisher = label(law.sample(rng, config.fisher()), config.target());
            return new DataSets(train, test, fisher, probe, Targets.value(config.target(), probe));
        }
        if (config.source().drawn()) {
            double[] mean = toArray(config.inputMean());
            double[][] cov = toMatrix(config.inputCovariance());
            Dataset train =
                    ClassificationTasks.sample(config.source(), mean, cov, rng, config.train(), config.classes());
            Dataset test = ClassificationTasks.sample(config.source(), mean, cov, rng, config.test(), config.classes());
            Dataset fisher =
                    ClassificationTasks.sample(config.source(), mean, cov, rng, config.fisher(), config.classes());
            return new DataSets(train, test, fisher, probe, Double.NaN);
        }
        if (config.source() == DataConfig.Source.NPY) {
            return NpyData.read(config, baseDirectory.resolve(config.directory()), probe);
        }
        Path file = baseDirectory.resolve(config.csv());
        Dataset all = CsvData.read(file, probe.length);
        int needed = config.train() + config.test() + config.fisher();
        if (all.size() < needed) {
            throw new ConfigException(
                    "data.csv",
                    file + " has " + all.size() + " rows, but data.train + data.test" + " + data.fisher = " + needed
                            + " are needed");
        }
        int[] order = PermutationSampler.natural(all.size());
        PermutationSampler.shuffle(rng, order);
        int at = 0;
        Dataset train = slice(all, order, at, config.train());
        at += config.train();
        Dataset test = slice(all, order, at, config.test());
        at += config.test();
        Dataset fisher = slice(all, order, at, config.fisher());
        return new DataSets(train, test, fisher, probe, Double.NaN);
    }

    /**
     * The data of an imported outputs ensemble ({@code ensemble.importKind: outputs}): its mesh
     * points, from the arrays of {@code data.directory} (see {@link NpyData}).
     *
     * @param baseDirectory where a relative {@code data.directory} path is resolved
     */
    public static DataSets meshOnly(DataConfig config, Path baseDirectory) {
        return NpyData.readMesh(config, baseDirectory.resolve(config.directory()), toArray(config.probe()));
    }

    private static Dataset label(double[][] x, DataConfig.Target target) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Targets.value(target, x[i]);
        }
        return new Dataset(x, y);
    }

    private static Dataset slice(Dataset all, int[] order, int from, int count) {
        double[][] x = new double[count][];
        double[] y = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = all.inputs()[order[from + i]];
            y[i] = all.targets()[order[from + i]];
        }
        return new Dataset(x, y);
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[][] toMatrix(List<List<Double>> rows) {
        return rows.stream().map(DataFactory::toArray).toArray(double[][]::new);
    }
}
