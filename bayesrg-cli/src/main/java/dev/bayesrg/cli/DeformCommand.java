package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.run.DeformationWriter;
import dev.bayesrg.run.NnftFields;
import dev.bayesrg.run.RunFiles;
import dev.bayesrg.run.RunUpdate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bayesrg deform RUN_DIR --lambda L,...}: the round trip of the action on a run's ensemble. */
@Command(
        name = "deform",
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        description = {
            "The round trip of the action (arXiv:2405.17538, eq. 44): deform a run's ensemble at one flow entry, on"
                    + " its mesh, by dS = (lambda/4!) sum_a w (phi_a - c_a)^4 - each member reweighted by exp(-dS) -"
                    + " and recover lambda from the reweighted ensemble's quartic coupling by the inverse Feynman"
                    + " rules (the shift of the diagonal of Lambda4 = -kappa4.(K^-1)^4, fitted to lambda w). Prints"
                    + " for each lambda the effective sample size (Kish), the recovered lambda with its jackknife"
                    + " standard error, and (recovered - lambda)/SE. Tree level: the recovered lambda is low by a"
                    + " relative (3/2) lambda w K_aa^2 (one loop), so keep lambda w K_aa^2 small.",
            "Writes RUN_DIR/nnft/deformation.csv and deformation.json (or into --out). Diverged members are left"
                    + " out."
        },
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad usage or input."})
public final class DeformCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A finished run directory.")
    Path runDir;

    @Option(
            names = "--lambda",
            paramLabel = "L",
            split = ",",
            required = true,
            description =
                    "The couplings lambda to put in, comma separated, each a finite number (> 0 a repulsive phi^4,"
                            + " < 0 an attractive one). The printed lambda scale 1/(w <K_aa^2>) sets the size: the one-loop"
                            + " bias is a relative (3/2) lambda/scale, and a lambda near the scale collapses the ESS.")
    List<Double> lambdas;

    @Option(
            names = "--entry",
            paramLabel = "K",
            description = "The flow entry whose members are deformed, >= 0 and at most the run's number of cutoffs: 0"
                    + " the trained ensemble (default), k the k-th cutoff.")
    int entry;

    @Option(
            names = "--mesh-points",
            paramLabel = "M",
            description = "Use the first M points of the run's recorded mesh (default: all of them; 8 test inputs for"
                    + " runs without one), 1..32.")
    Integer meshPoints;

    @Option(
            names = "--groups",
            paramLabel = "G",
            description = "Jackknife groups of contiguous members, >= 2 and at most the members used (default 20, or"
                    + " the members if fewer).")
    Integer groups;

    @Option(
            names = "--mesh-weight",
            paramLabel = "W",
            description = "The quadrature weight w of a mesh point, a finite number > 0 (default: the spacing of a"
                    + " line mesh, the cell area of a grid, 1 - the mesh form - for test or CSV points).")
    Double meshWeight;

    @Option(
            names = "--about-zero",
            description = "Deform phi^4 itself (c = 0) instead of (phi - c)^4 about the ensemble's mean c; far from 0"
                    + " the field's mean makes phi^4 mostly a tilt, and the effective sample size collapses.")
    boolean aboutZero;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Write deformation.csv and deformation.json into DIR, a new or existing directory (missing"
                    + " parents are created), instead of RUN_DIR/nnft.")
    Path out;

    @Option(names = "--quiet", description = "Print only where the results are.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new ConfigException("--out", out + " is a file; allowed a directory");
        }
        DeformationWriter.Result result;
        try {
            DeformationWriter writer =
                    new DeformationWriter(lambdas, entry, meshPoints, groups, meshWeight, !aboutZero);
            if (out == null) {
                // held for the whole write: no other bayesrg command writes the directory meanwhile
                try (RunUpdate update = RunUpdate.open(runDir)) {
                    result = writer.write(update.files(), null);
                }
            } else {
                RunUpdate.refuseLinks(runDir);
                result = writer.write(RunFiles.open(runDir), out);
            }
        } catch (ConfigException e) {
            throw Flags.relabel(
                    e,
                    Map.of(
                            NnftFields.MESH_POINTS, "--mesh-points",
                            DeformationWriter.LAMBDA, "--lambda",
                            DeformationWriter.ENTRY, "--entry",
                            DeformationWriter.GROUPS, "--groups",
                            DeformationWriter.MESH_WEIGHT, "--mesh-weight"),
                    runDir,
                    "RUN_DIR");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (!quiet) {
            result.printTable(stdout);
        }
        stdout.println("Round trip of the action in " + result.csv() + " and "
                + result.json().getFileName());
        stdout.flush();
        return ExitCodes.OK;
    }
}
