package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.SMALL;
import static dev.bayesrg.cli.CliHarness.args;
import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.run.ExperimentRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After the members, a terminal is told what the run is doing (the bar would otherwise sit at
 * 100 % through the writing, the field theory and the report); logs and pipes are not.
 */
class ProgressTest {
    @Test
    void thePhasesAfterTheMembersAreAnnouncedInTheOrderTheyRun() {
        assertTrue(Progress.phaseAfter(ExperimentRun.MEMBERS, true).startsWith("writing the data files"));
        assertEquals("field theory (nnft/), figures and report ...", Progress.phaseAfter(ExperimentRun.WRITING, true));
        assertEquals("field theory (nnft/) ...", Progress.phaseAfter(ExperimentRun.WRITING, false));
        // the data come before the bar, and nothing follows completion
        assertNull(Progress.phaseAfter(ExperimentRun.DATA, true));
        assertNull(Progress.phaseAfter(ExperimentRun.COMPLETION, true));
    }

    @Test
    void aRunWithoutATerminalPrintsNoPhaseLines(@TempDir Path tmp) {
        CliHarness.Result r = bayesrg(
                args(List.of("run"), SMALL, List.of("--out", tmp.resolve("run").toString())));
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(r.err().contains("writing the data files"), r::toString);
        assertFalse(r.err().contains("field theory (nnft/)"), r::toString);
    }
}
