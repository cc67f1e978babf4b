package dev.udpm.worker.output;

import dev.udpm.core.image.ImageCodec;
import dev.udpm.core.math.Hwc;

/**
 * Chain output to stored images. The chain returns {@code [N, S, S, C]} floats in [-1, 1]; image n is cut out,
 * quantised to 8 bits ({@link ImageCodec#toByte}) and PNG-encoded. The returned pixels are the quantised values,
 * the same a reader gets by decoding the PNG, so everything derived from them (grid, principal components) is
 * identical whether the images were just computed or read back from the store by a resumed job.
 */
public final class ImageEncoder {

    private ImageEncoder() {
    }

    /**
     * Image {@code n} of an NHWC batch.
     *
     * @param batch {@code [N, side, side, channels]} row-major
     */
    public static EncodedImage encode(float[] batch, int n, int side, int channels) {
        int size = side * side * channels;
        if ((long) (n + 1) * size > batch.length) {
            throw new IllegalArgumentException("image " + n + " of side " + side + " x " + channels
                    + " channels is beyond a batch of " + batch.length + " values");
        }
        double[] values = new double[size];
        int offset = n * size;
        for (int i = 0; i < size; i++) {
            values[i] = ImageCodec.fromByte(ImageCodec.toByte(batch[offset + i]));
        }
        Hwc pixels = new Hwc(side, side, channels, values);
        return new EncodedImage(pixels, ImageCodec.encodePng(pixels));
    }

    /** The pixels of stored PNG bytes (for a resumed job whose images were found in the store). */
    public static EncodedImage decode(byte[] png) {
        return new EncodedImage(ImageCodec.decodePng(png), png);
    }
}
