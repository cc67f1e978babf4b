package dev.udpm.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsGzippedImagesAndLabels() throws IOException {
        Path images = write(dir.resolve("i.gz"), header(0x0803, 2, 2, 3), new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255});
        Path labels = write(dir.resolve("l.gz"), header(0x0801, 2), new byte[] {7, (byte) 200});

        IdxFiles.Images read = IdxFiles.readImages(images);
        assertEquals(2, read.count());
        assertEquals(2, read.rows());
        assertEquals(3, read.cols());
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255}, read.pixels());
        assertArrayEquals(new int[] {7, 200}, IdxFiles.readLabels(labels), "labels are unsigned bytes");
    }

    @Test
    void readsUncompressedFiles() throws IOException {
        Path labels = dir.resolve("labels-idx1-ubyte");
        Files.write(labels, concat(header(0x0801, 3), new byte[] {1, 2, 3}));
        assertArrayEquals(new int[] {1, 2, 3}, IdxFiles.readLabels(labels));
    }

    @Test
    void rejectsAWrongMagicNumberNamingTheFile() throws IOException {
        Path labelsAsImages = write(dir.resolve("x.gz"), header(0x0801, 2), new byte[] {1, 2});
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFiles.readImages(labelsAsImages));
        assertTrue(e.getMessage().contains("x.gz") && e.getMessage().contains("0x00000801"), e.getMessage());
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        Path images = write(dir.resolve("t.gz"), header(0x0803, 2, 2, 2), new byte[] {1, 2, 3});
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFiles.readImages(images));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void reportsAMissingFile() {
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFiles.readLabels(dir.resolve("none.gz")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    static byte[] header(int magic, int... dims) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] header, byte[] data) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(header);
            out.write(data);
        }
        return file;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
