package dev.bayesrg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import org.knowm.xchart.internal.chartpart.IChart;

/**
 * One heat-map panel of a matrix on the mesh (entry [i][j] at mesh point i across, j up), in a
 * diverging colour map centred at 0: limits ±max|v|, 0 the neutral colour, negative values blue,
 * positive red (ColorBrewer's RdBu, readable with the common colour-vision deficiencies). The colour
 * bar and its labels are laid out inside the panel ({@link #legendBounds}), never past its edge.
 * Drawn with Java2D directly: XChart's heat map puts its legend at a fixed place that ran off the
 * canvas.
 */
final class HeatMap implements IChart {
    /** The colour of 0. */
    static final Color NEUTRAL = new Color(0xF7F7F7);
    /** The colour of −max|v| and below. */
    static final Color NEGATIVE = new Color(0x2166AC);
    /** The colour of +max|v| and above. */
    static final Color POSITIVE = new Color(0xB2182B);
    /** A cell that is not a number. */
    static final Color MISSING = new Color(0xBBBBBB);

    private static final Color[] STOPS = {NEGATIVE, new Color(0x67A9CF), NEUTRAL, new Color(0xEF8A62), POSITIVE};

    private static final int PAD = 8;
    private static final int BAR = 14;
    private static final int TICK = 4;
    private static final Font TITLE = new Font(Palette.FONT, Font.BOLD, 14);
    private static final Font AXIS = new Font(Palette.FONT, Font.PLAIN, 13);
    private static final Font LABEL = new Font(Palette.FONT, Font.PLAIN, 12);

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final double[][] values;
    private final double limit;
    private final int width;
    private final int height;

