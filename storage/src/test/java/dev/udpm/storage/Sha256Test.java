package dev.udpm.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

    // FIPS 180-2 test vectors.
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String TWO_BLOCKS = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";

    @Test
    void bytesDigestMatchesTheStandardTestVectors() {
        assertEquals(EMPTY, Sha256.hex(new byte[0]));
        assertEquals(ABC, Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(TWO_BLOCKS, Sha256.hex(
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void fileAndStreamDigestsEqualTheBytesDigestAcrossBufferBoundaries(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[200_003]; // > 3 read buffers of 64 KiB, not a multiple of it
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        Path file = Files.write(dir.resolve("blob.bin"), bytes);
        String expected = Sha256.hex(bytes);
        assertEquals(expected, Sha256.hex(file));
        assertEquals(expected, Sha256.hex(new ByteArrayInputStream(bytes)));
        assertEquals(64, expected.length());
    }
}
