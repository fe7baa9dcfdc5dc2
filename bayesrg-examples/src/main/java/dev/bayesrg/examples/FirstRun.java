package dev.bayesrg.examples;

// README example: begin
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.nngp.Corroboration;
import dev.bayesrg.run.ExperimentRun;
import dev.bayesrg.run.FlowEntry;
import dev.bayesrg.run.GpComparison;
import dev.bayesrg.run.NnftFile;
import dev.bayesrg.run.RunFiles;
import java.nio.file.Path;
import java.util.List;

/** The paper's experiment from Java: configure, run, read back, the field theory, the GP against the ensemble. */
public final class FirstRun {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/first-run");
        int members = args.length > 1 ? Integer.parseInt(args[1]) : 256;

        // 1. The paper's preset, tweaked: fewer members, sloppy read-out weights pruned (zeroed), and
        //    hidden layers shared by all members (then the trained ensemble is exactly a GP)
        ExperimentConfig config = ConfigLayers.of(Preset.PAPER)
                .withMembers(members)
                .with("brg.mode=zero")
                .with("network.sharedHidden=true")
                .resolve();

        // 2. Train every member, rank its parameters by the Fisher metric, coarse grain along the
        //    cutoffs; the run directory is the one `bayesrg run` writes (nnft/ included, no figures)
        ExperimentRun.Finished run = ExperimentRun.of(config).writeTo(out);
        System.out.println("critical cutoff: " + run.result().critical().criticalCutoff());

        // 3. Read it back: typed summary, flow table, field theory along the flow
        RunFiles files = RunFiles.open(run.directory());
        List<FlowEntry> flow = files.flow();
        FlowEntry last = flow.get(flow.size() - 1);
        System.out.printf(
                "%d members, %d diverged; at cutoff %s the median test MSE is %.4g%n",
                files.summary().members(), files.summary().membersDiverged(), last.cutoff(), last.testMseMedian());
        NnftFile nnft = files.nnft().orElseThrow();
        NnftFile.Snapshot trained = nnft.entries().get(0);
        NnftFile.Snapshot coarse = nnft.entries().get(nnft.entries().size() - 1);
        System.out.printf(
                "field theory on %d mesh points: |k4|/|Wick| %.3g trained, %.3g at the largest cutoff;"
                        + " KL to the trained Gaussian part %.3g%n",
                nnft.meshPoints(), trained.normalisedKappa4(), coarse.normalisedKappa4(), coarse.klToTrained());

        // 4. The analytic corner: the renormalized GP (closed-form GD posterior) against the ensemble
        //    at every flow entry, on the probe and 8 test inputs (files in <run>/nngp, as nngp --compare)
        GpComparison.Result gp =
                new GpComparison(8, 2000, null).compare(files, run.directory().resolve("nngp"));
        for (Corroboration.Row row : gp.rows()) {
            System.out.printf(
                    "entry %2d: GP %s the ensemble (probe mean %.4g vs %.4g +- %.2g)%n",
                    row.entry(),
                    row.agrees() ? "agrees with" : "DISAGREES with",
                    row.predictedMean(),
                    row.measuredMean(),
                    row.measuredMeanError());
        }
        System.out.println(gp.summaryLine());
    }
}
// README example: end
