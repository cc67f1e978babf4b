package dev.udpm.core.latent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.udpm.core.math.Hwc;

/**
 * The latent variables of one image: the standard normal maps {@code e_1..e_L} (docs/method.md#5-sampling).
 * Given the model and the class they fully determine the image: {@code x_L} is made from {@code e_L}
 * ({@link LatentPrior}) and each reverse step {@code l} uses {@code e_{l-1}} as its posterior noise.
 *
 * <p>Immutable: the level list cannot be changed and the maps are {@link Hwc} values (whose arrays nobody
 * mutates); {@link #withLevel} returns a new instance.
 */
public final class Latents {

    private final LatentShapes shapes;
    private final List<Hwc> levels; // index 0 holds e_1

    private Latents(LatentShapes shapes, List<Hwc> levels) {
        this.shapes = shapes;
        this.levels = levels;
    }

    /**
     * @param shapes the expected shapes
     * @param levels {@code e_1, e_2, ..., e_L} in this order
     * @throws IllegalArgumentException if the count or a shape is wrong
     */
    public static Latents of(LatentShapes shapes, List<Hwc> levels) {
        Objects.requireNonNull(shapes, "latent shapes must not be null");
        if (levels == null || levels.size() != shapes.levels()) {
            throw new IllegalArgumentException("latents: expected " + shapes.levels() + " maps e_1..e_"
                    + shapes.levels() + " but got " + (levels == null ? "null" : levels.size()));
        }
        for (int l = 1; l <= shapes.levels(); l++) {
            shapes.requireLevelShape(l, levels.get(l - 1), "map " + (l - 1) + " of the list");
        }
        return new Latents(shapes, List.copyOf(levels));
    }

    public LatentShapes shapes() {
        return shapes;
    }

    /** L. */
    public int levels() {
        return shapes.levels();
    }

    /** {@code e_l}, l = 1..L, shape {@code (size/2^l, size/2^l, C)}. */
    public Hwc level(int l) {
        return levels.get(shapes.checkLevel(l) - 1);
    }

    /** {@code e_1..e_L} as an unmodifiable list (index 0 holds {@code e_1}). */
    public List<Hwc> asList() {
        return levels;
    }

    /** A copy with {@code e_l} replaced by {@code map}. */
    public Latents withLevel(int l, Hwc map) {
        shapes.requireLevelShape(l, map, "replacement map");
        List<Hwc> copy = new ArrayList<>(levels);
        copy.set(l - 1, map);
        return new Latents(shapes, List.copyOf(copy));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Latents other && shapes.equals(other.shapes) && levels.equals(other.levels);
    }

    @Override
    public int hashCode() {
        return 31 * shapes.hashCode() + levels.hashCode();
    }

    @Override
    public String toString() {
        return "Latents" + shapes;
    }
}
