package dev.bayesrg.report;

import dev.bayesrg.io.AtomicFiles;
import dev.bayesrg.run.RunUpdate;
import dev.bayesrg.run.Tasks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Draws the figures of a finished run directory into {@code figures/} (PNG and SVG) and writes
 * {@code report.html}, reading nothing but the directory's saved files. {@code bayesrg run} calls it
 * on the directory it has just completed, {@code bayesrg report} on any finished one; both write the
 * same bytes for the same files. Every file is written atomically.
 */
public final class ReportWriter {
    public static final String REPORT = "report.html";
    public static final String FIGURES = "figures";
    private static final String WRITING = "writing the report";

    static {
        // No display is needed or wanted: the charts are drawn into images and vector documents.
        System.setProperty("java.awt.headless", "true");
    }

    /** The report as {@link dev.bayesrg.run.RunCompletion} draws it (also found as a service). */
    public static final dev.bayesrg.run.RunCompletion.Report REPORT_SERVICE = new ReportService();

    /** What was written: the report and the figure files, relative to the run directory. */
    public record Written(Path report, List<String> figureFiles) {}

    private ReportWriter() {}

    /**
     * Writes figures and report for {@code runDir}.
     *
     * @throws dev.bayesrg.config.ConfigException if the directory is missing, not a run, unfinished
     *                                            (INCOMPLETE) or its files cannot be read
     */
    /**
     * Loads and initialises the drawing stack (Java2D, fonts, XChart, the PNG and SVG encoders) on
     * a background thread, by drawing a throw-away figure: in a fresh JVM that costs about a second
     * of the report's time, which a run can spend while its members are being computed.
     */
    // the priority is a hint only: the prewarm is a head start that should yield to the members,
    // and nothing depends on when it runs
    @SuppressWarnings("ThreadPriorityCheck")
    public static void prewarmInBackground() {
        Thread t = new Thread(
                () -> {
                    try {
                        FigureFile f = FigureFile.failed("prewarm", "prewarm", new IllegalStateException("prewarm"));
                        f.png();
                        f.svg();
                    } catch (RuntimeException e) {
                        // only a head start: the report draws everything again and reports its own errors
                    }
                },
                "bayesrg-report-prewarm");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * Writes figures and report for {@code runDir}, holding it ({@link RunUpdate}) so that no other
     * bayesrg command writes it meanwhile: a directory another one holds, or that is or holds a
     * symbolic link, is refused before anything is written.
     */
    public static Written write(Path runDir) throws IOException {
        RunUpdate update;
        try {
            update = RunUpdate.open(runDir);
        } catch (dev.bayesrg.config.ConfigException e) {
            throw new dev.bayesrg.config.ConfigException(RunData.FIELD, e.getMessage());
        }
        try (update) {
            return write(update.files().directory(), null, null);
        }
    }

    /**
     * As {@link #write(Path)}, running {@code fieldTheory} (if not null) first: it computes
     * {@code nnft/} on one core while the figures that do not need it are drawn on the others, and
     * the field-theory figures are drawn once it has finished. Its exceptions are this method's.
     * {@code run} (if not null), a run whose members are still in memory, supplies the per-member
     * arrays the directory's members.csv, fisher.npy and loss_curves.npy hold, so they need not be
     * parsed back. Same bytes either way.
     */
    public static Written write(
            Path runDir, dev.bayesrg.run.RunCompletion.FieldTheoryStep fieldTheory, dev.bayesrg.run.RunResult run)
            throws IOException {
        MemberArrays inMemory = run == null ? null : MemberArrays.of(run);
        int threads = Math.max(
                1, Math.min(ReportFigures.NAMES.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "bayesrg-report");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Void> nnft = fieldTheory == null
                    ? null
                    : pool.submit(() -> {
                        fieldTheory.run();
                        return null;
                    });
            RunData data;
            try {
                data = RunData.load(runDir, inMemory);
            } catch (RuntimeException e) {
                if (nnft != null) {
                    // its files are complete (or its error wins) before this one is reported
                    Tasks.await(nnft, WRITING);
                }
                throw e;
            }
            List<Future<Rendered>> futures = new ArrayList<>();
            for (ReportFigures.Builder b : ReportFigures.ofRun(data)) {
                futures.add(pool.submit(() -> encode(b)));
            }
            if (nnft != null) {
                Tasks.await(nnft, WRITING);
            }
            for (ReportFigures.Builder b : ReportFigures.ofFieldTheory(data, data.nnft())) {
                futures.add(pool.submit(() -> encode(b)));
            }
            List<Rendered> rendered = new ArrayList<>();
            for (Future<Rendered> f : futures) {
                rendered.add(Tasks.await(f, WRITING));
            }
            return writeFiles(runDir, data, rendered);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Written writeFiles(Path runDir, RunData run, List<Rendered> rendered) throws IOException {
        Path figures = runDir.resolve(FIGURES);
        List<HtmlReport.Drawn> drawn = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<ReportFigures.Omitted> omitted = new ArrayList<>(ReportFigures.omitted(run));
        for (Rendered r : rendered) {
            if (r.png() == null) {
                // a figure without data: left out, its files of an earlier report with them, and the page says why
                omitted.add(new ReportFigures.Omitted(
                        List.of(r.figure().name()),
                        r.figure().title() + ": " + r.figure().emptyReason()));
                java.nio.file.Files.deleteIfExists(figures.resolve(r.figure().pngName()));
                java.nio.file.Files.deleteIfExists(figures.resolve(r.figure().svgName()));
                dev.bayesrg.run.PausePoints.reached(dev.bayesrg.run.PausePoints.REPORT_FIGURE);
                continue;
            }
            AtomicFiles.write(figures.resolve(r.figure().pngName()), out -> out.write(r.png()));
            AtomicFiles.write(figures.resolve(r.figure().svgName()), out -> out.write(r.svg()));
            files.add(FIGURES + "/" + r.figure().pngName());
            files.add(FIGURES + "/" + r.figure().svgName());
            drawn.add(new HtmlReport.Drawn(r.figure(), r.png()));
            dev.bayesrg.run.PausePoints.reached(dev.bayesrg.run.PausePoints.REPORT_FIGURE);
        }
        String html = HtmlReport.render(run, drawn, omitted);
        Path report = runDir.resolve(REPORT);
        AtomicFiles.write(report, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        return new Written(report, List.copyOf(files));
    }

    /** A figure encoded, or (null PNG and SVG) one without data, left out of the report. */
    private record Rendered(FigureFile figure, byte[] png, byte[] svg) {}

    /**
     * Builds and encodes one figure: each is an independent drawing, so the bytes do not depend on
     * the order or the thread.
     */
    private static Rendered encode(ReportFigures.Builder builder) {
        FigureFile f = builder.get();
        if (f.emptyReason() != null) {
            return new Rendered(f, null, null);
        }
        try {
            return new Rendered(f, f.png(), f.svg());
        } catch (RuntimeException e) {
            // XChart lays a chart out while painting it; a failure there spoils this figure only
            FigureFile failed = FigureFile.failed(f.name(), f.title(), e);
            return new Rendered(failed, failed.png(), failed.svg());
        }
    }
}
