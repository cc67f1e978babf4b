package dev.udpm.worker.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import dev.udpm.core.image.ImageCodec;
import dev.udpm.core.math.Hwc;
import org.junit.jupiter.api.Test;

class ImageEncoderTest {

    /** Two 2x2 grey images in one NHWC batch. */
    private static final float[] BATCH = {-1f, 0f, 0.5f, 1f, 0.2f, -0.2f, 0.004f, -0.9f};

    @Test
    void cutsImageNQuantisesTo8BitsAndEncodesThoseExactPixels() {
        EncodedImage second = ImageEncoder.encode(BATCH, 1, 2, 1);
        // round((x + 1) * 127.5) / 127.5 - 1, e.g. 0.2 -> 153 -> 0.2, 0.004 -> 128 -> 0.00392...
        assertEquals(153 / 127.5 - 1, second.pixels().values()[0], 1e-15);
        assertEquals(128 / 127.5 - 1, second.pixels().values()[2], 1e-15);
        assertArrayEquals(ImageCodec.encodePng(2, 2, 1, new float[] {0.2f, -0.2f, 0.004f, -0.9f}), second.png(),
                "quantising first does not change the PNG");
    }

    @Test
    void decodingTheStoredPngGivesTheSamePixels() {
        EncodedImage first = ImageEncoder.encode(BATCH, 0, 2, 1);
        EncodedImage decoded = ImageEncoder.decode(first.png());
        assertEquals(first.pixels(), decoded.pixels(), "a resumed job derives grids from identical pixels");
        assertArrayEquals(DerivedImages.grid(List.of(first.pixels()), 1),
                DerivedImages.grid(List.of(decoded.pixels()), 1));
    }

    @Test
    void imageBeyondTheBatchIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ImageEncoder.encode(BATCH, 2, 2, 1));
    }

    @Test
    void principalComponentsAlwaysGiveKImagesMidGreyWhenThereIsNoVariance() {
        Hwc same = Hwc.of(2, 2, 1, 0.1, 0.2, 0.3, 0.4);
        List<byte[]> components = DerivedImages.principalComponents(List.of(same, same, same), 2);
        assertEquals(2, components.size());
        assertArrayEquals(ImageCodec.encodePng(Hwc.zeros(2, 2, 1)), components.get(1), "no variance: zero map");

        Hwc a = Hwc.of(2, 2, 1, 1, 0, 0, 0);
        Hwc b = Hwc.of(2, 2, 1, -1, 0, 0, 0);
        List<byte[]> line = DerivedImages.principalComponents(List.of(a, b), 1);
        // All variance along pixel 0: the unit component (1, 0, 0, 0), displayed as white then mid grey.
        Hwc decoded = ImageCodec.decodePng(line.get(0));
        assertEquals(1.0, decoded.values()[0], 1e-12);
        assertEquals(128 / 127.5 - 1, decoded.values()[1], 1e-12);
    }
}
