package dev.udpm.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.udpm.core.math.Hwc;
import org.junit.jupiter.api.Test;

class ImageGridTest {

    /** Tile t (t = 0, 1, 2) has value 0.1 (t + 1) + 0.01 (2 y + x) at (y, x): every pixel is distinguishable. */
    private static Hwc tile(int t) {
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            v[i] = 0.1 * (t + 1) + 0.01 * i;
        }
        return new Hwc(2, 2, 1, v);
    }

    /**
     * Three 2x2 tiles, two columns, padding 1, background -1:
     * <pre>
     *   row 0: pad | tile 0 (x 1-2) | pad | tile 1 (x 4-5) | pad
     *   row 1: pad | tile 2 (x 1-2) | pad | empty  (x 4-5) | pad
     * </pre>
     * giving a 7x7 image with tile rows at y 1-2 and 4-5.
     */
    @Test
    void tilesLandAtTheDocumentedPixelPositions() {
        Hwc grid = ImageGrid.compose(List.of(tile(0), tile(1), tile(2)), new GridLayout(2, 1, -1.0));
        assertEquals("(7, 7, 1)", grid.shapeString());
        assertEquals(0.10, grid.get(1, 1, 0), 1e-15);  // tile 0 (0, 0)
        assertEquals(0.11, grid.get(1, 2, 0), 1e-15);  // tile 0 (0, 1)
        assertEquals(0.12, grid.get(2, 1, 0), 1e-15);  // tile 0 (1, 0)
        assertEquals(0.20, grid.get(1, 4, 0), 1e-15);  // tile 1 (0, 0)
        assertEquals(0.23, grid.get(2, 5, 0), 1e-15);  // tile 1 (1, 1)
        assertEquals(0.30, grid.get(4, 1, 0), 1e-15);  // tile 2 (0, 0)
        assertEquals(0.33, grid.get(5, 2, 0), 1e-15);  // tile 2 (1, 1)
        for (int y = 4; y <= 5; y++) {
            for (int x = 4; x <= 5; x++) {
                assertEquals(-1.0, grid.get(y, x, 0), "empty cell (" + y + ", " + x + ")");
            }
        }
        for (int i = 0; i < 7; i++) {
            for (int[] p : new int[][] {{0, i}, {6, i}, {3, i}, {i, 0}, {i, 3}, {i, 6}}) {
                assertEquals(-1.0, grid.get(p[0], p[1], 0), "padding (" + p[0] + ", " + p[1] + ")");
            }
        }
    }

    @Test
    void zeroPaddingConcatenatesAndFewerTilesThanColumnsMakeOneRow() {
        Hwc rgb = Hwc.of(1, 1, 3, 0.1, 0.2, 0.3);
        Hwc other = Hwc.of(1, 1, 3, 0.4, 0.5, 0.6);
        Hwc row = ImageGrid.compose(List.of(rgb, other), new GridLayout(5, 0, 0.0));
        assertEquals(Hwc.of(1, 2, 3, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6), row);
    }

    @Test
    void pngOfTheGridDecodesToTheQuantisedGrid() {
        List<Hwc> tiles = List.of(tile(0), tile(1), tile(2));
        GridLayout layout = GridLayout.of(3);
        Hwc decoded = ImageCodec.decodePng(ImageGrid.composePng(tiles, layout));
        assertEquals("(6, 14, 1)", decoded.shapeString()); // 2 + 2*2 high, 3*2 + 4*2 wide
        assertTrue(decoded.maxAbsDifference(ImageGrid.compose(tiles, layout)) <= 1.0 / 255 + 1e-12);
        assertEquals(1.0, decoded.get(0, 0, 0), "default background is white");
    }

    @Test
    void invalidLayoutsAndTilesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new GridLayout(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new GridLayout(1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new GridLayout(1, 1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.compose(List.of(), GridLayout.of(2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.compose(List.of(tile(0), Hwc.zeros(3, 2, 1)), GridLayout.of(2)));
        assertTrue(e.getMessage().contains("tile 1"), e.getMessage());
    }
}
