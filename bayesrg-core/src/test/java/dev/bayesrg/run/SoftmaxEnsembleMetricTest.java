package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.fisher.FisherEigenbasis;
import dev.bayesrg.fisher.FisherJacobian;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code fisher.at: ensemble-average} of a softmax classifier, whose members' Jacobians have K rows per
 * Fisher input, against the brute-force average (1/M) Σ_m J_mᵀ J_m of the members' own metrics: with
 * the members' rows stacked (M n_F K ≤ P) and formed densely (more). Both used to take n_F rows per
 * member: the stack overflowed its array, the dense sum kept the first n_F of each member's n_F K rows.
 */
class SoftmaxEnsembleMetricTest {

    @ParameterizedTest(name = "{0} members")
    @CsvSource({"2, stacked: 2 × 3 × 3 = 18 rows ≤ 24 weights", "4, dense: 36 rows > 24 weights"})
    void theAverageIsTheMeanOfTheMembersSoftmaxMetrics(int members, String how) throws InterruptedException {
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.PAPER)
                .with("data.source=blobs")
                .with("data.classes=3")
                .with("train.loss=cross-entropy")
                .with("train.learningRate=0.01")
                .with("network.hidden[2].width=8")
                .with("train.epochs=15")
                .with("data.train=12")
                .with("data.test=6")
                .with("data.fisher=3")
                .with("fisher.geometryMembers=null")
                .with("fisher.at=ensemble-average")
                .with("ensemble.members=" + members)
                .load();
        DataSets data = Experiment.prepareData(config, Path.of("."));
        EnsembleMetric metric = EnsembleMetric.of(config, data, 2, done -> {});
        MemberPipeline pipeline = new MemberPipeline(config, data);
        int p = 3 * 8;
        double[] dense = new double[p * p];
        for (int m = 0; m < members; m++) {
            FisherJacobian j =
                    pipeline.metricAt(pipeline.trainedParameters(m), true).jacobian();
            assertEquals(3 * 3, j.inputs(), "K rows per Fisher input");
            for (int r = 0; r < j.inputs(); r++) {
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        dense[a * p + b] += j.values()[r * p + a] * j.values()[r * p + b] / members;
                    }
                }
            }
        }
        double scale = 0;
        for (int i = 0; i < p; i++) {
            scale = Math.max(scale, dense[i * p + i]);
        }
        assertEquals(p, metric.diagonal().length);
        for (int i = 0; i < p; i++) {
            assertEquals(dense[i * p + i], metric.diagonal()[i], 1e-12 * scale, how + ": F_ii, i = " + i);
        }
        FisherEigenbasis basis = metric.eigenbasis();
        double[] f = basis.factor().values();
        int rows = basis.factor().inputs();
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += f[r * p + a] * f[r * p + b];
                }
                assertEquals(dense[a * p + b], s, 1e-10 * scale, how + ": (JᵀJ)_" + a + "," + b);
            }
        }
    }

    /**
     * 50 members × 30 Fisher inputs × 3 classes = 4500 rows over 3 × 1400 = 4200 > 4096 weights: the
     * average must be formed densely, over more than the limit, so it is refused before any training
     * (counting one row per input, 1500 ≤ 4200, it was taken for a stack).
     */
    @Test
    void aDenseAverageOverTooManyWeightsCountsKRowsPerInput() {
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.PAPER)
                .with("data.source=blobs")
                .with("data.classes=3")
                .with("train.loss=cross-entropy")
                .with("network.hidden[2].width=1400")
                .with("data.train=10")
                .with("data.test=6")
                .with("data.fisher=30")
                .with("fisher.at=ensemble-average")
                .with("ensemble.members=50")
                .load();
        ConfigException e = assertThrows(ConfigException.class, () -> Experiment.prepareData(config, Path.of(".")));
        assertEquals("fisher.at", e.field());
        assertTrue(e.getMessage().contains("ensemble.members x data.fisher x data.classes <= 4200"), e.getMessage());
    }
}
