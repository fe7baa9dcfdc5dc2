package dev.bayesrg.run;

import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.Preset;

/**
 * Small configurations shared by the tests of several modules (public, in the test jar), so that
 * a run made one way and the same run made another way start from one definition.
 */
public final class SmallRuns {
    private SmallRuns() {}

    /**
     * Six members of width 32 trained for 20 epochs on 40 points (30 test, 20 Fisher), some of
     * which diverge (train.divergenceLoss 3000), so that merging diverged members is exercised;
     * as the command line {@code --members 6 --width 32 --epochs 20 --set data.train=40 --set
     * data.test=30 --set data.fisher=20 --set train.divergenceLoss=3000}.
     */
    public static ConfigLayers withDivergedMembers() {
        return ConfigLayers.of(Preset.PAPER)
                .withMembers(6)
                .withWidth(32)
                .withEpochs(20)
                .with("data.train=40")
                .with("data.test=30")
                .with("data.fisher=20")
                .with("train.divergenceLoss=3000");
    }
}
