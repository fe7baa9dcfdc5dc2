package dev.bayesrg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The help of every command, as an 80-column terminal shows it (picocli's default width): every
 * value a user types is described with what it may be, and no line break splits a word, a dotted
 * key, an assignment or an example command. The commands are enumerated from the command line, so a
 * new command is covered without a change here.
 */
class HelpAtEightyColumnsTest {
    private static final int TERMINAL = 80;

    /** Wide enough that nothing wraps: the text as written, to compare the wrapped help with. */
    private static final int UNWRAPPED = 10_000;

    /**
     * The ways a description says what a value may be: a bound ("N >= 1", "0 &lt;= I &lt; N"), an
     * integer range ("1..4096"), an interval ("(0, 1)", "[0, 64]"), candidates ("one of: paper,
     * reference-code"), a kind of path ("an existing YAML file", "a new or empty directory", "a
     * finished run directory"), an unbounded integer ("any 64-bit integer") or a configuration field
     * ("any field --print-config prints").
     */
    static final List<Pattern> ALLOWED_VALUES = Stream.of(
                    "(?:<=|>=|<|>) ?-?\\d",
                    "\\d ?<=? ?[A-Za-z]",
                    "\\d\\.\\.\\d",
                    "[\\[(]-?\\d[\\d.]*, ?-?\\d[\\d.^]*[\\])]",
                    "\\bone of: \\S+,? ",
                    "(?i:\\b(?:an?|the) )(?:existing|new|new or empty|finished|interrupted)\\b[\\w' -]*?"
                            + "\\b(?:file|directory|directories)\\b",
                    "\\bany (?:64-bit integer|integer|field)\\b")
            .map(Pattern::compile)
            .toList();

    static Stream<String> commands() {
        return Stream.concat(Stream.of("bayesrg"), Main.commandLine(new String[0]).getSubcommands().keySet().stream());
    }

    /** The command called {@code name} as {@code bayesrg --help} builds it (with every subcommand). */
    private static CommandLine command(String name) {
        CommandLine top = Main.commandLine(new String[0]);
        return name.equals("bayesrg") ? top : top.getSubcommands().get(name);
    }

    private static String help(CommandLine cl, int width) {
        cl.setUsageHelpWidth(width);
        return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @ParameterizedTest(name = "bayesrg {0}")
    @MethodSource("commands")
    void everyOptionAndParameterThatTakesAValueSaysWhichValuesAreAllowed(String name) {
        List<String> vague = withoutAllowedValues(command(name).getCommandSpec());
        assertEquals(List.of(), vague, "options of '" + name + "' whose help does not say which values are allowed");
    }

    @ParameterizedTest(name = "bayesrg {0}")
    @MethodSource("commands")
    void noLineBreakFallsInsideAWordAtEightyColumns(String name) {
        CommandLine cl = command(name);
        String wrapped = help(cl, TERMINAL);
        assertNull(brokenWord(wrapped, help(cl, UNWRAPPED)), () -> "bayesrg " + name + " --help:\n" + wrapped);
        wrapped.lines()
                .forEach(line ->
                        assertTrue(line.length() <= TERMINAL, () -> "longer than " + TERMINAL + " columns: " + line));
    }

    @ParameterizedTest(name = "bayesrg {0}")
    @MethodSource("commands")
    void indentedLinesSuchAsExampleCommandsAreNeverWrapped(String name) {
        CommandLine cl = command(name);
        String wrapped = help(cl, TERMINAL);
        List<String> shown = wrapped.lines().map(String::stripTrailing).toList();
        CommandSpec spec = cl.getCommandSpec();
        for (String[] section : List.of(
                spec.usageMessage().header(),
                spec.usageMessage().description(),
                spec.usageMessage().footer())) {
            for (String source : section) {
                if (source.startsWith(" ")) {
                    assertTrue(
                            shown.contains(source.stripTrailing()),
                            () -> "wrapped at " + TERMINAL + " columns: '" + source + "'\n" + wrapped);
                }
            }
        }
    }

    /** The criterion itself: an option that does not say what it takes is found, one that does is not. */
    @Test
    void theAllowedValuesCriterionFindsAnOptionThatDoesNotSayWhatItTakes() {
        CommandSpec probe = CommandSpec.create()
                .addOption(OptionSpec.builder("--size")
                        .paramLabel("N")
                        .type(int.class)
                        .description("The size of the thing.")
                        .build())
                .addOption(OptionSpec.builder("--count")
                        .paramLabel("N")
                        .type(int.class)
                        .description("How many, 1..4096.")
                        .build())
                .addOption(OptionSpec.builder("--quiet")
                        .type(boolean.class)
                        .description("A flag takes no value.")
                        .build())
                .addPositional(PositionalParamSpec.builder()
                        .paramLabel("DIR")
                        .description("Where the results go.")
                        .build());
        assertEquals(
                List.of("--size: The size of the thing.", "DIR: Where the results go."), withoutAllowedValues(probe));
        for (String stated : List.of(
                "N >= 1",
                "0 <= I < N",
                "1..4096",
                "in (0, 1)",
                "[0, 64]",
                "one of: paper, reference-code",
                "an existing YAML file",
                "a new or empty directory",
                "a finished run directory",
                "any 64-bit integer",
                "KEY any field --print-config prints")) {
            assertTrue(statesAllowedValues(stated), stated);
        }
        for (String vague :
                List.of("Ensemble size.", "YAML file merged over the preset.", "The shards' run directories.")) {
            assertTrue(!statesAllowedValues(vague), vague);
        }
    }

    /** The criterion itself: picocli's own line breaking splits a dotted key, and that is found. */
    @Test
    void theBrokenWordCriterionFindsADottedKeySplitByPicocli() {
        String description = "a ".repeat(36) + "train.learningRate=1e-5 is an example";
        CommandLine cl = new CommandLine(CommandSpec.create().name("probe"));
        cl.getCommandSpec().usageMessage().description(description);
        String plain = help(cl, TERMINAL);
        assertTrue(plain.contains("train.\n") || plain.contains("train." + System.lineSeparator()), plain);
        assertNotNull(brokenWord(plain, help(cl, UNWRAPPED)));
        CommandLine ours = Main.commandLine((Object) CommandSpec.create().name("probe"));
        ours.getCommandSpec().usageMessage().description(description);
        assertNull(brokenWord(help(ours, TERMINAL), help(ours, UNWRAPPED)), () -> help(ours, TERMINAL));
    }

    /** "--flag: description" for each option or parameter taking a value whose description states no allowed values. */
    private static List<String> withoutAllowedValues(CommandSpec spec) {
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        List<String> vague = new ArrayList<>();
        for (ArgSpec arg : args) {
            boolean takesValue =
                    arg.arity().max() > 0 && !(arg instanceof OptionSpec o && (o.usageHelp() || o.versionHelp()));
            String description = String.join(" ", arg.description());
            if (takesValue && !arg.hidden() && !statesAllowedValues(description)) {
                String label = arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
                vague.add(label + ": " + description);
            }
        }
        return vague;
    }

    private static boolean statesAllowedValues(String description) {
        return ALLOWED_VALUES.stream().anyMatch(p -> p.matcher(description).find());
    }

    /**
     * Where the wrapped text splits a word, or null: a break at a space only moves a word to the next
     * line, so both texts must be the same words in the same order; a break inside a word (after
     * "train." or "FROM:", before "(") turns it into two.
     */
    static String brokenWord(String wrapped, String unwrapped) {
        List<String> shown = Arrays.asList(wrapped.trim().split("\\s+"));
        List<String> written = Arrays.asList(unwrapped.trim().split("\\s+"));
        for (int i = 0; i < Math.min(shown.size(), written.size()); i++) {
            if (!shown.get(i).equals(written.get(i))) {
                return "'" + written.get(i) + "' shown as '" + shown.get(i) + "' + '"
                        + (i + 1 < shown.size() ? shown.get(i + 1) : "") + "'";
            }
        }
        return shown.size() == written.size() ? null : "the words differ in number";
    }
}
