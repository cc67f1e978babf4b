package dev.udpm.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

import dev.udpm.core.math.Hwc;
import dev.udpm.core.math.TestMaps;
import org.junit.jupiter.api.Test;

class ImageCodecTest {

    private final Random rng = new Random(31L);

    @Test
    void byteMappingClampsAndRoundsByHand() {
        assertEquals(0, ImageCodec.toByte(-1.0));
        assertEquals(255, ImageCodec.toByte(1.0));
        assertEquals(128, ImageCodec.toByte(0.0));     // 127.5 rounds half up
        assertEquals(191, ImageCodec.toByte(0.5));     // 191.25
        assertEquals(0, ImageCodec.toByte(-3.0));
        assertEquals(255, ImageCodec.toByte(7.0));
        assertEquals(-1.0, ImageCodec.fromByte(0));
        assertEquals(1.0, ImageCodec.fromByte(255));
        assertThrows(IllegalArgumentException.class, () -> ImageCodec.toByte(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ImageCodec.fromByte(256));
    }

    @Test
    void greyImagesAreWrittenAsEightBitGrey() throws IOException {
        byte[] png = ImageCodec.encodePng(Hwc.of(1, 3, 1, -1, 0, 1));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, Arrays.copyOf(png, 8));
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, read.getType());
        assertArrayEquals(new int[] {0, 128, 255}, read.getRaster().getPixels(0, 0, 3, 1, (int[]) null));
    }

    @Test
    void rgbImagesKeepChannelZeroAsRed() throws IOException {
        Hwc redThenBlue = Hwc.of(1, 2, 3, 1, -1, -1, -1, -1, 1);
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(ImageCodec.encodePng(redThenBlue)));
        assertEquals(0xFFFF0000, read.getRGB(0, 0));
        assertEquals(0xFF0000FF, read.getRGB(1, 0));
    }

    @Test
    void everyPixelDecodesExactlyThroughImageIo() throws IOException {
        // an independent decoder (ImageIO's) reads back exactly the 8-bit samples, grey and RGB, any size
        for (int c : new int[] {1, 3}) {
            for (int[] size : new int[][] {{1, 1}, {1, 7}, {5, 1}, {32, 32}, {13, 29}}) {
                Hwc image = TestMaps.uniform(rng, size[0], size[1], c);
                BufferedImage read = ImageIO.read(new ByteArrayInputStream(ImageCodec.encodePng(image)));
                assertEquals(c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR, read.getType());
                int[] decoded = read.getRaster().getPixels(0, 0, size[1], size[0], (int[]) null);
                int[] expected = Arrays.stream(image.values()).mapToInt(ImageCodec::toByte).toArray();
                assertArrayEquals(expected, decoded, c + " channels, " + size[0] + " x " + size[1]);
            }
        }
    }

    @Test
    void theFileIsSignatureHeaderOneDataChunkAndEndWithValidCrcs() {
        byte[] png = ImageCodec.encodePng(TestMaps.uniform(rng, 9, 11, 3));
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(png, 8, png.length - 8);
        java.util.List<String> types = new java.util.ArrayList<>();
        while (in.hasRemaining()) {
            int length = in.getInt();
            byte[] typeAndData = new byte[4 + length];
            in.get(typeAndData);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(typeAndData);
            assertEquals((int) crc.getValue(), in.getInt(), "CRC of a chunk");
            String type = new String(typeAndData, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
            types.add(type);
            if (type.equals("IHDR")) {
                java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(typeAndData, 4, length);
                assertEquals(11, h.getInt());   // width
                assertEquals(9, h.getInt());    // height
                assertEquals(8, h.get());       // bit depth
                assertEquals(2, h.get());       // RGB
            }
        }
        assertEquals(java.util.List.of("IHDR", "IDAT", "IEND"), types);
    }

    @Test
    void encodingOtherImagesInBetweenDoesNotChangeTheBytes() throws Exception {
        // each thread reuses one deflater: its state must not leak from one image to the next, nor across threads
        Hwc image = TestMaps.uniform(rng, 32, 32, 1);
        byte[] first = ImageCodec.encodePng(image);
        ImageCodec.encodePng(TestMaps.uniform(rng, 64, 48, 3));
        ImageCodec.encodePng(TestMaps.uniform(rng, 1, 1, 1));
        assertArrayEquals(first, ImageCodec.encodePng(image));
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            assertArrayEquals(first, other.submit(() -> ImageCodec.encodePng(image)).get());
        } finally {
            other.shutdown();
        }
    }

    @Test
    void paethPicksTheNeighbourClosestToTheGradient() {
        assertEquals(10, PngWriter.paeth(10, 20, 20));  // p = 10: left
        assertEquals(20, PngWriter.paeth(10, 20, 10));  // p = 20: above
        assertEquals(15, PngWriter.paeth(10, 20, 15));  // p = 15: tie left/above at 5 vs upper-left at 0 -> c
        assertEquals(0, PngWriter.paeth(0, 0, 0));
    }

    @Test
    void theSameImageGivesTheSameBytes() {
        Hwc image = TestMaps.uniform(rng, 16, 16, 3);
        byte[] first = ImageCodec.encodePng(image);
        byte[] second = ImageCodec.encodePng(Hwc.of(16, 16, 3, image.values()));
        assertArrayEquals(first, second);
        assertArrayEquals(first, ImageCodec.encodePng(16, 16, 3, image.toFloats()));
    }

    @Test
    void roundTripIsWithinHalfAQuantisationStepAndThenExact() {
        for (int channels : new int[] {1, 3}) {
            Hwc image = TestMaps.uniform(rng, 16, 12, channels);
            Hwc decoded = ImageCodec.decodePng(ImageCodec.encodePng(image));
            assertEquals(image.shapeString(), decoded.shapeString());
            assertTrue(decoded.maxAbsDifference(image) <= 1.0 / 255 + 1e-12,
                    "C=" + channels + ": round trip error " + decoded.maxAbsDifference(image));
            assertEquals(decoded, ImageCodec.decodePng(ImageCodec.encodePng(decoded)), "quantised values are fixed");
        }
        Hwc outOfRange = Hwc.of(1, 2, 1, -4, 9);
        assertEquals(Hwc.of(1, 2, 1, -1, 1), ImageCodec.decodePng(ImageCodec.encodePng(outOfRange)));
    }

    @Test
    void otherPngKindsDecode() throws IOException {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        rgb.setRGB(0, 0, 0x80FF8000);  // alpha ignored
        rgb.setRGB(1, 0, 0xFF000000);
        Hwc decoded = ImageCodec.decodePng(write(rgb));
        assertEquals(Hwc.of(1, 2, 3, 1, ImageCodec.fromByte(0x80), -1, -1, -1, -1), decoded);

        BufferedImage grey16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setPixels(0, 0, 2, 1, new int[] {0, 65535});
        assertEquals(Hwc.of(1, 2, 1, -1, 1), ImageCodec.decodePng(write(grey16)));
    }

    @Test
    void invalidInputIsRejectedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageCodec.encodePng(Hwc.zeros(2, 2, 2)));
        assertTrue(e.getMessage().contains("(2, 2, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageCodec.encodePng(Hwc.of(1, 2, 1, 0, Double.NaN)));
        assertTrue(e.getMessage().contains("x=1") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ImageCodec.decodePng(new byte[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("3 bytes"), e.getMessage());
    }

    private static byte[] write(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
