package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.run.MemberPipeline.ReadoutSolver;
import org.junit.jupiter.api.Test;

/** Which read-out solver {@code train.solver} and the cost model of {@code auto} pick for a shape. */
class ReadoutSolverChoiceTest {

    private static ExperimentConfig paper(String... overrides) {
        ConfigLayers layers = ConfigLayers.of(Preset.PAPER);
        for (String o : overrides) {
            layers = layers.with(o);
        }
        return layers.resolve();
    }

    @Test
    void thePapersShapeStaysOnTheDualTridiagonalIteration() {
        assertEquals(ReadoutSolver.TRIDIAGONAL, MemberPipeline.readoutSolver(paper(), 200, 2048));
    }

    @Test
    void moreDataThanWidthIteratesOnTheTridiagonalCovarianceWhenFormingItCostsLessThanTheEpochs() {
        assertEquals(ReadoutSolver.PRIMAL_TRIDIAGONAL, MemberPipeline.readoutSolver(paper(), 4000, 512));
        assertEquals(ReadoutSolver.PRIMAL_TRIDIAGONAL, MemberPipeline.readoutSolver(paper(), 200, 64));
        // N ≥ epochs: n N² > epochs n N, the weight loop is cheaper
        assertEquals(ReadoutSolver.PRIMAL, MemberPipeline.readoutSolver(paper("train.epochs=100"), 4000, 512));
        assertEquals(
                ReadoutSolver.PRIMAL_TRIDIAGONAL,
                MemberPipeline.readoutSolver(paper("train.solver=tridiagonal", "train.epochs=100"), 4000, 512),
                "tridiagonal reduces the smaller matrix");
        assertEquals(
                ReadoutSolver.TRIDIAGONAL,
                MemberPipeline.readoutSolver(paper("train.solver=tridiagonal", "train.epochs=100"), 200, 2048));
    }

    @Test
    void theClosedFormDecomposesTheSmallerMatrixAndAutoTakesItBeyondAboutNSquaredEpochs() {
        assertEquals(
                ReadoutSolver.PRIMAL_CLOSED_FORM,
                MemberPipeline.readoutSolver(paper("train.solver=closed-form"), 4000, 512));
        assertEquals(
                ReadoutSolver.CLOSED_FORM, MemberPipeline.readoutSolver(paper("train.solver=closed-form"), 200, 2048));
        assertEquals(
                ReadoutSolver.PRIMAL_TRIDIAGONAL, MemberPipeline.readoutSolver(paper("train.epochs=4096"), 4000, 64));
        assertEquals(
                ReadoutSolver.PRIMAL_CLOSED_FORM, MemberPipeline.readoutSolver(paper("train.epochs=4097"), 4000, 64));
    }

    @Test
    void stochasticDescentAndTheExplicitLoopsKeepIterating() {
        assertEquals(ReadoutSolver.PRIMAL, MemberPipeline.readoutSolver(paper("train.optimizer=sgd"), 4000, 512));
        assertEquals(ReadoutSolver.DUAL, MemberPipeline.readoutSolver(paper("train.optimizer=sgd"), 200, 2048));
        assertEquals(ReadoutSolver.PRIMAL, MemberPipeline.readoutSolver(paper("train.solver=iterate"), 4000, 512));
        assertEquals(
                ReadoutSolver.PRIMAL, MemberPipeline.readoutSolver(paper("train.solver=iterate-primal"), 200, 2048));
    }

    @Test
    void theCostModelComparesTheSmallerSidesGramWithTheEpochsOnTheWeights() {
        // min(n,N)² max(n,N) < epochs n N  ⇔  min(n,N) < epochs
        assertTrue(MemberPipeline.gramPays(4000, 512, 513));
        assertFalse(MemberPipeline.gramPays(4000, 512, 512));
        assertTrue(MemberPipeline.gramPays(200, 2048, 201));
        assertFalse(MemberPipeline.gramPays(200, 2048, 200));
        assertEquals(ReadoutSolver.PRIMAL, MemberPipeline.readoutSolver(paper("train.epochs=150"), 200, 2048));
    }

    @Test
    void theTimingsLineNamesTheSolverAndTheShape() {
        assertEquals(
                "read-out tridiagonal-primal (n 4000, N 512, 1000 epochs; auto: min(n,N)² max(n,N) < epochs n N)",
                MemberPipeline.describeReadoutSolver(paper("data.train=4000", "network.hidden[2].width=512")));
        assertEquals(
                "read-out tridiagonal-dual (n 200, N 2048, 1000 epochs; auto: min(n,N)² max(n,N) < epochs n N)",
                MemberPipeline.describeReadoutSolver(paper()));
    }
}
