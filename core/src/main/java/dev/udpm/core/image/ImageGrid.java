package dev.udpm.core.image;

import java.util.Arrays;
import java.util.List;

import dev.udpm.core.math.Hwc;

/**
 * Composes equally shaped images into one grid image (e.g. an interpolation grid, or one row per swapped
 * level).
 *
 * <p>With tiles of shape {@code (h, w, C)}, {@code n} tiles and {@code cols = min(columns, n)},
 * {@code rows = ceil(n / cols)}: the grid has shape
 * {@code (rows h + (rows + 1) padding, cols w + (cols + 1) padding, C)}. Tile {@code i} (row-major, row
 * {@code i / cols}, column {@code i % cols}) has its top-left pixel at
 * {@code (padding + row (h + padding), padding + column (w + padding))}; everything else is the background.
 */
public final class ImageGrid {

    private ImageGrid() {
    }

    /** The grid image, values as in the tiles. */
    public static Hwc compose(List<Hwc> tiles, GridLayout layout) {
        if (tiles == null || tiles.isEmpty()) {
            throw new IllegalArgumentException("an image grid needs at least one tile");
        }
        Hwc first = tiles.get(0);
        for (int i = 1; i < tiles.size(); i++) {
            first.requireSameShape(tiles.get(i), "grid tile " + i);
        }
        int n = tiles.size();
        int cols = Math.min(layout.columns(), n);
        int rows = (n + cols - 1) / cols;
        int h = first.height();
        int w = first.width();
        int c = first.channels();
        int pad = layout.padding();
        int outH = rows * h + (rows + 1) * pad;
        int outW = cols * w + (cols + 1) * pad;
        double[] out = new double[outH * outW * c];
        Arrays.fill(out, layout.background());
        for (int i = 0; i < n; i++) {
            int top = pad + (i / cols) * (h + pad);
            int left = pad + (i % cols) * (w + pad);
            double[] tile = tiles.get(i).values();
            for (int y = 0; y < h; y++) {
                System.arraycopy(tile, y * w * c, out, ((top + y) * outW + left) * c, w * c);
            }
        }
        return new Hwc(outH, outW, c, out);
    }

    /** The grid as PNG bytes ({@link ImageCodec#encodePng(Hwc)}). */
    public static byte[] composePng(List<Hwc> tiles, GridLayout layout) {
        return ImageCodec.encodePng(compose(tiles, layout));
    }
}
