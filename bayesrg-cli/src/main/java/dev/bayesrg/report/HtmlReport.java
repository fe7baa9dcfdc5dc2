package dev.bayesrg.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.io.Csv;
import dev.bayesrg.run.CriticalInterval;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text of {@code report.html}: one self-contained page (inline CSS, figures as base64 PNG data
 * URIs) built only from the run's files and the figures drawn from them. It carries no time of its
 * own making, so drawing it twice from the same files gives the same bytes.
 */
final class HtmlReport {
    /** A drawn figure: its description and PNG bytes. */
    record Drawn(FigureFile figure, byte[] png) {}

    private final RunData run;
    private final List<Drawn> figures;
    private final List<ReportFigures.Omitted> omitted;
    private final StringBuilder html = new StringBuilder(1 << 20);

    private HtmlReport(RunData run, List<Drawn> figures, List<ReportFigures.Omitted> omitted) {
        this.run = run;
        this.figures = figures;
        this.omitted = omitted;
    }

    /** The page of {@code run} with its drawn {@code figures}, saying why the {@code omitted} ones are not there. */
    static String render(RunData run, List<Drawn> figures, List<ReportFigures.Omitted> omitted) {
        return new HtmlReport(run, figures, omitted).build();
    }

    private String build() {
        String preset = run.manifest.preset();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"bayesrg ")
                .append(esc(run.summary.softwareVersion()))
                .append("\">\n<title>bayesrg run report")
                .append(preset.isEmpty() ? "" : " — " + esc(preset))
                .append(", ")
                .append(run.members)
                .append(" members</title>\n<style>\n")
                .append(CSS)
                .append("</style>\n</head>\n<body>\n<main>\n");
        header(preset);
        keyResults();
        figureSection();
        corroboration();
        flowTable();
        html.append("<div class=\"cols\">\n");
        configuration();
        html.append("<div>\n");
        provenance();
        files();
        html.append("</div>\n</div>\n");
        html.append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private void header(String preset) {
        html.append("<header>\n<h1>Bayesian RG flow — run report</h1>\n<p class=\"lead\">")
                .append("Ensemble of ")
                .append(run.members)
                .append(" networks")
                .append(preset.isEmpty() ? "" : ", preset <code>" + esc(preset) + "</code>")
                .append(", ")
                .append(
                        run.cutoffs.length == 0
                                ? "no cutoffs (no flow: the trained ensemble only)"
                                : run.cutoffs.length + (run.cutoffs.length == 1 ? " cutoff" : " cutoffs"))
                .append(". Command: <code>")
                .append(esc(commandLine()))
                .append("</code></p>\n</header>\n");
    }

    private void keyResults() {
        html.append("<section id=\"results\">\n<h2>Results</h2>\n<dl class=\"facts\">\n");
        int crit = run.criticalIndex();
        dev.bayesrg.config.BrgConfig.CutoffScale scale =
                run.summary.config().brg().cutoffScale();
        String critical = run.criticalCutoff == null
                ? "none — the median " + run.loss().test() + " never exceeded " + esc(factor())
                        + "× the trained ensemble's"
                : "ε<sub>c</sub> = " + esc(Format.cutoff(run.criticalCutoff))
                        + (scale == dev.bayesrg.config.BrgConfig.CutoffScale.ABSOLUTE
                                ? ""
                                : " (brg.cutoffScale " + esc(scale.id()) + ": each member's own ε from its Fᵢᵢ)");
        if (run.cutoffs.length == 0) {
            critical = "none — brg.cutoffs is empty: the run has no flow, only the trained ensemble";
        }
        fact("critical", "critical cutoff", critical);
        CriticalInterval ci = run.summary.criticalInterval();
        if (ci != null) {
            fact(
                    "critical-interval",
                    esc(Format.percent(100 * CriticalInterval.LEVEL)) + " bootstrap interval of ε<sub>c</sub>",
                    esc(intervalText(ci)));
        }
        if (crit >= 0) {
            double[] median = run.flow.column("test_mse_median");
            fact(
                    "critical-mse",
                    "median " + run.loss().test() + " at ε<sub>c</sub>",
                    esc(Format.number(median[crit + 1]))
                            + " (trained: " + esc(Format.number(median[0])) + ", first cutoff: "
                            + esc(Format.number(median[1])) + ")");
        }
        if (run.cutoffs.length > 0) {
            fact(
                    "knee",
                    "knee (largest rise of log median " + run.loss().word() + ")",
                    run.kneeCutoff == null ? "none" : "ε = " + esc(Format.cutoff(run.kneeCutoff)));
        }
        String div = run.divergedCount + " of " + run.members + " members diverged";
        if (run.divergedCount > 0) {
            div = "<strong class=\"warn\">" + div + "</strong> — excluded from every statistic and figure" + " ("
                    + esc(divergenceRule(run.summary.configTree().path("train"))) + ")";
        }
        fact("diverged", "diverged members", div);
        fact("members-used", "members in the statistics", Integer.toString(run.perMember.used()));
        dev.bayesrg.run.Shard shard = run.summary.shard();
        if (!shard.isWhole()) {
            fact(
                    "shard",
                    "shard",
                    "members " + shard.index() + ", "
                            + shard.index()
                            + " + " + shard.count() + ", … (shard "
                            + shard.index() + " of "
                            + shard.count() + ") of an ensemble of "
                            + run.summary.ensembleMembers()
                            + "; bayesrg merge combines the shards");
        }
        fact(
                "trainable",
                "trainable parameters per member",
                esc(Integer.toString(run.summary.trainableParameters()))
                        + (run.summary.config().ensemble().outputsOnly()
                                ? " — imported as outputs on the mesh alone (ensemble.importKind outputs)"
                                : ""));
        StringBuilder probe = new StringBuilder(Probe.of(run).text());
        if (run.probeTarget != null) {
            probe.append(", y(x*) = ").append(Format.number(run.probeTarget));
        }
        fact("probe", "probe input", esc(probe.toString()));
        double finalLoss = run.summary.finalTrainLossMedian();
        fact(
                "final-loss",
                "median final " + run.loss().training(),
                Double.isNaN(finalLoss) ? "n/a" : esc(Format.number(finalLoss)));
        html.append("</dl>\n</section>\n");
    }

