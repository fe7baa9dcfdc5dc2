package dev.bayesrg.run;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** A run's results as a person reads them in a terminal: the flow table and the one closing line. */
public final class RunTables {
    private RunTables() {}

    /**
     * The flow table: one line per flow entry (entry 0 = trained). Its test-loss columns are headed
     * {@code mse_median mse_mean} under {@code train.loss: mse} and {@code loss_median loss_mean} under
     * the other losses, whose {@code test_mse_*} columns hold that loss.
     */
    public static void printFlow(PrintWriter out, RunResult r) {
        String loss = mse(r) ? "mse" : "loss";
        out.printf(
                Locale.ROOT,
                "%5s  %10s  %8s  %12s  %12s  %12s  %12s  %9s%n",
                "entry",
                "cutoff",
                "sloppy",
                loss + "_median",
                loss + "_mean",
                "probe_mean",
                "probe_var",
                "ex_kurt");
        for (int k = 0; k < r.flow().size(); k++) {
            FlowEntry e = r.flow().get(k);
            out.printf(
                    Locale.ROOT,
                    "%5d  %10s  %8.4f  %12.5g  %12.5g  %12.5g  %12.5g  %9.3f%n",
                    k,
                    e.cutoff() == null ? "trained" : display(e.cutoff()),
                    e.sloppyFraction(),
                    e.testMseMedian(),
                    e.testMseMean(),
                    e.probeMean(),
                    e.probeVariance(),
                    e.probeExcessKurtosis());
        }
    }

    /** Whether the run's test loss is the squared error ({@code train.loss: mse}). */
    private static boolean mse(RunResult r) {
        return r.config().train().loss() == dev.bayesrg.config.TrainConfig.Loss.MSE;
    }

    /** A cutoff as a person writes it: 0.005, 75, 1e+05. */
    public static String display(double v) {
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) {
            return String.format(Locale.ROOT, "%.3e", v).replaceAll("\\.?0+e", "e");
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * ", 95 % CI [lower, upper] over members", a bound beyond the last cutoff written as
     * {@code >ε_K}; nothing when both are (no resample crosses often enough to bound it).
     */
    static String interval(CriticalInterval ci, java.util.List<Double> cutoffs) {
        if (ci == null || (ci.lower() == null && ci.upper() == null)) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                ", %.0f %% CI [%s, %s] over members",
                100 * CriticalInterval.LEVEL,
                bound(ci.lower(), cutoffs),
                bound(ci.upper(), cutoffs));
    }

    private static String bound(Double c, java.util.List<Double> cutoffs) {
        return c != null ? display(c) : ">" + display(cutoffs.get(cutoffs.size() - 1));
    }

    /** Where the results are, the critical cutoff, the diverged members and the wall time, in one line. */
    public static String finalLine(Path dir, RunResult r) {
        dev.bayesrg.config.BrgConfig.CutoffScale scale = r.config().brg().cutoffScale();
        String critical = r.config().brg().cutoffs().isEmpty()
                ? "no flow (brg.cutoffs is empty: only the trained ensemble)"
                : (r.critical().criticalCutoff() == null
                                ? "no critical cutoff (median test " + (mse(r) ? "MSE" : "loss") + " never exceeded "
                                        + r.config().brg().criticalFactor() + "x the trained ensemble's)"
                                : "critical cutoff " + display(r.critical().criticalCutoff())
                                        + (scale == dev.bayesrg.config.BrgConfig.CutoffScale.ABSOLUTE
                                                ? ""
                                                : " (" + scale.id() + " scale)"))
                        + interval(r.critical().interval(), r.config().brg().cutoffs());
        String shard = r.shard().isWhole() ? "" : " (shard " + r.shard() + ": merge the shards with 'bayesrg merge')";
        long overflowed = r.members().stream()
                .filter(m -> !m.diverged()
                        && !java.util.Arrays.stream(m.fisherDiagonal()).allMatch(Double::isFinite))
                .count();
        // an infinite or NaN F_ii counts as stiff at every cutoff: the flow is computed, but not as meant
        String fisher = overflowed == 0
                ? ""
                : String.format(
                        Locale.ROOT,
                        "; %d members have non-finite Fisher entries (float64 overflow: fisher.noiseVariance too"
                                + " small or the data too large)",
                        overflowed);
        return String.format(
                Locale.ROOT,
                "Results in %s%s; %s; %d of %d members diverged%s; %.1f s.",
                dir,
                shard,
                critical,
                r.divergedCount(),
                r.members().size(),
                fisher,
                r.seconds());
    }
}
