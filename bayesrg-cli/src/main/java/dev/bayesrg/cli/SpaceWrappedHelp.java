package dev.bayesrg.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * picocli's usage help with its lines broken at spaces only. picocli breaks where
 * {@link java.text.BreakIterator} allows, which is also after '.', ':' and '/' and before '(' and
 * '[': it would show {@code train.learningRate=1e-5} as "train." and "learningRate=1e-5" on the next
 * line, {@code --separations=FROM:TO:N} and file names split the same way, and none of them could be
 * copied from the terminal any more. Every text the help wraps (synopsis, description, options,
 * command list, footer) goes through {@link Table}; headings and the rest are picocli's.
 */
final class SpaceWrappedHelp extends Help {
    /**
     * The factory a command line is given. A class, not a method reference: Main installs it in two
     * places, and two identical constructor references in one class made the JDK 17 class-data-sharing
     * dump of ./bayesrg crash (SIGSEGV in adjust_lambda_proxy_class_dictionary).
     */
    static final CommandLine.IHelpFactory FACTORY = new Factory();

    private static final class Factory implements CommandLine.IHelpFactory {
        @Override
        public Help create(CommandSpec spec, ColorScheme colors) {
            return new SpaceWrappedHelp(spec, colors);
        }
    }

    SpaceWrappedHelp(CommandSpec spec, ColorScheme colors) {
        super(spec, colors);
    }

    private int width() {
        return commandSpec().usageMessage().width();
    }

    /** As picocli's: required marker, short option, comma, long options, description (wrapped). */
    @Override
    public Layout createDefaultLayout(
            List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme colors) {
        int longOptions = calcLongOptionColumnWidth(options, positionals, colors);
        Table table = new Table(
                colors,
                new Column(2, 0, Column.Overflow.TRUNCATE),
                new Column(2, 0, Column.Overflow.SPAN),
                new Column(1, 0, Column.Overflow.TRUNCATE),
                new Column(longOptions, 1, Column.Overflow.SPAN),
                new Column(width() - 5 - longOptions, 1, Column.Overflow.WRAP));
        return new Layout(colors, table, createDefaultOptionRenderer(), createDefaultParameterRenderer());
    }

    /** The synopsis, continued lines indented under the first option as picocli indents them. */
    @Override
    protected String insertSynopsisCommandName(int headingLength, Ansi.Text details) {
        String name = commandSpec().qualifiedName();
        Table table = new Table(colorScheme(), new Column(width(), 0, Column.Overflow.WRAP));
        table.indentWrappedLines = headingLength + name.length() + 1;
        // the heading ("Usage: ") is printed before: hold its place, then cut it off
        table.addRowValues(colorScheme()
                .text(" ".repeat(headingLength))
                .concat(colorScheme().commandText(name))
                .concat(details));
        return table.toString().substring(headingLength);
    }

    @Override
    public String header(Object... params) {
        return lines(commandSpec().usageMessage().header());
    }

    @Override
    public String description(Object... params) {
        return lines(commandSpec().usageMessage().description());
    }

    @Override
    public String footer(Object... params) {
        return lines(commandSpec().usageMessage().footer());
    }

    /** Each value a paragraph of the full width, wrapped lines not indented (as picocli's). */
    private String lines(String[] values) {
        Table table = new Table(colorScheme(), new Column(width(), 0, Column.Overflow.WRAP));
        table.indentWrappedLines = 0;
        for (String value : values) {
            table.addRowValues(format(value));
        }
        return table.toString();
    }

    /** The subcommands with the first line of their header or description (as picocli's). */
    @Override
    public String commandList(Map<String, Help> subcommands) {
        if (subcommands.isEmpty()) {
            return "";
        }
        int names = Math.min(
                subcommands.keySet().stream().mapToInt(String::length).max().orElse(0), width() / 2);
        Table table = new Table(
                colorScheme(),
                new Column(names + 2, 2, Column.Overflow.SPAN),
                new Column(width() - (names + 2), 2, Column.Overflow.WRAP));
        for (Help help : subcommands.values()) {
            UsageMessageSpec usage = help.commandSpec().usageMessage();
            String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
            Ansi.Text[] lines = colorScheme()
                    .text(format(summary.length > 0 ? summary[0] : ""))
                    .splitLines();
            for (int i = 0; i < lines.length; i++) {
                table.addRowValues(
                        i == 0 ? help.commandNamesText(", ") : colorScheme().text(""), lines[i]);
            }
        }
        return table.toString();
    }

    /**
     * As picocli reads help text: %n is a line break, %% a percent sign (bayesrg's help passes no
     * format arguments).
     */
    private static String format(String text) {
        return text.replace("%n", "\n").replace("%%", "%");
    }

    /**
     * A table whose wrapping columns break lines at spaces only. A word longer than the column is
     * still cut (nothing else would fit); the help's test keeps every word shorter than that.
     */
    static final class Table extends Help.TextTable {
        private final ColorScheme colors;

        Table(ColorScheme colors, Column... columns) {
            super(colors, columns);
            this.colors = colors;
            // lengths in characters, as the pieces below are measured
            setAdjustLineBreaksForWideCJKCharacters(false);
        }

        /**
         * Cuts the value at spaces into pieces that each fit the column and lets picocli place them,
         * one row each: a piece that fits is written whole, so picocli's own breaking never applies.
         */
        @Override
        public Cell putValue(int row, int col, Ansi.Text value) {
            Column column = columns()[col];
            if (column.overflow != Column.Overflow.WRAP || value == null) {
                return super.putValue(row, col, value);
            }
            String plain = value.plainString();
            int at = row;
            int start = 0;
            int room = column.width - column.indent;
            while (true) {
                int end = lineEnd(plain, start, room);
                Ansi.Text piece = value.substring(start, end);
                super.putValue(
                        at,
                        col,
                        at == row
                                ? piece
                                : colors.text(" ".repeat(indentWrappedLines)).concat(piece));
                start = end;
                while (start < plain.length() && plain.charAt(start) == ' ') {
                    start++;
                }
                if (start >= plain.length()) {
                    return new Cell(col, at);
                }
                addEmptyRow();
                at++;
                room = column.width - column.indent - indentWrappedLines;
            }
        }

        /** Where the line from {@code start} ends: at the last space that leaves it within {@code room}. */
        static int lineEnd(String text, int start, int room) {
            if (text.length() - start <= room) {
                return text.length();
            }
            int space = text.lastIndexOf(' ', start + room);
            while (space > start && text.charAt(space - 1) == ' ') {
                space--; // the line ends before a run of spaces, not inside it
            }
            return space > start ? space : start + Math.max(1, room);
        }
    }
}
