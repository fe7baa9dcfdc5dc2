package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.cli.CliHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bayesrg coin}: the spec's numbers in text and JSON, help, and exit 2 on every bad flag. */
class CoinCommandTest {
    @Test
    void sevenHeadsThreeTailsPrintTheSpecsMeanVarianceMapAndInterval() throws Exception {
        Result r = bayesrg("coin", "--heads", "7", "--tails", "3", "--json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode j = CliHarness.JSON.readTree(r.out());
        assertEquals(8.0 / 12, j.get("mean").doubleValue(), 1e-15);
        assertEquals(8.0 * 4 / (144 * 13), j.get("variance").doubleValue(), 1e-16);
        assertEquals(0.7, j.get("map").doubleValue(), 1e-15);
        assertEquals(0.95, j.get("level").doubleValue(), 0.0);
        double lo = j.get("interval").get(0).doubleValue();
        double hi = j.get("interval").get(1).doubleValue();
        assertTrue(0 < lo && lo < 0.7 && 0.7 < hi && hi < 1, r.out());

        Result text = bayesrg("coin", "--heads", "7", "--tails", "3", "--level", "0.9");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.out().contains("Beta(8, 4)"), text.out());
        assertTrue(text.out().contains("mean       " + (8.0 / 12)), text.out());
        assertTrue(text.out().contains("MAP        0.7"), text.out());
        assertTrue(text.out().contains("90% interval"), text.out());
        assertEquals("", text.err());
    }

    @Test
    void noTossesReportTheMapAsUndefinedAndJsonNull() throws Exception {
        Result r = bayesrg("coin", "--heads", "0", "--tails", "0");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("MAP        undefined"), r.out());
        Result j = bayesrg("coin", "--heads", "0", "--tails", "0", "--json");
        assertTrue(CliHarness.JSON.readTree(j.out()).get("map").isNull(), j.out());
    }

    @ParameterizedTest(name = "coin {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--heads -1 --tails 3|--heads",
                "--heads 7 --tails -2|--tails",
                "--heads x --tails 3|--heads",
                "--heads 7 --tails 3 --level 1|--level",
                "--heads 7 --tails 3 --level 0|--level",
                "--heads 7 --tails 3 --level NaN|--level",
                "--heads 7|--tails",
                "--tails 3|--heads",
                "--heads 7 --tails 3 --bogus|--bogus"
            })
    void badFlagsExitTwoWithOneLineNamingTheFlag(String flags, String named) {
        Result r = bayesrg(("coin " + flags).split(" "));
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.errLines().get(0).contains(named), r::toString);
        assertTrue(r.errLines().size() <= 2, r::toString);
        assertTrue(!r.err().contains("Exception"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void helpExitsZeroAndListsTheOptions() {
        Result r = bayesrg("coin", "--help");
        assertEquals(0, r.exitCode(), r::toString);
        for (String o : new String[] {"--heads", "--tails", "--level", "--json"}) {
            assertTrue(r.out().contains(o), r.out());
        }
        Result top = bayesrg("--help");
        assertTrue(top.out().contains("coin") && top.out().contains("nngp"), top.out());
    }
}
