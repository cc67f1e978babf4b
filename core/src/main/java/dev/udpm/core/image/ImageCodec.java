package dev.udpm.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

import dev.udpm.core.math.Hwc;

/**
 * 8-bit PNG encoding and decoding of HWC images with values in [-1, 1] (docs/method.md#5-sampling: "clamp to
 * [-1, 1], map to 8-bit"): encoding by {@link PngWriter}, decoding through {@link ImageIO}.
 *
 * <ul>
 *   <li>Encoding: {@code byte = round((clamp(x, -1, 1) + 1) * 127.5)} with {@link Math#round} (halves round up,
 *       so 0.0 becomes 128); C = 1 is written as 8-bit grey, C = 3 as 8-bit RGB (channel 0 red). The bytes
 *       depend only on the pixel values (no timestamps or other metadata), so equal images give equal files.
 *   <li>Decoding: {@code x = byte / 127.5 - 1}. A single-band grey PNG (8 or 16 bit) gives C = 1, scaled by
 *       its maximum {@code 2^bits - 1}; every other PNG (RGB, palette, with alpha) is read through ImageIO's
 *       sRGB conversion as C = 3, alpha ignored.
 * </ul>
 * A decode of an encode is within 1/255 (half a quantisation step) of the clamped input.
 */
public final class ImageCodec {

    private ImageCodec() {
    }

    /** {@code round((clamp(x, -1, 1) + 1) * 127.5)}, in 0..255. */
    public static int toByte(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("pixel value is NaN; images must hold finite values in [-1, 1]");
        }
        double clamped = Math.max(-1.0, Math.min(1.0, x));
        return (int) Math.round((clamped + 1.0) * 127.5);
    }

    /** {@code v / 127.5 - 1} for a byte value 0..255. */
    public static double fromByte(int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException("byte value " + v + " is outside 0..255");
        }
        return v / 127.5 - 1.0;
    }

    /**
     * PNG bytes of {@code image} (C = 1 grey or C = 3 RGB, values in [-1, 1], clamped), written by {@link PngWriter}
     * (fixed Paeth filter, fast deflate).
     */
    public static byte[] encodePng(Hwc image) {
        return PngWriter.write(image.width(), image.height(), image.channels(), toBytes(image));
    }

    /** PNG bytes of an HWC float image, e.g. one slice of a TensorFlow NHWC output. */
    public static byte[] encodePng(int height, int width, int channels, float[] values) {
        return encodePng(Hwc.fromFloats(height, width, channels, values));
    }

    /** The 8-bit image: {@code TYPE_BYTE_GRAY} for C = 1, {@code TYPE_3BYTE_BGR} (bands R, G, B) for C = 3. */
    public static BufferedImage toBufferedImage(Hwc image) {
        byte[] bytes = toBytes(image);
        int[] samples = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            samples[i] = bytes[i] & 0xFF;
        }
        int c = image.channels();
        BufferedImage out = new BufferedImage(image.width(), image.height(),
                c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        out.getRaster().setPixels(0, 0, image.width(), image.height(), samples);
        return out;
    }

    /** The image's 8-bit samples ({@link #toByte}), row-major, channels interleaved; C must be 1 or 3. */
    private static byte[] toBytes(Hwc image) {
        int c = image.channels();
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("PNG encoding supports 1 (grey) or 3 (RGB) channels, but the image has"
                    + " shape " + image.shapeString());
        }
        double[] values = image.values();
        byte[] samples = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                int pixel = i / c;
                throw new IllegalArgumentException("pixel (y=" + pixel / image.width() + ", x=" + pixel % image.width()
                        + ", c=" + i % c + ") is NaN; the image cannot be encoded");
            }
            samples[i] = (byte) toByte(values[i]);
        }
        return samples;
    }

    /**
     * Decodes PNG (or any format ImageIO reads) bytes into an HWC image in [-1, 1].
     *
     * @throws IllegalArgumentException if the bytes are not a readable image
     */
    public static Hwc decodePng(byte[] png) {
        BufferedImage image;
        try {
            image = png == null ? null : ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new IllegalArgumentException("image bytes could not be decoded: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IllegalArgumentException("image bytes (" + (png == null ? "null" : png.length + " bytes")
                    + ") are not a PNG or other format ImageIO can read");
        }
        return fromBufferedImage(image);
    }

    /** An HWC image in [-1, 1] from a decoded image (see the class comment for the channel rules). */
    public static Hwc fromBufferedImage(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        Raster raster = image.getRaster();
        if (raster.getNumBands() == 1 && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            int bits = raster.getSampleModel().getSampleSize(0);
            double max = (1 << bits) - 1;
            int[] samples = raster.getPixels(0, 0, w, h, (int[]) null);
            double[] values = new double[samples.length];
            for (int i = 0; i < samples.length; i++) {
                values[i] = bits == 8 ? fromByte(samples[i]) : 2.0 * samples[i] / max - 1.0;
            }
            return new Hwc(h, w, 1, values);
        }
        double[] values = new double[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int base = (y * w + x) * 3;
                values[base] = fromByte((rgb >> 16) & 0xFF);
                values[base + 1] = fromByte((rgb >> 8) & 0xFF);
                values[base + 2] = fromByte(rgb & 0xFF);
            }
        }
        return new Hwc(h, w, 3, values);
    }
}
