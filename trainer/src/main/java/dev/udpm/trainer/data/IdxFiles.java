package dev.udpm.trainer.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the IDX format of (Fashion-)MNIST, optionally gzip-compressed: a big-endian magic
 * {@code 0x0000 08 NN} (unsigned bytes, NN dimensions), NN big-endian int32 sizes, then the data.
 */
public final class IdxFiles {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxFiles() {
    }

    /** Images of an idx3 file: {@code count x rows x cols} unsigned bytes. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    /** Reads an idx3-ubyte image file. */
    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int[] dims = readHeader(in, file, 3);
            long total = (long) dims[0] * dims[1] * dims[2];
            if (total > Integer.MAX_VALUE) {
                throw new DatasetException(file + ": " + total + " pixels is too large to hold in memory");
            }
            byte[] pixels = new byte[(int) total];
            readFully(in, pixels, file);
            return new Images(dims[0], dims[1], dims[2], pixels);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Reads an idx1-ubyte label file. */
    public static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int[] dims = readHeader(in, file, 1);
            byte[] raw = new byte[dims[0]];
            readFully(in, raw, file);
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new DatasetException("IDX file not found: " + file);
        }
        if (file.getFileName().toString().endsWith(".gz")) {
            raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return new DataInputStream(raw);
    }

    private static int[] readHeader(DataInputStream in, Path file, int expectedDims) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new DatasetException(file + " is empty or truncated: no IDX header");
        }
        int type = (magic >> 8) & 0xFF;
        int dims = magic & 0xFF;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dims != expectedDims) {
            throw new DatasetException(String.format(
                    "%s is not an IDX file of unsigned bytes with %d dimension(s): magic 0x%08X (expected 0x%08X)",
                    file, expectedDims, magic, (UNSIGNED_BYTE << 8) | expectedDims));
        }
        int[] sizes = new int[dims];
        for (int i = 0; i < dims; i++) {
            sizes[i] = in.readInt();
            if (sizes[i] <= 0) {
                throw new DatasetException(file + ": dimension " + i + " has size " + sizes[i]);
            }
        }
        return sizes;
    }

    private static void readFully(DataInputStream in, byte[] dst, Path file) throws IOException {
        try {
            in.readFully(dst);
        } catch (EOFException e) {
            throw new DatasetException(file + " is truncated: expected " + dst.length + " data bytes after the header");
        }
    }

    private static DatasetException unreadable(Path file, IOException e) {
        return new DatasetException("cannot read IDX file " + file + ": " + e.getMessage(), e);
    }
}
