package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static dev.bayesrg.cli.CliHarness.readJson;
import static dev.bayesrg.cli.CliHarness.runSmall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SizeAndNumericsTest {
    @TempDir
    Path tmp;

    @Test
    void aRunThatCannotFitTheHeapIsRefusedUpFrontWithTheEstimate() {
        Path out = tmp.resolve("huge");
        CliHarness.Result r = bayesrg("run", "--members", "50000000", "--out", out.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains("GiB") && r.err().contains("--no-size-check"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void nonFiniteStatisticsAreNullInJsonAndNamedInTheEntry() throws IOException {
        Path out = tmp.resolve("one");
        runSmall(out, "--set", "ensemble.members=1");
        JsonNode entry = readJson(out.resolve("summary.json")).get("flow").get(0);
        // one member: the sample variance (|B| − 1 = 0) and the kurtosis (0/0) are undefined
        assertTrue(entry.get("probe_variance").isNull());
        assertTrue(entry.get("probe_excess_kurtosis").isNull());
        JsonNode flags = entry.get("non_finite");
        assertEquals(2, flags.size(), entry.toString());
        assertEquals("probe_variance", flags.get(0).asText());
        assertEquals("probe_excess_kurtosis", flags.get(1).asText());
        assertFalse(Files.readString(out.resolve("summary.json")).contains("NaN"));
        assertTrue(readJson(out.resolve("summary.json"))
                .get("flow")
                .get(0)
                .get("test_mse_mean")
                .isNumber());
    }
}
