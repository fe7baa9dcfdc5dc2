package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.cli.CliHarness.Result;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command has --help (SPEC A.2); run's help lists every option of A.2. */
class HelpTest {
    private static final List<String> RUN_OPTIONS = List.of(
            "--preset",
            "--config",
            "--set",
            "--members",
            "--width",
            "--epochs",
            "--seed",
            "--threads",
            "--out",
            "--quiet");

    @ParameterizedTest(name = "bayesrg {0}")
    @ValueSource(strings = {"--help", "-h", "help", ""})
    void topLevelHelpExitsZeroAndListsTheRunCommand(String flag) {
        Result r = flag.isEmpty() ? bayesrg() : bayesrg(flag);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.err(), "help goes to stdout");
        assertTrue(r.out().contains("Usage: bayesrg"), r.out());
        assertTrue(r.out().contains("run"), r.out());
        assertTrue(r.out().contains("--help"), r.out());
    }

    @ParameterizedTest(name = "bayesrg {0}")
    @ValueSource(strings = {"run --help", "run -h", "help run"})
    void runHelpExitsZeroAndMentionsEveryOptionOfTheSpec(String command) {
        Result r = bayesrg(command.split(" "));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.err(), "help goes to stdout");
        assertTrue(r.out().contains("Usage: bayesrg run"), r.out());
        for (String option : RUN_OPTIONS) {
            assertTrue(r.out().contains(option), "run --help does not mention " + option + ":\n" + r.out());
        }
        assertTrue(r.out().contains("paper") && r.out().contains("reference-code"), "presets are named");
    }

    /** Both commands advertise -V/--version in their help, so both must print the version. */
    @ParameterizedTest(name = "bayesrg {0}")
    @ValueSource(strings = {"--version", "run --version"})
    void versionExitsZeroAndPrintsTheVersion(String command) {
        Result r = bayesrg(command.split(" "));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("bayesrg "), () -> "version output: '" + r.out() + "'");
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r::toString);
        assertTrue(lines.get(1).startsWith("Java " + System.getProperty("java.version")), r::toString);
        assertTrue(lines.get(2).startsWith("kernels: "), r::toString);
    }

    @org.junit.jupiter.api.Test
    void versionNamesTheCommitTheBuildWasMadeFrom() throws Exception {
        String head = RunDirectoryContractTest.sourceCommit();
        String first = bayesrg("--version").out().lines().findFirst().orElseThrow();
        assertTrue(
                "unknown".equals(head)
                        ? first.contains("source revision unknown")
                        : first.contains("commit " + head.substring(0, 12)),
                first + " vs HEAD " + head);
    }

    @ParameterizedTest(name = "bayesrg {0}")
    @ValueSource(strings = {"frobnicate", "--frobnicate"})
    void unknownCommandOrOptionIsExitTwo(String command) {
        Result r = bayesrg(command);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains(command), r::toString);
        assertEquals("", r.out());
    }

    @org.junit.jupiter.api.Test
    void aSubcommandInvocationBuildsOnlyThatSubcommandAndEverythingElseBuildsThemAll() {
        List<String> all = List.of(
                "run",
                "import",
                "merge",
                "nnft",
                "deform",
                "compare-posteriors",
                "cosnet",
                "report",
                "nngp",
                "coin",
                "help");
        assertEquals(
                List.of("run"),
                List.copyOf(Main.commandLine(new String[] {"run", "--members", "4"})
                        .getSubcommands()
                        .keySet()));
        for (String[] args :
                List.of(new String[0], new String[] {"--help"}, new String[] {"help", "run"}, new String[] {"rnu"})) {
            assertEquals(
                    all, List.copyOf(Main.commandLine(args).getSubcommands().keySet()), String.join(" ", args));
        }
        Result help = bayesrg("help", "nnft");
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("Usage: bayesrg nnft"), help::toString);
    }
}
