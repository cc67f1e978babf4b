package dev.udpm.core.model;

import java.util.ArrayList;
import java.util.List;

import dev.udpm.core.latent.LatentShapes;
import dev.udpm.core.latent.Latents;

/**
 * The latents of a batch of N images, one NHWC float array per level: {@code level(l)} holds
 * {@code e_l} of every image, {@code [N, S/2^l, S/2^l, C]} row-major (image n's map starts at
 * {@code n * shapes.elementCount(l)}).
 */
public final class LatentBatch {

    private final LatentShapes shapes;
    private final int size;
    private final List<float[]> levels; // index l - 1

    private LatentBatch(LatentShapes shapes, int size, List<float[]> levels) {
        this.shapes = shapes;
        this.size = size;
        this.levels = levels;
    }

    /**
     * A batch from per-level arrays {@code e_1..e_L} (index 0 holds {@code e_1}); the arrays are copied.
     *
     * @throws IllegalArgumentException if the number of levels or an array length does not fit {@code shapes}
     */
    public static LatentBatch of(LatentShapes shapes, int size, List<float[]> perLevel) {
        if (size < 1) {
            throw new IllegalArgumentException("latent batch: size = " + size + " must be at least 1");
        }
        if (perLevel == null || perLevel.size() != shapes.levels()) {
            throw new IllegalArgumentException("latent batch: expected " + shapes.levels() + " arrays e_1..e_"
                    + shapes.levels() + ", got " + (perLevel == null ? "null" : perLevel.size()));
        }
        List<float[]> copies = new ArrayList<>();
        for (int l = 1; l <= shapes.levels(); l++) {
            float[] values = perLevel.get(l - 1);
            long expected = (long) size * shapes.elementCount(l);
            if (values == null || values.length != expected) {
                throw new IllegalArgumentException("latent batch: e_" + l + " of " + size + " images needs "
                        + expected + " values (" + size + " x " + shapes.side(l) + " x " + shapes.side(l) + " x "
                        + shapes.channels() + "), got " + (values == null ? "null" : values.length));
            }
            copies.add(values.clone());
        }
        return new LatentBatch(shapes, size, List.copyOf(copies));
    }

    /** A batch from per-image latents (all with the same shapes), in list order. */
    public static LatentBatch of(List<Latents> images) {
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("latent batch: at least one image's latents are needed");
        }
        LatentShapes shapes = images.get(0).shapes();
        List<float[]> perLevel = new ArrayList<>();
        for (int l = 1; l <= shapes.levels(); l++) {
            int count = shapes.elementCount(l);
            float[] values = new float[images.size() * count];
            for (int n = 0; n < images.size(); n++) {
                Latents image = images.get(n);
                if (!image.shapes().equals(shapes)) {
                    throw new IllegalArgumentException("latent batch: image " + n + " has latent shapes "
                            + image.shapes() + " but image 0 has " + shapes);
                }
                image.level(l).writeFloats(values, n * count);
            }
            perLevel.add(values);
        }
        return new LatentBatch(shapes, images.size(), List.copyOf(perLevel));
    }

    public LatentShapes shapes() {
        return shapes;
    }

    /** N, the number of images. */
    public int size() {
        return size;
    }

    /** {@code e_l} of every image, {@code [N, S/2^l, S/2^l, C]} (a copy). */
    public float[] level(int l) {
        shapes.side(l); // validates l
        return levels.get(l - 1).clone();
    }

    float[] levelView(int l) {
        return levels.get(l - 1);
    }
}
