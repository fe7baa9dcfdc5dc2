package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finished runs of one experiment under different posterior estimators ({@code posterior.method}),
 * side by side: each run's critical cutoff ε_c with its bootstrap interval, and along the flow its
 * median test MSE (with quartiles) and the predictive negative log-likelihood of the renormalized
 * ensemble. Read from the runs' {@code summary.json}, so any finished run directories compare, and
 * written as {@value #CSV} (one row per run and flow entry) and {@value #JSON} (one object per run).
 *
 * @param runs in the order given
 */
public record PosteriorComparison(List<Run> runs) {
    /** The table, one row per run and flow entry. */
    public static final String CSV = "posteriors.csv";

    /** One object per run: ε_c, its interval, the members. */
    public static final String JSON = "posteriors.json";

    public PosteriorComparison {
        runs = List.copyOf(runs);
    }

    /**
     * One run.
     *
     * @param label          its name in the table (the method, for {@code compare-posteriors})
     * @param directory      where it lies
     * @param method         its {@code posterior.method}
     * @param members        its members
     * @param diverged       those that diverged
     * @param criticalCutoff ε_c, or null where the median never crossed
     * @param lower          the interval's lower end, or null
     * @param upper          its upper end, or null (beyond the last cutoff)
     * @param flow           entry 0 the ensemble as it entered the flow, then one per cutoff
     */
    public record Run(
            String label,
            Path directory,
            String method,
            int members,
            int diverged,
            Double criticalCutoff,
            Double lower,
            Double upper,
            List<Entry> flow) {
        public Run {
            flow = List.copyOf(flow);
        }
    }

    /**
     * One flow entry of a run.
     *
     * @param cutoff        ε, null for entry 0
     * @param testMseMedian the members' median test MSE, with its quartiles
     * @param predictiveNll nats per test point of the ensemble's Gaussian predictive (NaN for a run
     *                      written before it was measured)
     * @param coverage90    the share of test targets inside the predictive's central 90 % interval (NaN as above)
     * @param membersUsed   the members the statistics use
     */
    public record Entry(
            Double cutoff,
            double testMseMedian,
            double testMseQ25,
            double testMseQ75,
            double predictiveNll,
            double coverage90,
            int membersUsed) {}

    /** Reads each finished run directory's {@code summary.json}, in the map's order. */
    public static PosteriorComparison read(Map<String, Path> runs) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Run> read = new ArrayList<>();
        for (Map.Entry<String, Path> e : runs.entrySet()) {
            Path file = e.getValue().resolve("summary.json");
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + ": no summary.json (the run did not finish)");
            }
            JsonNode summary = RunFormat.migrate(json.readTree(file.toFile()), file.toString());
            List<Entry> flow = new ArrayList<>();
            for (JsonNode entry : summary.path("flow")) {
                flow.add(new Entry(
                        entry.path("cutoff").isNumber() ? entry.get("cutoff").asDouble() : null,
                        number(entry, "test_mse_median"),
                        number(entry, "test_mse_q25"),
                        number(entry, "test_mse_q75"),
                        number(entry, "predictive_nll"),
                        number(entry, "coverage_90"),
                        entry.path("members_used").asInt()));
            }
            JsonNode interval = summary.path("critical_interval");
            read.add(new Run(
                    e.getKey(),
                    e.getValue(),
                    summary.path("config").path("posterior").path("method").asText("gd-ensemble"),
                    summary.path("members").asInt(),
                    summary.path("members_diverged").asInt(),
                    orNull(summary.path("critical_cutoff")),
                    orNull(interval.path("lower")),
                    orNull(interval.path("upper")),
                    flow));
        }
        return new PosteriorComparison(read);
    }

    private static double number(JsonNode node, String key) {
        JsonNode v = node.path(key);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    private static Double orNull(JsonNode node) {
        return node.isNumber() ? node.asDouble() : null;
    }

    /** Writes {@value #CSV} and {@value #JSON} into {@code directory}, each atomically. */
    public void write(Path directory) throws IOException {
        StringBuilder csv = new StringBuilder(
                "label,method,entry,cutoff,test_mse_median,test_mse_q25,test_mse_q75,predictive_nll,coverage_90,members_used\n");
        for (Run run : runs) {
            for (int k = 0; k < run.flow().size(); k++) {
                Entry e = run.flow().get(k);
                csv.append(run.label())
                        .append(',')
                        .append(run.method())
                        .append(',')
                        .append(k)
                        .append(',')
                        .append(e.cutoff() == null ? "" : Double.toString(e.cutoff()));
                for (double v : new double[] {
                    e.testMseMedian(), e.testMseQ25(), e.testMseQ75(), e.predictiveNll(), e.coverage90()
                }) {
                    csv.append(',').append(Double.isNaN(v) ? "" : Double.toString(v));
                }
                csv.append(',').append(e.membersUsed()).append('\n');
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (Run run : runs) {
            ObjectNode o = array.addObject();
            o.put("label", run.label());
            o.put("directory", run.directory().toString());
            o.put("method", run.method());
            o.put("members", run.members());
            o.put("members_diverged", run.diverged());
            putOrNull(o, "critical_cutoff", run.criticalCutoff());
            ObjectNode interval = o.putObject("critical_interval");
            interval.put("level", CriticalInterval.LEVEL);
            putOrNull(interval, "lower", run.lower());
            putOrNull(interval, "upper", run.upper());
            Entry trained = run.flow().isEmpty() ? null : run.flow().get(0);
            putOrNull(o, "test_mse_median_trained", trained == null ? null : finite(trained.testMseMedian()));
            putOrNull(o, "predictive_nll_trained", trained == null ? null : finite(trained.predictiveNll()));
        }
        ObjectNode root = mapper.createObjectNode();
        root.set("runs", array);
        AtomicFiles.writeString(directory.resolve(CSV), csv.toString());
        AtomicFiles.writeString(
                directory.resolve(JSON), mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void putOrNull(ObjectNode o, String key, Double value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }

    /** The table a terminal shows: one line per run. */
    public String table() {
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "%-14s %-12s %-26s %-14s %-14s %s%n",
                "run",
                "method",
                "eps_c [95 % CI]",
                "test MSE (0)",
                "NLL (0)",
                "diverged"));
        for (Run run : runs) {
            Entry trained = run.flow().isEmpty() ? null : run.flow().get(0);
            s.append(String.format(
                    Locale.ROOT,
                    "%-14s %-12s %-26s %-14s %-14s %d of %d%n",
                    run.label(),
                    run.method(),
                    cutoff(run.criticalCutoff()) + " [" + cutoff(run.lower()) + ", " + cutoff(run.upper()) + "]",
                    trained == null ? "-" : String.format(Locale.ROOT, "%.4g", trained.testMseMedian()),
                    trained == null || Double.isNaN(trained.predictiveNll())
                            ? "-"
                            : String.format(Locale.ROOT, "%.4g", trained.predictiveNll()),
                    run.diverged(),
                    run.members()));
        }
        return s.toString();
    }

    private static String cutoff(Double c) {
        return c == null ? "none" : String.format(Locale.ROOT, "%.4g", c);
    }
}
