package dev.bayesrg.nngp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bayesrg.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cos-net's propagator table and information momenta, called as an API. */
class CosNetFieldTest {
    /** Every row's estimate from N sampled neurons lies within 5 of its standard errors of the exact Ψ(r). */
    @ParameterizedTest(name = "d={0}")
    @ValueSource(ints = {1, 2, 3})
    void sampledPropagatorAgreesWithTheExactOneWithinFiveStandardErrors(int d) {
        CosNetField.Setup setup = new CosNetField.Setup(d, 3.0, 0.5, 100_000, 1.0, 7L);
        double[] r = {0.0, 0.5, 1.5, 4.0};
        CosNetField.Tables tables = CosNetField.tables(setup, r, new double[] {0.1});
        assertEquals(r.length, tables.propagator().size());
        for (int i = 0; i < r.length; i++) {
            CosNetField.PropagatorRow row = tables.propagator().get(i);
            assertEquals(r[i], row.separation(), 0.0);
            assertEquals(CosNet.propagator(r[i], d, 3.0, 0.5), row.exact(), 0.0);
            assertEquals(row.exact(), row.estimate(), 5 * row.standardError(), row::toString);
        }
    }

    /** Λ_info(ε) = sqrt(1/(2σ²ε) − m²), and 0 once that is not positive (every mode sloppy). */
    @Test
    void informationMomentumIsTheMomentumWhoseFisherEqualsTheCutoff() {
        double sigma2 = 2.0;
        double m = 0.5;
        CosNetField.Setup setup = new CosNetField.Setup(1, 3.0, m, 100, sigma2, 0L);
        double[] eps = {0.01, 0.1, 1.0, 10.0};
        List<CosNetField.MomentumRow> rows =
                CosNetField.tables(setup, new double[0], eps).momenta();
        for (int k = 0; k < eps.length; k++) {
            double p2 = 1 / (2 * sigma2 * eps[k]) - m * m;
            assertEquals(eps[k], rows.get(k).epsilon(), 0.0);
            assertEquals(p2 > 0 ? Math.sqrt(p2) : 0.0, rows.get(k).momentum(), 1e-15);
        }
        assertEquals(0.0, rows.get(3).momentum(), 0.0, "1/(2·2·10) < 0.25: every mode sloppy");
    }

    /** A trained net of width n uses the first n neurons of the propagator's sample. */
    @Test
    void aSmallerSampleIsAPrefixOfALargerOne() {
        CosNetField.Setup setup = new CosNetField.Setup(2, 3.0, 0.5, 100, 1.0, 3L);
        CosNet.Neurons few = setup.sample(10);
        CosNet.Neurons many = setup.sample(100);
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(many.frequencies()[i], few.frequencies()[i], 0.0);
            assertEquals(many.phases()[i], few.phases()[i], 0.0);
        }
    }

    @Test
    void badParametersAreNamedByTheirParameterNames() {
        assertEquals("dimension", field(() -> new CosNetField.Setup(4, 3.0, 0.5, 100, 1.0, 0L)));
        assertEquals("cutoff", field(() -> new CosNetField.Setup(1, 0.0, 0.5, 100, 1.0, 0L)));
        assertEquals("mass", field(() -> new CosNetField.Setup(1, 3.0, -1, 100, 1.0, 0L)));
        assertEquals("neurons", field(() -> new CosNetField.Setup(1, 3.0, 0.5, 99, 1.0, 0L)));
        assertEquals("noiseVariance", field(() -> new CosNetField.Setup(1, 3.0, 0.5, 100, Double.NaN, 0L)));
        assertEquals(CosNetField.EPSILONS, field(() -> CosNetField.epsilons(List.of(0.1, 0.0))));
        assertEquals("target", field(() -> CosNetFlow.Target.of("cos")));
        assertEquals(CosNetFlow.Target.ZERO, CosNetFlow.Target.of("zero"));
    }

    private static String field(Runnable r) {
        return assertThrows(ConfigException.class, r::run).field();
    }
}
