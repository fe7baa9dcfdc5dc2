package dev.bayesrg.cli;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Generated help texts of words full of the characters picocli's line breaking splits at ('.', ':',
 * '/', '=', '(', '['), as a command's description, an option's description and a footer, wrapped at
 * any width a terminal may have: every line fits the width and every word stays whole on one line.
 */
class HelpWrappingPropertiesTest {
    @Provide
    Arbitrary<List<String>> words() {
        Arbitrary<String> word = Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyzN0123456789.:/=([])_,-^|'")
                .ofMinLength(1)
                .ofMaxLength(20);
        return word.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 150)
    void wrappedHelpKeepsEveryWordWholeAndWithinTheWidth(
            @ForAll("words") List<String> words, @ForAll @IntRange(min = 55, max = 160) int width) {
        String text = String.join(" ", words);
        CommandSpec spec = CommandSpec.create()
                .name("probe")
                .addOption(OptionSpec.builder("--some-option")
                        .paramLabel("KEY=VALUE")
                        .type(String.class)
                        .description(text)
                        .build());
        spec.usageMessage().description(text).footer("", text);
        CommandLine cl = Main.commandLine((Object) spec);
        cl.setUsageHelpWidth(width);
        String wrapped = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
        cl.setUsageHelpWidth(100_000);
        String unwrapped = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertNull(HelpAtEightyColumnsTest.brokenWord(wrapped, unwrapped), wrapped);
        wrapped.lines().forEach(line -> assertTrue(line.length() <= width, () -> width + " columns: " + line));
    }
}
