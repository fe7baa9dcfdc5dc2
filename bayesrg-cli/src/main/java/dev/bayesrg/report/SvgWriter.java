package dev.bayesrg.report;

import de.erichseifert.vectorgraphics2d.intermediate.commands.AffineTransformCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.Command;
import de.erichseifert.vectorgraphics2d.intermediate.commands.CreateCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DisposeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DrawShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.FillShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetClipCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetColorCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetPaintCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetStrokeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetTransformCommand;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.LinearGradientPaint;
import java.awt.MultipleGradientPaint;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.PathIterator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes the drawing commands VectorGraphics2D recorded as one SVG document, straight into a
 * string. (VectorGraphics2D's own SVG processor builds a DOM and serialises it through an XSLT
 * transformer: that was two thirds of the report's SVG time in a cold JVM, and 10 000 separate
 * line elements for the training curves.)
 *
 * <p>The Java2D state (transform, clip, paint, stroke) is replayed command by command; shapes are
 * written in groups that carry the clip (in device space, as Java2D keeps it) and the transform,
 * and consecutive strokes of one style are merged into one path. Text arrives already as glyph
 * outlines (XChart fills them), so the SVG looks the same without the fonts. Deterministic: the
 * same commands give the same bytes.
 */
final class SvgWriter {
    private final StringBuilder out = new StringBuilder(1 << 16);
    private final Deque<State> saved = new ArrayDeque<>();
    private State state = new State();
    private int clipCount;
    private int gradientCount;
    /** The clip and transform of the open group, or null when none is open. */
    private String openGroup;
    /** The style of the open stroke path, or null when none is open. */
    private String openStroke;

    private static final class State implements Cloneable {
        AffineTransform transform = new AffineTransform();
        Shape clip; // device space
        String clipId; // null until a shape is drawn under the clip
        Paint paint = Color.BLACK;
        Stroke stroke = new BasicStroke(1f);

