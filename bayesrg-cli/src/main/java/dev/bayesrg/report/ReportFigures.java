package dev.bayesrg.report;

import dev.bayesrg.run.NnftFile;
import dev.bayesrg.run.RunWriter;
import java.util.List;
import java.util.function.Supplier;

/**
 * The report's figures, in the order of the page (and of {@link #NAMES}): the paper's Figures 8–11,
 * the sloppy fraction, the Fisher spectrum and the training loss from the run's own files (and the
 * flow during training, for a run that measured it), then the field-theory figures from
 * nnft/snapshots.json (and the field theory along training, for a run that recorded it). Each figure
 * is one class drawn from typed data; a figure that cannot be drawn becomes a stand-in naming the
 * error ({@link FigureFile#failed}). Figures a run cannot have at all (along the flow of a run
 * without cutoffs, of the Fisher metric of members without parameters, of training losses nobody
 * recorded) are left out, and the page says why ({@link #omitted}); so is a figure that was drawn
 * without any data in it ({@link FigureFile#emptyReason}: e.g. the matching training epochs of a run
 * without training checkpoints, or any figure when every member diverged), with its panels' note.
 */
final class ReportFigures {
    /** Every figure's file stem under figures/, in the report's order. */
    static final List<String> NAMES = List.of(
            TrainedProbeFigure.NAME,
            LossVsCutoffFigure.NAME,
            ProbeAroundCriticalFigure.NAME,
            ProbeMomentsFigure.NAME,
            PredictiveQualityFigure.NAME,
            SloppyFractionFigure.NAME,
            FisherSpectrumFigure.NAME,
            FisherGeometryFigure.SPECTRUM,
            FisherGeometryFigure.SLOPPY,
            FisherGeometryFigure.TEST_LOSS,
            TrainingLossFigure.NAME,
            TrainingFlowFigure.NAME,
            NonGaussianityFigure.NAME,
            CouplingsFigure.NAME,
            RelativeEntropyFigure.NAME,
            KernelFigure.NAME,
            KernelFigure.INVERSE,
            LocalityFigure.NAME,
            CutoffEpochFigure.NAME,
            TrainingFieldTheoryFigure.NAME,
            CosNetSpectrumFigure.NAME);

    /** The figures drawn along the BRG flow's cutoffs, which a run without cutoffs cannot have. */
    private static final List<String> ALONG_THE_FLOW = List.of(
            LossVsCutoffFigure.NAME,
            ProbeAroundCriticalFigure.NAME,
            ProbeMomentsFigure.NAME,
            PredictiveQualityFigure.NAME,
            SloppyFractionFigure.NAME,
            FisherGeometryFigure.SLOPPY,
            FisherGeometryFigure.TEST_LOSS,
            TrainingFlowFigure.NAME,
            NonGaussianityFigure.NAME,
            CouplingsFigure.NAME,
            RelativeEntropyFigure.NAME,
            CutoffEpochFigure.NAME,
            CosNetSpectrumFigure.NAME);

    /** The figures of the Fisher metric, which members without parameters do not have. */
    private static final List<String> OF_THE_FISHER_METRIC =
            List.of(FisherSpectrumFigure.NAME, FisherGeometryFigure.SPECTRUM);

    private ReportFigures() {}

    /**
     * Figures a run cannot have, left out of its report rather than drawn empty, and why (the page
     * says so).
     *
     * @param names the figures' file stems under figures/
     * @param why   the reason, one sentence for the page
     */
    record Omitted(List<String> names, String why) {}

    /** The figures {@code run} cannot have, in groups with the reason, in the order of {@link #NAMES}. */
    static List<Omitted> omitted(RunData run) {
        List<Omitted> omitted = new java.util.ArrayList<>();
        if (run.cutoffs.length == 0) {
            omitted.add(new Omitted(
                    ALONG_THE_FLOW,
                    "the figures along the flow (test loss, probe output, its moments and the sloppy fraction against"
                            + " the cutoff; the Fisher geometry's sloppy fractions and test loss per basis; the"
                            + " non-Gaussianity, couplings, relative entropy and matching training epoch along the flow; the"
                            + " cos-net's spectrum): brg.cutoffs"
                            + " is empty, so the run has no flow, only the trained ensemble (flow entry 0)"));
        } else if (!hasPredictiveColumns(run)) {
            omitted.add(new Omitted(
                    List.of(PredictiveQualityFigure.NAME),
                    "the predictive quality along the flow: the run was written before flow.csv had its columns"
                            + " (predictive_nll, coverage_*, bias_squared, ensemble_variance, train_mse_*)"));
        }
        if (run.summary.trainableParameters() == 0) {
            omitted.add(new Omitted(
                    OF_THE_FISHER_METRIC,
                    "the Fisher-diagonal spectrum and the Fisher eigenvalues: the members have no parameters (an"
                            + " ensemble imported as outputs, ensemble.importKind outputs), so no Fisher metric"));
        }
        if (!anyFinite(run.perMember.lossCurves())) {
            omitted.add(new Omitted(
                    List.of(TrainingLossFigure.NAME),
                    "the training loss: no member has one recorded in loss_curves.npy ("
                            + (run.summary.config().ensemble().imported()
                                    ? "the members were trained elsewhere and imported without their losses"
                                    : "train.epochs is 0")
                            + ")"));
        }
        return List.copyOf(omitted);
    }

    /** Whether flow.csv has the predictive columns (an unreadable one: yes, so that its figure names the error). */
    private static boolean hasPredictiveColumns(RunData run) {
        try {
            return run.files.flowTable().has("predictive_nll");
        } catch (java.io.IOException | RuntimeException e) {
            return true;
        }
    }

