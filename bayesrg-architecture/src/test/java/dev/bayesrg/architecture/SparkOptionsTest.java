package dev.bayesrg.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.cli.RunCommand;
import dev.bayesrg.spark.SparkMain;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The driver declares the configuration options of {@code bayesrg run} itself (it is written against
 * core alone): the two declarations must stay the same options with the same meaning.
 */
class SparkOptionsTest {
    private static final List<String> CONFIGURATION =
            List.of("--preset", "--config", "--set", "--members", "--width", "--epochs", "--seed");

    private static Map<String, String> configurationOptions(CommandLine cl) {
        Map<String, String> options = new TreeMap<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (CONFIGURATION.contains(o.longestName())) {
                options.put(
                        o.longestName(),
                        o.paramLabel() + " " + o.defaultValue() + " " + o.type().getSimpleName());
            }
        }
        return options;
    }

    @Test
    void driverTakesTheConfigurationOptionsOfBayesrgRunWithTheSameParametersAndDefaults() {
        CommandLine run = new CommandLine(new RunCommand());
        Map<String, String> expected = configurationOptions(run);
        assertEquals(CONFIGURATION.size(), expected.size(), expected::toString);
        assertEquals(expected, configurationOptions(new CommandLine(new SparkMain())));
    }

    @Test
    void badShortcutIsNamedByItsFlagAsBayesrgRunNamesIt() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = SparkMain.execute(
                new SparkMain(),
                new String[] {"--members", "0"},
                new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(err, true));
        assertEquals(2, code);
        assertTrue(err.toString().contains("--members (ensemble.members)"), err::toString);
    }
}
