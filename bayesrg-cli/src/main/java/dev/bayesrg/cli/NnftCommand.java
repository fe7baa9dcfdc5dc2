package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.report.WidthScalingFigure;
import dev.bayesrg.run.LossCumulants;
import dev.bayesrg.run.NnftFields;
import dev.bayesrg.run.NnftWriter;
import dev.bayesrg.run.RunUpdate;
import dev.bayesrg.run.WidthScaling;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bayesrg nnft RUN_DIR}: the ensemble's field theory on a mesh at every entry of the BRG flow. */
@Command(
        name = "nnft",
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        description = {
            "Read a run's ensemble as a statistical field theory on its mesh (config nnft: test inputs, a CSV of"
                    + " points, a line or a grid), at every entry of the BRG flow (the trained ensemble, then each"
                    + " cutoff): mean G^(1), kernel K = G_c^(2) and its inverse, connected correlators G_c^(3..R),"
                    + " the couplings Lambda3, Lambda4, Lambda6 and the quadratic correction (inverse Feynman rules;"
                    + " R = config nnft.order or --order), each with a jackknife standard error, the normalised"
                    + " four- and six-point functions, a test of each order against the Gaussian noise floor, and"
                    + " the KL divergence of each entry's Gaussian part from the"
                    + " trained ensemble's. With training checkpoints (nnft.snapshotEvery > 0) also the field theory at"
                    + " epochs 0, k, 2k, ..., T, the KL matrix cutoff x epoch, and for each cutoff the epoch it best"
                    + " matches (printed as a second table).",
            "With --losses instead of a run: how far each training loss drives the ensemble from a Gaussian"
                    + " field along training (docs/method.md, \"Losses and likelihoods\").",
            "Writes RUN_DIR/nnft/snapshots.json, kernels.npy [entries, M, M], mesh.npy [M, d], the tensors"
                    + " (mean, inverse_kernels, connected_r, lambda3, lambda4, lambda6, quadratic_correction, each"
                    + " with _se; symmetric tensors packed one number per multiset) and, with checkpoints, the same"
                    + " with a training_ prefix and kl_cutoff_vs_epoch.npy [entries, checkpoints]"
                    + " (docs/run-directory.md). Diverged members are left out."
        },
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad usage or input."})
public final class NnftCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "RUN_DIR",
            arity = "0..1",
            description = "A finished run directory (or, instead, --widths).")
    Path runDir;

    @Option(
            names = "--widths",
            paramLabel = "N",
            split = ",",
            description = "Instead of a run: sample ensembles at initialisation with these widths of the last hidden"
                    + " layer, each 1..1000000, measure the norms of the couplings Lambda4 and Lambda6 and the ratios"
                    + " |G_c^(4)|/|Wick4| and |G_c^(6)|/|Wick6| with jackknife errors and noise-floor tests, and fit"
                    + " how they fall with width (as N^-1 and N^-2 for i.i.d. parameters) over the widths above the"
                    + " noise floor, with 95% confidence intervals; the widths left out are named.")
    List<Integer> widths;

    @Option(
            names = "--losses",
            paramLabel = "LOSS",
            split = ",",
            description = "Instead of a run: train the configured ensemble once per loss, each one of: mse, huber,"
                    + " l1, cross-entropy (same data, prior draws and seeds) with training checkpoints"
                    + " (nnft.snapshotEvery, else 10 of them), measure |G_c^(4)|/|Wick4| on the mesh at each with a"
                    + " jackknife error and a noise-floor test, and state how each loss's trained ensemble departs"
                    + " from a Gaussian field compared with mse. Cross-entropy needs 0/1 targets, e.g. --set"
                    + " data.source=two-moons.")
    List<String> losses;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "With --losses: worker threads, 1.." + RunCommand.MAX_THREADS + " (default: all"
                    + " ${sys:bayesrg.cores} cores). Results do not depend on it.")
    Integer threads;

    @Option(
            names = "--members",
            paramLabel = "B",
            description = "With --widths: members per width, " + 10 * WidthScaling.BLOCKS + "..10000000 (default"
                    + " 20000). With --losses: members per loss, 3..10000000 (default 400).")
    Integer members;

    @Option(
            names = "--preset",
            paramLabel = "NAME",
            defaultValue = "paper",
            completionCandidates = Candidates.Presets.class,
            description = "With --widths or --losses: the architecture and prior, one of:"
                    + " ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "With --widths or --losses: override a config field as run's --set does: KEY any field"
                    + " --print-config prints, VALUE YAML within its allowed range. Repeatable.")
    List<String> assignments = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "FILE.json",
            description = "With --widths or --losses: also write the table as JSON into this file, a new or existing"
                    + " file (not a directory; missing parent directories are created); with --widths the"
                    + " width-scaling figure beside it (FILE.png and FILE.svg).")
    Path out;

    @Option(
            names = "--mesh-points",
            paramLabel = "M",
            description = "Use the first M points of the run's recorded mesh (config nnft; default: all of them), or"
                    + " of its test inputs for runs without one (default 8); 1..32: the quartic tensor has M^4 entries."
                    + " With --widths: the first M test inputs, 1..12 (order 6: M^6 entries) and at most data.test"
                    + " (default 4).")
    Integer meshPoints;

    @Option(
            names = "--bootstrap",
            paramLabel = "R",
            description = "Add bootstrap standard errors of the kernel diagonal and of G_c^(4)(x_i,x_i,x_i,x_i) from R"
                    + " resamples of the members, 0..100000 (default 0: none; reproducible, keyed by the run's"
                    + " ensemble seed).")
    int bootstrap;

    @Option(
            names = "--order",
            paramLabel = "R",
            description = "Measure connected correlators and couplings up to order R, 2..6 (default: the run's"
                    + " nnft.order); 6 needs at most 12 mesh points.")
    Integer order;

    @Option(names = "--quiet", description = "Print only where the results are.")
    boolean quiet;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (losses != null) {
            if (runDir != null || widths != null) {
                throw new ConfigException("--losses", "trains fresh ensembles; drop RUN_DIR and --widths");
            }
            return lossCumulants();
        }
        if (widths != null) {
            if (runDir != null) {
                throw new ConfigException("--widths", "samples fresh ensembles; drop RUN_DIR or --widths");
            }
            return widthScaling();
        }
        if (runDir == null) {
            throw new ConfigException("RUN_DIR", "missing: give a run directory, or --widths for fresh ensembles");
        }
        NnftWriter.Result result;
        // held for the whole write: no other bayesrg command writes the directory meanwhile
        try (RunUpdate update = RunUpdate.open(runDir)) {
            result = new NnftWriter(meshPoints, bootstrap, order).write(update.files());
            dev.bayesrg.run.CosNetSpectrum.write(update.files()); // a cos-net on a line mesh: nnft/cosnet_spectrum.csv
        } catch (ConfigException e) {
            throw Flags.relabel(
                    e,
                    Map.of(
                            NnftFields.MESH_POINTS,
                            "--mesh-points",
                            NnftWriter.BOOTSTRAP,
                            "--bootstrap",
                            NnftWriter.ORDER,
                            "--order"),
                    runDir,
                    "RUN_DIR");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (!quiet) {
            result.printTable(stdout);
            result.printCorrespondence(stdout);
        }
        stdout.println("Field theory on a " + result.meshPoints() + "-point mesh in " + result.directory());
        stdout.flush();
        String note = result.singularKernelNote();
        if (note != null && !quiet) {
            spec.commandLine().getErr().println(note);
            spec.commandLine().getErr().flush();
        }
        return ExitCodes.OK;
    }

    /** The figure beside the JSON table: FILE.json → FILE.png and FILE.svg. */
    static Path figureStem(Path json) {
        String name = json.getFileName().toString();
        String stem =
                name.toLowerCase(java.util.Locale.ROOT).endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return json.resolveSibling(stem);
    }

    /** {@code --losses}: one trained ensemble per loss, κ4 along training, the verdict. */
    private int lossCumulants() throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(assignments);
        if (meshPoints != null) {
            all.add("nnft.points=" + meshPoints);
        }
        ExperimentConfig config =
                ConfigLoader.fromPreset(Preset.of(preset)).with(all).load();
        if (out != null && java.nio.file.Files.isDirectory(out)) {
            throw new ConfigException("--out", out + " is a directory; allowed a file for the JSON table");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (threads != null && (threads < 1 || threads > RunCommand.MAX_THREADS)) {
            throw new ConfigException("--threads", "got " + threads + ", allowed [1, " + RunCommand.MAX_THREADS + "]");
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        LossCumulants.Result result;
        try {
            result = LossCumulants.measure(config, parseLosses(), members == null ? 400 : members, workers, row -> {
                if (!quiet) {
                    stdout.println(row.loss().id() + " trained (" + row.members() + " members)");
                    stdout.flush();
                }
            });
        } catch (ConfigException e) {
            throw Flags.relabel(
                    e, Map.of(LossCumulants.MEMBERS, "--members", LossCumulants.LOSSES, "--losses"), null, null);
        }
        if (!quiet) {
            result.print(stdout);
            result.printCheckpoints(stdout);
        }
        stdout.println(result.verdict());
        if (out != null) {
            result.writeJson(out);
            stdout.println("Written to " + out);
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    private List<TrainConfig.Loss> parseLosses() {
        List<TrainConfig.Loss> parsed = new ArrayList<>();
        for (String name : losses) {
            TrainConfig.Loss found = null;
            for (TrainConfig.Loss l : TrainConfig.Loss.values()) {
                if (l.id().equals(name)) {
                    found = l;
                }
            }
            if (found == null) {
                throw new ConfigException("--losses", "got '" + name + "', allowed mse, huber, l1, cross-entropy");
            }
            parsed.add(found);
        }
        return parsed;
    }

    /** {@code --widths}: fresh ensembles at each width, the table as they come, then the fits. */
    private int widthScaling() throws IOException {
        ExperimentConfig config =
                ConfigLoader.fromPreset(Preset.of(preset)).with(assignments).load();
        PrintWriter stdout = spec.commandLine().getOut();
        if (out != null && java.nio.file.Files.isDirectory(out)) {
            // refused before the ensembles are sampled, not after
            throw new ConfigException("--out", out + " is a directory; allowed a file for the JSON table");
        }
        try {
            WidthScaling scaling =
                    WidthScaling.of(config, members == null ? 20_000 : members, meshPoints == null ? 4 : meshPoints);
            scaling.check(widths, Runtime.getRuntime().maxMemory());
            WidthScaling.printHeader(stdout);
            WidthScaling.Result result = scaling.measure(widths, row -> row.print(stdout));
            result.printFits(stdout);
            if (out != null) {
                result.writeJson(out);
                Path figure = figureStem(out);
                new WidthScalingFigure(result).write(figure);
                stdout.println("Written to " + out + ", figure " + figure + ".png and .svg");
            }
        } catch (ConfigException e) {
            throw Flags.relabel(
                    e,
                    Map.of(
                            WidthScaling.MEMBERS, "--members",
                            WidthScaling.MESH_POINTS, "--mesh-points",
                            WidthScaling.WIDTHS, "--widths"),
                    null,
                    null);
        }
        stdout.flush();
        return ExitCodes.OK;
    }
}
