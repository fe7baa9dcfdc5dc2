package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static dev.bayesrg.cli.CliHarness.readCsv;
import static dev.bayesrg.cli.CliHarness.readJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.cli.CliHarness.Result;
import dev.bayesrg.cli.CliHarness.Table;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures and report.html (the report issue): written by {@code bayesrg run}, redrawn identically
 * by {@code bayesrg report RUN_DIR} from the saved files alone, and rendered for awkward runs
 * (diverged members, a single cutoff, no member left). Files are checked with parsers independent
 * of the production code: ImageIO for PNG, the JDK's XML parser for SVG, jsoup for HTML.
 */
class ReportTest {
    /**
     * The figure files of a default run, without extension: the issue's, with the inverse kernels;
     * {@code nnft_cutoff_epoch} needs training checkpoints and is left out without them, {@code
     * nnft_locality} a line or grid mesh, {@code cosnet_spectrum} a cos-net.
     */
    static final List<String> FIGURES = List.of(
            "fig8_probe_trained",
            "fig9_loss_vs_cutoff",
            "fig10_probe_around_critical",
            "fig11_probe_mean_variance",
            "predictive_quality",
            "sloppy_fraction",
            "fisher_spectrum",
            "fisher_eigenvalues",
            "sloppy_fraction_bases",
            "test_loss_bases",
            "training_loss",
            "nnft_non_gaussianity",
            "nnft_couplings",
            "relative_entropy",
            "nnft_kernels",
            "nnft_inverse_kernels");

    static final int WIDTH = 640;
    static final int HEIGHT = 480;

    @TempDir
    static Path tmp;

    static Path run;
    static Result runResult;

    /**
     * {@code bayesrg run} on the harness's small experiment, with its report (should the harness's
     * arguments ever say --no-report, it is dropped here).
     */
    static Result runSmall(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run"));
        CliHarness.SMALL.stream().filter(a -> !a.equals("--no-report")).forEach(args::add);
        args.addAll(List.of(extra));
        args.addAll(List.of("--quiet", "--out", out.toString()));
        Result r = bayesrg(args);
        assertEquals(0, r.exitCode(), () -> "run failed: " + r);
        return r;
    }

    @BeforeAll
    static void runOnce() {
        run = tmp.resolve("run");
        runResult = runSmall(run, "--set", "brg.cutoffs=[0.001, 0.1, 1, 10, 1000]", "--seed", "3");
    }

    // ------------------------------------------------------------------ figures

    @Test
    void runWritesEveryFigureAsValidNonBlankPngAndSvgOfTheExpectedSize() throws Exception {
        assertFiguresValid(run);
    }

    static void assertFiguresValid(Path dir) throws Exception {
        assertFiguresValid(dir, FIGURES);
    }

    /** The figures {@code names} of run directory {@code dir} are valid, non-blank PNG and SVG files. */
    static void assertFiguresValid(Path dir, List<String> names) throws Exception {
        for (String name : names) {
            Path png = dir.resolve("figures/" + name + ".png");
            Path svg = dir.resolve("figures/" + name + ".svg");
            assertTrue(Files.isRegularFile(png), "missing " + png);
            assertTrue(Files.isRegularFile(svg), "missing " + svg);
            byte[] bytes = Files.readAllBytes(png);
            assertArrayEquals(
                    new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                    java.util.Arrays.copyOf(bytes, 8),
                    png + ": PNG signature");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertNotNull(image, png + " does not decode as an image");
            assertEquals(WIDTH, image.getWidth(), png + " width");
            assertEquals(HEIGHT, image.getHeight(), png + " height");
            assertNotBlank(image, png.toString());

            org.w3c.dom.Document doc = parseSvg(svg);
            org.w3c.dom.Element root = doc.getDocumentElement();
            assertEquals("svg", root.getTagName(), svg + " root element");
            assertEquals("0 0 " + WIDTH + " " + HEIGHT, root.getAttribute("viewBox"), svg + " viewBox");
            assertEquals(WIDTH + "px", root.getAttribute("width"), svg + " width");
            assertEquals(HEIGHT + "px", root.getAttribute("height"), svg + " height");
            int drawn = doc.getElementsByTagName("path").getLength()
                    + doc.getElementsByTagName("line").getLength()
                    + doc.getElementsByTagName("polyline").getLength()
                    + doc.getElementsByTagName("polygon").getLength();
            assertTrue(drawn > 5, svg + " draws only " + drawn + " shapes");
        }
    }

