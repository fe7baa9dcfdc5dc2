package dev.bayesrg.report;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.internal.chartpart.IChart;

/**
 * One figure: one or more XChart panels stacked top to bottom on a fixed canvas, encoded as PNG
 * ({@link PngEncoder}: no time chunk, so the bytes depend only on the drawing) and as SVG
 * (recorded by VectorGraphics2D, the recorder XChart itself uses, and written by {@link SvgWriter};
 * text is drawn as glyph outlines, so the SVG looks the same without the fonts).
 *
 * @param name    the file stem under {@code figures/}
 * @param title   a short title for the report
 * @param caption what the figure shows, for the report (plain text)
 */
record FigureFile(String name, String title, String caption, int width, int height, List<IChart> panels) {
    /** Every figure's size: single-column, 640×480. */
    static final int WIDTH = 640;

    static final int HEIGHT = 480;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    FigureFile {
        panels = List.copyOf(panels);
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a figure needs a panel");
        }
    }

    /** A figure of the standard size. */
    FigureFile(String name, String title, String caption, List<IChart> panels) {
        this(name, title, caption, WIDTH, HEIGHT, panels);
    }

    /**
     * A stand-in for a figure that could not be drawn, naming the error, so that one bad figure
     * never costs the report (or a finished run) the others.
     */
    static FigureFile failed(String name, String title, RuntimeException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        why = why.lines().findFirst().orElse(why);
        if (why.length() > 70) {
            why = why.substring(0, 67) + "...";
        }
        Plot c = new Plot(title, "", "");
        c.noData(FAILED + why);
        return new FigureFile(name, title, "This figure could not be drawn: " + e, List.of(c));
    }

    /** The note of a figure that could not be drawn. */
    static final String FAILED = "could not draw: ";

    /**
     * Why this figure shows no data, or null if it shows some: every panel is an empty {@link Plot}
     * (its notes, distinct ones joined by "; "). A stand-in for a figure that could not be drawn
     * ({@link #failed}) is not empty: it shows the error.
     */
    String emptyReason() {
        java.util.LinkedHashSet<String> notes = new java.util.LinkedHashSet<>();
        for (IChart panel : panels) {
            if (!(panel instanceof Plot p) || p.note() == null || p.note().startsWith(FAILED)) {
                return null;
            }
            notes.add(p.note());
        }
        return String.join("; ", notes);
    }

    String pngName() {
        return name + ".png";
    }

    String svgName() {
        return name + ".svg";
    }

    /** Writes the figure as {@code stem.png} and {@code stem.svg}, each atomically (a figure outside a report). */
    void writeTo(java.nio.file.Path stem) throws java.io.IOException {
        byte[] png = png();
        byte[] svg = svg();
        java.nio.file.Path dir = stem.toAbsolutePath().getParent();
        String name = stem.getFileName().toString();
        dev.bayesrg.io.AtomicFiles.write(dir.resolve(name + ".png"), out -> out.write(png));
        dev.bayesrg.io.AtomicFiles.write(dir.resolve(name + ".svg"), out -> out.write(svg));
    }

    byte[] png() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            paint(g);
        } finally {
            g.dispose();
        }
        return PngEncoder.encode(image);
    }

    byte[] svg() {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        return SvgWriter.write(g.getCommands(), width, height);
    }

    private void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int top = 0;
        for (int i = 0; i < panels.size(); i++) {
            int h = i == panels.size() - 1 ? height - top : height / panels.size();
            AffineTransform saved = g.getTransform();
            g.translate(0, top);
            panels.get(i).paint(g, width, h);
            g.setTransform(saved);
            g.setClip(null);
            top += h;
        }
    }
}
