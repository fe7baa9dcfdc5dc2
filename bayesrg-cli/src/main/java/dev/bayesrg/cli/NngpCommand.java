package dev.bayesrg.cli;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.data.PointsCsv;
import dev.bayesrg.io.AtomicFiles;
import dev.bayesrg.io.Csv;
import dev.bayesrg.nngp.NngpKernel;
import dev.bayesrg.run.GpComparison;
import dev.bayesrg.run.MemoryEstimate;
import dev.bayesrg.run.RunFiles;
import dev.bayesrg.run.RunUpdate;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bayesrg nngp}: the infinite-width NNGP kernel matrix (arXiv:2405.17538, eqs. 59–62) on a set of points, or with
 * {@code --compare RUN_DIR} the analytic renormalized GP flow against a run's measured ensemble.
 */
@Command(
        name = "nngp",
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        sortOptions = false,
        description = {
            "The infinite-width NNGP kernel of a fully connected network of depth L (L weight layers):"
                    + " K1(x,x') = sb2 + sw2 x.x'/d, K^l = sb2 + sw2 E[s(u)s(v)] over N(0, K^(l-1)).",
            "relu, erf, cos and identity use closed forms; tanh and gelu use Gaussian quadrature.",
            "Writes the n x n output kernel K^L as CSV (no header; row i, column j = K(x_i, x_j)).",
            "",
            "With --compare RUN_DIR: the analytic renormalized GP (the Gaussian-process limit of the BRG flow) against the run's measured"
                    + " ensemble at every flow entry: predicted vs measured probe mean and variance with standard errors,"
                    + " relative deviations and a verdict (within 3 sigma), plus the kernel on a mesh (probe, then test"
                    + " inputs). Hyperparameters: the closed-form posterior of read-out GD when the run has"
                    + " network.sharedHidden (exact), else the trained ensemble's read-outs with Monte Carlo Phi/Psi."
                    + " Writes corroboration.csv/.json, gp_mean.npy, gp_kernel.npy and mesh.npy to --out"
                    + " (default RUN_DIR/nngp).",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  bayesrg nngp --depth 3 --activation relu --line -2,0:2,0:9",
            "  bayesrg nngp --depth 2 --activation erf --sigma-w2 1.5 \\",
            "    --points xs.csv --out k.csv",
            "  bayesrg nngp --compare runs/20261128-170000 --sloppy-variance 0.5",
            "",
            "Exit codes: 0 ok, 1 failure, 2 bad usage or input."
        })
public final class NngpCommand implements Callable<Integer> {
    private static final int MAX_POINTS = 5000;

    /** The deepest network: the kernel recursion keeps a matrix per layer. */
    private static final int MAX_DEPTH = 10_000;

    /** The comparison's parameters under the flags that set them. */
    private static final Map<String, String> COMPARE_FLAGS = Map.of(
            GpComparison.MESH_POINTS, "--mesh-points",
            GpComparison.MONTE_CARLO_DRAWS, "--mc-draws",
            GpComparison.SLOPPY_VARIANCE, "--sloppy-variance");

    @Spec
    CommandSpec spec;

    @Option(
            names = "--depth",
            paramLabel = "L",
            description = "Number of weight layers, 1.." + MAX_DEPTH + "; L-1 hidden nonlinearities (required without"
                    + " --compare).")
    Integer depth;

