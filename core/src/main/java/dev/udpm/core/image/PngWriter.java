package dev.udpm.core.image;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal PNG encoder for 8-bit grey and 8-bit RGB images (PNG specification, ISO/IEC 15948): signature,
 * {@code IHDR}, one {@code IDAT}, {@code IEND}; no other chunk, no interlacing. Every row uses the Paeth filter (row 0,
 * with no row above, is Paeth against zeros, i.e. the Sub filter) and the filtered rows go through one zlib stream
 * at deflate level {@value #DEFLATE_LEVEL}. The bytes depend only on the pixels (and this JVM's zlib), so equal
 * images give equal files whatever thread or batch encoded them.
 *
 * <p>Why not ImageIO's writer: it tries the five PNG filters on every row and keeps the best, then deflates at a
 * higher level; for the fleet's small images that costs several times this fixed choice for files a few percent
 * apart, on the same cores as the chain. Each thread keeps one {@link Deflater}, reset before every image.
 */
final class PngWriter {

    /** zlib's fastest level: for images of a few KiB it gives files within a few percent of the default level. */
    static final int DEFLATE_LEVEL = 1;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte PAETH = 4;
    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(DEFLATE_LEVEL));

    private PngWriter() {
    }

    /**
     * PNG bytes of an 8-bit image.
     *
     * @param samples {@code height * width * channels} samples 0..255, row-major, channels interleaved (R, G, B)
     * @param channels 1 (grey) or 3 (RGB)
     */
    static byte[] write(int width, int height, int channels, byte[] samples) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("PNG writing supports 1 (grey) or 3 (RGB) channels, not " + channels);
        }
        if (width < 1 || height < 1 || (long) width * height * channels != samples.length) {
            throw new IllegalArgumentException("a " + width + " x " + height + " x " + channels + " image needs "
                    + (long) width * height * channels + " samples, got " + samples.length);
        }
        int stride = width * channels;
        byte[] filtered = new byte[height * (stride + 1)];
        for (int y = 0; y < height; y++) {
            int row = y * stride;
            int out = y * (stride + 1);
            filtered[out] = PAETH;
            for (int i = 0; i < stride; i++) {
                int a = i >= channels ? samples[row + i - channels] & 0xFF : 0;
                int b = y > 0 ? samples[row - stride + i] & 0xFF : 0;
                int c = i >= channels && y > 0 ? samples[row - stride + i - channels] & 0xFF : 0;
                filtered[out + 1 + i] = (byte) ((samples[row + i] & 0xFF) - paeth(a, b, c));
            }
        }
        byte[] idat = deflate(filtered);
        ByteArrayOutputStream png = new ByteArrayOutputStream(idat.length + 64);
        png.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, height);
        header[8] = 8;                              // bit depth
        header[9] = (byte) (channels == 1 ? 0 : 2); // colour type: grey or RGB
        // compression 0 (deflate), filter method 0, interlace 0 (none)
        chunk(png, "IHDR", header);
        chunk(png, "IDAT", idat);
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** The Paeth predictor: whichever of left, above, upper-left is closest to left + above - upper-left. */
    static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        }
        return pb <= pc ? b : c;
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        byte[] buffer = new byte[Math.max(256, data.length + data.length / 8 + 64)];
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            out.write(buffer, 0, n);
        }
        deflater.reset();
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] word = new byte[4];
        putInt(word, 0, data.length);
        png.writeBytes(word);
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        png.writeBytes(name);
        png.writeBytes(data);
        putInt(word, 0, (int) crc.getValue());
        png.writeBytes(word);
    }

    private static void putInt(byte[] target, int at, int value) {
        target[at] = (byte) (value >>> 24);
        target[at + 1] = (byte) (value >>> 16);
        target[at + 2] = (byte) (value >>> 8);
        target[at + 3] = (byte) value;
    }
}
