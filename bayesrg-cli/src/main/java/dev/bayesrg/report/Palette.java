package dev.bayesrg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;

/**
 * The colours, strokes and typeface every figure of the report draws with. The colours are
 * Okabe–Ito's: distinguishable with the common colour-vision deficiencies.
 */
final class Palette {
    static final Color BLUE = new Color(0x0072B2);
    static final Color SKY = new Color(0x56B4E9);
    static final Color ORANGE = new Color(0xE69F00);
    static final Color VERMILLION = new Color(0xD55E00);
    static final Color GREEN = new Color(0x009E73);
    static final Color PURPLE = new Color(0xCC79A7);
    static final Color GREY = new Color(0x555555);
    static final Color BLACK = Color.BLACK;

    static final String FONT = Font.SANS_SERIF;

    /** A data line. */
    static final BasicStroke SOLID = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    /** A histogram's outline, or one of a few training curves. */
    static final BasicStroke THIN = new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    /** One of many training curves, or the edge of a band. */
    static final BasicStroke HAIR = new BasicStroke(0.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    /** A marked value: the critical cutoff, the true value y(x*), a second statistic. */
    static final BasicStroke DASHED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
    /** The trained ensemble as a reference. */
    static final BasicStroke DOTTED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2.5f, 4f}, 0f);

    private Palette() {}

    /** {@code colour} with the given opacity (0–255), for fills that let what lies behind show. */
    static Color translucent(Color colour, int alpha) {
        return new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), alpha);
    }
}
