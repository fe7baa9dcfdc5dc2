package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.net.Readout;
import dev.bayesrg.train.LangevinSampler;
import dev.bayesrg.train.SquaredErrorTerm;
import dev.bayesrg.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * posterior.method langevin in the member pipeline: each member is the state of its chain, built
 * here apart from the pipeline from the chain's first member's prior draw and stream.
 */
class LangevinPosteriorTest {
    private static ExperimentConfig config(String... more) {
        List<String> langevin = new ArrayList<>(List.of(
                "posterior.langevin.steps=40", "posterior.langevin.thinning=7", "posterior.langevin.chainMembers=3"));
        langevin.addAll(List.of(more));
        return PosteriorMethodTest.small("langevin", langevin.toArray(String[]::new));
    }

    /** The chain's state after {@code steps} steps from {@code head}'s prior draw, on its stream. */
    private static double[] chainState(
            MemberPipeline pipeline, ExperimentConfig config, DataSets data, int head, int steps, boolean readoutOnly) {
        double[] start = pipeline.initialParameters(head);
        ParameterPrior prior =
                new ParameterPrior(pipeline.architecture(), config.network().init());
        SquaredErrorTerm term;
        double eta;
        if (readoutOnly) {
            FeatureMatrix features = new Network(pipeline.architecture())
                    .frozen(start)
                    .features(data.train().inputs());
            Readout readout = new Readout(pipeline.architecture());
            term = SquaredErrorTerm.readout(features, data.train().targets(), readout);
            eta = LangevinSampler.stableStepSize(features, readout, prior, 0.3);
        } else {
            term = SquaredErrorTerm.network(pipeline.architecture(), data.train());
            eta = config.posterior().langevin().stepSize();
        }
        TrainingResult result = new LangevinSampler(
                        term,
                        prior,
                        0.3,
                        eta,
                        steps,
                        0,
                        config.train(),
                        RandomStreams.member(config.ensemble().seed(), head, RandomStreams.Purpose.LANGEVIN))
                .train(start);
        assertFalse(result.diverged());
        return result.theta();
    }

    /**
     * Member q of a chain of three is the chain's state after 40 + 7q steps from the prior draw of its
     * first member (hidden layers included), bit for bit; the automatic step size is the sampler's.
     */
    @Test
    void aReadoutMemberIsTheStateOfItsChainAfterBurnInAndThinning() {
        ExperimentConfig config = config();
        DataSets data = Experiment.prepareData(config, Path.of(""));
        MemberPipeline pipeline = new MemberPipeline(config, data);
        for (int member : new int[] {0, 1, 2, 4}) {
            int head = member - member % 3;
            assertArrayEquals(
                    chainState(pipeline, config, data, head, 40 + 7 * (member - head), true),
                    pipeline.trainedParameters(member),
                    "member " + member);
        }
        MemberResult result = pipeline.run(1);
        double[] trained = pipeline.trainedParameters(1);
        double[] outputs = new double[data.train().size()];
        new Network(pipeline.architecture()).outputs(trained, data.train().inputs(), outputs);
        assertEquals(MemberPipeline.meanSquaredError(outputs, data.train().targets()), result.finalTrainLoss(), 1e-12);
    }

    @Test
    void anAllLayerMemberIsTheStateOfItsChainOverEveryParameter() {
        ExperimentConfig config =
                config("network.trainable=all", "posterior.langevin.stepSize=1e-4", "network.init.scheme=fan-in");
        DataSets data = Experiment.prepareData(config, Path.of(""));
        MemberPipeline pipeline = new MemberPipeline(config, data);
        double[] start = pipeline.initialParameters(3);
        double[] member = pipeline.trainedParameters(5);
        assertArrayEquals(chainState(pipeline, config, data, 3, 40 + 14, false), member);
        assertFalse(
                java.util.Arrays.equals(
                        java.util.Arrays.copyOf(start, pipeline.architecture().readoutOffset()),
                        java.util.Arrays.copyOf(member, pipeline.architecture().readoutOffset())),
                "the hidden layers move too");
    }
}
