package dev.udpm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the regular-file members of a POSIX ustar archive (a job's tar shard) one after the other, streaming: the
 * header's name and octal size, then the data, then the padding to 512 bytes; two zero blocks end it. Checks the
 * magic and each header's checksum. Only what the worker writes is read: regular files, no long names.
 */
final class TarMembers {

    private static final int BLOCK = 512;

    /** One member: its name and data. */
    record Member(String name, byte[] data) {
    }

    private final InputStream in;
    private final String source;

    TarMembers(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** The next member, or {@code null} at the end of the archive. */
    Member next() throws IOException {
        byte[] header = in.readNBytes(BLOCK);
        if (header.length < BLOCK) {
            throw new IOException(source + ": the archive ends without its end blocks");
        }
        boolean zero = true;
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            zero &= header[i] == 0;
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
        }
        if (zero) {
            return null;
        }
        if (!text(header, 257, 6).equals("ustar") || sum != octal(header, 148, 8) || header[156] != '0') {
            throw new IOException(source + ": not a ustar regular-file header (bad magic, type or checksum)");
        }
        long size = octal(header, 124, 12);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(source + ": member too large: " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        if (data.length < size || in.readNBytes((int) pad).length < pad) {
            throw new IOException(source + ": the archive is cut short");
        }
        return new Member(text(header, 0, 100), data);
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static long octal(byte[] header, int offset, int length) throws IOException {
        String digits = text(header, offset, length).trim();
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not an octal number in a tar header: '" + digits + "'");
        }
    }
}