    @Option(
            names = "--activation",
            paramLabel = "NAME",
            defaultValue = "relu",
            completionCandidates = Candidates.Activations.class,
            description = "The nonlinearity, one of: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    String activation;

    @Option(
            names = "--sigma-w2",
            paramLabel = "S",
            defaultValue = "1",
            description =
                    "Weight variance sw2 of every layer (weights N(0, sw2/fan-in); > 0; default ${DEFAULT-VALUE}).")
    double sigmaW2;

    @Option(
            names = "--sigma-b2",
            paramLabel = "B",
            defaultValue = "0",
            description = "Bias variance sb2 of every layer (>= 0; default ${DEFAULT-VALUE}).")
    double sigmaB2;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Inputs inputs;

    static final class Inputs {
        @Option(
                names = "--points",
                paramLabel = "FILE.csv",
                description = "An existing CSV file of at most " + MAX_POINTS + " input points, one per row, comma"
                        + " separated, each coordinate finite with |v| <= 1e50; an optional header row is skipped.")
        Path pointsFile;

        @Option(
                names = "--line",
                paramLabel = "A:B:N",
                description = "N evenly spaced points from A to B inclusive, N 1.." + MAX_POINTS + "; A and B"
                        + " comma-separated coordinates of one dimension, |v| <= 1e50; e.g. -1,0:1,0:11.")
        String line;
    }

    @Option(
            names = "--out",
            paramLabel = "FILE.csv|DIR",
            description = "Write the matrix into this file instead of stdout, a new or existing file in an existing"
                    + " directory; with --compare, the output directory, created if missing (default RUN_DIR/nngp).")
    Path out;

    @Option(
            names = "--compare",
            paramLabel = "RUN_DIR",
            description = "Compare the analytic renormalized GP flow with the ensemble of a finished run directory.")
    Path compare;

    @Option(
            names = "--sloppy-variance",
            paramLabel = "S2",
            description = "With --compare: the variance sigma^2 of sloppy read-out weights (>= 0; default: what the"
                    + " run's brg.mode gives them, i.e. the prior variance for resample-prior).")
    Double sloppyVariance;

    @Option(
            names = "--mesh-points",
            paramLabel = "M",
            defaultValue = "8",
            description =
                    "With --compare: test inputs on the kernel mesh after the probe (0..64; default ${DEFAULT-VALUE}).")
    int meshPoints;

    @Option(
            names = "--mc-draws",
            paramLabel = "S",
            defaultValue = "2000",
            description = "With --compare on a run without shared hidden layers: Monte Carlo draws of the hidden"
                    + " layers for Phi and Psi (100..1000000; default ${DEFAULT-VALUE}).")
    int monteCarloDraws;

    @Option(names = "--quiet", description = "With --compare: print only the last line.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (compare != null) {
            if (depth != null || inputs != null) {
                throw new ConfigException(
                        "--compare", "takes its network from the run; drop --depth, --points and --line");
            }
            return compareWithRun();
        }
        if (depth == null) {
            throw new ConfigException("--depth", "missing: give the number of weight layers (or --compare RUN_DIR)");
        }
        if (inputs == null) {
            throw new ConfigException(
                    "--points", "missing: give --points FILE.csv or --line A:B:N (or --compare RUN_DIR)");
        }
        if (sloppyVariance != null) {
            throw new ConfigException("--sloppy-variance", "only applies with --compare RUN_DIR");
        }
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new ConfigException("--depth", "got " + depth + ", allowed an integer 1.." + MAX_DEPTH);
        }
        if (out != null && Files.isDirectory(out)) {
            throw new ConfigException("--out", out + " is a directory; allowed a file for the matrix");
        }
        Activation act = parseActivation(activation);
        if (!(Double.isFinite(sigmaW2) && sigmaW2 > 0)) {
            throw new ConfigException("--sigma-w2", "got " + sigmaW2 + ", allowed a finite number > 0");
        }
        if (!(Double.isFinite(sigmaB2) && sigmaB2 >= 0)) {
            throw new ConfigException("--sigma-b2", "got " + sigmaB2 + ", allowed a finite number >= 0");
        }
        double[][] points = inputs.line != null ? parseLine(inputs.line) : readPoints(inputs.pointsFile);
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new ConfigException("--out", "directory " + parent + " does not exist");
            }
        }
        MemoryEstimate.require(
                MemoryEstimate.ofNngpKernel(points.length, points[0].length),
                Runtime.getRuntime().maxMemory(),
                inputs.line != null ? "--line" : "--points",
                "the kernel matrix of " + points.length + " points",
                "fewer points");
        double[][] k = NngpKernel.uniform(depth, act, sigmaW2, sigmaB2).matrix(points);
        // row by row: the matrix as text would take several times the matrix
        if (out != null) {
            AtomicFiles.write(out, stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                writeRows(k, w);
                w.flush();
            });
        } else {
            PrintWriter w = spec.commandLine().getOut();
            writeRows(k, w);
            w.flush();
        }
        return ExitCodes.OK;
    }

    /** The matrix as CSV, one row per line, shortest round-trip numbers. */
    private static void writeRows(double[][] k, Writer w) throws IOException {
        for (double[] row : k) {
            w.write(Arrays.stream(row).mapToObj(Csv::number).collect(Collectors.joining(",")));
            w.write('\n');
        }
    }

    /** {@code --compare RUN_DIR}: the analytic GP against the run's ensemble, the table or its last line. */
    private int compareWithRun() throws IOException {
        GpComparison.Result result;
        try {
            GpComparison comparison = new GpComparison(meshPoints, monteCarloDraws, sloppyVariance);
            if (out != null) {
                result = comparison.compare(RunFiles.open(compare), out);
            } else {
                // into the run directory: held for the whole write, as a report holds it
                try (RunUpdate update = RunUpdate.open(compare)) {
                    result = comparison.compare(update.files(), compare.resolve(GpComparison.DIRECTORY));
                }
            }
        } catch (ConfigException e) {
            // the run directory itself is what --compare names; files in it keep their own names
            throw e.field().equals(compare.toString())
                    ? new ConfigException("--compare", e.getMessage())
                    : Flags.relabel(e, COMPARE_FLAGS, null, null);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (quiet) {
            w.println(result.summaryLine());
            w.flush();
        } else {
            result.print(w);
        }
        return ExitCodes.OK;
    }

    private static Activation parseActivation(String name) {
        for (Activation a : Activation.all()) {
            if (a.id().equals(name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new ConfigException("--activation", "got '" + name + "', allowed " + String.join(", ", Activation.ids()));
    }

    static double[][] parseLine(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length != 3) {
            throw new ConfigException("--line", "got '" + spec + "', expected A:B:N, e.g. -1,0:1,0:11");
        }
        double[] a = vector(parts[0], spec);
        double[] b = vector(parts[1], spec);
        if (a.length != b.length) {
            throw new ConfigException(
                    "--line", "got '" + spec + "': A and B have different dimensions " + a.length + " and " + b.length);
        }
        int n;
        try {
            n = Integer.parseInt(parts[2].trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("--line", "got '" + spec + "': N = '" + parts[2] + "' is not an integer");
        }
        if (n < 1 || n > MAX_POINTS) {
            throw new ConfigException("--line", "got N = " + n + ", allowed 1.." + MAX_POINTS);
        }
        return dev.bayesrg.data.MeshInputs.line(a, b, n);
    }

    private static double[] vector(String text, String spec) {
        String[] cells = text.split(",", -1);
        double[] v = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
            try {
                v[i] = Double.parseDouble(cells[i].trim());
            } catch (NumberFormatException e) {
                throw new ConfigException("--line", "got '" + spec + "': '" + cells[i] + "' is not a number");
            }
            if (!(Math.abs(v[i]) <= dev.bayesrg.config.DataConfig.MAX_MAGNITUDE)) {
                throw new ConfigException(
                        "--line",
                        "got '" + spec + "': coordinate " + cells[i].trim() + ", allowed "
                                + dev.bayesrg.config.DataConfig.MAGNITUDE_ALLOWED);
            }
        }
        return v;
    }

    /** The points of {@code --points FILE}; the file's own problems are named under the flag. */
    static double[][] readPoints(Path file) {
        try {
            return PointsCsv.read(file, MAX_POINTS);
        } catch (ConfigException e) {
            if (e.field().equals(file.toString())) {
                throw new ConfigException("--points", "file " + file + " " + e.detail());
            }
            throw e;
        }
    }
}