    private static boolean anyFinite(double[][] rows) {
        for (double[] row : rows) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code figures} without those {@code run} cannot have ({@link #omitted}). */
    private static List<Builder> drawable(RunData run, List<Builder> figures) {
        java.util.Set<String> left = new java.util.HashSet<>();
        for (Omitted o : omitted(run)) {
            left.addAll(o.names());
        }
        return figures.stream().filter(b -> !left.contains(b.name())).toList();
    }

    /** A figure to draw: its name under figures/ and how to build it. */
    record Builder(String name, Supplier<FigureFile> build) {
        /** The figure, or a stand-in naming the error if building it failed. */
        FigureFile get() {
            try {
                return build.get();
            } catch (RuntimeException e) {
                return FigureFile.failed(name, name, e);
            }
        }
    }

    /**
     * The figures drawn from the run's own files, in the order of {@link #NAMES}; their inputs are
     * taken from {@code run} inside each builder, so that one that cannot be read costs only its figures.
     */
    static List<Builder> ofRun(RunData run) {
        List<Builder> figures = new java.util.ArrayList<>(List.of(
                new Builder(TrainedProbeFigure.NAME, () -> new TrainedProbeFigure(Probe.of(run), run.perMember).draw()),
                new Builder(
                        LossVsCutoffFigure.NAME,
                        () -> new LossVsCutoffFigure(
                                        CutoffAxis.of(run),
                                        run.flowEntries(),
                                        run.summary.config().brg().criticalFactor(),
                                        run.summary.criticalInterval(),
                                        run.loss())
                                .draw()),
                new Builder(
                        ProbeAroundCriticalFigure.NAME,
                        () -> new ProbeAroundCriticalFigure(CutoffAxis.of(run), Probe.of(run), run.perMember).draw()),
                new Builder(
                        ProbeMomentsFigure.NAME,
                        () -> new ProbeMomentsFigure(
                                        CutoffAxis.of(run), Probe.of(run), run.flowEntries(), run.perMember)
                                .draw()),
                new Builder(
                        PredictiveQualityFigure.NAME,
                        () -> new PredictiveQualityFigure(
                                        CutoffAxis.of(run),
                                        run.flowEntries(),
                                        run.summary.config().fisher().noiseVariance(),
                                        run.loss())
                                .draw()),
                new Builder(
                        SloppyFractionFigure.NAME,
                        () -> new SloppyFractionFigure(CutoffAxis.of(run), run.flowEntries()).draw()),
                new Builder(
                        FisherSpectrumFigure.NAME,
                        () -> new FisherSpectrumFigure(CutoffAxis.of(run), run.perMember).draw()),
                new Builder(FisherGeometryFigure.SPECTRUM, () -> geometry(run).drawSpectrum()),
                new Builder(FisherGeometryFigure.SLOPPY, () -> geometry(run).drawSloppyFractions()),
                new Builder(FisherGeometryFigure.TEST_LOSS, () -> geometry(run).drawTestLoss()),
                new Builder(
                        TrainingLossFigure.NAME,
                        () -> new TrainingLossFigure(run.perMember, run.lossEvery, run.loss()).draw())));
        if (run.files.has(RunWriter.TRAINING_FLOW)) { // only a run with brg.duringTraining has this figure
            figures.add(new Builder(
                    TrainingFlowFigure.NAME,
                    () -> new TrainingFlowFigure(
                                    CutoffAxis.of(run),
                                    run.trainingFlow(),
                                    run.summary.config().brg().criticalFactor(),
                                    run.loss())
                            .draw()));
        }
        return drawable(run, figures);
    }

    private static FisherGeometryFigure geometry(RunData run) {
        return new FisherGeometryFigure(
                CutoffAxis.of(run),
                run.geometry(),
                run.perMember.fisher(),
                run.perMember.diverged(),
                run.summary.config().brg().basis(),
                run.loss());
    }

    /** The field-theory figures from nnft/snapshots.json (null: the run has none), in the order of {@link #NAMES}. */
    static List<Builder> ofFieldTheory(RunData run, NnftFile snapshots) {
        List<Builder> figures = new java.util.ArrayList<>(List.of(
                new Builder(
                        NonGaussianityFigure.NAME,
                        () -> new NonGaussianityFigure(
                                        CutoffAxis.of(run),
                                        snapshots,
                                        Snapshots.kappa4Errors(snapshots, CutoffAxis.of(run)))
                                .draw()),
                new Builder(CouplingsFigure.NAME, () -> new CouplingsFigure(CutoffAxis.of(run), snapshots).draw()),
                new Builder(
                        RelativeEntropyFigure.NAME,
                        () -> new RelativeEntropyFigure(CutoffAxis.of(run), run.geometry(), snapshots).draw()),
                new Builder(KernelFigure.NAME, () -> new KernelFigure(CutoffAxis.of(run), snapshots).draw()),
                new Builder(KernelFigure.INVERSE, () -> new KernelFigure(CutoffAxis.of(run), snapshots).drawInverse()),
                new Builder(
                        LocalityFigure.NAME,
                        () -> new LocalityFigure(snapshots == null ? null : snapshots.mesh(), run.locality()).draw()),
                new Builder(
                        CutoffEpochFigure.NAME, () -> new CutoffEpochFigure(CutoffAxis.of(run), snapshots).draw())));
        if (snapshots != null && snapshots.hasTraining()) { // only a run that recorded training checkpoints
            figures.add(
                    new Builder(TrainingFieldTheoryFigure.NAME, () -> new TrainingFieldTheoryFigure(snapshots).draw()));
        }
        figures.add(new Builder(
                CosNetSpectrumFigure.NAME,
                () -> new CosNetSpectrumFigure(CutoffAxis.of(run), run.cosNetSpectrum()).draw()));
        return drawable(run, figures);
    }
}