    /** Not a blank canvas: the luminance varies and a fair share of pixels is not background. */
    static void assertNotBlank(BufferedImage image, String what) {
        int w = image.getWidth();
        int h = image.getHeight();
        double sum = 0;
        double sum2 = 0;
        int inked = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                double l = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                sum += l;
                sum2 += l * l;
                if (l < 200) {
                    inked++;
                }
            }
        }
        double n = (double) w * h;
        double variance = sum2 / n - (sum / n) * (sum / n);
        assertTrue(variance > 100, what + ": pixel variance " + variance + " (blank image?)");
        assertTrue(inked > 0.01 * n, what + ": only " + inked + " dark pixels");
    }

    static org.w3c.dom.Document parseSvg(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // the SVG 1.1 DOCTYPE names a DTD on the web: never fetch it
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setValidating(false);
        return f.newDocumentBuilder().parse(svg.toFile());
    }

    // ------------------------------------------------------------------ report.html

    static Document report(Path dir) throws IOException {
        Path file = dir.resolve("report.html");
        assertTrue(Files.isRegularFile(file), "missing " + file);
        return Jsoup.parse(file.toFile(), "UTF-8");
    }

    @Test
    void reportIsSelfContainedHtmlEmbeddingEveryFigure() throws IOException {
        Document doc = report(run);
        assertTrue(doc.title().contains("bayesrg"), doc.title());
        for (String name : FIGURES) {
            Element fig = doc.getElementById(name);
            assertNotNull(fig, "no figure #" + name);
            Element img = fig.selectFirst("img");
            assertNotNull(img, name + " has no img");
            String src = img.attr("src");
            String prefix = "data:image/png;base64,";
            assertTrue(src.startsWith(prefix), name + ": image is not embedded: " + src.substring(0, 40));
            byte[] embedded = Base64.getDecoder().decode(src.substring(prefix.length()));
            assertArrayEquals(
                    Files.readAllBytes(run.resolve("figures/" + name + ".png")),
                    embedded,
                    name + ": the embedded image is not figures/" + name + ".png");
            assertFalse(fig.selectFirst("figcaption").text().isBlank(), name + " has no caption");
        }
        assertEquals(FIGURES.size(), doc.select("img").size(), "one image per figure");
        assertEquals(FIGURES, doc.select("figure").eachAttr("id"), "the figures in the report's order");
        for (Element e : doc.select("img[src], script[src], link[href], iframe, object, embed")) {
            assertTrue(e.attr("src").startsWith("data:"), "external resource: " + e);
        }
        assertTrue(doc.select("style").size() == 1, "inline CSS");
    }

    @Test
    void reportFlowTableEqualsFlowCsv() throws IOException {
        Table csv = readCsv(run.resolve("flow.csv"));
        Element table = report(run).getElementById("flow-table");
        assertNotNull(table, "no flow table");
        List<String> header = table.select("thead th").eachText();
        assertEquals(csv.header(), header, "flow table header");
        Elements rows = table.select("tbody tr");
        assertEquals(csv.rows().size(), rows.size(), "flow table rows");
        for (int r = 0; r < rows.size(); r++) {
            Elements cells = rows.get(r).select("td");
            assertEquals(csv.header().size(), cells.size(), "row " + r + " cells");
            for (int c = 0; c < cells.size(); c++) {
                String exact = csv.rows().get(r).get(c);
                assertEquals(
                        exact,
                        cells.get(c).attr("data-value"),
                        "row " + r + " column " + csv.header().get(c));
                String shown = cells.get(c).text();
                String column = csv.header().get(c);
                if (column.equals("cutoff") && exact.isEmpty()) {
                    assertEquals("trained", shown);
                } else if (!exact.equals("nan")) {
                    double want = Double.parseDouble(exact);
                    double got = Double.parseDouble(shown);
                    assertTrue(
                            Math.abs(got - want) <= 1e-4 * Math.abs(want) + 1e-12,
                            "row " + r + " " + column + ": shown " + shown + " for " + exact);
                }
            }
        }
    }

    @Test
    void reportShowsCriticalCutoffDivergedCountConfigurationProvenanceAndTimings() throws IOException {
        JsonNode summary = readJson(run.resolve("summary.json"));
        JsonNode manifest = readJson(run.resolve("manifest.json"));
        Document doc = report(run);
        String critical = doc.getElementById("critical").text();
        if (summary.get("critical_cutoff").isNull()) {
            assertTrue(critical.startsWith("none"), critical);
        } else {
            assertTrue(
                    critical.contains("= "
                            + dev.bayesrg.run.RunTables.display(
                                    summary.get("critical_cutoff").asDouble())),
                    critical);
            assertEquals(1, doc.select("#flow-table tr.critical").size(), "the critical row is marked");
        }
        JsonNode interval = summary.get("critical_interval");
        String shown = doc.getElementById("critical-interval").text();
        for (String bound : List.of("lower", "upper")) {
            String expected = interval.get(bound).isNull()
                    ? "beyond"
                    : dev.bayesrg.run.RunTables.display(interval.get(bound).asDouble());
            assertTrue(shown.contains(expected), bound + ": " + shown);
        }
        assertTrue(shown.contains(interval.get("resamples").asInt() + " resamples"), shown);
        assertEquals(
                "0 of " + CliHarness.SMALL_MEMBERS + " members diverged",
                doc.getElementById("diverged").text());
        String config = doc.getElementById("config").text();
        for (String key : List.of("brg.cutoffs", "ensemble.members", "train.learningRate", "network.hidden[2].width")) {
            assertTrue(config.contains(key), "configuration lacks " + key);
        }
        String provenance = doc.getElementById("provenance").text();
        assertTrue(provenance.contains(manifest.get("java_version").asText()), provenance);
        assertTrue(provenance.contains(manifest.get("start_time").asText()), provenance);
        assertTrue(provenance.contains("--out " + run), "command line: " + provenance);
        assertNotNull(doc.getElementById("timing"), "computation time");
        assertNotNull(doc.getElementById("wall-time"), "wall time");
    }

    // ------------------------------------------------------------------ bayesrg report

    @Test
    void reportCommandOnACopiedRunDirectoryWritesTheSameBytes() throws IOException {
        Path copy = tmp.resolve("elsewhere/copy");
        copyTree(run, copy);
        deleteTree(copy.resolve("figures"));
        Files.delete(copy.resolve("report.html"));
        Result r = bayesrg("report", copy.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.err(), r::toString);
        assertTrue(r.out().contains(copy.resolve("report.html").toString()), r.out());
        // PNG (ImageIO, no time chunk), SVG and HTML are deterministic: compared byte for byte
        assertArrayEquals(
                Files.readAllBytes(run.resolve("report.html")),
                Files.readAllBytes(copy.resolve("report.html")),
                "report.html differs between bayesrg run and bayesrg report");
        for (String name : FIGURES) {
            for (String ext : List.of(".png", ".svg")) {
                String f = "figures/" + name + ext;
                assertArrayEquals(
                        Files.readAllBytes(run.resolve(f)), Files.readAllBytes(copy.resolve(f)), f + " differs");
            }
        }
        assertEquals(listing(run), listing(copy), "the same files");
    }

    @Test
    void reportCommandRejectsMissingNonRunAndIncompleteDirectoriesWithExitTwo() throws IOException {
        Path missing = tmp.resolve("no/such/dir");
        Path file = Files.writeString(tmp.resolve("a-file.txt"), "x");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path incomplete = tmp.resolve("incomplete");
        copyTree(run, incomplete);
        Files.writeString(incomplete.resolve("INCOMPLETE"), "");
        Files.delete(incomplete.resolve("report.html"));
        for (Path bad : List.of(missing, file, empty, incomplete)) {
            Result r = bayesrg("report", bad.toString());
            assertEquals(2, r.exitCode(), () -> bad + ": " + r);
            assertEquals(1, r.errLines().size(), () -> "one line: " + r);
            assertTrue(r.err().contains("RUN_DIR") && r.err().contains(bad.toString()), r::toString);
            assertEquals("", r.out(), r::toString);
        }
        assertTrue(bayesrg("report", incomplete.toString()).err().contains("INCOMPLETE"));
        assertFalse(Files.exists(incomplete.resolve("report.html")), "nothing written for an unfinished run");
        assertFalse(Files.exists(empty.resolve("report.html")), "nothing written for a non-run");
        Result none = bayesrg("report");
        assertEquals(2, none.exitCode(), none::toString);
    }

    @Test
    void reportHasHelpAndIsListedAtTopLevel() {
        Result help = bayesrg("report", "--help");
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("Usage: bayesrg report"), help.out());
        assertTrue(help.out().contains("RUN_DIR"), help.out());
        Result top = bayesrg("--help");
        assertTrue(top.out().contains("report"), top.out());
    }

    // ------------------------------------------------------------------ awkward runs

    @Test
    void runWithDivergedMembersShowsTheirCount() throws Exception {
        Path dir = tmp.resolve("diverged");
        runSmall(
                dir,
                "--set",
                "ensemble.members=10",
                "--set",
                "train.divergenceLoss=1000",
                "--set",
                "brg.cutoffs=[0.01, 1, 5, 50, 500, 5000]");
        int diverged =
                readJson(dir.resolve("summary.json")).get("members_diverged").asInt();
        assertTrue(diverged > 0 && diverged < 10, "the threshold should make some, not all, diverge: " + diverged);
        Element div = report(dir).getElementById("diverged");
        assertTrue(div.text().startsWith(diverged + " of 10 members diverged"), div.text());
        assertFalse(div.select(".warn").isEmpty(), "diverged members are flagged");
        assertFiguresValid(dir);
    }

    /** The analytic GP's corroboration table is in the report iff nngp --compare wrote it. */
    @Test
    void corroborationTableIsShownIffNngpCompareHasRun() throws IOException {
        Document before = report(run);
        assertNull(before.getElementById("corroboration-table"));
        assertTrue(
                before.getElementById("corroboration-missing").text().contains("bayesrg nngp --compare RUN_DIR"),
                before.getElementById("corroboration-missing").text());
        Path copy = tmp.resolve("corroborated");
        copyTree(run, copy);
        Result compare = bayesrg("nngp", "--compare", copy.toString(), "--quiet");
        assertTrue(Files.isRegularFile(copy.resolve("nngp/corroboration.csv")), compare::toString);
        Result r = bayesrg("report", copy.toString());
        assertEquals(0, r.exitCode(), r::toString);
        Document doc = report(copy);
        assertNull(doc.getElementById("corroboration-missing"));
        Table csv = readCsv(copy.resolve("nngp/corroboration.csv"));
        Elements rows = doc.select("#corroboration-table tbody tr");
        assertEquals(csv.rows().size(), rows.size());
        long agree = 0;
        for (int k = 0; k < rows.size(); k++) {
            List<String> cells = rows.get(k).select("td").eachText();
            List<String> line = csv.rows().get(k);
            assertEquals(line.get(csv.column("entry")), cells.get(0));
            double mean = Double.parseDouble(line.get(csv.column("measured_mean")));
            double se = Double.parseDouble(line.get(csv.column("measured_mean_se")));
            String cell = cells.get(4);
            int pm = cell.indexOf(" ± ");
            assertTrue(pm > 0, cell);
            assertEquals(mean, Double.parseDouble(cell.substring(0, pm)), 1e-4 * Math.abs(mean), cell);
            assertEquals(se, Double.parseDouble(cell.substring(pm + 3)), 1e-4 * Math.abs(se), cell);
            boolean agrees = Boolean.parseBoolean(line.get(csv.column("agrees")));
            assertEquals(agrees ? "agree" : "disagree", cells.get(cells.size() - 1));
            agree += agrees ? 1 : 0;
        }
        assertEquals(
                agree + " of " + rows.size() + " entries agree.",
                doc.getElementById("corroboration-agree").text());
    }

    /**
     * A softmax classifier's run (train.loss cross-entropy, three classes) names its loss as a loss, in
     * the terminal's table and closing line and in the report; the MSE run above keeps the MSE's words.
     */
    @Test
    void aClassifiersRunSaysTestLossNotMse() throws Exception {
        Path dir = tmp.resolve("classifier");
        List<String> args = new ArrayList<>(List.of("run"));
        CliHarness.SMALL.stream().filter(a -> !a.equals("--no-report")).forEach(args::add);
        args.addAll(List.of(
                "--set", "train.loss=cross-entropy",
                "--set", "data.source=blobs",
                "--set", "data.classes=3",
                "--set", "brg.cutoffs=[1.0e-300]",
                "--out", dir.toString()));
        Result r = bayesrg(args);
        assertEquals(0, r.exitCode(), () -> "run failed: " + r);
        assertTrue(r.out().contains(" loss_median     loss_mean "), r.out());
        assertTrue(r.out().contains("no critical cutoff (median test loss never exceeded 2.0x"), r.out());
        assertFalse(runResult.out().contains("loss"), "the MSE run's closing line: " + runResult.out());
        Document doc = report(dir);
        assertEquals(
                "none — the median test loss never exceeded 2× the trained ensemble's",
                doc.getElementById("critical").text());
        assertTrue(doc.text().contains("median final training loss"), "key results");
        assertTrue(report(run).text().contains("median final training MSE"), "an MSE run keeps its words");
        assertFiguresValid(dir, List.of("fig9_loss_vs_cutoff", "predictive_quality", "training_loss"));
    }

    @Test
    void runWithASingleCutoffStillRenders() throws Exception {
        Path dir = tmp.resolve("single");
        runSmall(dir, "--set", "brg.cutoffs=[1]");
        assertFiguresValid(dir);
        Document doc = report(dir);
        assertEquals(2, doc.select("#flow-table tbody tr").size());
        assertTrue(doc.getElementById("critical").text().startsWith("none"), "a single cutoff has no critical one");
    }

    @Test
    void runWithoutCutoffsLeavesOutTheFiguresAlongTheFlowAndSaysWhy() throws Exception {
        Path dir = tmp.resolve("no-flow");
        runSmall(dir, "--set", "brg.cutoffs=[]", "--set", "nnft.snapshotEvery=10");
        List<String> drawn = List.of(
                "fig8_probe_trained",
                "fisher_spectrum",
                "fisher_eigenvalues",
                "training_loss",
                "nnft_kernels",
                "nnft_inverse_kernels",
                "nnft_training");
        Document doc = report(dir);
        assertEquals(drawn, doc.select("figure").eachAttr("id"), "the figures a run without a flow has");
        assertFiguresValid(dir, drawn);
        for (String name : FIGURES) {
            assertEquals(drawn.contains(name), Files.exists(dir.resolve("figures/" + name + ".png")), name);
        }
        Elements omitted = doc.select("ul.omitted li");
        assertEquals(2, omitted.size(), omitted::toString);
        assertTrue(omitted.get(0).text().contains("brg.cutoffs is empty, so the run has no flow"), omitted::text);
        assertEquals("nnft_locality", omitted.get(1).attr("data-figures"));
        assertTrue(omitted.get(1).text().contains("the nnft mesh is test, not a line or a grid"), omitted::text);
        List<String> left = List.of(omitted.get(0).attr("data-figures").split(" "));
        assertTrue(left.contains("fig9_loss_vs_cutoff") && left.contains("nnft_cutoff_epoch"), left::toString);
        assertTrue(doc.getElementById("critical").text().startsWith("none — brg.cutoffs is empty"));
        assertNull(doc.getElementById("knee"), "no knee without cutoffs");
        assertEquals(1, doc.select("#flow-table tbody tr").size());
        assertTrue(
                readJson(dir.resolve("summary.json")).get("critical_interval").isNull());
        Result nnft = bayesrg("nnft", dir.toString());
        assertEquals(0, nnft.exitCode(), nnft::toString);
        Result again = bayesrg("report", dir.toString());
        assertEquals(0, again.exitCode(), again::toString);
    }

    /** A line mesh has the locality figure, after the inverse kernels; a default run's test mesh does not. */
    @Test
    void aLineMeshRunHasTheLocalityFigure() throws Exception {
        Path dir = tmp.resolve("line-mesh");
        runSmall(dir, "--set", "nnft.mesh=line", "--set", "nnft.line={from: [-1.0, 0.0], to: [1.0, 0.0], points: 4}");
        List<String> figures = new ArrayList<>(FIGURES);
        figures.add(figures.indexOf("nnft_inverse_kernels") + 1, "nnft_locality");
        Document doc = report(dir);
        assertEquals(figures, doc.select("figure").eachAttr("id"), "the figures in the report's order");
        assertFiguresValid(dir, figures);
        assertFalse(Files.exists(run.resolve("figures/nnft_locality.png")), "only a line or grid mesh has it");
        List<String> left = new ArrayList<>();
        for (Element li : report(run).select("ul.omitted li")) {
            left.addAll(List.of(li.attr("data-figures").split(" ")));
        }
        assertTrue(left.contains("nnft_locality") && left.contains("cosnet_spectrum"), left::toString);
    }

    /**
     * A directory written before flow.csv had the predictive columns (they are stripped here, from
     * flow.csv and summary.json's flow: the columns after members_used) still reports: without the
     * predictive-quality figure, and the page says why.
     */
    @Test
    void aRunWrittenBeforeThePredictiveColumnsReportsWithoutTheirFigure() throws Exception {
        Path dir = tmp.resolve("before-predictive");
        runSmall(dir, "--no-report");
        Path flowCsv = dir.resolve("flow.csv");
        List<String> lines = Files.readAllLines(flowCsv);
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> added = header.subList(header.indexOf("members_used") + 1, header.size());
        assertEquals(9, added.size(), header::toString);
        List<String> old = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = List.of(line.split(",", -1));
            old.add(String.join(",", cells.subList(0, cells.size() - added.size())));
        }
        Files.write(flowCsv, old);
        Path summary = dir.resolve("summary.json");
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) readJson(summary);
        for (JsonNode entry : tree.get("flow")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) entry).remove(added);
        }
        Files.writeString(summary, tree.toPrettyString());
        Result r = bayesrg("report", dir.toString());
        assertEquals(0, r.exitCode(), r::toString);
        Document doc = report(dir);
        List<String> figures = new ArrayList<>(FIGURES);
        figures.remove("predictive_quality");
        assertEquals(figures, doc.select("figure").eachAttr("id"), "the figures in the report's order");
        Element why =
                doc.select("ul.omitted li[data-figures=predictive_quality]").first();
        assertNotNull(why, () -> doc.select("ul.omitted").toString());
        assertTrue(why.text().contains("written before flow.csv had its columns"), why::text);
    }

    @Test
    void runWithNoReportWritesNeitherFiguresNorReportUntilAskedTo() throws IOException {
        Path dir = tmp.resolve("no-report");
        runSmall(dir, "--no-report");
        assertFalse(Files.exists(dir.resolve("report.html")));
        assertFalse(Files.exists(dir.resolve("figures")));
        Result r = bayesrg("report", dir.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.isRegularFile(dir.resolve("report.html")));
    }

    @Test
    void shardRunRendersItsOwnMembers() throws Exception {
        Path dir = tmp.resolve("shard");
        runSmall(dir, "--shard", "1/2");
        assertFiguresValid(dir);
        Document doc = report(dir);
        assertTrue(
                doc.getElementById("shard").text().contains("shard 1 of 2"),
                doc.getElementById("shard").text());
        assertEquals(
                "0 of " + CliHarness.SMALL_MEMBERS / 2 + " members diverged",
                doc.getElementById("diverged").text());
    }

    @Test
    void aRunThatFlowsDuringTrainingHasItsFigureAfterTheTrainingLoss() throws Exception {
        Path dir = tmp.resolve("during-training");
        runSmall(dir, "--set", "nnft.snapshotEvery=5", "--set", "brg.duringTraining=true");
        List<String> figures = new ArrayList<>(FIGURES);
        figures.add(figures.indexOf("training_loss") + 1, "training_flow");
        figures.add("nnft_cutoff_epoch"); // with training checkpoints, the epoch each cutoff matches
        figures.add("nnft_training"); // the field theory at the training checkpoints
        assertEquals(figures, report(dir).select("figure").eachAttr("id"), "the figures in the report's order");
        Path png = dir.resolve("figures/training_flow.png");
        assertNotBlank(ImageIO.read(png.toFile()), png.toString());
        assertFalse(Files.exists(run.resolve("figures/training_flow.png")), "only a run that measured it has it");
    }

    @Test
    void runWithEveryMemberDivergedStillRenders() throws Exception {
        Path dir = tmp.resolve("all-diverged");
        runSmall(dir, "--set", "train.divergenceLoss=1e-9", "--set", "brg.cutoffs=[0, 1, 100]");
        Document doc = report(dir);
        // a figure without data is left out, and the page says why
        List<String> drawn = doc.select("figure").eachAttr("id");
        assertFiguresValid(dir, drawn);
        for (String name : FIGURES) {
            assertEquals(drawn.contains(name), Files.exists(dir.resolve("figures/" + name + ".png")), name);
        }
        List<String> omitted = new ArrayList<>();
        for (Element li : doc.select("ul.omitted li")) {
            omitted.addAll(List.of(li.attr("data-figures").split(" ")));
        }
        assertTrue(omitted.contains("fig9_loss_vs_cutoff"), omitted::toString);
        assertTrue(
                doc.select("ul.omitted li").text().contains("all diverged"),
                doc.select("ul.omitted").text());
        for (String name : FIGURES) {
            assertTrue(drawn.contains(name) != omitted.contains(name), name + " is drawn or said to be left out");
        }
        assertTrue(doc.getElementById("diverged")
                .text()
                .startsWith(CliHarness.SMALL_MEMBERS + " of " + CliHarness.SMALL_MEMBERS + " members diverged"));
    }

    // ------------------------------------------------------------------ helpers

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = s.toList();
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = new ArrayList<>(s.toList());
        }
        java.util.Collections.reverse(all);
        for (Path p : all) {
            Files.delete(p);
        }
    }
}
