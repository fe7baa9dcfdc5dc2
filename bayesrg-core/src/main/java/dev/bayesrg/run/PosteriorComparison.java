package dev.bayesrg.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.io.AtomicFiles;
import dev.bayesrg.io.Json;
import java.io.IOException;
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
     * @param flow           its flow.csv: entry 0 the ensemble as it entered the flow, then one per
     *                       cutoff (the predictive NaN for a run written before it was measured)
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
            List<FlowEntry> flow) {
        public Run {
            flow = List.copyOf(flow);
        }
    }

    /**
     * Opens each finished run directory, in the map's order, as {@link RunFiles#open} does (its files
     * checked against each other; an unfinished or foreign directory is refused naming it).
     */
    public static PosteriorComparison read(Map<String, Path> runs) throws IOException {
        List<Run> read = new ArrayList<>();
        for (Map.Entry<String, Path> e : runs.entrySet()) {
            RunFiles files = RunFiles.open(e.getValue());
            RunSummary summary = files.summary();
            CriticalInterval interval = summary.criticalInterval();
            read.add(new Run(
                    e.getKey(),
                    e.getValue(),
                    summary.config().posterior().method().id(),
                    summary.members(),
                    summary.membersDiverged(),
                    summary.criticalCutoff(),
                    interval == null ? null : interval.lower(),
                    interval == null ? null : interval.upper(),
                    files.flow()));
        }
        return new PosteriorComparison(read);
    }

    /** Writes {@value #CSV} and {@value #JSON} into {@code directory}, each atomically. */
    public void write(Path directory) throws IOException {
        StringBuilder csv = new StringBuilder(
                "label,method,entry,cutoff,test_mse_median,test_mse_q25,test_mse_q75,predictive_nll,coverage_90,members_used\n");
        for (Run run : runs) {
            for (int k = 0; k < run.flow().size(); k++) {
                FlowEntry e = run.flow().get(k);
                csv.append(run.label())
                        .append(',')
                        .append(run.method())
                        .append(',')
                        .append(k)
                        .append(',')
                        .append(e.cutoff() == null ? "" : Double.toString(e.cutoff()));
                for (double v : new double[] {
                    e.testMseMedian(),
                    e.testMseQ25(),
                    e.testMseQ75(),
                    e.predictive().nll(),
                    e.predictive().coverage90()
                }) {
                    csv.append(',').append(Double.isNaN(v) ? "" : Double.toString(v));
                }
                csv.append(',').append(e.members()).append('\n');
            }
        }
        ArrayNode array = Json.array();
        for (Run run : runs) {
            ObjectNode o = array.addObject();
            o.put("label", run.label());
            o.put("directory", run.directory().toString());
            o.put("method", run.method());
            o.put("members", run.members());
            o.put("members_diverged", run.diverged());
            Json.put(o, "critical_cutoff", run.criticalCutoff());
            ObjectNode interval = o.putObject("critical_interval");
            interval.put("level", CriticalInterval.LEVEL);
            Json.put(interval, "lower", run.lower());
            Json.put(interval, "upper", run.upper());
            FlowEntry trained = run.flow().isEmpty() ? null : run.flow().get(0);
            Json.put(o, "test_mse_median_trained", trained == null ? Double.NaN : trained.testMseMedian());
            Json.put(
                    o,
                    "predictive_nll_trained",
                    trained == null ? Double.NaN : trained.predictive().nll());
        }
        ObjectNode root = Json.object();
        root.set("runs", array);
        AtomicFiles.writeString(directory.resolve(CSV), csv.toString());
        Json.write(directory.resolve(JSON), root);
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
            FlowEntry trained = run.flow().isEmpty() ? null : run.flow().get(0);
            s.append(String.format(
                    Locale.ROOT,
                    "%-14s %-12s %-26s %-14s %-14s %d of %d%n",
                    run.label(),
                    run.method(),
                    cutoff(run.criticalCutoff()) + " [" + cutoff(run.lower()) + ", " + cutoff(run.upper()) + "]",
                    trained == null ? "-" : String.format(Locale.ROOT, "%.4g", trained.testMseMedian()),
                    trained == null || Double.isNaN(trained.predictive().nll())
                            ? "-"
                            : String.format(
                                    Locale.ROOT, "%.4g", trained.predictive().nll()),
                    run.diverged(),
                    run.members()));
        }
        return s.toString();
    }

    private static String cutoff(Double c) {
        return c == null ? "none" : String.format(Locale.ROOT, "%.4g", c);
    }
}
