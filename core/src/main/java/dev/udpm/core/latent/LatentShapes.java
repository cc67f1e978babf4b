package dev.udpm.core.latent;

import dev.udpm.core.math.Hwc;
import dev.udpm.core.math.Schedule;

/**
 * The shapes of the latent maps {@code e_1..e_L} of a square image of side {@code imageSize} with
 * {@code channels} channels (docs/method.md#5-sampling): {@code e_l} has shape
 * {@code (imageSize / 2^l, imageSize / 2^l, channels)}, the size of {@code x_l}. {@code e_L} makes the
 * initial state {@code x_L} (see {@link LatentPrior}) and {@code e_{l-1}} is the posterior noise {@code z} of
 * reverse step {@code l}. For 32x32 RGB and L = 3: 4x4x3 + 8x8x3 + 16x16x3 = 1008 numbers.
 *
 * @param levels L, at least 1
 * @param imageSize side of the image, a positive multiple of {@code 2^L}
 * @param channels image channels C, at least 1
 */
public record LatentShapes(int levels, int imageSize, int channels) {

    public LatentShapes {
        if (levels < 1 || levels > 20) {
            throw new IllegalArgumentException("latent shapes: levels = " + levels + " must be in 1..20");
        }
        if (imageSize <= 0 || imageSize % (1 << levels) != 0) {
            throw new IllegalArgumentException("latent shapes: image size " + imageSize
                    + " must be a positive multiple of 2^L = " + (1 << levels));
        }
        if (channels < 1) {
            throw new IllegalArgumentException("latent shapes: channels = " + channels + " must be at least 1");
        }
    }

    /** The shapes for {@code schedule}'s L. */
    public static LatentShapes of(Schedule schedule, int imageSize, int channels) {
        schedule.requireDivisible(imageSize);
        return new LatentShapes(schedule.levels(), imageSize, channels);
    }

    /** Side of {@code e_l}: {@code imageSize / 2^l}, l = 1..L. */
    public int side(int l) {
        return imageSize >> checkLevel(l);
    }

    /** Number of values in {@code e_l}: {@code side(l)^2 * channels}. */
    public int elementCount(int l) {
        return side(l) * side(l) * channels;
    }

    /** Number of values in all levels together (1008 for 32x32x3, L = 3). */
    public int totalElements() {
        int total = 0;
        for (int l = 1; l <= levels; l++) {
            total += elementCount(l);
        }
        return total;
    }

    /** A zero map of the shape of {@code e_l}. */
    public Hwc zeros(int l) {
        return Hwc.zeros(side(l), side(l), channels);
    }

    /** Throws unless {@code map} has the shape of {@code e_l}; {@code what} names it in the message. */
    public void requireLevelShape(int l, Hwc map, String what) {
        zeros(l).requireSameShape(map, what + " (latent e_" + l + ")");
    }

    int checkLevel(int l) {
        if (l < 1 || l > levels) {
            throw new IllegalArgumentException("latent level l = " + l + " outside 1.." + levels);
        }
        return l;
    }
}
