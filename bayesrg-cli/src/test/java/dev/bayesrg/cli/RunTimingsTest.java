package dev.bayesrg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bayesrg run --timings}: one stderr line whose phases partition the wall time since the JVM started. */
class RunTimingsTest {
    private static final Pattern PHASE = Pattern.compile(" ([a-zA-Z ]+) (\\d+\\.\\d\\d) s");

    @TempDir
    Path tmp;

    @Test
    void timingsNameEveryPhaseInOrderAndAddUpToTheTotal() {
        CliHarness.Result r = CliHarness.runSmall(tmp.resolve("run"), "--timings");
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), () -> "expected only the timings line: " + r);
        String line = lines.get(0);
        assertTrue(line.startsWith("bayesrg: timings:"), line);
        List<String> names = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        Matcher m = PHASE.matcher(line);
        while (m.find()) {
            names.add(m.group(1));
            seconds.add(Double.parseDouble(m.group(2)));
        }
        assertEquals(
                List.of("JVM start", "configuration", "data", "members", "writing", "field theory", "total"),
                names,
                line);
        double sum = 0;
        for (int k = 0; k < seconds.size() - 1; k++) {
            assertTrue(seconds.get(k) >= 0, line);
            sum += seconds.get(k);
        }
        double total = seconds.get(seconds.size() - 1);
        // the phases partition the total exactly; only the rounding of each to 0.01 s separates them
        assertEquals(total, sum, 0.005 * names.size() + 1e-9, line);
        assertTrue(
                Pattern.compile("total \\d+\\.\\d\\d s; read-out [a-z-]+ \\(n \\d+, N \\d+, \\d+ epochs; .+\\)$")
                        .matcher(line)
                        .find(),
                () -> "the line ends with the read-out solver that ran: " + line);
    }

    @Test
    void withoutTheFlagAQuietRunPrintsNothingOnStderr() {
        CliHarness.Result r = CliHarness.runSmall(tmp.resolve("quiet"));
        assertEquals(List.of(), r.errLines(), r::toString);
    }
}
