package dev.bayesrg.brg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.BrgConfig.CoarseGraining;
import dev.bayesrg.config.InitConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.ParameterPrior;
import java.util.List;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The law each coarse graining tells is the law it draws from (the prior's for resample-prior, N(0, σ²)
 * for gaussian, a point mass at 0 for zero): the sample mean and variance of many
 * coarse-grained values agree with it within 5 standard errors (the SE of a sample variance of a
 * Gaussian is s²·sqrt(2/(n−1))), and the law asked without a random stream is the same.
 */
class CoarseGrainerLawTest {
    private static final int DRAWS = 200_000;

    /** 2 → hidden(3) → read-out of 4 weights plus a bias, prior N(0.5, 2²) on the weights. */
    private static ParameterPrior prior() {
        InitConfig init = new InitConfig(InitConfig.Scheme.NORMAL, 0.5, 2.0, 1.0, 0.3);
        NetworkConfig network = new NetworkConfig(
                List.of(new LayerConfig(3, Activation.RELU, false)),
                Activation.IDENTITY,
                true,
                init,
                NetworkConfig.Trainable.LAST);
        return new ParameterPrior(new Architecture(2, network), init);
    }

    @ParameterizedTest(name = "{0}, sloppy variance {1}")
    @CsvSource(
            value = {"RESAMPLE_PRIOR, null", "ZERO, null", "GAUSSIAN, null", "GAUSSIAN, 0.7"},
            nullValues = "null")
    void theLawIsTheMeanAndVarianceOfTheDrawnValues(CoarseGraining mode, Double sloppyVariance) {
        ParameterPrior prior = prior();
        int index = prior.size() - 2; // the last read-out weight (the read-out bias is last)
        CoarseGrainer grainer =
                CoarseGrainer.of(mode, prior, sloppyVariance, RandomSource.XO_SHI_RO_256_PP.create(11L));
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < DRAWS; i++) {
            double v = grainer.coarseGrain(index);
            sum += v;
            squares += v * v;
        }
        double mean = sum / DRAWS;
        double variance = (squares - DRAWS * mean * mean) / (DRAWS - 1);
        SloppyLaw law = grainer.law(index);
        assertEquals(law.mean(), mean, 5 * Math.sqrt(law.variance() / DRAWS) + 1e-15);
        assertEquals(law.variance(), variance, 5 * law.variance() * Math.sqrt(2.0 / (DRAWS - 1)) + 1e-15);
        double expectedMean = mode == CoarseGraining.RESAMPLE_PRIOR ? prior.mean(index) : 0.0;
        double expectedVariance = switch (mode) {
            case RESAMPLE_PRIOR -> prior.variance(index);
            case ZERO -> 0.0;
            case GAUSSIAN -> sloppyVariance == null ? prior.variance(index) : sloppyVariance;
        };
        assertEquals(expectedMean, law.mean(), 0.0);
        assertEquals(expectedVariance, law.variance(), 0.0);
        assertEquals(law, CoarseGrainer.law(mode, prior, sloppyVariance, index), "asked without a stream");
    }
}
