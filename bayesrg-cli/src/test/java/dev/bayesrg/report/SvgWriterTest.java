package dev.bayesrg.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A known Java2D drawing replayed into SVG: every state the report's charts use, read back from the XML. */
class SvgWriterTest {

    private static Document parse(byte[] svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
    }

    private static List<Element> elements(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static byte[] drawing() {
        VectorGraphics2D g = new VectorGraphics2D();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 200, 100);
        // two strokes of one style: merged into one path of two sub-paths
        g.setColor(new Color(0, 114, 178, 128));
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {4f, 2f}, 1f));
        g.draw(new Line2D.Double(0, 0, 10, 10));
        g.draw(new Line2D.Double(10, 10, 20, 0));
        // a clip set under a translation is kept in device space, as Java2D keeps it
        g.translate(50, 20);
        g.setClip(new Rectangle2D.Double(0, 0, 30, 30));
        g.setColor(Color.RED);
        g.fill(new Rectangle2D.Double(5, 5, 10, 10));
        Graphics2D child = (Graphics2D) g.create();
        child.setPaint(
                new LinearGradientPaint(0f, 0f, 0f, 40f, new float[] {0f, 1f}, new Color[] {Color.BLUE, Color.WHITE}));
        child.fill(new Rectangle2D.Double(0, 0, 5, 40));
        child.dispose();
        g.fill(new Rectangle2D.Double(20, 20, 5, 5)); // red again: the child's gradient is gone
        return SvgWriter.write(g.getCommands(), 200, 100);
    }

    @Test
    void replaysTransformClipStrokeAndGradientLikeJava2D() throws Exception {
        Document doc = parse(drawing());
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("0 0 200 100", root.getAttribute("viewBox"));
        assertEquals("200px", root.getAttribute("width"));

        List<Element> paths = elements(doc, "path");
        Element stroke = paths.stream()
                .filter(p -> "none".equals(p.getAttribute("fill")))
                .findFirst()
                .orElseThrow();
        assertEquals("M0,0 L10,10 M10,10 L20,0", stroke.getAttribute("d"), "two lines, one path");
        assertEquals("#0072b2", stroke.getAttribute("stroke"));
        assertEquals("0.502", stroke.getAttribute("stroke-opacity"));
        assertEquals("2", stroke.getAttribute("stroke-width"));
        assertEquals("round", stroke.getAttribute("stroke-linecap"));
        assertEquals("round", stroke.getAttribute("stroke-linejoin"));
        assertEquals("4,2", stroke.getAttribute("stroke-dasharray"));
        assertEquals("1", stroke.getAttribute("stroke-dashoffset"));

        List<Element> clips = elements(doc, "clipPath");
        assertEquals(1, clips.size());
        String clip = ((Element) clips.get(0).getElementsByTagName("path").item(0)).getAttribute("d");
        assertEquals("M50,20 L80,20 L80,50 L50,50 L50,20 Z", clip, "the clip in device coordinates");

        List<Element> red = paths.stream()
                .filter(p -> "#ff0000".equals(p.getAttribute("fill")))
                .toList();
        assertEquals(2, red.size(), "red before and after the child graphics");
        Element clipped = (Element) red.get(0).getParentNode();
        assertEquals("matrix(1 0 0 1 50 20)", clipped.getAttribute("transform"));
        assertEquals(
                "url(#" + clips.get(0).getAttribute("id") + ")",
                ((Element) clipped.getParentNode()).getAttribute("clip-path"));

        List<Element> gradients = elements(doc, "linearGradient");
        assertEquals(1, gradients.size());
        Element gradient = gradients.get(0);
        assertEquals("userSpaceOnUse", gradient.getAttribute("gradientUnits"));
        assertEquals("40", gradient.getAttribute("y2"));
        assertEquals(2, gradient.getElementsByTagName("stop").getLength());
        assertTrue(paths.stream()
                .anyMatch(p -> p.getAttribute("fill").equals("url(#" + gradient.getAttribute("id") + ")")));
    }

    @Test
    void sameCommandsGiveTheSameBytes() {
        assertArrayEquals(drawing(), drawing());
    }

    @ParameterizedTest(name = "{0} at 1/{1} -> {2}")
    @CsvSource({
        "12.0, 1000, 12",
        "-0.5, 1000, -0.5",
        "3.14159, 1000, 3.142",
        "-0.0004, 1000, 0",
        "0.000001, 1000000, 0.000001",
        "1e-9, 1000, 0",
        "-2.0006, 1000, -2.001",
        "1234567.25, 1000, 1234567.25"
    })
    void numbersAreRoundedAndWrittenWithoutTrailingZeros(double value, long scale, String expected) {
        StringBuilder b = new StringBuilder();
        SvgWriter.appendNumber(b, value, scale);
        assertEquals(expected, b.toString());
    }
}
