package dev.bayesrg.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.brg.FlowEntries;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.io.AtomicFiles;
import dev.bayesrg.io.Csv;
import dev.bayesrg.io.Json;
import dev.bayesrg.nnft.ActionDeformation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The round trip of the action on a run's ensemble ({@link ActionDeformation}): the members of one
 * flow entry on the run's mesh are reweighted by e^{−(λ/4!) Σ_a w (φ_a − c_a)⁴} for each λ, and λ is
 * recovered from the reweighted ensemble's quartic coupling by the inverse Feynman rules, with a
 * jackknife standard error and the effective sample size. Everything is computed before anything is
 * written; the table then goes to {@value #CSV} and {@value #JSON} (each file written atomically) in
 * the run's {@code nnft/} directory or in another directory. Used by {@code bayesrg deform}.
 */
public final class DeformationWriter {
    /** The table, one row per λ. */
    public static final String CSV = "deformation.csv";

    /** Everything: the run, the base ensemble and, per λ, the table row and the Λ4 diagonals. */
    public static final String JSON = "deformation.json";

    /** The field names under which bad arguments are reported. */
    public static final String LAMBDA = "lambda";

    public static final String ENTRY = "entry";
    public static final String GROUPS = "groups";
    public static final String MESH_WEIGHT = "meshWeight";

    /** The CSV header. */
    public static final String HEADER = "lambda,effective_sample_size,recovered_lambda,standard_error,pull";

    private final List<Double> lambdas;
    private final int entry;
    private final Integer meshPoints;
    private final Integer groups;
    private final Double meshWeight;
    private final boolean aboutMean;

    /**
     * A round trip to run.
     *
     * @param lambdas    the couplings λ, finite, at least one
     * @param entry      the flow entry whose members are deformed (0: the trained ensemble)
     * @param meshPoints the first M mesh points, or null for the whole recorded mesh
     * @param groups     jackknife groups, 2..members, or null for min(20, members)
     * @param meshWeight the quadrature weight w, finite and &gt; 0, or null for the run's (a line or
     *     grid mesh's spacing or cell area; 1, the mesh form, for test or CSV points)
     * @param aboutMean  deform (φ − mean)⁴ about the base ensemble's mean (true) or φ⁴ (false)
     */
    public DeformationWriter(
            List<Double> lambdas, int entry, Integer meshPoints, Integer groups, Double meshWeight, boolean aboutMean) {
        if (lambdas == null || lambdas.isEmpty()) {
            throw new ConfigException(LAMBDA, "missing, allowed one or more finite numbers");
        }
        for (Double l : lambdas) {
            if (l == null || !Double.isFinite(l)) {
                throw new ConfigException(LAMBDA, "got " + l + ", allowed finite numbers");
            }
        }
        if (meshWeight != null && !(meshWeight > 0 && Double.isFinite(meshWeight))) {
            throw new ConfigException(MESH_WEIGHT, "got " + meshWeight + ", allowed a finite number > 0");
        }
        if (entry < 0) {
            throw new ConfigException(ENTRY, "got " + entry + ", allowed >= 0");
        }
        this.lambdas = List.copyOf(lambdas);
        this.entry = entry;
        this.meshPoints = meshPoints;
        this.groups = groups;
        this.meshWeight = meshWeight;
        this.aboutMean = aboutMean;
    }

    /**
     * What was computed and written.
     *
     * @param csv         the CSV file written
     * @param json        the JSON file written
     * @param entry       the flow entry
     * @param cutoff      its cutoff as printed ("trained" for entry 0)
     * @param members     the members used (those that did not diverge)
     * @param meshPoints  M
     * @param meshWeight  w
     * @param weightFrom  where w came from: "lattice", "given" or "mesh form"
     * @param groups      the jackknife groups
     * @param lambdaScale 1/(w mean_a K_aa²), the natural unit of λ ({@link ActionDeformation#lambdaScale})
     * @param rows        one per λ, in the order given
     */
    public record Result(
            Path csv,
            Path json,
            int entry,
            String cutoff,
            int members,
            int meshPoints,
            double meshWeight,
            String weightFrom,
            int groups,
            double lambdaScale,
            List<ActionDeformation.Result> rows) {
        /** The table: λ, ESS, recovered λ ± SE, (recovered − λ)/SE. */
        public void printTable(PrintWriter out) {
            out.printf(
                    Locale.ROOT,
                    "entry %d (%s), %d members, %d-point mesh, w = %.6g (%s), %d jackknife groups,"
                            + " lambda scale 1/(w <K_aa^2>) = %.4g%n",
                    entry,
                    cutoff,
                    members,
                    meshPoints,
                    meshWeight,
                    weightFrom,
                    groups,
                    lambdaScale);
            out.printf(Locale.ROOT, "%12s  %10s  %26s  %8s%n", "lambda", "ESS", "recovered +- SE", "pull");
            for (ActionDeformation.Result r : rows) {
                out.printf(
                        Locale.ROOT,
                        "%12.6g  %10.1f  %12.6g +- %-10.4g  %8.3f%n",
                        r.lambda(),
                        r.effectiveSampleSize(),
                        r.recovered(),
                        r.standardError(),
                        r.pull());
            }
        }
    }

    /**
     * Deforms {@code run}'s ensemble and writes the table into {@code outDirectory}, or into the run's
     * {@code nnft/} directory if it is null (the caller then holds the run, {@link RunUpdate}).
     */
    public Result write(RunFiles run, Path outDirectory) throws IOException {
        NnftFields mesh = NnftFields.read(run, meshPoints);
        int entries = mesh.flow().shape()[1];
        if (entry >= entries) {
            throw new ConfigException(ENTRY, "got " + entry + ", allowed [0, " + (entries - 1) + "] (the run's flow)");
        }
        boolean[] diverged = run.members().diverged();
        int m = mesh.points();
        List<double[]> rows = new ArrayList<>();
        for (int b = 0; b < mesh.members(); b++) {
            if (!diverged[b]) {
                rows.add(NnftFields.field(mesh.flow(), b, entry, m));
            }
        }
        int n = rows.size();
        if (n < 2) {
            throw new ConfigException(
                    run.directory().toString(),
                    "flow entry " + entry + " has " + n + " members, a deformation needs 2");
        }
        int g = groups == null ? Math.min(ActionDeformation.DEFAULT_GROUPS, n) : groups;
        if (g < 2 || g > n) {
            throw new ConfigException(GROUPS, "got " + g + ", allowed [2, " + n + "] (the members used)");
        }
        RunSummary summary = run.summary();
        double lattice = mesh.recorded() ? summary.config().nnft().meshWeight().orElse(Double.NaN) : Double.NaN;
        double w = meshWeight != null ? meshWeight : Double.isNaN(lattice) ? 1.0 : lattice;
        String weightFrom = meshWeight != null ? "given" : Double.isNaN(lattice) ? "mesh form" : "lattice";
        double[] weights = new double[m];
        Arrays.fill(weights, w);
        double[][] fields = rows.toArray(double[][]::new);
        ActionDeformation deformation;
        try {
            deformation = new ActionDeformation(fields, null, weights, aboutMean ? null : new double[m], g);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(run.directory().toString(), "flow entry " + entry + ": " + e.getMessage());
        }
        List<ActionDeformation.Result> results = new ArrayList<>();
        for (double lambda : lambdas) {
            try {
                results.add(deformation.deform(lambda));
            } catch (IllegalArgumentException e) {
                // e.g. so large a λ that e^{−ΔS} leaves a jackknife group, or all but one member, no weight
                throw new ConfigException(
                        LAMBDA,
                        "got " + lambda + ": " + e.getMessage()
                                + "; allowed a lambda whose reweighting leaves weight on many members (its scale"
                                + " 1/(w <K_aa^2>) is " + Csv.number(deformation.lambdaScale()) + ")");
            }
        }
        String cutoff = FlowEntries.isTrained(entry)
                ? "trained"
                : Csv.number(summary.flowEntries().cutoff(entry));
        Path dir = outDirectory != null ? outDirectory : run.file(NnftWriter.DIRECTORY);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConfigException(dir.toString(), "is not a directory");
        }
        Result result = new Result(
                dir.resolve(CSV),
                dir.resolve(JSON),
                entry,
                cutoff,
                n,
                m,
                w,
                weightFrom,
                g,
                deformation.lambdaScale(),
                List.copyOf(results));
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (ActionDeformation.Result r : results) {
            csv.append(Csv.number(r.lambda()))
                    .append(',')
                    .append(Csv.number(r.effectiveSampleSize()))
                    .append(',')
                    .append(Csv.number(r.recovered()))
                    .append(',')
                    .append(Csv.number(r.standardError()))
                    .append(',')
                    .append(Csv.number(r.pull()))
                    .append('\n');
        }
        ObjectNode json = json(result, deformation, mesh.recorded(), summary, aboutMean);
        Files.createDirectories(dir);
        AtomicFiles.writeString(result.csv(), csv.toString());
        Json.write(result.json(), json);
        return result;
    }

    private static ObjectNode json(
            Result result, ActionDeformation deformation, boolean recorded, RunSummary summary, boolean aboutMean) {
        ObjectNode json = Json.object();
        json.put("entry", result.entry());
        Json.put(json, "cutoff", summary.flowEntries().cutoff(result.entry()));
        json.put("members_used", result.members());
        json.put("mesh_points", result.meshPoints());
        json.put("mesh", recorded ? summary.config().nnft().mesh().name().toLowerCase(Locale.ROOT) : "test");
        Json.put(json, "mesh_weight", result.meshWeight());
        json.put("mesh_weight_from", result.weightFrom());
        json.put("origin", aboutMean ? "mean" : "zero");
        ArrayNode origin = json.putArray("origin_values");
        for (double v : deformation.origin()) {
            Json.add(origin, v);
        }
        json.put("jackknife_groups", result.groups());
        Json.put(json, "lambda_scale", result.lambdaScale());
        json.put("base_effective_sample_size", deformation.baseEffectiveSampleSize());
        json.put(
                "method",
                "members reweighted by exp(-(lambda/4!) sum_a w (phi_a - c_a)^4) (arXiv:2405.17538 eq. 44); Lambda4 ="
                        + " -kappa4.(K^-1)^4 of the weighted plug-in correlators; recovered lambda = sum_a w d_a / sum_a"
                        + " w^2, d_a = Lambda4_aaaa(reweighted) - Lambda4_aaaa(base); delete-a-group jackknife standard"
                        + " error; tree level: relative bias about -(3/2) lambda w K_aa^2");
        ArrayNode base = json.putArray("base_quartic_diagonal");
        for (double v : deformation.baseQuarticDiagonal()) {
            Json.add(base, v);
        }
        ArrayNode list = json.putArray("deformations");
        for (ActionDeformation.Result r : result.rows()) {
            ObjectNode o = list.addObject();
            Json.put(o, "lambda", r.lambda());
            Json.put(o, "effective_sample_size", r.effectiveSampleSize());
            Json.put(o, "recovered_lambda", r.recovered());
            Json.put(o, "standard_error", r.standardError());
            Json.put(o, "pull", r.pull());
            ArrayNode diagonal = o.putArray("quartic_diagonal");
            ArrayNode shift = o.putArray("quartic_shift");
            for (int a = 0; a < result.meshPoints(); a++) {
                Json.add(diagonal, r.quarticDiagonal()[a]);
                Json.add(shift, r.quarticShift()[a]);
            }
        }
        return json;
    }
}
