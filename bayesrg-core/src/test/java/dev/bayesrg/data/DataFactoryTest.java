package dev.bayesrg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.DataConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared data sets: Gaussian inputs with a given law, labelled by a target; CSV split. */
class DataFactoryTest {
    private static final double[] MEAN = {1.0, -2.0, 0.5};
    private static final double[][] COV = {{2.0, 0.6, -0.3}, {0.6, 1.0, 0.2}, {-0.3, 0.2, 0.5}};

    private static List<Double> list(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    private static DataConfig gaussian(int train, DataConfig.Target target) {
        return new DataConfig(
                DataConfig.Source.GAUSSIAN,
                list(MEAN),
                java.util.Arrays.stream(COV).map(DataFactoryTest::list).toList(),
                target,
                null,
                null,
                train,
                3,
                4,
                9L,
                List.of(0.1, 0.2, 0.3),
                2);
    }

    @Test
    void gaussianInputsHaveTheConfiguredMeanAndCovariance() {
        int n = 20_000;
        DataSets sets = DataFactory.build(
                gaussian(n, DataConfig.Target.LINEAR), RandomSource.XO_SHI_RO_256_PP.create(17L), Path.of("."));
        double[][] x = sets.train().inputs();
        assertEquals(n, x.length);
        int d = MEAN.length;
        double[] m = new double[d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                m[i] += row[i] / n;
            }
        }
        for (int i = 0; i < d; i++) {
            assertEquals(MEAN[i], m[i], 5 * Math.sqrt(COV[i][i] / n), "mean " + i);
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (double[] row : x) {
                    s += (row[i] - m[i]) * (row[j] - m[j]);
                }
                s /= n - 1;
                // Var of the sample covariance of a normal pair: (Σii Σjj + Σij²)/n
                double se = Math.sqrt((COV[i][i] * COV[j][j] + COV[i][j] * COV[i][j]) / n);
                assertEquals(COV[i][j], s, 5 * se, "cov " + i + "," + j);
            }
        }
        // targets are y = target(x), here Σ x_i
        for (int k = 0; k < 10; k++) {
            assertEquals(x[k][0] + x[k][1] + x[k][2], sets.train().targets()[k], 1e-15);
        }
        assertEquals(3, sets.test().size());
        assertEquals(4, sets.fisher().size());
        assertEquals(0.1 + 0.2 + 0.3, sets.probeTarget(), 1e-15);
    }

    @Test
    void sameSeedGivesTheSameDataAndSetsAreDistinctDraws() {
        DataSets a = DataFactory.build(
                gaussian(5, DataConfig.Target.SIN), RandomSource.XO_SHI_RO_256_PP.create(3L), Path.of("."));
        DataSets b = DataFactory.build(
                gaussian(5, DataConfig.Target.SIN), RandomSource.XO_SHI_RO_256_PP.create(3L), Path.of("."));
        assertTrue(java.util.Arrays.deepEquals(a.train().inputs(), b.train().inputs()));
        assertTrue(java.util.Arrays.deepEquals(a.fisher().inputs(), b.fisher().inputs()));
        assertTrue(!java.util.Arrays.equals(a.train().inputs()[0], a.test().inputs()[0]));
    }

    @Test
    void nonPositiveDefiniteCovarianceIsAConfigError() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> new GaussianInputs(new double[] {0, 0}, new double[][] {{1, 2}, {2, 1}}));
        assertEquals("data.inputCovariance", e.field());
    }

    private static DataConfig csv(String file, int train, int test, int fisher) {
        return new DataConfig(
                DataConfig.Source.CSV, null, null, null, file, null, train, test, fisher, 1L, List.of(0.0, 0.0), 2);
    }

    @Test
    void csvRowsAreSplitIntoDisjointSetsOfTheConfiguredSizes(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("x0,x1,y\n");
        for (int i = 0; i < 50; i++) {
            sb.append(i).append(',').append(2 * i).append(',').append(3 * i).append('\n');
        }
        Files.writeString(dir.resolve("points.csv"), sb.toString());
        DataSets sets = DataFactory.build(csv("points.csv", 20, 15, 10), RandomSource.XO_SHI_RO_256_PP.create(5L), dir);
        assertEquals(20, sets.train().size());
        assertEquals(15, sets.test().size());
        assertEquals(10, sets.fisher().size());
        Set<Double> seen = new HashSet<>();
        for (Dataset d : List.of(sets.train(), sets.test(), sets.fisher())) {
            for (int i = 0; i < d.size(); i++) {
                double x0 = d.inputs()[i][0];
                assertEquals(2 * x0, d.inputs()[i][1]);
                assertEquals(3 * x0, d.targets()[i]);
                assertTrue(seen.add(x0), "row " + x0 + " used twice");
            }
        }
        assertTrue(Double.isNaN(sets.probeTarget()));
    }

    @Test
    void csvWithTooFewRowsIsAConfigError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("few.csv"), "1,2,3\n4,5,6\n");
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> DataFactory.build(csv("few.csv", 1, 1, 1), RandomSource.XO_SHI_RO_256_PP.create(5L), dir));
        assertEquals("data.csv", e.field());
    }
}