    /** A heat map of {@code values} (square, [i][j]) on a panel of the given size. */
    HeatMap(String title, String xTitle, String yTitle, double[][] values, int width, int height) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.values = new double[values.length][];
        double max = 0;
        for (int i = 0; i < values.length; i++) {
            this.values[i] = values[i].clone();
            for (double v : values[i]) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, Math.abs(v));
                }
            }
        }
        this.limit = max;
        this.width = width;
        this.height = height;
    }

    /** The colour limits ±this: the largest finite |v| (0 when every value is 0 or not finite). */
    double limit() {
        return limit;
    }

    /** The matrix drawn, [i][j]. */
    double[][] values() {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }

    /**
     * The diverging colour of {@code v} on limits ±{@code limit}: {@link #NEUTRAL} at 0,
     * {@link #NEGATIVE} at −limit and below, {@link #POSITIVE} at +limit and above, interpolated
     * linearly in RGB between five stops; {@link #MISSING} for a value that is not finite.
     */
    static Color colour(double v, double limit) {
        if (!Double.isFinite(v)) {
            return MISSING;
        }
        double t = limit > 0 ? Math.max(-1, Math.min(1, v / limit)) : 0; // in [−1, 1]
        double at = (t + 1) / 2 * (STOPS.length - 1);
        int k = Math.min((int) Math.floor(at), STOPS.length - 2);
        double f = at - k;
        Color a = STOPS[k];
        Color b = STOPS[k + 1];
        return new Color(
                mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f), mix(a.getBlue(), b.getBlue(), f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    @Override
    public int getWidth() {
        return width;
    }

    @Override
    public int getHeight() {
        return height;
    }

    @Override
    public String getTitle() {
        return title;
    }

    /** The colour-bar labels, top (+limit) to bottom (−limit). */
    String[] legendLabels() {
        return new String[] {
            Format.number(limit), Format.number(limit / 2), "0", Format.number(-limit / 2), Format.number(-limit)
        };
    }

    /** Where the panel lays things out on a {@code w}×{@code h} canvas, measured with {@code fm(font)}. */
    private record Layout(Rectangle plot, Rectangle bar, Rectangle legend, int titleBaseline) {}

    private Layout layout(Graphics2D g, int w, int h) {
        FontMetrics label = g.getFontMetrics(LABEL);
        FontMetrics axis = g.getFontMetrics(AXIS);
        FontMetrics head = g.getFontMetrics(TITLE);
        int labelWidth = 0;
        for (String s : legendLabels()) {
            labelWidth = Math.max(labelWidth, label.stringWidth(s));
        }
        int legendWidth = BAR + TICK + 3 + labelWidth;
        int top = PAD + head.getHeight() + 4;
        int left = PAD + axis.getHeight() + 4 + axis.stringWidth(Integer.toString(values.length - 1)) + TICK + 4;
        int bottom = h - PAD - axis.getHeight() - 4 - axis.getHeight() - TICK;
        int legendLeft = w - PAD - legendWidth;
        int right = legendLeft - 18;
        Rectangle plot = new Rectangle(left, top, Math.max(1, right - left), Math.max(1, bottom - top));
        int barTop = top + label.getAscent() / 2;
        int barHeight = Math.max(1, bottom - barTop - label.getAscent() / 2);
        Rectangle bar = new Rectangle(legendLeft, barTop, BAR, barHeight);
        Rectangle legend = new Rectangle(
                legendLeft,
                barTop - label.getAscent() / 2 - 1,
                legendWidth,
                barHeight + label.getAscent() + label.getDescent() + 2);
        return new Layout(plot, bar, legend, PAD + head.getAscent());
    }

    /** The colour bar with its labels on a {@code w}×{@code h} canvas, as {@link #paint} lays it out. */
    Rectangle legendBounds(Graphics2D g, int w, int h) {
        return layout(g, w, h).legend();
    }

    @Override
    public void paint(Graphics2D g, int w, int h) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Layout l = layout(g, w, h);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Palette.BLACK);
        g.setFont(TITLE);
        FontMetrics head = g.getFontMetrics();
        g.drawString(title, Math.max(PAD, (w - head.stringWidth(title)) / 2), l.titleBaseline());
        cells(g, l.plot());
        axes(g, l.plot());
        colourBar(g, l.bar());
    }

    private void cells(Graphics2D g, Rectangle p) {
        int m = values.length;
        for (int i = 0; i < m; i++) {
            int x0 = p.x + (int) Math.round((double) p.width * i / m);
            int x1 = p.x + (int) Math.round((double) p.width * (i + 1) / m);
            for (int j = 0; j < m; j++) {
                // j up: row j = 0 at the bottom
                int y0 = p.y + p.height - (int) Math.round((double) p.height * (j + 1) / m);
                int y1 = p.y + p.height - (int) Math.round((double) p.height * j / m);
                g.setColor(colour(values[i][j], limit));
                g.fillRect(x0, y0, x1 - x0, y1 - y0);
            }
        }
        g.setColor(new Color(0x999999));
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(p.x, p.y, p.width, p.height));
    }

    private void axes(Graphics2D g, Rectangle p) {
        int m = values.length;
        int step = Math.max(1, (int) Math.ceil(m / 8.0));
        g.setFont(AXIS);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Palette.BLACK);
        for (int i = 0; i < m; i += step) {
            String s = Integer.toString(i);
            double cx = p.x + p.width * (i + 0.5) / m;
            double cy = p.y + p.height - p.height * (i + 0.5) / m;
            g.drawLine((int) Math.round(cx), p.y + p.height, (int) Math.round(cx), p.y + p.height + TICK);
            g.drawString(s, (float) (cx - fm.stringWidth(s) / 2.0), p.y + p.height + TICK + fm.getAscent());
            g.drawLine(p.x - TICK, (int) Math.round(cy), p.x, (int) Math.round(cy));
            g.drawString(s, (float) (p.x - TICK - 3 - fm.stringWidth(s)), (float) (cy + fm.getAscent() / 2.0 - 1));
        }
        int xTitleBaseline = p.y + p.height + TICK + fm.getHeight() + fm.getAscent() + 2;
        g.drawString(xTitle, (float) (p.x + (p.width - fm.stringWidth(xTitle)) / 2.0), xTitleBaseline);
        AffineTransform saved = g.getTransform();
        g.translate(PAD + fm.getAscent(), p.y + (p.height + fm.stringWidth(yTitle)) / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(yTitle, 0, 0);
        g.setTransform(saved);
    }

    private void colourBar(Graphics2D g, Rectangle b) {
        int strips = Math.max(1, b.height);
        for (int s = 0; s < strips; s++) {
            // top strip: +limit
            double v = limit * (1 - 2 * (s + 0.5) / strips);
            g.setColor(colour(v, limit == 0 ? 1 : limit));
            int y0 = b.y + (int) Math.round((double) b.height * s / strips);
            int y1 = b.y + (int) Math.round((double) b.height * (s + 1) / strips);
            g.fillRect(b.x, y0, b.width, y1 - y0);
        }
        g.setColor(new Color(0x999999));
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(b.x, b.y, b.width, b.height));
        g.setFont(LABEL);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Palette.BLACK);
        String[] labels = legendLabels();
        for (int k = 0; k < labels.length; k++) {
            double y = b.y + b.height * k / (labels.length - 1.0);
            int x = b.x + b.width;
            g.drawLine(x, (int) Math.round(y), x + TICK, (int) Math.round(y));
            g.drawString(labels[k], x + TICK + 3, (float) (y + fm.getAscent() / 2.0 - 1));
        }
    }
}
