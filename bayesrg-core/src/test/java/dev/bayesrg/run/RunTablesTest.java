package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The terminal's flow table and closing line name the test loss by what it is: the squared error's
 * words exactly as always under {@code train.loss: mse}, "loss" under the other losses, whose
 * {@code test_mse_*} columns hold that loss.
 */
class RunTablesTest {
    private static final FlowEntry TRAINED =
            new FlowEntry(null, 0.0, 2.0, 1.5, 1.0, 3.0, 0.25, 0.5, 0.125, 4, 1.0, 1.0, PredictiveQuality.UNDEFINED);

    /** A finished run of one trained entry and no members, without a critical cutoff. */
    private static RunResult run(String loss) {
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.PAPER)
                .with(List.of(
                        "train.loss=" + loss, "data.source=" + (loss.equals("cross-entropy") ? "blobs" : "gaussian")))
                .load();
        return new RunResult(
                config, null, List.of(), List.of(TRAINED), new CriticalScale(null, null, null), 0, 1.5, Shard.ALL);
    }

    private static String header(RunResult r) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            RunTables.printFlow(out, r);
        }
        return text.toString().lines().findFirst().orElseThrow();
    }

    @Test
    void squaredErrorKeepsItsWords() {
        RunResult r = run("mse");
        assertEquals(
                "entry      cutoff    sloppy    mse_median      mse_mean    probe_mean     probe_var    ex_kurt",
                header(r));
        assertEquals(
                "Results in out; no critical cutoff (median test MSE never exceeded 2.0x the trained"
                        + " ensemble's); 0 of 0 members diverged; 1.5 s.",
                RunTables.finalLine(Path.of("out"), r));
    }

    @Test
    void otherLossesSayLoss() {
        for (String loss : List.of("cross-entropy", "huber", "l1")) {
            RunResult r = run(loss);
            assertEquals(
                    "entry      cutoff    sloppy   loss_median     loss_mean    probe_mean     probe_var    ex_kurt",
                    header(r),
                    loss);
            assertEquals(
                    "Results in out; no critical cutoff (median test loss never exceeded 2.0x the trained"
                            + " ensemble's); 0 of 0 members diverged; 1.5 s.",
                    RunTables.finalLine(Path.of("out"), r),
                    loss);
        }
    }
}