        @Override
        public State clone() {
            try {
                State s = (State) super.clone();
                s.transform = new AffineTransform(transform);
                return s;
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private SvgWriter() {}

    static byte[] write(Iterable<Command<?>> commands, int width, int height) {
        SvgWriter w = new SvgWriter();
        w.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
                .append(width)
                .append("px\" height=\"")
                .append(height)
                .append("px\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\">\n");
        for (Command<?> c : commands) {
            w.replay(c);
        }
        w.closeGroup();
        w.out.append("</svg>\n");
        return w.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void replay(Command<?> c) {
        if (c instanceof DrawShapeCommand d) {
            stroke(d.getValue());
        } else if (c instanceof FillShapeCommand f) {
            fill(f.getValue());
        } else if (c instanceof SetColorCommand s) {
            state.paint = s.getValue();
        } else if (c instanceof SetPaintCommand s) {
            state.paint = s.getValue();
        } else if (c instanceof SetStrokeCommand s) {
            state.stroke = s.getValue();
        } else if (c instanceof SetTransformCommand s) {
            state.transform = new AffineTransform(s.getValue());
        } else if (c instanceof AffineTransformCommand t) {
            state.transform.concatenate(t.getValue()); // translate, scale, rotate, shear, transform
        } else if (c instanceof SetClipCommand s) {
            state.clip = s.getValue() == null ? null : state.transform.createTransformedShape(s.getValue());
            state.clipId = null;
        } else if (c instanceof CreateCommand) {
            saved.push(state.clone());
        } else if (c instanceof DisposeCommand) {
            if (!saved.isEmpty()) {
                state = saved.pop();
            }
        }
        // hints, fonts (text comes as outlines), background and composite do not change the drawing here
    }

    private void stroke(Shape shape) {
        String style = strokeStyle();
        if (style == null) {
            return;
        }
        group();
        if (!style.equals(openStroke)) {
            closeStroke();
            out.append("<path").append(style).append(" d=\"");
            openStroke = style;
        } else {
            out.append(' ');
        }
        path(shape);
    }

    private void fill(Shape shape) {
        String paint = paint("fill");
        if (paint == null) {
            return;
        }
        group();
        closeStroke();
        out.append("<path").append(paint);
        PathIterator outline = shape.getPathIterator(null);
        if (outline.getWindingRule() == PathIterator.WIND_EVEN_ODD) {
            out.append(" fill-rule=\"evenodd\"");
        }
        out.append(" d=\"");
        path(outline);
        out.append("\"/>\n");
    }

    /** Opens the group of the current clip and transform, unless it is the one already open. */
    private void group() {
        if (state.clip != null && state.clipId == null) {
            closeGroup();
            state.clipId = "clip" + ++clipCount;
            out.append("<clipPath id=\"").append(state.clipId).append("\"><path d=\"");
            path(state.clip);
            out.append("\"/></clipPath>\n");
        }
        String transform = state.transform.isIdentity() ? "" : matrix(state.transform);
        String key = (state.clipId == null ? "" : state.clipId) + "|" + transform;
        if (key.equals(openGroup)) {
            return;
        }
        closeGroup();
        out.append("<g");
        if (state.clipId != null) {
            out.append(" clip-path=\"url(#").append(state.clipId).append(")\"");
        }
        out.append('>');
        if (!transform.isEmpty()) {
            out.append("<g transform=\"").append(transform).append("\">");
        }
        out.append('\n');
        openGroup = key;
    }

    private void closeStroke() {
        if (openStroke != null) {
            out.append("\"/>\n");
            openStroke = null;
        }
    }

    private void closeGroup() {
        closeStroke();
        if (openGroup != null) {
            out.append(openGroup.endsWith("|") ? "</g>\n" : "</g></g>\n");
            openGroup = null;
        }
    }

    /** The stroke attributes of the current paint and stroke, or null if nothing would show. */
    private String strokeStyle() {
        String paint = paint("stroke");
        if (paint == null) {
            return null;
        }
        StringBuilder s = new StringBuilder(" fill=\"none\"").append(paint);
        if (state.stroke instanceof BasicStroke b) {
            s.append(" stroke-width=\"").append(number(b.getLineWidth(), 1000)).append('"');
            switch (b.getEndCap()) {
                case BasicStroke.CAP_ROUND -> s.append(" stroke-linecap=\"round\"");
                case BasicStroke.CAP_SQUARE -> s.append(" stroke-linecap=\"square\"");
                default -> {} // butt, SVG's default
            }
            switch (b.getLineJoin()) {
                case BasicStroke.JOIN_ROUND -> s.append(" stroke-linejoin=\"round\"");
                case BasicStroke.JOIN_BEVEL -> s.append(" stroke-linejoin=\"bevel\"");
                default ->
                    s.append(" stroke-miterlimit=\"")
                            .append(number(b.getMiterLimit(), 1000))
                            .append('"');
            }
            float[] dash = b.getDashArray();
            if (dash != null && dash.length > 0) {
                s.append(" stroke-dasharray=\"");
                for (int i = 0; i < dash.length; i++) {
                    s.append(i == 0 ? "" : ",").append(number(dash[i], 1000));
                }
                s.append('"');
                if (b.getDashPhase() != 0) {
                    s.append(" stroke-dashoffset=\"")
                            .append(number(b.getDashPhase(), 1000))
                            .append('"');
                }
            }
        }
        return s.toString();
    }

    /** {@code fill="…"} or {@code stroke="…"} with its opacity, a gradient defined on the spot, or null if invisible. */
    private String paint(String property) {
        Paint p = state.paint;
        if (p instanceof Color c) {
            if (c.getAlpha() == 0) {
                return null;
            }
            String s = " " + property + "=\"" + hex(c) + "\"";
            return c.getAlpha() == 255
                    ? s
                    : s + " " + property + "-opacity=\"" + number(c.getAlpha() / 255.0, 1000) + "\"";
        }
        String id = "gradient" + ++gradientCount;
        closeStroke();
        if (p instanceof LinearGradientPaint g) {
            linearGradient(
                    id,
                    g.getStartPoint().getX(),
                    g.getStartPoint().getY(),
                    g.getEndPoint().getX(),
                    g.getEndPoint().getY(),
                    g.getFractions(),
                    g.getColors(),
                    spread(g.getCycleMethod()),
                    g.getTransform());
        } else if (p instanceof GradientPaint g) {
            linearGradient(
                    id,
                    g.getPoint1().getX(),
                    g.getPoint1().getY(),
                    g.getPoint2().getX(),
                    g.getPoint2().getY(),
                    new float[] {0f, 1f},
                    new Color[] {g.getColor1(), g.getColor2()},
                    g.isCyclic() ? "reflect" : "pad",
                    null);
        } else {
            return " " + property + "=\"#808080\""; // a paint SVG cannot express: grey rather than nothing
        }
        return " " + property + "=\"url(#" + id + ")\"";
    }

    private void linearGradient(
            String id,
            double x1,
            double y1,
            double x2,
            double y2,
            float[] fractions,
            Color[] colors,
            String spread,
            AffineTransform transform) {
        out.append("<linearGradient id=\"")
                .append(id)
                .append("\" gradientUnits=\"userSpaceOnUse\" x1=\"")
                .append(number(x1, 1000))
                .append("\" y1=\"")
                .append(number(y1, 1000))
                .append("\" x2=\"")
                .append(number(x2, 1000))
                .append("\" y2=\"")
                .append(number(y2, 1000))
                .append('"');
        if (!"pad".equals(spread)) {
            out.append(" spreadMethod=\"").append(spread).append('"');
        }
        if (transform != null && !transform.isIdentity()) {
            out.append(" gradientTransform=\"").append(matrix(transform)).append('"');
        }
        out.append('>');
        for (int i = 0; i < fractions.length; i++) {
            out.append("<stop offset=\"")
                    .append(number(fractions[i], 100000))
                    .append("\" stop-color=\"")
                    .append(hex(colors[i]))
                    .append('"');
            if (colors[i].getAlpha() != 255) {
                out.append(" stop-opacity=\"")
                        .append(number(colors[i].getAlpha() / 255.0, 1000))
                        .append('"');
            }
            out.append("/>");
        }
        out.append("</linearGradient>\n");
    }

    private static String spread(MultipleGradientPaint.CycleMethod cycle) {
        return switch (cycle) {
            case REFLECT -> "reflect";
            case REPEAT -> "repeat";
            default -> "pad";
        };
    }

    private static String hex(Color c) {
        return String.format("#%06x", c.getRGB() & 0xffffff);
    }

    private static String matrix(AffineTransform t) {
        return "matrix(" + number(t.getScaleX(), 1_000_000) + " " + number(t.getShearY(), 1_000_000) + " "
                + number(t.getShearX(), 1_000_000) + " " + number(t.getScaleY(), 1_000_000) + " "
                + number(t.getTranslateX(), 1000) + " " + number(t.getTranslateY(), 1000) + ")";
    }

    /** Path data of {@code shape} in its own coordinates (the group carries the transform), to 0.001. */
    private void path(Shape shape) {
        path(shape.getPathIterator(null));
    }

    private void path(PathIterator it) {
        double[] c = new double[6];
        boolean first = true;
        for (; !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            if (!first) {
                out.append(' ');
            }
            first = false;
            switch (type) {
                case PathIterator.SEG_MOVETO -> point(out.append('M'), c, 0);
                case PathIterator.SEG_LINETO -> point(out.append('L'), c, 0);
                case PathIterator.SEG_QUADTO ->
                    point(point(out.append('Q'), c, 0).append(' '), c, 2);
                case PathIterator.SEG_CUBICTO ->
                    point(point(point(out.append('C'), c, 0).append(' '), c, 2).append(' '), c, 4);
                default -> out.append('Z');
            }
        }
    }

    private static StringBuilder point(StringBuilder b, double[] c, int at) {
        appendNumber(b, c[at], 1000);
        b.append(',');
        appendNumber(b, c[at + 1], 1000);
        return b;
    }

    private static String number(double v, long scale) {
        StringBuilder b = new StringBuilder(12);
        appendNumber(b, v, scale);
        return b.toString();
    }

    /** v rounded to 1/scale (scale a power of ten), without trailing zeros: "12", "-0.5", "3.142". */
    static void appendNumber(StringBuilder b, double v, long scale) {
        if (!Double.isFinite(v)) {
            b.append('0');
            return;
        }
        long r = Math.round(Math.abs(v) * scale);
        if (r != 0 && v < 0) {
            b.append('-');
        }
        b.append(r / scale);
        long fraction = r % scale;
        if (fraction != 0) {
            b.append('.');
            for (long digit = scale / 10; digit > 0 && fraction != 0; digit /= 10) {
                b.append((char) ('0' + fraction / digit));
                fraction %= digit;
            }
        }
    }
}
