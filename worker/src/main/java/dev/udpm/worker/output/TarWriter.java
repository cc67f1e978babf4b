package dev.udpm.worker.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A deterministic POSIX ustar archive in memory: the same members in the same order give the same bytes on any
 * worker. Every member is a regular file with mode 0644, uid and gid 0, empty user and group names and mtime 0 (the
 * epoch), so nothing of the machine, the clock or the user ends up in the archive. Each member is a 512-byte header
 * then its data padded with zeros to a multiple of 512; the archive ends with two zero blocks (POSIX.1-1988 ustar,
 * which Python's {@code tarfile}, GNU tar and the WebDataset readers read).
 *
 * <p>Names are ASCII of at most 100 bytes (no prefix field, no PAX headers); sizes below 8 GiB. Not thread-safe.
 */
public final class TarWriter {

    static final int BLOCK = 512;
    private static final int NAME_LENGTH = 100;
    private static final long MAX_SIZE = 077777777777L;

    private final ByteArrayOutputStream out;
    private boolean finished;

    /** An empty archive expecting about {@code expectedBytes} of member data. */
    public TarWriter(int expectedBytes) {
        this.out = new ByteArrayOutputStream(Math.max(BLOCK * 4, expectedBytes));
    }

    /**
     * Appends a regular file {@code name} with content {@code data}.
     *
     * @throws IllegalArgumentException for a name that is empty, longer than 100 bytes, not printable ASCII or has a
     *     {@code ..} or absolute path
     */
    public TarWriter add(String name, byte[] data) {
        if (finished) {
            throw new IllegalStateException("the archive is finished");
        }
        out.writeBytes(header(name, data.length));
        out.writeBytes(data);
        int pad = (BLOCK - data.length % BLOCK) % BLOCK;
        out.writeBytes(new byte[pad]);
        return this;
    }

    /** Ends the archive (two zero blocks) and returns its bytes. */
    public byte[] finish() {
        if (!finished) {
            out.writeBytes(new byte[2 * BLOCK]);
            finished = true;
        }
        return out.toByteArray();
    }

    /** The ustar header of a regular file {@code name} of {@code size} bytes. */
    static byte[] header(String name, long size) {
        checkName(name);
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("member " + name + ": size " + size + " outside 0.." + MAX_SIZE);
        }
        byte[] h = new byte[BLOCK];
        put(h, 0, name);
        put(h, 100, "0000644\0");
        put(h, 108, "0000000\0");
        put(h, 116, "0000000\0");
        put(h, 124, String.format("%011o", size) + "\0");
        put(h, 136, "00000000000\0");
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = '0';
        put(h, 257, "ustar\0");
        put(h, 263, "00");
        put(h, 329, "0000000\0");
        put(h, 337, "0000000\0");
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum) + "\0 ");
        return h;
    }

    private static void checkName(String name) {
        boolean printable = !name.isEmpty() && name.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (!printable || name.length() > NAME_LENGTH || name.startsWith("/") || name.equals("..")
                || name.startsWith("../") || name.contains("/../") || name.endsWith("/..")) {
            throw new IllegalArgumentException("tar member name '" + name + "' must be 1.." + NAME_LENGTH
                    + " printable ASCII characters without spaces, a leading '/' or '..'");
        }
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
