package dev.udpm.worker.output;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A strict reader of ustar archives for tests, written from the POSIX header layout and independent of
 * {@link TarWriter}: checks every header's checksum and magic, the padding of every member and the two zero blocks
 * at the end, and returns the members in archive order.
 */
public final class TarReader {

    private static final int BLOCK = 512;

    /** One member: its header fields and data. */
    public record Member(String name, int mode, long uid, long gid, long mtime, char type, String magic,
            String userName, String groupName, byte[] data) {
    }

    private TarReader() {
    }

    /** Every member of {@code tar}, in order. */
    public static List<Member> read(byte[] tar) {
        List<Member> members = new ArrayList<>();
        int at = 0;
        while (true) {
            if (at + BLOCK > tar.length) {
                throw new AssertionError("archive ends at " + at + " without two zero blocks");
            }
            byte[] header = Arrays.copyOfRange(tar, at, at + BLOCK);
            if (allZero(header)) {
                if (at + 2 * BLOCK != tar.length || !allZero(Arrays.copyOfRange(tar, at + BLOCK, at + 2 * BLOCK))) {
                    throw new AssertionError("after the last member at " + at + " expected exactly two zero blocks, the"
                            + " archive has " + (tar.length - at) + " bytes left");
                }
                return members;
            }
            long checksum = octal(header, 148, 8);
            long sum = 0;
            for (int i = 0; i < BLOCK; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
            }
            if (sum != checksum) {
                throw new AssertionError("header at " + at + ": checksum " + checksum + ", computed " + sum);
            }
            String magic = text(header, 257, 6);
            if (!magic.equals("ustar") || header[262] != 0 || header[263] != '0' || header[264] != '0') {
                throw new AssertionError("header at " + at + " is not POSIX ustar (magic '" + magic + "')");
            }
            long size = octal(header, 124, 12);
            int dataStart = at + BLOCK;
            byte[] data = Arrays.copyOfRange(tar, dataStart, Math.toIntExact(dataStart + size));
            int padded = Math.toIntExact((size + BLOCK - 1) / BLOCK * BLOCK);
            for (int i = dataStart + (int) size; i < dataStart + padded; i++) {
                if (tar[i] != 0) {
                    throw new AssertionError("padding of " + text(header, 0, 100) + " is not zero");
                }
            }
            members.add(new Member(text(header, 0, 100), (int) octal(header, 100, 8), octal(header, 108, 8),
                    octal(header, 116, 8), octal(header, 136, 12), (char) header[156], magic,
                    text(header, 265, 32), text(header, 297, 32), data));
            at = dataStart + padded;
        }
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static long octal(byte[] header, int offset, int length) {
        String digits = text(header, offset, length).trim();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }
}
