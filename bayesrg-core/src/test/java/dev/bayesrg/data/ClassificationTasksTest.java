package dev.bayesrg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.DataConfig;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The K-class blobs against their law: labels uniform on 0..K−1 (frequencies within a few binomial
 * standard errors of 1/K), each class's sample mean within a few standard errors of inputMean turned by
 * 2πc/K in the (x0, x1) plane; two classes drawn exactly as before; and the label checks of K classes.
 */
class ClassificationTasksTest {
    private static UniformRandomProvider rng(long seed) {
        return RandomSource.XO_SHI_RO_256_PP.create(seed);
    }

    @ParameterizedTest(name = "K={0}, d={1}")
    @CsvSource({"3, 2", "5, 3", "7, 2", "4, 1"})
    void labelsAreUniformAndEachClassIsCentredOnItsTurnedMean(int k, int d) {
        int n = 40_000;
        double[] mean = {2.0, -0.5, 0.7};
        mean = java.util.Arrays.copyOf(mean, d);
        double[] std = {0.5, 1.5, 1.0};
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
            cov[i][i] = std[i] * std[i];
        }
        Dataset set = ClassificationTasks.sample(DataConfig.Source.BLOBS, mean, cov, rng(100 + k), n, k);
        assertEquals(n, set.size());
        int[] count = new int[k];
        double[][] sum = new double[k][d];
        for (int i = 0; i < n; i++) {
            double y = set.targets()[i];
            int c = (int) y;
            assertTrue(c == y && c >= 0 && c < k, "label " + y);
            count[c]++;
            for (int j = 0; j < d; j++) {
                sum[c][j] += set.inputs()[i][j];
            }
        }
        double p = 1.0 / k;
        double se = Math.sqrt(p * (1 - p) / n);
        for (int c = 0; c < k; c++) {
            assertEquals(p, count[c] / (double) n, 5 * se, "frequency of label " + c);
            double[] centre = mean.clone();
            if (d == 1) { // on the line: evenly from −inputMean to +inputMean
                centre[0] = -mean[0] + 2 * mean[0] * c / (k - 1);
            } else {
                double a = 2 * Math.PI * c / k;
                centre[0] = Math.cos(a) * mean[0] - Math.sin(a) * mean[1];
                centre[1] = Math.sin(a) * mean[0] + Math.cos(a) * mean[1];
            }
            for (int j = 0; j < d; j++) {
                double meanSe = std[j] / Math.sqrt(count[c]);
                assertEquals(centre[j], sum[c][j] / count[c], 5 * meanSe, "class " + c + ", coordinate " + j);
            }
        }
    }

    /**
     * Two classes as they always were: one uniform for the label (1 below ½), then the noise, around
     * ±inputMean; written out here and compared bit for bit with both entry points.
     */
    @Test
    void twoClassBlobsAreDrawnAsBefore() {
        double[] mean = {1.0, 1.0};
        double[][] cov = {{0.3, 0.1}, {0.1, 0.6}};
        int n = 50;
        Dataset five = ClassificationTasks.sample(DataConfig.Source.BLOBS, mean, cov, rng(9), n);
        Dataset six = ClassificationTasks.sample(DataConfig.Source.BLOBS, mean, cov, rng(9), n, 2);
        UniformRandomProvider r = rng(9);
        GaussianInputs noise = new GaussianInputs(new double[2], cov);
        for (int i = 0; i < n; i++) {
            boolean one = r.nextDouble() < 0.5;
            double[] e = noise.sample(r, 1)[0];
            double[] x = {(one ? 1 : -1) * mean[0] + e[0], (one ? 1 : -1) * mean[1] + e[1]};
            assertArrayEquals(x, five.inputs()[i], 0.0, "point " + i);
            assertArrayEquals(x, six.inputs()[i], 0.0, "point " + i);
            assertEquals(one ? 1.0 : 0.0, five.targets()[i], 0.0);
            assertEquals(one ? 1.0 : 0.0, six.targets()[i], 0.0);
        }
        Dataset moons = ClassificationTasks.sample(DataConfig.Source.TWO_MOONS, mean, cov, rng(4), n, 2);
        Dataset moonsBefore = ClassificationTasks.sample(DataConfig.Source.TWO_MOONS, mean, cov, rng(4), n);
        assertTrue(java.util.Arrays.deepEquals(moonsBefore.inputs(), moons.inputs()));
        assertArrayEquals(moonsBefore.targets(), moons.targets(), 0.0);
    }

    @Test
    void twoMoonsHasTwoClassesOnly() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ClassificationTasks.sample(
                        DataConfig.Source.TWO_MOONS, new double[2], new double[][] {{1, 0}, {0, 1}}, rng(1), 5, 3));
    }

    @Test
    void labelsOfThreeClassesAreTheIntegersBelowThree() {
        double[][] x = new double[4][1];
        assertNull(ClassificationTasks.firstNonLabel(new Dataset(x, new double[] {0, 1, 2, 1}), "train", 3));
        String three = ClassificationTasks.firstNonLabel(new Dataset(x, new double[] {0, 1, 3, 1}), "train", 3);
        assertEquals("train target 2 is 3.0", three);
        String half = ClassificationTasks.firstNonLabel(new Dataset(x, new double[] {0, 0.5, 2, 1}), "test", 3);
        assertEquals("test target 1 is 0.5", half);
        assertEquals(
                "fisher target 0 is -1.0",
                ClassificationTasks.firstNonLabel(new Dataset(x, new double[] {-1, 0, 2, 1}), "fisher", 3));
        assertTrue(ClassificationTasks.firstNonLabel(new Dataset(x, new double[] {0, 1, Double.NaN, 1}), "t", 3)
                .contains("NaN"));
        // two classes: 2 is not a label
        assertEquals(
                "train target 2 is 2.0",
                ClassificationTasks.firstNonLabel(new Dataset(x, new double[] {0, 1, 2, 1}), "train"));
    }
}
