package dev.bayesrg.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The encoder's PNG, decoded by the JDK's independent PNG reader, gives back every pixel exactly. */
class PngEncoderTest {

    private static BufferedImage image(int width, int height, boolean noise) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        if (noise) {
            Random rnd = new Random(width * 31L + height);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    image.setRGB(x, y, rnd.nextInt());
                }
            }
        } else {
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(0x0072B2));
            g.drawLine(0, height - 1, width - 1, 0);
            g.setColor(new Color(230, 159, 0, 120));
            g.fillOval(width / 4, height / 4, width / 2, height / 2);
            g.dispose();
        }
        return image;
    }

    @ParameterizedTest(name = "{0}×{1} noise={2}")
    @CsvSource({"1, 1, true", "7, 3, true", "64, 48, true", "640, 480, false", "33, 200, false"})
    void decodesToTheSamePixels(int width, int height, boolean noise) throws IOException {
        BufferedImage original = image(width, height, noise);
        byte[] png = PngEncoder.encode(original);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(decoded, "not a PNG the JDK can read");
        assertEquals(width, decoded.getWidth());
        assertEquals(height, decoded.getHeight());
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                assertEquals(original.getRGB(x, y), decoded.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
        assertArrayEquals(png, PngEncoder.encode(original), "the same pixels give the same bytes");
    }

    @ParameterizedTest(name = "type {0}")
    @CsvSource({"2", "5", "10"})
    void refusesImagesThatAreNotIntRgb(int type) {
        assertThrows(IllegalArgumentException.class, () -> PngEncoder.encode(new BufferedImage(4, 4, type)));
    }
}
