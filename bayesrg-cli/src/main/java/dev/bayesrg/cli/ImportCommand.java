package dev.bayesrg.cli;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.ingest.ImportedEnsemble;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bayesrg import}: an ensemble trained elsewhere (an ensemble directory, docs/import.md) →
 * Fisher → BRG flow → an ordinary run directory (for an ensemble of outputs alone: the trained
 * ensemble and its field theory, no flow). Everything but the members' training is
 * {@code bayesrg run}'s, options included.
 */
@Command(
        name = "import",
        description = {
            "Analyse an ensemble trained elsewhere (PyTorch, JAX, NumPy): read ENSEMBLE_DIR, an ensemble"
                    + " directory as the Python companion's export_ensemble writes it (python/, docs/import.md),"
                    + " and write an ordinary run directory, on which nnft, report, nngp --compare and merge work"
                    + " as on 'bayesrg run''s.",
            "Kinds (ensemble.json 'kind'): mlp, every layer's weights of a fully connected network (bayesrg"
                    + " recomputes features, gradients and the Fisher metric, so every flow works, all layers"
                    + " included); readout, each member's last-hidden features on the train, test and Fisher"
                    + " inputs and its trained read-out (the flow acts on the read-out); outputs, each member's"
                    + " outputs on at most 32 mesh points, trained or at checkpoints along training (no"
                    + " parameters: no Fisher metric and no flow, brg.cutoffs []; the run holds the trained"
                    + " ensemble, and nnft its field theory there and along the checkpoints).",
            "The configuration is built as for 'run': the preset, ENSEMBLE_DIR/config.yaml if present (or"
                    + " --config FILE instead), the shortcut flags, each --set; then the keys the directory fixes:"
                    + " ensemble.importFrom, ensemble.importKind, ensemble.members, the data (data.source npy from"
                    + " ENSEMBLE_DIR) and, for readout, the feature width; for outputs also the mesh (the test set),"
                    + " the probe (its first point), brg.cutoffs [] and the checkpoints' epochs (train.epochs,"
                    + " nnft.snapshotEvery). Training is not repeated: with initial parameters in the directory the"
                    + " run has one 'epoch' from them to the trained ones (train.epochs 1), else none.",
            "Every array is checked before anything is written: shapes against the configured network and the"
                    + " data, member counts, dtypes (float64 or float32, C or Fortran order, .npy or .npz), NaN"
                    + " and infinities (allowed only in outputs: such a member counts as diverged), an outputs"
                    + " ensemble's epochs (0, k, 2k, ..., and a last one at most k later); a problem is one line"
                    + " naming the file and the dimension (exit code 2).",
            "An interrupted import resumes with --resume RUN_DIR (here or in 'bayesrg run'), as a run does.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  bayesrg import ensembles/torch256                  analyse, report included",
            "  bayesrg import ensembles/torch256 --set brg.basis=eigen --out runs/torch-eigen",
            "  bayesrg import ensembles/torch256 --members 32      its first 32 members",
            "  python3 python/examples/pytorch_ensemble.py --out ensembles/t   writes one",
            "",
            "Exit codes: 0 ok, 1 failure, 2 bad usage or input."
        })
public final class ImportCommand extends RunCommand {
    /** The configuration file an ensemble directory may carry. */
    static final String ENSEMBLE_CONFIG = "config.yaml";

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "ENSEMBLE_DIR",
            description = "An existing directory holding ensemble.json and the arrays (docs/import.md); required"
                    + " unless --resume.")
    Path ensemble;

    @Override
    ExperimentConfig resolveConfiguration() {
        if (ensemble == null) {
            throw new ConfigException("ENSEMBLE_DIR", "missing: give the ensemble directory to import");
        }
        Path ensembleConfig = ensemble.resolve(ENSEMBLE_CONFIG);
        return configuration.resolve(Files.isRegularFile(ensembleConfig) ? ensembleConfig : null, loader -> {
            ImportedEnsemble.settle(loader, ensemble);
            if (configuration.members != null) {
                // --members N: the first N members of the directory, a quicker look
                loader.set("ensemble.members", configuration.members);
            }
            return loader;
        });
    }
}
