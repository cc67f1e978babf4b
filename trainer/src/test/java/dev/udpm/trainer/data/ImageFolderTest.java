package dev.udpm.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path root;

    @Test
    void subFoldersBecomeSortedClassesAndImagesAreResized() throws IOException {
        solid(root.resolve("zebra/a.png"), 40, 20, Color.WHITE, "png");
        solid(root.resolve("apple/b.jpg"), 16, 16, Color.BLACK, "jpg");
        solid(root.resolve("apple/c.png"), 64, 64, new Color(255, 0, 0), "png");

        InMemoryDataset ds = ImageFolder.load(root, 8, 3);
        assertEquals(List.of("apple", "zebra"), ds.classNames());
        assertEquals(3, ds.size());
        assertEquals(0, ds.label(0));
        assertEquals(0, ds.label(1));
        assertEquals(1, ds.label(2));

        float[] px = new float[3 * 8 * 8 * 3];
        ds.copyBatch(new int[] {0, 1, 2}, px, new int[3]);
        assertEquals(-1f, px[0], 0.02f, "black jpeg, red channel");
        assertEquals(1f, px[192], 1e-6f, "red png, red channel");
        assertEquals(-1f, px[192 + 1], 1e-6f, "red png, green channel");
        assertEquals(1f, px[2 * 192 + 5], 1e-6f, "white png");
    }

    @Test
    void aFlatFolderIsAnUnlabelledGraySet() throws IOException {
        solid(root.resolve("x.png"), 10, 10, new Color(255, 0, 0), "png");
        InMemoryDataset ds = ImageFolder.load(root, 4, 1);
        assertEquals(0, ds.numClasses());
        float[] px = new float[16];
        ds.copyBatch(new int[] {0}, px, new int[1]);
        assertEquals(Math.round(0.299 * 255) / 127.5f - 1f, px[0], 1e-6f, "luma of pure red");
    }

    @Test
    void clearErrorsForBadFolders() throws IOException {
        assertMessage(() -> ImageFolder.load(root.resolve("missing"), 8, 1), "does not exist");
        assertMessage(() -> ImageFolder.load(root, 8, 1), "holds no");
        Files.writeString(root.resolve("broken.png"), "not a png");
        assertMessage(() -> ImageFolder.load(root, 8, 1), "broken.png");
        Files.createDirectories(root.resolve("cls"));
        assertMessage(() -> ImageFolder.load(root, 8, 1), "mixes class sub-folders");
    }

    private static void assertMessage(Runnable call, String expected) {
        DatasetException e = assertThrows(DatasetException.class, call::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static void solid(Path file, int w, int h, Color color, String format) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ImageIO.write(image, format, file.toFile());
    }
}