    private void fact(String id, String term, String valueHtml) {
        html.append("<dt>")
                .append(term)
                .append("</dt><dd id=\"")
                .append(id)
                .append("\">")
                .append(valueHtml)
                .append("</dd>\n");
    }

    private void figureSection() {
        html.append("<section id=\"figures\">\n<h2>Figures</h2>\n");
        if (!omitted.isEmpty()) {
            html.append("<p id=\"figures-omitted\">Not drawn for this run:</p>\n<ul class=\"omitted\">\n");
            for (ReportFigures.Omitted o : omitted) {
                html.append("<li data-figures=\"")
                        .append(esc(String.join(" ", o.names())))
                        .append("\">")
                        .append(esc(o.why()))
                        .append(".</li>\n");
            }
            html.append("</ul>\n");
        }
        html.append("<div class=\"grid\">\n");
        for (Drawn d : figures) {
            FigureFile f = d.figure();
            html.append("<figure id=\"")
                    .append(f.name())
                    .append("\">\n<img src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(d.png()))
                    .append("\" width=\"")
                    .append(f.width())
                    .append("\" height=\"")
                    .append(f.height())
                    .append("\" alt=\"")
                    .append(esc(f.title()))
                    .append("\" data-file=\"figures/")
                    .append(f.pngName())
                    .append("\">\n<figcaption><b>")
                    .append(esc(f.title()))
                    .append(".</b> ")
                    .append(esc(f.caption()))
                    .append(" <span class=\"files\">Files: <a href=\"figures/")
                    .append(f.pngName())
                    .append("\">PNG</a>, ")
                    .append("<a href=\"figures/")
                    .append(f.svgName())
                    .append("\">SVG</a>.</span></figcaption>\n</figure>\n");
        }
        html.append("</div>\n</section>\n");
    }

    /** The columns of the corroboration table: heading and the row's JSON key (null: computed). */
    private static final String[][] CORROBORATION_COLUMNS = {
        {"entry", "entry"},
        {"cutoff", "cutoff"},
        {"sloppy fraction (GP / ensemble)", null},
        {"mean: GP", "predicted_mean"},
        {"mean: ensemble ± s.e.", null},
        {"z (mean)", "mean_z"},
        {"variance: GP", "predicted_variance"},
        {"variance: ensemble ± s.e.", null},
        {"z (variance)", "variance_z"},
        {"kernel: relative deviation", "kernel_rel_deviation"},
        {"kernel: max |z|", "kernel_max_z"},
        {"verdict", null}
    };

    /**
     * The analytic GP against the ensemble (nngp/corroboration.json) when {@code bayesrg nngp
     * --compare} has been run, else how to get it.
     */
    private void corroboration() {
        html.append("<section id=\"corroboration\">\n<h2>Analytic GP against the ensemble</h2>\n");
        com.fasterxml.jackson.databind.JsonNode c;
        try {
            c = run.corroboration();
        } catch (java.io.UncheckedIOException e) {
            html.append("<p id=\"corroboration-missing\">nngp/corroboration.json cannot be read: ")
                    .append(esc(String.valueOf(e.getCause().getMessage())))
                    .append(". Write it again with <code>bayesrg nngp --compare RUN_DIR</code>.</p>\n</section>\n");
            return;
        }
        if (c == null) {
            html.append("<p id=\"corroboration-missing\">Not computed for this run. <code>bayesrg nngp --compare")
                    .append(
                            " RUN_DIR</code> predicts the probe's mean and variance (and the kernel on a mesh) at every")
                    .append(" cutoff from the analytic renormalized Gaussian process and holds them against this")
                    .append(" ensemble; it writes <code>nngp/corroboration.csv</code> and <code>.json</code>, and")
                    .append(" <code>bayesrg report RUN_DIR</code> then shows the table here.</p>\n</section>\n");
            return;
        }
        double sigmas = c.path("agree_sigmas").asDouble(dev.bayesrg.nngp.Corroboration.SIGMAS);
        com.fasterxml.jackson.databind.JsonNode rows = c.path("rows");
        int agree = 0;
        for (com.fasterxml.jackson.databind.JsonNode r : rows) {
            agree += r.path("agrees").asBoolean() ? 1 : 0;
        }
        html.append("<p>From <code>nngp/corroboration.csv</code> (<code>bayesrg nngp --compare</code>): at each flow")
                .append(" entry the analytic renormalized GP's prediction (GP) against the ensemble's sample mean and")
                .append(" unbiased variance of f(x*) with their standard errors. z is the deviation in combined")
                .append(" standard errors (measurement and, for a Monte Carlo prediction, prediction); an entry agrees")
                .append(" when both |z| ≤ ")
                .append(esc(Format.number(sigmas)))
                .append(". The kernel columns summarise the whole comparison mesh: the relative Frobenius deviation")
                .append(" of the kernels and the largest |z| of an entry. Hyperparameters: ")
                .append(esc(c.path("source").asText()))
                .append(" (")
                .append(esc(c.path("source_description").asText()))
                .append("). <strong id=\"corroboration-agree\">")
                .append(agree)
                .append(" of ")
                .append(rows.size())
                .append(" entries agree.</strong></p>\n<div class=\"scroll\">\n<table class=\"flow\"")
                .append(" id=\"corroboration-table\">\n<thead><tr>");
        for (String[] col : CORROBORATION_COLUMNS) {
            html.append("<th>").append(esc(col[0])).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (com.fasterxml.jackson.databind.JsonNode r : rows) {
            boolean agrees = r.path("agrees").asBoolean();
            html.append(agrees ? "<tr>" : "<tr class=\"critical\">");
            for (String[] col : CORROBORATION_COLUMNS) {
                html.append("<td>")
                        .append(esc(corroborationCell(col[0], col[1], r)))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static String corroborationCell(String heading, String key, com.fasterxml.jackson.databind.JsonNode r) {
        return switch (heading) {
            case "entry" -> r.path("entry").asText();
            case "cutoff" ->
                r.path("cutoff").isNumber() ? Format.cutoff(r.path("cutoff").asDouble()) : "trained";
            case "sloppy fraction (GP / ensemble)" ->
                cell(r, "sloppy_fraction") + " / " + cell(r, "measured_sloppy_fraction");
            case "mean: ensemble ± s.e." -> cell(r, "measured_mean") + " ± " + cell(r, "measured_mean_se");
            case "variance: ensemble ± s.e." -> cell(r, "measured_variance") + " ± " + cell(r, "measured_variance_se");
            case "verdict" -> r.path("agrees").asBoolean() ? "agree" : "disagree";
            default -> cell(r, key);
        };
    }

    /** A number of a corroboration row to five digits ("n/a" when the file has none). */
    private static String cell(com.fasterxml.jackson.databind.JsonNode r, String key) {
        com.fasterxml.jackson.databind.JsonNode v = r.path(key);
        return v.isNumber() ? Format.table(v.asDouble()) : "n/a";
    }

    private void flowTable() {
        html.append("<section id=\"flow\">\n<h2>Flow table</h2>\n<p>The contents of <code>flow.csv</code>: entry 0 is"
                        + " the trained ensemble (no cutoff), entry k the ensemble coarse grained at the k-th cutoff."
                        + " Values are shown to five significant digits; each cell's <code>data-value</code> holds the"
                        + " exact value of the file.")
                .append(run.criticalCutoff == null ? "" : " The critical cutoff's row is highlighted.")
                .append("</p>\n<div class=\"scroll\">\n<table class=\"flow\" id=\"flow-table\">\n<thead><tr>");
        for (String h : run.flow.header()) {
            // break long column names after their underscores; the text stays the CSV header's
            html.append("<th>").append(esc(h).replace("_", "_<wbr>")).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int critEntry = run.criticalIndex() + 1;
        for (int r = 0; r < run.flow.size(); r++) {
            html.append(r == critEntry && critEntry > 0 ? "<tr class=\"critical\">" : "<tr>");
            List<String> row = run.flow.cells().get(r);
            for (int c = 0; c < row.size(); c++) {
                String raw = row.get(c);
                html.append("<td data-value=\"")
                        .append(esc(raw))
                        .append("\">")
                        .append(esc(display(run.flow.header().get(c), raw)))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static String display(String column, String raw) {
        return switch (column) {
            case "entry", "members_used" -> raw;
            case "cutoff" -> raw.isEmpty() ? "trained" : Format.cutoff(Csv.parse(raw));
            default -> raw.isEmpty() ? "" : Format.table(Csv.parse(raw));
        };
    }

    private void configuration() {
        html.append("<section id=\"config\">\n<h2>Configuration</h2>\n<p>The fully resolved configuration of the run"
                + " (<code>summary.json</code> → <code>config</code>).</p>\n<table class=\"kv\">\n<tbody>\n");
        List<String[]> rows = new ArrayList<>();
        flatten("", run.summary.configTree(), rows);
        for (String[] kv : rows) {
            html.append("<tr><th>")
                    .append(esc(kv[0]))
                    .append("</th><td>")
                    .append(esc(kv[1]))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private void provenance() {
        html.append("<section id=\"provenance\">\n<h2>Provenance and timings</h2>\n<table class=\"kv\">\n<tbody>\n");
        double t = run.summary.timingSeconds();
        if (!Double.isNaN(t)) {
            kv("timing", "computation (summary.json timing_seconds)", String.format(Locale.ROOT, "%.2f s", t));
        }
        String start = run.manifest.startTime();
        String end = run.manifest.endTime();
        try {
            Duration wall = Duration.between(Instant.parse(start), Instant.parse(end));
            kv("wall-time", "bayesrg run, start to end", String.format(Locale.ROOT, "%.2f s", wall.toNanos() / 1e9));
        } catch (DateTimeParseException e) {
            // an older or hand-made manifest: the times are listed below as they are
        }
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : run.manifest.asWritten().properties()) {
            if (e.getKey().equals("config") || e.getKey().equals("files")) {
                continue;
            }
            if (e.getKey().equals("command_line")) {
                rows.add(new String[] {"command_line", commandLine()});
            } else {
                flatten(e.getKey(), e.getValue(), rows);
            }
        }
        for (String[] kv : rows) {
            kv(null, kv[0], kv[1]);
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private void kv(String id, String key, String value) {
        html.append(id == null ? "<tr>" : "<tr id=\"" + id + "\">")
                .append("<th>")
                .append(esc(key))
                .append("</th><td>")
                .append(esc(value))
                .append("</td></tr>\n");
    }

    private void files() {
        html.append("<section id=\"files\">\n<h2>Files of this run</h2>\n<table class=\"kv\">\n<tbody>\n");
        kv(null, "summary.json", "configuration, flow, critical cutoff, timings");
        kv(null, "flow.csv", "the flow table above");
        kv(
                null,
                "members.csv",
                "one row per member and flow entry (" + run.loss().test() + ", probe output, diverged flag)");
        for (Map.Entry<String, String> e : run.manifest.files().entrySet()) {
            kv(null, e.getKey(), e.getValue());
        }
        kv(null, "manifest.json", "provenance (above)");
        kv(null, "figures/", "every figure as PNG and SVG; redraw them and this page with: bayesrg report RUN_DIR");
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private String commandLine() {
        List<String> parts = new ArrayList<>();
        for (String s : run.manifest.commandLine()) {
            parts.add(
                    s.isEmpty() || s.matches(".*[\\s'\"\\\\$`*?\\[\\]{}()<>|&;#!~].*")
                            ? "'" + s.replace("'", "'\\''") + "'"
                            : s);
        }
        return String.join(" ", parts);
    }

    /** The interval in words: its bounds on the schedule (or beyond it) and what it rests on. */
    private String intervalText(CriticalInterval ci) {
        String last = Format.cutoff(run.cutoffs[run.cutoffs.length - 1]);
        String lower = ci.lower() == null ? "beyond " + last : Format.cutoff(ci.lower());
        String upper = ci.upper() == null ? "beyond " + last : Format.cutoff(ci.upper());
        return "[" + lower + ", " + upper + "] — " + ci.resamples() + " resamples of the members that did not"
                + " diverge, each with its own median flow and ε_c; " + ci.withoutCrossing()
                + " never crossed (counted as beyond the last cutoff)";
    }

    private String factor() {
        return Format.number(run.summary.config().brg().criticalFactor());
    }

    /** Dotted paths of a JSON tree; arrays of scalars stay on one line, arrays of objects are indexed. */
    static void flatten(String path, JsonNode node, List<String[]> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray() && containsContainer(node)) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode child = node.get(i);
                if (child.isArray() && !containsContainer(child)) {
                    out.add(new String[] {path + "[" + i + "]", scalarList(child)});
                } else {
                    flatten(path + "[" + i + "]", child, out);
                }
            }
        } else if (node.isArray()) {
            out.add(new String[] {path, scalarList(node)});
        } else {
            out.add(new String[] {path, node.isNull() ? "null" : node.asText()});
        }
    }

    private static boolean containsContainer(JsonNode array) {
        for (JsonNode c : array) {
            if (c.isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    private static String scalarList(JsonNode array) {
        List<String> items = new ArrayList<>();
        for (JsonNode c : array) {
            items.add(c.isNull() ? "null" : c.asText());
        }
        return "[" + String.join(", ", items) + "]";
    }

    /**
     * The divergence rule of a run's {@code train} section in words: the training loss non-finite,
     * above train.divergenceFactor × its initial loss, above train.divergenceLoss, or (with
     * train.divergenceBound) a learning rate at or above the stable bound.
     */
    static String divergenceRule(JsonNode train) {
        StringBuilder s = new StringBuilder("training loss non-finite");
        JsonNode factor = train.path("divergenceFactor");
        if (factor.isNumber()) {
            s.append(", or above train.divergenceFactor = ")
                    .append(Format.number(factor.asDouble()))
                    .append(" × its initial loss");
        }
        JsonNode limit = train.path("divergenceLoss");
        if (limit.isNumber()) {
            s.append(", or above train.divergenceLoss = ").append(Format.number(limit.asDouble()));
        }
        if (train.path("divergenceBound").asBoolean(false)) {
            s.append(", or learning rate at or above the stable bound (train.divergenceBound)");
        }
        return s.toString();
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            :root { --fg: #1d1d1f; --muted: #5a5a5f; --line: #d9d9de; --accent: #0072b2; --warn: #b34700; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
                   color: var(--fg); background: #fafafa; }
            main { max-width: 1340px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
            h1 { font-size: 26px; margin: 0 0 4px; }
            h2 { font-size: 20px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
            .lead { color: var(--muted); margin: 0; }
            code { font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: #f2f2f5; padding: 1px 4px;
                   border-radius: 3px; overflow-wrap: anywhere; }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
            dl.facts dt { color: var(--muted); }
            dl.facts dd { margin: 0; }
            .warn { color: var(--warn); }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 22px; }
            figure { margin: 0; padding: 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
            figure img { display: block; width: 100%; max-width: 640px; height: auto; margin: 0 auto; }
            figcaption { font-size: 13.5px; color: var(--muted); margin-top: 8px; }
            figcaption b { color: var(--fg); }
            .files { white-space: nowrap; }
            .scroll { overflow-x: auto; }
            .cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 0 40px; }
            table { border-collapse: collapse; font-size: 13.5px; }
            table.flow th, table.flow td { padding: 3px 9px; border-bottom: 1px solid var(--line); text-align: right;
                   font-variant-numeric: tabular-nums; white-space: nowrap; }
            table.flow th { position: sticky; top: 0; background: #f4f4f7; font-weight: 600; white-space: normal;
                   vertical-align: bottom; }
            table.flow tr.critical td { background: #fde9dc; font-weight: 600; }
            table.kv th { text-align: left; font-weight: normal; color: var(--muted); padding: 2px 18px 2px 0;
                   vertical-align: top; white-space: nowrap; }
            table.kv td { padding: 2px 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px;
                   overflow-wrap: anywhere; }
            """;
}
