package dev.udpm.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class LossCurvePlotTest {

    @Test
    void drawsOneColouredLinePerLevelInEveryPanelWithData() throws IOException {
        List<LossHistory.Entry> entries = new ArrayList<>();
        for (int k = 1; k <= 20; k++) {
            entries.add(new LossHistory.Entry(100L * k, 50, Map.of("g.l1", 1.0 / k),
                    Map.of(1, Map.of("g.l1", 1.0 / k, "d.real", 0.7), 2, Map.of("g.l1", 0.5 / k, "d.real", 0.6))));
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(LossCurvePlot.render(entries)));
        assertEquals(1200, image.getWidth());
        assertEquals(600, image.getHeight());
        // the g.l1 panel (top left) holds blue (level 1) and orange (level 2) pixels
        assertTrue(count(image, 0, 0, 400, 300, 0x1F77B4) > 50, "level-1 line in the g.l1 panel");
        assertTrue(count(image, 0, 0, 400, 300, 0xFF7F0E) > 50, "level-2 line in the g.l1 panel");
        // the g.perceptual panel (top middle) has no data: no level colours at all
        assertEquals(0, count(image, 400, 0, 800, 300, 0x1F77B4) + count(image, 400, 0, 800, 300, 0xFF7F0E));
    }

    @Test
    void anEmptyHistoryStillRenders() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(LossCurvePlot.render(List.of())));
        assertEquals(1200, image.getWidth());
    }

    private static int count(BufferedImage image, int x0, int y0, int x1, int y1, int rgb) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
