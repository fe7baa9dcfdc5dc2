package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.data.DataSets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SharedHiddenTest {
    private static MemberPipeline pipeline(boolean shared) {
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.PAPER)
                .with(java.util.List.of(
                        "network.hidden[2].width=16",
                        "data.train=10",
                        "data.test=5",
                        "data.fisher=5",
                        "network.sharedHidden=" + shared))
                .load();
        DataSets data = Experiment.prepareData(config, Path.of(""));
        return new MemberPipeline(config, data);
    }

    /**
     * Under sharedHidden every member starts from the same hidden layers, and its read-out
     * initialisation is exactly what it is without sharing (the member's own stream, untouched).
     */
    @Test
    void membersShareHiddenLayersAndKeepTheirOwnReadoutInitialisation() {
        MemberPipeline shared = pipeline(true);
        MemberPipeline own = pipeline(false);
        int offset = shared.architecture().readoutOffset();
        int end = shared.architecture().parameterCount();
        double[] hidden0 = Arrays.copyOf(shared.initialParameters(0), offset);
        for (int b : new int[] {1, 2, 7}) {
            double[] s = shared.initialParameters(b);
            double[] o = own.initialParameters(b);
            assertArrayEquals(hidden0, Arrays.copyOf(s, offset), "hidden layers of member " + b);
            assertArrayEquals(
                    Arrays.copyOfRange(o, offset, end),
                    Arrays.copyOfRange(s, offset, end),
                    "read-out init of member " + b);
            assertFalse(Arrays.equals(Arrays.copyOf(o, offset), hidden0), "without sharing, hidden layers differ");
        }
    }
}
