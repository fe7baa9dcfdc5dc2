package dev.bayesrg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bayesrg nnft RUN_DIR}: the ensemble's field theory on a mesh at every entry of the BRG flow. */
@Command(name = "nnft",
        mixinStandardHelpOptions = true,
        versionProvider = BayesrgCommand.VersionProvider.class,
        description = {
            "Read a run's ensemble as a statistical field theory on a mesh of its test inputs, at every entry"
                + " of the BRG flow (the trained ensemble, then each cutoff): mean G^(1), kernel K = G_c^(2),"
                + " normalised connected four-point function, quartic coupling (inverse Feynman rules),"
                + " and the KL divergence of each entry's Gaussian part from the trained ensemble's.",
            "Writes RUN_DIR/nnft/snapshots.json, kernels.npy [entries, M, M] and mesh.npy [M, d]."
                + " Diverged members are left out."},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad usage or input."})
public final class NnftCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A finished run directory.")
    Path runDir;

    @Option(names = "--mesh-points", paramLabel = "M",
            description = "Mesh: the first M test inputs (default 8; 1..32: the quartic tensor has M^4 entries).")
    int meshPoints = 8;

    @Option(names = "--bootstrap", paramLabel = "R",
            description = "Add bootstrap standard errors of the kernel diagonal and of G_c^(4)(x_i,x_i,x_i,x_i) from R "
                    + "resamples of the members (default 0: none; reproducible, keyed by the run's ensemble seed).")
    int bootstrap;

    @Option(names = "--quiet", description = "Print only where the results are.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        NnftWriter.Result result = new NnftWriter(meshPoints, bootstrap).write(runDir);
        PrintWriter stdout = spec.commandLine().getOut();
        if (!quiet) {
            result.printTable(stdout);
        }
        stdout.println("Field theory on a " + result.meshPoints() + "-point mesh in " + result.directory());
        stdout.flush();
        return ExitCodes.OK;
    }

}
