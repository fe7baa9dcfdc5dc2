package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CosnetCommandTest {
    @Test
    void sampledPropagatorAgreesWithTheExactOneRowByRow() {
        CliHarness.Result r = bayesrg("cosnet", "--dimension", "3", "--separations", "0:3:4", "--neurons", "100000");
        assertEquals(0, r.exitCode(), r::toString);
        int rows = 0;
        for (String line : r.out().lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length == 4 && cells[0].matches("[0-9.]+")) {
                double exact = Double.parseDouble(cells[1]);
                double ensemble = Double.parseDouble(cells[2]);
                double se = Double.parseDouble(cells[3]);
                assertEquals(exact, ensemble, 5 * se, line);
                rows++;
            }
        }
        assertEquals(4, rows, r.out());
        assertTrue(r.out().contains("Lambda_info"), r.out());
    }

    @ParameterizedTest
    @CsvSource({"--dimension, 4", "--cutoff, 0", "--mass, -1", "--neurons, 5", "--separations, 3:1:4",
        "--separations, a:b:c", "--epsilons, -1", "--noise-variance, 0"})
    void badFlagsAreBadInputNamingTheFlag(String flag, String value) {
        CliHarness.Result r = bayesrg("cosnet", flag, value);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains(flag), r.err());
    }
}
