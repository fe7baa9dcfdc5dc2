package dev.bayesrg.report;

import dev.bayesrg.run.NnftFile;
import dev.bayesrg.run.RunWriter;
import java.util.List;
import java.util.function.Supplier;

/**
 * The report's figures, in the order of the page (and of {@link #NAMES}): the paper's Figures 8–11,
 * the sloppy fraction, the Fisher spectrum and the training loss from the run's own files (and the
 * flow during training, for a run that measured it), then the field-theory figures from
 * nnft/snapshots.json. Each figure is one class drawn from typed data; a
 * figure that cannot be drawn becomes a stand-in naming the error ({@link FigureFile#failed}).
 */
final class ReportFigures {
    /** Every figure's file stem under figures/, in the report's order. */
    static final List<String> NAMES = List.of(
            TrainedProbeFigure.NAME,
            LossVsCutoffFigure.NAME,
            ProbeAroundCriticalFigure.NAME,
            ProbeMomentsFigure.NAME,
            SloppyFractionFigure.NAME,
            FisherSpectrumFigure.NAME,
            FisherGeometryFigure.SPECTRUM,
            FisherGeometryFigure.SLOPPY,
            FisherGeometryFigure.TEST_LOSS,
            TrainingLossFigure.NAME,
            TrainingFlowFigure.NAME,
            NonGaussianityFigure.NAME,
            RelativeEntropyFigure.NAME,
            KernelFigure.NAME,
            CutoffEpochFigure.NAME);

    private ReportFigures() {}

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
                                        run.summary.criticalInterval())
                                .draw()),
                new Builder(
                        ProbeAroundCriticalFigure.NAME,
                        () -> new ProbeAroundCriticalFigure(CutoffAxis.of(run), Probe.of(run), run.perMember).draw()),
                new Builder(
                        ProbeMomentsFigure.NAME,
                        () -> new ProbeMomentsFigure(CutoffAxis.of(run), Probe.of(run), run.flowEntries()).draw()),
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
                        TrainingLossFigure.NAME, () -> new TrainingLossFigure(run.perMember, run.lossEvery).draw())));
        if (run.files.has(RunWriter.TRAINING_FLOW)) { // only a run with brg.duringTraining has this figure
            figures.add(new Builder(
                    TrainingFlowFigure.NAME,
                    () -> new TrainingFlowFigure(
                                    CutoffAxis.of(run),
                                    run.trainingFlow(),
                                    run.summary.config().brg().criticalFactor())
                            .draw()));
        }
        return List.copyOf(figures);
    }

    private static FisherGeometryFigure geometry(RunData run) {
        return new FisherGeometryFigure(
                CutoffAxis.of(run),
                run.geometry(),
                run.perMember.fisher(),
                run.perMember.diverged(),
                run.summary.config().brg().basis());
    }

    /** The field-theory figures from nnft/snapshots.json (null: the run has none), in the order of {@link #NAMES}. */
    static List<Builder> ofFieldTheory(RunData run, NnftFile snapshots) {
        return List.of(
                new Builder(
                        NonGaussianityFigure.NAME,
                        () -> new NonGaussianityFigure(CutoffAxis.of(run), snapshots).draw()),
                new Builder(
                        RelativeEntropyFigure.NAME,
                        () -> new RelativeEntropyFigure(CutoffAxis.of(run), run.geometry(), snapshots).draw()),
                new Builder(KernelFigure.NAME, () -> new KernelFigure(CutoffAxis.of(run), snapshots).draw()),
                new Builder(CutoffEpochFigure.NAME, () -> new CutoffEpochFigure(CutoffAxis.of(run), snapshots).draw()));
    }
}
